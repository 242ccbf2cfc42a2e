package io.github.quotabroker.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.github.quotabroker.schedule.Knapsack.Choice;
import io.github.quotabroker.schedule.Knapsack.Item;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The knapsack against a brute force over every subset on random small cases, and the
 * greedy approximation beyond the exact limit.
 */
class KnapsackTest {

	@Test
	void takesTheMostValuableSubsetThatFitsEveryDimension() {
		// Greedy by density would take the two small items (value 6); the big one is
		// worth 7.
		List<Item> items = List.of(new Item(3, new long[] { 5, 1 }), new Item(3, new long[] { 5, 1 }),
				new Item(7, new long[] { 10, 1 }));

		Choice choice = Knapsack.best(items, new long[] { 10, 10 });

		assertThat(choice.chosen()).containsExactly(2);
		assertThat(choice.value()).isEqualTo(7);
		assertThat(choice.exact()).isTrue();
	}

	@Test
	void aSecondDimensionCanRuleOutWhatTheFirstAllows() {
		List<Item> items = List.of(new Item(5, new long[] { 1, 9 }), new Item(4, new long[] { 1, 5 }),
				new Item(4, new long[] { 1, 5 }));

		Choice choice = Knapsack.best(items, new long[] { 10, 10 });

		assertThat(choice.chosen()).containsExactly(1, 2);
		assertThat(choice.value()).isEqualTo(8);
	}

	@Test
	void itemsThatFitNowhereAreNeverChosen() {
		Choice choice = Knapsack.best(List.of(new Item(100, new long[] { 11 }), new Item(1, new long[] { 10 })),
				new long[] { 10 });

		assertThat(choice.chosen()).containsExactly(1);
	}

	@Test
	void matchesABruteForceOverEverySubsetOnRandomSmallCases() {
		Random random = new Random(14);
		for (int round = 0; round < 400; round++) {
			int n = 1 + random.nextInt(15);
			int d = 1 + random.nextInt(3);
			List<Item> items = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				long[] w = new long[d];
				for (int j = 0; j < d; j++) {
					w[j] = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(50);
				}
				items.add(new Item(1 + random.nextInt(20), w));
			}
			long[] capacity = new long[d];
			for (int j = 0; j < d; j++) {
				capacity[j] = random.nextInt(150);
			}

			Choice choice = Knapsack.best(items, capacity);

			assertThat(choice.value()).as("round %d", round).isEqualTo(bruteForce(items, capacity));
			assertThat(choice.exact()).isTrue();
			assertThat(fits(items, choice.chosen(), capacity)).isTrue();
			assertThat(choice.chosen().stream().mapToLong((i) -> items.get(i).value()).sum()).isEqualTo(choice.value());
		}
	}

	@Test
	void beyondTheExactLimitItSaysItIsAnApproximationAndStillFits() {
		Random random = new Random(7);
		List<Item> items = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			items.add(new Item(1 + random.nextInt(8),
					new long[] { 1 + random.nextInt(40), 1 + random.nextInt(40), 1 + random.nextInt(40) }));
		}
		long[] capacity = { 300, 300, 300 };

		Choice choice = Knapsack.best(items, capacity);

		assertThat(choice.exact()).isFalse();
		assertThat(choice.method()).contains("approximation");
		assertThat(fits(items, choice.chosen(), capacity)).isTrue();
		assertThat(choice.value()).isPositive();
	}

	@Test
	void fortyRandomItemsOverThreePoolsAreSolvedExactly() {
		Random random = new Random(40);
		List<Item> items = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			items.add(new Item(new long[] { 1, 2, 4, 8 }[random.nextInt(4)],
					new long[] { 1 + random.nextInt(100), 1 + random.nextInt(100), 1 + random.nextInt(100) }));
		}

		Choice choice = Knapsack.best(items, new long[] { 1000, 1000, 1000 });

		assertThat(choice.exact()).isTrue();
		assertThat(fits(items, choice.chosen(), new long[] { 1000, 1000, 1000 })).isTrue();
	}

	static long bruteForce(List<Item> items, long[] capacity) {
		long best = 0;
		for (int mask = 0; mask < (1 << items.size()); mask++) {
			long[] used = new long[capacity.length];
			long value = 0;
			boolean fits = true;
			for (int i = 0; i < items.size() && fits; i++) {
				if ((mask & (1 << i)) != 0) {
					value += items.get(i).value();
					for (int j = 0; j < capacity.length; j++) {
						used[j] += items.get(i).weights()[j];
						fits &= used[j] <= capacity[j];
					}
				}
			}
			if (fits) {
				best = Math.max(best, value);
			}
		}
		return best;
	}

	static boolean fits(List<Item> items, List<Integer> chosen, long[] capacity) {
		for (int j = 0; j < capacity.length; j++) {
			long used = 0;
			for (int i : chosen) {
				used += items.get(i).weights()[j];
			}
			if (used > capacity[j]) {
				return false;
			}
		}
		return true;
	}

}
