package io.github.quotabroker.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Whether a pool's window usage must be read again to see a threshold crossing, so that a
 * group commit that cannot have crossed one costs no query.
 *
 * <p>
 * The last reading plus what this instance counted since is an upper bound of the usage
 * as far as this instance knows (roll-off and resets only lower it). Only when that bound
 * reaches a threshold the reading had not, when the window instance changed, or when the
 * reading is {@code recheck} old, is the usage read. The recheck covers what the bound
 * cannot see: usage another instance (or a concurrent group commit) counted since the
 * reading.
 *
 * @param windowStart the window instance the reading was made in
 * @param used the usage the reading found
 * @param addedSince what this instance counted since the reading
 * @param readAt when the reading was made
 */
record ThresholdGate(Instant windowStart, long used, long addedSince, Instant readAt) {

	static ThresholdGate readAt(Instant windowStart, long used, Instant now) {
		return new ThresholdGate(windowStart, used, 0, now);
	}

	ThresholdGate plus(long amount) {
		return new ThresholdGate(this.windowStart, this.used, saturatedAdd(this.addedSince, amount), this.readAt);
	}

	/** Whether the usage must be read now to be sure no threshold was crossed unseen. */
	boolean mustRead(Instant currentWindowStart, Instant now, Duration recheck, List<Integer> thresholds, long limit) {
		if (!currentWindowStart.equals(this.windowStart) || !now.isBefore(this.readAt.plus(recheck))) {
			return true;
		}
		long bound = saturatedAdd(this.used, this.addedSince);
		return ThresholdCrossing.reached(thresholds, bound, limit)
			.size() > ThresholdCrossing.reached(thresholds, this.used, limit).size();
	}

	/** Whether the reading is {@code recheck} old or older. */
	boolean stale(Instant now, Duration recheck) {
		return !now.isBefore(this.readAt.plus(recheck));
	}

	private static long saturatedAdd(long a, long b) {
		long sum = a + b;
		return (((a ^ sum) & (b ^ sum)) < 0) ? Long.MAX_VALUE : sum;
	}

}
