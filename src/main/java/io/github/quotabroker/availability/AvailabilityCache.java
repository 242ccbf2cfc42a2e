package io.github.quotabroker.availability;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Recent availability answers of this instance. An answer is reused only while nothing
 * was recorded or changed through this instance since it was computed (the generation),
 * before its validity ends (the TTL, the next minute boundary for rolling windows, the
 * next calendar reset), and never for a clock that has gone back.
 */
final class AvailabilityCache {

	private static final int MAX_ENTRIES = 10_000;

	private record Entry(TeamAvailability answer, long generation, Instant computedAt, Instant validUntil) {
	}

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final AtomicLong generation = new AtomicLong();

	private final Duration ttl;

	AvailabilityCache(Duration ttl) {
		this.ttl = ttl;
	}

	boolean enabled() {
		return !this.ttl.isZero() && !this.ttl.isNegative();
	}

	/** The generation to pass to {@link #put} for an answer computed from now on. */
	long generation() {
		return this.generation.get();
	}

	TeamAvailability get(String key, Instant now) {
		Entry entry = this.entries.get(key);
		if (entry == null || entry.generation() != this.generation.get() || now.isBefore(entry.computedAt())
				|| !now.isBefore(entry.validUntil())) {
			return null;
		}
		return entry.answer();
	}

	void put(String key, TeamAvailability answer, long generation, Instant computedAt, Instant validUntil) {
		if (this.entries.size() >= MAX_ENTRIES) {
			this.entries.clear();
		}
		Instant until = computedAt.plus(this.ttl);
		this.entries.put(key,
				new Entry(answer, generation, computedAt, validUntil.isBefore(until) ? validUntil : until));
	}

	void invalidate() {
		this.generation.incrementAndGet();
	}

}
