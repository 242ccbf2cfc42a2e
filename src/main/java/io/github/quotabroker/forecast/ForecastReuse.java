package io.github.quotabroker.forecast;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Forecast answers of this instance, reused while the inputs they were computed from are
 * the same: the very availability answer object (which the availability service reuses
 * only while nothing was recorded or changed through this instance, for at most
 * {@code quota.availability.cache-ttl} and never across a minute boundary of a rolling
 * window) and the same hour (fits move on hour boundaries). So a forecast is never staler
 * than the availability answer beside it, and with availability reuse off ({@code PT0S})
 * nothing is reused. Concurrent callers of one key wait for one computation instead of
 * all computing it when the basis changes.
 *
 * @param <T> the answer
 */
final class ForecastReuse<T> {

	private static final int MAX_ENTRIES = 10_000;

	private record Entry<T>(Object basis, Instant hour, T answer) {
	}

	private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();

	private final Map<String, Object> locks = new ConcurrentHashMap<>();

	T get(String key, Object basis, Instant hour, Supplier<T> computation) {
		Entry<T> entry = this.entries.get(key);
		if (valid(entry, basis, hour)) {
			return entry.answer();
		}
		if (this.locks.size() >= MAX_ENTRIES) {
			this.locks.clear();
		}
		synchronized (this.locks.computeIfAbsent(key, (k) -> new Object())) {
			entry = this.entries.get(key);
			if (valid(entry, basis, hour)) {
				return entry.answer();
			}
			T answer = computation.get();
			if (this.entries.size() >= MAX_ENTRIES) {
				this.entries.clear();
			}
			this.entries.put(key, new Entry<>(basis, hour, answer));
			return answer;
		}
	}

	private static boolean valid(Entry<?> entry, Object basis, Instant hour) {
		// Identity on purpose: an equal but newly computed basis means something was
		// recorded or time moved on.
		return entry != null && entry.basis() == basis && entry.hour().equals(hour);
	}

}
