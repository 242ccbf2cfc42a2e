package io.github.quotabroker.webhook;

import java.time.Duration;

/**
 * When to try a failed delivery again: exponential backoff with "equal jitter". After the
 * n-th failed attempt the pause is drawn uniformly from {@code [d/2, d]} where
 * {@code d = min(max, first * 2^(n-1))}; the jitter spreads retries of many deliveries
 * that failed together (a receiver that was down) instead of sending them in waves. After
 * {@code maxAttempts} attempts the delivery is given up.
 *
 * @param first the pause after the first failure, before jitter
 * @param max the longest pause, before jitter
 * @param maxAttempts attempts in all, the first included
 */
public record Backoff(Duration first, Duration max, int maxAttempts) {

	public Backoff {
		if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
			throw new IllegalArgumentException("backoff: first must be positive and at most max");
		}
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("backoff: max-attempts must be at least 1");
		}
	}

	/** Whether a delivery that failed its {@code attempts}-th attempt is tried again. */
	public boolean retries(int attempts) {
		return attempts < this.maxAttempts;
	}

	/**
	 * The pause after the {@code attempts}-th failed attempt (from 1), with
	 * {@code random} in {@code [0, 1)}.
	 */
	public Duration pauseAfter(int attempts, double random) {
		if (attempts < 1) {
			throw new IllegalArgumentException("attempts start at 1");
		}
		long firstMillis = this.first.toMillis();
		long maxMillis = this.max.toMillis();
		// Doubling stops at the cap; the shift is bounded so it never overflows.
		int doublings = Math.min(attempts - 1, 62);
		long ceiling = (doublings >= 62 || firstMillis > (maxMillis >> doublings)) ? maxMillis
				: Math.min(maxMillis, firstMillis << doublings);
		long half = ceiling / 2;
		return Duration.ofMillis(half + (long) ((ceiling - half) * random));
	}

}
