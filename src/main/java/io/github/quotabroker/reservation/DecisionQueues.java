package io.github.quotabroker.reservation;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.queue.KnownQueues;
import io.github.quotabroker.queue.QueuePlanner;
import io.github.quotabroker.queue.QueueStamps;
import io.github.quotabroker.queue.QueueStore;

import org.springframework.stereotype.Component;

/**
 * The queues a decision batch plans with: read when their stamp moved since this instance
 * last saw them, and kept as the batch wrote them (see {@link KnownQueues}).
 */
@Component
class DecisionQueues {

	private final ReservationStore store;

	private final QueueStore queueStore;

	/** Queues as this instance last read or wrote them. */
	private final KnownQueues<Reservation> knownQueues = new KnownQueues<>();

	DecisionQueues(ReservationStore store, QueueStore queueStore) {
		this.store = store;
		this.queueStore = queueStore;
	}

	/** The locked pools' queues, their stamps, and when their teams were last served. */
	static final class Queues {

		final Map<String, Long> versions;

		final Map<String, List<Reservation>> rows = new HashMap<>();

		final Map<String, List<QueuePlanner.Request>> requests = new HashMap<>();

		/**
		 * When teams were last served in order, per pool: kept with the queue's stamp.
		 */
		final Map<String, Map<String, Instant>> lastGrants = new HashMap<>();

		Queues(Map<String, Long> versions) {
			this.versions = versions;
		}

		List<Reservation> rows(String poolId) {
			return this.rows.getOrDefault(poolId, List.of());
		}

		List<QueuePlanner.Request> requests(String poolId) {
			return this.requests.getOrDefault(poolId, List.of());
		}

	}

	/**
	 * Queued rows are read without row locks: the pool's lock serializes decisions, and a
	 * cancel racing with a grant is settled by the status-guarded update of the write
	 * step. A queue this instance read or wrote last, whose stamp has not moved since, is
	 * not read again.
	 */
	Queues read(List<Pool> locked) {
		Queues queues = new Queues(this.queueStore.queueVersions(locked.stream().map(Pool::id).toList()));
		List<String> stale = new ArrayList<>();
		for (Pool pool : locked) {
			Long version = queues.versions.get(pool.id());
			KnownQueues.Known<Reservation> known = (version != null) ? this.knownQueues.current(pool.id(), version)
					: null;
			if (version == null) {
				// Never queued in: whoever queues first stamps the queue.
				queues.rows.put(pool.id(), List.of());
				queues.requests.put(pool.id(), List.of());
			}
			else if (known != null) {
				queues.rows.put(pool.id(), known.rows());
				queues.requests.put(pool.id(), known.requests());
				if (known.lastGrants() != null) {
					queues.lastGrants.put(pool.id(), known.lastGrants());
				}
			}
			else {
				stale.add(pool.id());
			}
		}
		if (!stale.isEmpty()) {
			Map<String, List<Reservation>> read = this.store.queued(stale);
			for (String poolId : stale) {
				List<Reservation> rows = read.getOrDefault(poolId, List.of());
				List<QueuePlanner.Request> requests = requests(rows);
				queues.rows.put(poolId, rows);
				queues.requests.put(poolId, requests);
				this.knownQueues.remember(poolId, queues.versions.get(poolId), rows, requests, null);
			}
		}
		return queues;
	}

	/**
	 * Stamps the queues this decision changed (queued, granted or expired requests) and
	 * keeps them as they are now; a queue whose stamp another transaction moved meanwhile
	 * gets a new stamp too, but is read again next time.
	 */
	void remember(Queues before, DecisionWrites.Decisions d, DecisionWrites.Written written, Instant now) {
		Map<String, List<Reservation>> added = new HashMap<>();
		for (Reservation r : d.writes.inserts) {
			if (r.status() == ReservationStatus.QUEUED && written.inserted().contains(r.id())) {
				added.computeIfAbsent(r.poolId(), (k) -> new ArrayList<>()).add(r);
			}
		}
		Set<String> changedPools = new TreeSet<>(added.keySet());
		d.writes.updates.forEach((r) -> changedPools.add(r.poolId()));
		// Grants in order while a queue waits change how its requests age: stamped too.
		changedPools.addAll(d.served.keySet());
		if (changedPools.isEmpty()) {
			return;
		}
		Map<String, long[]> stamps = new HashMap<>();
		for (String poolId : changedPools) {
			Long expected = before.versions.get(poolId);
			if (expected != null) {
				stamps.put(poolId, new long[] { expected, QueueStamps.next() });
			}
		}
		Set<String> replaced = this.queueStore.replaceQueueVersions(stamps);
		List<String> unknown = new ArrayList<>();
		for (String poolId : changedPools) {
			if (!replaced.contains(poolId)) {
				unknown.add(poolId);
				this.knownQueues.forget(poolId);
				continue;
			}
			List<Reservation> oldRows = before.rows(poolId);
			List<QueuePlanner.Request> oldRequests = before.requests(poolId);
			List<Reservation> rows = new ArrayList<>(oldRows.size() + 8);
			List<QueuePlanner.Request> requests = new ArrayList<>(oldRows.size() + 8);
			for (int i = 0; i < oldRows.size(); i++) {
				// Granted or expired ones are gone.
				// So is one a cancel ended meanwhile (its update found it not queued).
				if (!d.writes.updated.contains(oldRows.get(i).id())) {
					rows.add(oldRows.get(i));
					requests.add(oldRequests.get(i));
				}
			}
			List<Reservation> arrived = added.getOrDefault(poolId, List.of());
			rows.addAll(arrived);
			requests.addAll(requests(arrived));
			Map<String, Instant> grants = before.lastGrants.get(poolId);
			if (grants != null) {
				grants = new HashMap<>(grants);
				for (String served : d.served.getOrDefault(poolId, Set.of())) {
					grants.put(served, now);
				}
			}
			this.knownQueues.remember(poolId, stamps.get(poolId)[1], rows, requests, grants);
		}
		this.queueStore.bumpQueueVersions(unknown);
	}

	/** Queued rows as the planner sees them. */
	static List<QueuePlanner.Request> requests(List<Reservation> queued) {
		List<QueuePlanner.Request> requests = new ArrayList<>(queued.size());
		for (Reservation r : queued) {
			requests.add(new QueuePlanner.Request(r.id(), r.teamId(), r.amount(), r.priority(), r.queuedAt(),
					Duration.ofSeconds(r.ttlSeconds()), r.expiresAt(), false, ZoneOffset.UTC));
		}
		return requests;
	}

}
