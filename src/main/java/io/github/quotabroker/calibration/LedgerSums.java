package io.github.quotabroker.calibration;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.github.quotabroker.usage.MinuteUsage;

/**
 * A pool's usage per minute as prefix sums, to answer "how much did the ledger record in
 * [from, to)" for many readings with one read of the buckets. A minute counts when it
 * starts in the interval (the resolution of the buckets).
 */
final class LedgerSums {

	private final long[] starts;

	private final long[] prefix;

	/**
	 * @param minutes oldest first
	 */
	LedgerSums(List<MinuteUsage> minutes) {
		this.starts = new long[minutes.size()];
		this.prefix = new long[minutes.size() + 1];
		for (int i = 0; i < minutes.size(); i++) {
			this.starts[i] = minutes.get(i).bucketStart().getEpochSecond();
			this.prefix[i + 1] = this.prefix[i] + minutes.get(i).amount();
		}
	}

	long between(Instant from, Instant to) {
		if (!to.isAfter(from)) {
			return 0;
		}
		return this.prefix[index(to)] - this.prefix[index(from)];
	}

	/** How many minutes start before {@code at}. */
	private int index(Instant at) {
		int i = Arrays.binarySearch(this.starts, at.getEpochSecond() - ((at.getNano() > 0) ? 0 : 1));
		// Minutes starting at or before (at - 1 ns).
		return (i >= 0) ? i + 1 : -i - 1;
	}

}
