package io.github.quotabroker.availability;

import io.github.quotabroker.pool.StatusThresholds;

/** Traffic-light status of a pool by percent used, against the pool's thresholds. */
public enum QuotaStatus {

	GREEN, YELLOW, ORANGE, RED;

	/** {@code used / limit} compared exactly, without rounding the percentage. */
	public static QuotaStatus of(long used, long limit, StatusThresholds t) {
		// used * 100 >= threshold * limit, in long arithmetic (limits are at most 1e15).
		if (reached(used, limit, t.red())) {
			return RED;
		}
		if (reached(used, limit, t.orange())) {
			return ORANGE;
		}
		if (reached(used, limit, t.yellow())) {
			return YELLOW;
		}
		return GREEN;
	}

	private static boolean reached(long used, long limit, int percent) {
		// Above Long.MAX_VALUE / 100, used * 100 would overflow.
		// Such usage is over any limit anyway.
		return used > Long.MAX_VALUE / 100 || used * 100 >= (long) percent * limit;
	}

}
