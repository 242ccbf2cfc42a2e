package io.github.quotabroker.queue;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pools' queues as this instance last read or wrote them, each with the stamp it had
 * then: a decision whose pool's stamp has not moved since reuses the queue instead of
 * reading it again. Any transaction that changes a queue moves its stamp, so a stale
 * entry is never used.
 *
 * @param <T> the queued rows, as their owner stores them
 */
public final class KnownQueues<T> {

	/**
	 * A pool's queued rows and their planner requests (same order), and when each team
	 * last had an in-order grant of each priority there ({@code null}: not known).
	 */
	public record Known<T>(long version, List<T> rows, List<QueuePlanner.Request> requests,
			Map<String, Instant> lastGrants) {
	}

	private final Map<String, Known<T>> known = new ConcurrentHashMap<>();

	/** The pool's queue as known, if its stamp is still {@code version}. */
	public Known<T> current(String poolId, long version) {
		Known<T> k = this.known.get(poolId);
		return (k != null && k.version() == version) ? k : null;
	}

	/** Keeps the pool's queue as it is with this stamp ({@code null}: forget it). */
	public void remember(String poolId, Long version, List<T> rows, List<QueuePlanner.Request> requests,
			Map<String, Instant> lastGrants) {
		if (version == null) {
			this.known.remove(poolId);
		}
		else {
			this.known.put(poolId, new Known<>(version, Collections.unmodifiableList(rows),
					Collections.unmodifiableList(requests), lastGrants));
		}
	}

	public void forget(String poolId) {
		this.known.remove(poolId);
	}

}
