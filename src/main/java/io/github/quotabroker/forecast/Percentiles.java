package io.github.quotabroker.forecast;

import java.util.List;

/** Nearest-rank percentiles of a sorted sample: always one of the observed values. */
final class Percentiles {

	private Percentiles() {
	}

	/**
	 * The ⌈p·n⌉-th smallest value of {@code sorted} (ascending), for p in (0, 1].
	 * @throws IllegalArgumentException when the sample is empty
	 */
	static long nearestRank(List<Long> sorted, double p) {
		if (sorted.isEmpty()) {
			throw new IllegalArgumentException("no sample");
		}
		int rank = Math.max(1, (int) Math.ceil(p * sorted.size()));
		return sorted.get(rank - 1);
	}

}
