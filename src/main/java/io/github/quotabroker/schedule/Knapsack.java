package io.github.quotabroker.schedule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The subset of tasks with the greatest total value that fits every pool at once (issue
 * #14: "when not everything fits"): a multi-dimensional 0/1 knapsack, one dimension per
 * pool.
 *
 * <p>
 * Up to {@link #EXACT_LIMIT} items it is exact: depth-first branch and bound, each branch
 * cut when an upper bound cannot beat the best subset found. The bound is the least of
 * fractional (LP) knapsacks of the items still open: one per dimension alone, and one
 * under a surrogate constraint (the dimensions' constraints, each divided by its
 * capacity, added with multipliers tuned once at the root); each is an upper bound since
 * it relaxes integrality and replaces the constraints by ones every fitting subset meets.
 * Items are branched on in the surrogate's order of value per weight. The search starts
 * from the greedy answer, so a good subset is known from the first node. Past
 * {@link #NODE_BUDGET} nodes (never seen on random plans of 40 tasks and 3 pools) it
 * stops and says its answer is the best found, not proven best.
 *
 * <p>
 * Beyond {@link #EXACT_LIMIT} items it is the stated approximation: greedy by value per
 * share of capacity (the item's weight in each dimension divided by the capacity there,
 * summed), keeping an item when it still fits, or the single most valuable item that fits
 * if that is worth more.
 */
public final class Knapsack {

	/** Up to this many items the answer is exact. */
	public static final int EXACT_LIMIT = 40;

	/**
	 * How many branch-and-bound nodes are searched before settling for the best found.
	 */
	static final long NODE_BUDGET = 20_000_000L;

	private Knapsack() {
	}

	/** An item: its value and its weight in each dimension (all non-negative). */
	public record Item(long value, long[] weights) {
	}

	/**
	 * The chosen items (indices into the list given, ascending) and their value.
	 *
	 * @param exact whether no other subset that fits is worth more
	 * @param method how it was found, in words
	 */
	public record Choice(List<Integer> chosen, long value, boolean exact, String method) {
	}

	public static Choice best(List<Item> items, long[] capacity) {
		int d = capacity.length;
		List<Integer> fitting = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			if (items.get(i).value() > 0 && fitsAlone(items.get(i), capacity)) {
				fitting.add(i);
			}
		}
		// Most value per share of the capacities first: the greedy order and the branch
		// order.
		fitting.sort(Comparator.comparingDouble((Integer i) -> -items.get(i).value() / share(items.get(i), capacity))
			.thenComparing((i) -> i));
		Choice greedy = greedy(items, fitting, capacity);
		if (fitting.size() > EXACT_LIMIT) {
			return greedy;
		}
		double[] mu = multipliers(items, fitting, capacity);
		List<Integer> order = new ArrayList<>(fitting);
		order.sort(Comparator
			.comparingDouble((Integer i) -> -items.get(i).value() / surrogateWeight(items.get(i), mu, capacity))
			.thenComparing((i) -> i));
		return new Search(items, order, capacity, d, greedy, mu).run();
	}

	/**
	 * An item's weight in the surrogate constraint: its shares of the capacities,
	 * weighted.
	 */
	private static double surrogateWeight(Item item, double[] mu, long[] capacity) {
		double s = 0;
		for (int j = 0; j < capacity.length; j++) {
			if (capacity[j] > 0) {
				s += mu[j] * item.weights()[j] / capacity[j];
			}
		}
		return s;
	}

	/**
	 * Surrogate multipliers that make the bound at the root small: any non-negative
	 * multipliers give a valid bound, so they are tuned once by raising the weight of the
	 * dimensions the fractional solution overfills (a multiplicative subgradient step),
	 * and the best seen is kept.
	 */
	static double[] multipliers(List<Item> items, List<Integer> fitting, long[] capacity) {
		int d = capacity.length;
		double[] mu = new double[d];
		java.util.Arrays.fill(mu, 1.0 / d);
		double[] best = mu.clone();
		double bestBound = Double.POSITIVE_INFINITY;
		List<Integer> order = new ArrayList<>(fitting);
		double[] used = new double[d];
		for (int round = 0; round < 200 && !fitting.isEmpty(); round++) {
			double[] m = mu;
			order.sort(Comparator
				.comparingDouble((Integer i) -> -items.get(i).value() / surrogateWeight(items.get(i), m, capacity)));
			double room = 0;
			for (int j = 0; j < d; j++) {
				room += (capacity[j] > 0) ? mu[j] : 0;
			}
			double bound = 0;
			java.util.Arrays.fill(used, 0);
			for (int i : order) {
				Item item = items.get(i);
				double s = surrogateWeight(item, mu, capacity);
				double x = (s <= room) ? 1 : room / s;
				room -= x * s;
				bound += x * item.value();
				for (int j = 0; j < d; j++) {
					used[j] += x * item.weights()[j];
				}
				if (x < 1) {
					break;
				}
			}
			if (bound < bestBound) {
				bestBound = bound;
				best = mu.clone();
			}
			double step = 0.5 / Math.sqrt(round + 1);
			double sum = 0;
			for (int j = 0; j < d; j++) {
				double over = (capacity[j] > 0) ? used[j] / capacity[j] - 1 : 0;
				mu[j] = mu[j] * Math.exp(step * over);
				sum += mu[j];
			}
			for (int j = 0; j < d; j++) {
				mu[j] /= sum;
			}
		}
		return best;
	}

	private static boolean fitsAlone(Item item, long[] capacity) {
		for (int j = 0; j < capacity.length; j++) {
			if (item.weights()[j] > capacity[j]) {
				return false;
			}
		}
		return true;
	}

	private static double share(Item item, long[] capacity) {
		double share = 0;
		for (int j = 0; j < capacity.length; j++) {
			if (capacity[j] > 0) {
				share += (double) item.weights()[j] / capacity[j];
			}
		}
		// An item that needs nothing is worth taking first.
		return Math.max(share, 1e-12);
	}

	private static Choice greedy(List<Item> items, List<Integer> order, long[] capacity) {
		long[] left = capacity.clone();
		List<Integer> chosen = new ArrayList<>();
		long value = 0;
		for (int i : order) {
			Item item = items.get(i);
			if (fitsAlone(item, left)) {
				for (int j = 0; j < left.length; j++) {
					left[j] -= item.weights()[j];
				}
				chosen.add(i);
				value += item.value();
			}
		}
		for (int i : order) {
			if (items.get(i).value() > value) {
				chosen = new ArrayList<>(List.of(i));
				value = items.get(i).value();
			}
		}
		chosen.sort(null);
		return new Choice(chosen, value, order.isEmpty(),
				"greedy by value per share of the pools' capacity, or the single most valuable task if worth more"
						+ " (an approximation: more than " + EXACT_LIMIT + " tasks)");
	}

	/** Branch and bound over the items in their greedy order. */
	private static final class Search {

		private final int n;

		private final int d;

		private final long[] value;

		private final long[][] weight;

		private final int[] original;

		/**
		 * Per dimension, the positions in order of value per weight there, best first.
		 */
		private final int[][] byDensity;

		private final long[] suffixValue;

		/** Each position's share of the capacities (the surrogate weight). */
		private final double[] share;

		private final long[] capacity;

		private final double[] mu;

		private final long[] left;

		private final boolean[] taken;

		private final boolean[] bestTaken;

		private long best;

		private long current;

		private long nodes;

		Search(List<Item> items, List<Integer> order, long[] capacity, int d, Choice greedy, double[] mu) {
			this.n = order.size();
			this.d = d;
			this.value = new long[this.n];
			this.weight = new long[this.n][];
			this.original = new int[this.n];
			for (int k = 0; k < this.n; k++) {
				this.original[k] = order.get(k);
				this.value[k] = items.get(order.get(k)).value();
				this.weight[k] = items.get(order.get(k)).weights();
			}
			this.byDensity = new int[d][];
			for (int j = 0; j < d; j++) {
				int dim = j;
				this.byDensity[j] = java.util.stream.IntStream.range(0, this.n)
					.boxed()
					.sorted(Comparator.comparingDouble((Integer k) -> -density(k, dim)))
					.mapToInt(Integer::intValue)
					.toArray();
			}
			this.suffixValue = new long[this.n + 1];
			for (int k = this.n - 1; k >= 0; k--) {
				this.suffixValue[k] = this.suffixValue[k + 1] + this.value[k];
			}
			this.capacity = capacity.clone();
			this.mu = mu;
			this.share = new double[this.n];
			for (int k = 0; k < this.n; k++) {
				this.share[k] = surrogateWeight(items.get(order.get(k)), mu, capacity);
			}
			this.left = capacity.clone();
			this.taken = new boolean[this.n];
			this.bestTaken = new boolean[this.n];
			this.best = greedy.value();
			for (int k = 0; k < this.n; k++) {
				this.bestTaken[k] = greedy.chosen().contains(this.original[k]);
			}
		}

		private double density(int k, int dim) {
			long w = this.weight[k][dim];
			return (w == 0) ? Double.POSITIVE_INFINITY : (double) this.value[k] / w;
		}

		Choice run() {
			boolean finished = search(0);
			List<Integer> chosen = new ArrayList<>();
			for (int k = 0; k < this.n; k++) {
				if (this.bestTaken[k]) {
					chosen.add(this.original[k]);
				}
			}
			chosen.sort(null);
			return new Choice(chosen, this.best, finished,
					finished ? "exact: branch and bound over " + this.n + " tasks (" + this.nodes + " nodes)"
							: "best found by branch and bound within " + NODE_BUDGET + " nodes; not proven best");
		}

		/** Searches positions {@code k..n-1}; false when the node budget ran out. */
		private boolean search(int k) {
			if (++this.nodes > NODE_BUDGET) {
				return false;
			}
			if (this.current > this.best) {
				this.best = this.current;
				System.arraycopy(this.taken, 0, this.bestTaken, 0, this.n);
			}
			if (k == this.n || this.current + this.suffixValue[k] <= this.best || bound(k) < this.best + 1) {
				return true;
			}
			if (fits(k)) {
				take(k, 1);
				boolean finished = search(k + 1);
				take(k, -1);
				if (!finished) {
					return false;
				}
			}
			return search(k + 1);
		}

		private boolean fits(int k) {
			for (int j = 0; j < this.d; j++) {
				if (this.weight[k][j] > this.left[j]) {
					return false;
				}
			}
			return true;
		}

		private void take(int k, int sign) {
			this.taken[k] = sign > 0;
			this.current += sign * this.value[k];
			for (int j = 0; j < this.d; j++) {
				this.left[j] -= sign * this.weight[k][j];
			}
		}

		/**
		 * The fractional knapsack of positions {@code k..n-1} under the sum of the
		 * constraints each divided by its capacity (a surrogate relaxation): one
		 * dimension, in which the search order is already the order of value per weight.
		 */
		private double surrogate(int k) {
			double room = 0;
			for (int j = 0; j < this.d; j++) {
				if (this.capacity[j] > 0) {
					room += this.mu[j] * this.left[j] / this.capacity[j];
				}
			}
			double sum = this.current;
			for (int m = k; m < this.n; m++) {
				if (this.share[m] <= room || this.share[m] == 0) {
					room -= this.share[m];
					sum += this.value[m];
				}
				else {
					return sum + this.value[m] * (room / this.share[m]);
				}
			}
			return sum;
		}

		/**
		 * The least over the dimensions of the fractional knapsack of positions
		 * {@code k..n-1} in that dimension alone, plus what is taken.
		 */
		private double bound(int k) {
			double least = surrogate(k);
			for (int j = 0; j < this.d; j++) {
				double room = this.left[j];
				double sum = this.current;
				for (int m : this.byDensity[j]) {
					if (m < k) {
						continue;
					}
					long w = this.weight[m][j];
					if (w <= room) {
						room -= w;
						sum += this.value[m];
					}
					else {
						sum += this.value[m] * (room / w);
						break;
					}
				}
				least = Math.min(least, sum);
				if (least < this.best + 1) {
					break;
				}
			}
			// Floating point: give integer values a hair of slack before cutting.
			return least + 1e-6;
		}

	}

}
