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
import io.github.quotabroker.queue.QueueMetrics;
import io.github.quotabroker.queue.QueuePlanner;
import io.github.quotabroker.queue.QueueStamp;
import io.github.quotabroker.queue.QueueStamps;
import io.github.quotabroker.queue.QueueStore;

import org.springframework.stereotype.Component;

/**
 * The queues a decision batch plans with: read when their stamp moved since this instance
 * last saw them (only the arrivals since, when nothing left the queue), and kept as the
 * batch wrote them (see {@link KnownQueues}).
 */
@Component
class DecisionQueues {

	private final ReservationStore store;

	private final QueueStore queueStore;

	private final QueueMetrics metrics;

	/** Queues as this instance last read or wrote them. */
	private final KnownQueues<Reservation> knownQueues = new KnownQueues<>();

	DecisionQueues(ReservationStore store, QueueStore queueStore, QueueMetrics metrics) {
		this.store = store;
		this.queueStore = queueStore;
		this.metrics = metrics;
	}

	/** The locked pools' queues, their stamps, and when their teams were last served. */
	static final class Queues {

		final Map<String, QueueStamp> versions;

		final Map<String, List<Reservation>> rows = new HashMap<>();

		/** Per pool, the arrival number of the last request known to have arrived. */
		final Map<String, Long> lastArrival = new HashMap<>();

		final Map<String, List<QueuePlanner.Request>> requests = new HashMap<>();

		/**
		 * When teams were last served in order, per pool: kept with the queue's stamp.
		 */
		final Map<String, Map<String, Instant>> lastGrants = new HashMap<>();

		Queues(Map<String, QueueStamp> versions) {
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
	 * not read again; one from which no request left since is completed with the requests
	 * that arrived after it (another instance's decisions only add to a full pool's
	 * queue).
	 */
	Queues read(List<Pool> locked) {
		Queues queues = new Queues(this.queueStore.queueVersions(locked.stream().map(Pool::id).toList()));
		Map<String, Long> since = new HashMap<>();
		Map<String, KnownQueues.Known<Reservation>> behind = new HashMap<>();
		for (Pool pool : locked) {
			QueueStamp stamp = queues.versions.get(pool.id());
			if (stamp == null) {
				// Never queued in: whoever queues first stamps the queue.
				queues.rows.put(pool.id(), List.of());
				queues.requests.put(pool.id(), List.of());
				queues.lastArrival.put(pool.id(), 0L);
				continue;
			}
			KnownQueues.Known<Reservation> known = this.knownQueues.current(pool.id(), stamp);
			if (known != null) {
				queues.rows.put(pool.id(), known.rows());
				queues.requests.put(pool.id(), known.requests());
				queues.lastArrival.put(pool.id(), known.lastArrival());
				if (known.lastGrants() != null) {
					queues.lastGrants.put(pool.id(), known.lastGrants());
				}
				this.metrics.read(QueueMetrics.Read.KNOWN);
				continue;
			}
			known = this.knownQueues.behind(pool.id(), stamp);
			if (known != null) {
				behind.put(pool.id(), known);
				since.put(pool.id(), known.lastArrival());
				this.metrics.read(QueueMetrics.Read.ARRIVALS);
			}
			else {
				since.put(pool.id(), 0L);
				this.metrics.read(QueueMetrics.Read.FULL);
			}
		}
		if (since.isEmpty()) {
			return queues;
		}
		this.store.queuedSince(since).forEach((poolId, read) -> {
			KnownQueues.Known<Reservation> known = behind.get(poolId);
			List<Reservation> rows = read.rows();
			List<QueuePlanner.Request> requests = requests(rows);
			if (known != null && !known.rows().isEmpty()) {
				// Order does not matter to the planner, which sorts; arrivals go last.
				rows = concat(known.rows(), rows);
				requests = concat(known.requests(), requests);
			}
			queues.rows.put(poolId, rows);
			queues.requests.put(poolId, requests);
			queues.lastArrival.put(poolId, read.lastArrival());
			// When teams were last served is read again when needed: a grant elsewhere
			// moves the removal stamp, but this one is not known to be current.
			this.knownQueues.remember(poolId, queues.versions.get(poolId), rows, requests, read.lastArrival(), null);
		});
		return queues;
	}

	private static <T> List<T> concat(List<T> a, List<T> b) {
		List<T> all = new ArrayList<>(a.size() + b.size() + 8);
		all.addAll(a);
		all.addAll(b);
		return all;
	}

	/**
	 * Stamps the queues this decision changed (queued, granted or expired requests) and
	 * keeps them as they are now; a queue whose stamp another transaction moved meanwhile
	 * gets a new stamp too, but is read again next time.
	 */
	void remember(Queues before, DecisionWrites.Decisions d, DecisionWrites.Written written, Instant now) {
		Map<String, List<Reservation>> added = new HashMap<>();
		Map<String, Long> lastArrival = new HashMap<>();
		for (Reservation r : d.writes.inserts) {
			Long arrival = written.inserted().get(r.id());
			if (r.status() == ReservationStatus.QUEUED && arrival != null) {
				added.computeIfAbsent(r.poolId(), (k) -> new ArrayList<>()).add(r);
				lastArrival.merge(r.poolId(), arrival, Math::max);
			}
		}
		Set<String> changedPools = new TreeSet<>(added.keySet());
		Set<String> removedFrom = new TreeSet<>();
		d.writes.updates.forEach((r) -> removedFrom.add(r.poolId()));
		changedPools.addAll(removedFrom);
		// Grants in order while a queue waits change how its requests age: stamped too.
		changedPools.addAll(d.served.keySet());
		if (changedPools.isEmpty()) {
			return;
		}
		Map<String, QueueStore.Replacement> stamps = new HashMap<>();
		for (String poolId : changedPools) {
			QueueStamp expected = before.versions.get(poolId);
			if (expected != null) {
				stamps.put(poolId, new QueueStore.Replacement(expected.version(), QueueStamps.next(),
						removedFrom.contains(poolId)));
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
			QueueStore.Replacement stamp = stamps.get(poolId);
			QueueStamp previous = before.versions.get(poolId);
			long removals = stamp.removed() ? stamp.next() : previous.removals();
			long last = Math.max(before.lastArrival.getOrDefault(poolId, 0L), lastArrival.getOrDefault(poolId, 0L));
			this.knownQueues.remember(poolId, new QueueStamp(stamp.next(), removals), rows, requests, last, grants);
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
