package io.github.quotabroker.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key, kept in this instance's memory: a key may send {@code burst}
 * requests at once and {@code perSecond} a second after that. With several instances each
 * applies the limit on its own.
 */
final class RateLimiter {

	private final double perSecond;

	private final double burst;

	private final Clock clock;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	RateLimiter(int perSecond, int burst, Clock clock) {
		this.perSecond = perSecond;
		this.burst = burst;
		this.clock = clock;
	}

	/**
	 * Takes one request from the key's bucket; answers how long to wait when it is empty.
	 */
	Duration acquire(String key) {
		if (this.buckets.size() > 100_000) {
			this.buckets.clear();
		}
		Bucket bucket = this.buckets.computeIfAbsent(key, (k) -> new Bucket(this.burst, nanos()));
		synchronized (bucket) {
			long now = nanos();
			// A clock set back (NTP, tests) refills nothing and drains nothing.
			long elapsed = Math.max(0, now - bucket.updated);
			bucket.tokens = Math.min(this.burst, bucket.tokens + elapsed * this.perSecond / 1e9);
			bucket.updated = now;
			if (bucket.tokens >= 1) {
				bucket.tokens -= 1;
				return Duration.ZERO;
			}
			return Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) / this.perSecond * 1e9));
		}
	}

	private long nanos() {
		Duration sinceEpoch = Duration.between(java.time.Instant.EPOCH, this.clock.instant());
		return sinceEpoch.toNanos();
	}

	private static final class Bucket {

		double tokens;

		long updated;

		Bucket(double tokens, long updated) {
			this.tokens = tokens;
			this.updated = updated;
		}

	}

}
