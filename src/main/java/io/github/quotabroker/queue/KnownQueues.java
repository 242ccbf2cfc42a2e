package io.github.quotabroker.queue;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pools' queues as this instance last read or wrote them, each with the stamps it had
 * then: a decision whose pool's version has not moved since reuses the queue instead of
 * reading it again. Any transaction that changes a queue moves its version, so a stale
 * entry is never used as it is; one whose removal stamp has not moved is still all there
 * and is completed with the requests that arrived after its last arrival.
 *
 * @param <T> the queued rows, as their owner stores them
 */
public final class KnownQueues<T> {

	/**
	 * A pool's queued rows and their planner requests (same order), the arrival number of
	 * the last request known to have arrived, and when each team last had an in-order
	 * grant of each priority there ({@code null}: not known).
	 */
	public record Known<T>(QueueStamp stamp, List<T> rows, List<QueuePlanner.Request> requests, long lastArrival,
			Map<String, Instant> lastGrants) {
	}

	private final Map<String, Known<T>> known = new ConcurrentHashMap<>();

	/** The pool's queue as known, if its version is still the one of {@code stamp}. */
	public Known<T> current(String poolId, QueueStamp stamp) {
		Known<T> k = this.known.get(poolId);
		return (k != null && k.stamp().version() == stamp.version()) ? k : null;
	}

	/**
	 * The pool's queue as known, if no request left it since ({@code stamp}'s removal
	 * stamp is the same): requests that arrived after its last arrival may be missing.
	 */
	public Known<T> behind(String poolId, QueueStamp stamp) {
		Known<T> k = this.known.get(poolId);
		return (k != null && k.stamp().removals() == stamp.removals()) ? k : null;
	}

	/** Keeps the pool's queue as it is with these stamps ({@code null}: forget it). */
	public void remember(String poolId, QueueStamp stamp, List<T> rows, List<QueuePlanner.Request> requests,
			long lastArrival, Map<String, Instant> lastGrants) {
		if (stamp == null) {
			this.known.remove(poolId);
		}
		else {
			this.known.put(poolId, new Known<>(stamp, Collections.unmodifiableList(rows),
					Collections.unmodifiableList(requests), lastArrival, lastGrants));
		}
	}

	public void forget(String poolId) {
		this.known.remove(poolId);
	}

}
