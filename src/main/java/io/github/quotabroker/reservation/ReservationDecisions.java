package io.github.quotabroker.reservation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import io.github.quotabroker.capacity.CapacityCheck;
import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.capacity.QuotaFreed;
import io.github.quotabroker.capacity.Wording;
import io.github.quotabroker.events.TeamEvent;
import io.github.quotabroker.events.TeamEventType;
import io.github.quotabroker.events.TeamEvents;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.pool.UnknownPool;
import io.github.quotabroker.queue.KnownQueues;
import io.github.quotabroker.queue.QueueMetrics;
import io.github.quotabroker.queue.QueuePlanner;
import io.github.quotabroker.queue.QueueStamps;
import io.github.quotabroker.queue.QueueStore;
import io.github.quotabroker.team.UnknownAllocation;
import io.github.quotabroker.web.ApiException;
import io.github.quotabroker.web.Conflict;
import io.github.quotabroker.web.Unavailable;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides requests for reservations: grants, queues or refuses them without ever
 * promising more than a pool has, and dispatches queues.
 *
 * <p>
 * Every grant is decided under a row lock on its pool, so decisions of all instances are
 * serialized per pool by the database. Requests that arrive while an instance's decision
 * lanes are busy are decided together in the next transaction, whatever their pools (one
 * lock statement, one read of the pools' usage, reservations and queues, one insert),
 * which is what keeps both contended and busy uncontended pools fast. A batch goes
 * through named steps: lock the pools, read their loads and queues, decide each pool
 * (windows directly, holds through the {@link QueuePlanner}), write everything, keep the
 * queues as written, answer and announce.
 */
@Service
public class ReservationDecisions {

	private static final Logger log = LoggerFactory.getLogger(ReservationDecisions.class);

	private final ReservationStore store;

	private final QueueStore queueStore;

	private final PoolService pools;

	private final PoolLoads loads;

	private final DominantShares shares;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final ReservationProperties properties;

	private final ReservationMetrics metrics;

	private final TeamEvents teamEvents;

	private final QueueMetrics queueMetrics;

	private final Clock clock;

	/** Queues as this instance last read or wrote them. */
	private final KnownQueues<Reservation> knownQueues = new KnownQueues<>();

	/** Requests waiting for a decision, of any pool, decided together. */
	private final Combiner<Waiter, Outcome> lanes;

	ReservationDecisions(ReservationStore store, QueueStore queueStore, PoolService pools, PoolLoads loads,
			DominantShares shares, PlatformTransactionManager transactionManager, ApplicationEventPublisher events,
			ReservationProperties properties, ReservationMetrics metrics, TeamEvents teamEvents,
			QueueMetrics queueMetrics, Clock clock) {
		this.store = store;
		this.queueStore = queueStore;
		this.pools = pools;
		this.loads = loads;
		this.shares = shares;
		this.transactions = new TransactionTemplate(transactionManager);
		this.events = events;
		this.properties = properties;
		this.metrics = metrics;
		this.teamEvents = teamEvents;
		this.queueMetrics = queueMetrics;
		this.clock = clock;
		this.lanes = new Combiner<>("reservation-decisions", properties.decisionLanes(), properties.maxDecisionBatch(),
				this::decideBatch, ReservationDecisions::undecided);
	}

	/** Stops the decision lanes (after the web server stopped taking requests). */
	@PreDestroy
	void stopLanes() {
		this.lanes.close();
	}

	/**
	 * What a request was decided: the reservation stored (held, scheduled or queued, with
	 * its place in the queue), or why not ({@code rejection}); neither: its id was taken
	 * by a concurrent request.
	 */
	record Outcome(Reservation reservation, ApiException rejection, Integer position, Instant estimatedGrantAt) {

		Outcome(Reservation reservation, ApiException rejection) {
			this(reservation, rejection, null, null);
		}

	}

	/**
	 * A request waiting for its decision, with what it was checked against before the
	 * lock (the team's zone, the pool's unit); identity equality: it keys the batch's
	 * maps.
	 */
	private static final class Waiter {

		private final ReservationDraft draft;

		private final ZoneId zone;

		private final Unit unit;

		private Waiter(ReservationDraft draft, ZoneId zone, Unit unit) {
			this.draft = draft;
			this.zone = zone;
			this.unit = unit;
		}

	}

	/** What a batch decided, and how many queued requests it granted. */
	private record BatchResult(Map<Waiter, Outcome> outcomes, int grantedFromQueue) {
	}

	/**
	 * Decides the draft together with whatever else waits, for whatever pools, in one
	 * transaction (see {@link Combiner}).
	 */
	Outcome decide(ReservationDraft draft, ZoneId zone, Unit unit) {
		return this.lanes.submit(new Waiter(draft, zone, unit));
	}

	private void decideBatch(List<Combiner.Slot<Waiter, Outcome>> slots) {
		this.metrics.batch(slots.size());
		Map<String, List<Waiter>> byPool = new TreeMap<>();
		slots.forEach((s) -> byPool.computeIfAbsent(s.input().draft.poolId(), (k) -> new ArrayList<>()).add(s.input()));
		try {
			BatchResult result = this.transactions.execute((tx) -> decideLocked(byPool, false));
			slots.forEach((s) -> s.answer(result.outcomes().get(s.input())));
		}
		catch (RuntimeException ex) {
			log.error("Deciding {} reservation requests for pools {} failed", slots.size(), byPool.keySet(), ex);
			slots.forEach((s) -> s.fail(undecided()));
		}
	}

	private static Unavailable undecided() {
		return new Unavailable("The reservation could not be decided just now; retrying is safe");
	}

	// ---- the queue's side ----------------------------------------------------

	/** Grants what the pool's queue can have now; waits for the pool's lock. */
	int dispatch(String poolId) {
		Integer granted = this.transactions.execute((tx) -> {
			List<Pool> locked = this.pools.lockForDecision(List.of(poolId));
			return locked.isEmpty() ? 0 : dispatchLocked(locked.get(0));
		});
		return (granted != null) ? granted : 0;
	}

	/**
	 * Dispatches the queues that are due (their wake-up time passed), each in its own
	 * transaction; a pool whose lock another transaction holds is skipped, as that one
	 * dispatches it.
	 */
	int dispatchDue(int limit) {
		Instant now = this.clock.instant();
		int granted = 0;
		for (String poolId : this.queueStore.dueQueues(now, limit)) {
			Integer n = this.transactions
				.execute((tx) -> this.pools.tryLockForDecision(poolId).map(this::dispatchLocked).orElse(0));
			granted += (n != null) ? n : 0;
		}
		return granted;
	}

	private int dispatchLocked(Pool pool) {
		// A decision batch dispatches the queue too: its path with no arrivals. (The
		// pool's lock is taken again, which the transaction already holds.)
		return decideLocked(Map.of(pool.id(), List.of()), true).grantedFromQueue();
	}

	// ---- a batch, step by step -------------------------------------------------

	/**
	 * Decides requests for several pools under their row locks (taken in id order), with
	 * one read of their loads and queues and one insert for all.
	 * @param dispatch whether the queues of these pools are dispatched even without
	 * arrivals (their wake-up times are then set anew)
	 */
	private BatchResult decideLocked(Map<String, List<Waiter>> byPool, boolean dispatch) {
		Map<Waiter, Outcome> outcomes = new HashMap<>();
		List<Pool> locked = lock(byPool, outcomes);
		if (locked.isEmpty()) {
			return new BatchResult(outcomes, 0);
		}
		Instant now = this.clock.instant();
		Map<String, PoolLoad> loads = this.loads.loads(locked, null, now);
		Queues queues = readQueues(locked);
		Decisions d = new Decisions();
		for (Pool pool : locked) {
			decidePool(pool, loads.get(pool.id()), queues, byPool.getOrDefault(pool.id(), List.of()), dispatch, now, d);
		}
		Written written = write(d, now);
		rememberQueues(queues, d, written, now);
		return new BatchResult(answer(d, written, outcomes), written.grantedFromQueue());
	}

	/** Locks the pools in id order; requests for pools that are gone are answered. */
	private List<Pool> lock(Map<String, List<Waiter>> byPool, Map<Waiter, Outcome> outcomes) {
		List<Pool> locked = this.pools.lockForDecision(new ArrayList<>(byPool.keySet()));
		Set<String> found = new HashSet<>();
		locked.forEach((p) -> found.add(p.id()));
		byPool.forEach((poolId, waiters) -> {
			if (!found.contains(poolId)) {
				waiters.forEach((w) -> outcomes.put(w, new Outcome(null, new UnknownPool(poolId))));
			}
		});
		return locked;
	}

	/** The locked pools' queues, their stamps, and when their teams were last served. */
	private static final class Queues {

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
	private Queues readQueues(List<Pool> locked) {
		Queues queues = new Queues(this.queueStore.queueVersions(ids(locked)));
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

	/** What the decision of a batch collects over its pools, written at the end. */
	private static final class Decisions {

		final Writes writes = new Writes();

		final Map<Waiter, Outcome> outcomes = new HashMap<>();

		final Map<Waiter, Reservation> granted = new LinkedHashMap<>();

		final List<TeamEvent> announce = new ArrayList<>();

		/** Wake-up times to set ({@code null}: clear), by pool. */
		final Map<String, Instant> wakeAt = new HashMap<>();

		/** Per pool, the (team|PRIORITY) served in order while its queue waited. */
		final Map<String, Set<String>> served = new HashMap<>();

	}

	/** Rows a decision writes, in one statement each at the end. */
	private static final class Writes {

		final List<Reservation> inserts = new ArrayList<>();

		final Map<String, byte[]> hashes = new HashMap<>();

		/** Queued rows granted or expired: written only if still queued. */
		final List<Reservation> updates = new ArrayList<>();

		final Set<String> updated = new HashSet<>();

		/** Held rows (locked by the plan) that were preempted. */
		final List<Reservation> preemptions = new ArrayList<>();

		final Map<String, QueuePlanner.Waiting> positions = new HashMap<>();

		void insert(Reservation r, byte[] hash) {
			this.inserts.add(r);
			this.hashes.put(r.id(), hash);
		}

		void update(Reservation r) {
			this.updates.add(r);
			this.updated.add(r.id());
		}

	}

	/**
	 * One pool's part of the batch: window reservations are checked directly; holds go
	 * through the queue, granted in its order, waiting in it, or refused.
	 */
	private void decidePool(Pool pool, PoolLoad load, Queues queues, List<Waiter> batch, boolean dispatch, Instant now,
			Decisions d) {
		List<Waiter> holds = decideWindows(pool, load, batch, now, d);
		List<Reservation> queued = queues.rows(pool.id());
		if (holds.isEmpty() && queued.isEmpty()) {
			if (dispatch) {
				d.wakeAt.put(pool.id(), null);
			}
			return;
		}
		// By identity: the plan answers with the same request objects.
		Map<QueuePlanner.Request, Waiter> arrivals = new IdentityHashMap<>();
		List<QueuePlanner.Request> requests = new ArrayList<>(queues.requests(pool.id()));
		for (Waiter w : holds) {
			ReservationDraft draft = w.draft;
			QueuePlanner.Request r = new QueuePlanner.Request(draft.id(), draft.teamId(), draft.amount(),
					draft.priority(), now, draft.ttl(), draft.deadline(), !draft.queue(), w.zone);
			arrivals.put(r, w);
			requests.add(r);
		}
		Map<String, Reservation> preemptible = new HashMap<>();
		QueuePlanner.Plan plan = plan(pool, load, queues, requests, arrivals, preemptible, dispatch, now);
		applyPlan(pool, load, plan, arrivals, queued, preemptible, now, d);
		scheduleNextLook(pool, plan, arrivals, !queued.isEmpty(), dispatch, now, d);
	}

	/**
	 * Checks the batch's requests against what they were checked with before the lock,
	 * decides window reservations, and answers the holds to plan.
	 */
	private List<Waiter> decideWindows(Pool pool, PoolLoad load, List<Waiter> batch, Instant now, Decisions d) {
		List<Waiter> holds = new ArrayList<>();
		for (Waiter w : batch) {
			ReservationDraft draft = w.draft;
			if (w.unit != null && w.unit != pool.unit()) {
				d.outcomes.put(w, new Outcome(null, new Conflict("Pool '" + pool.id() + "' now counts "
						+ pool.unit().name() + " (it counted " + w.unit.name() + "); send the request again")));
				continue;
			}
			if (load.fair() == null || !load.fair().has(draft.teamId())) {
				d.outcomes.put(w, new Outcome(null, new UnknownAllocation(pool.id(), draft.teamId())));
				continue;
			}
			if (draft.kind() == ReservationKind.HOLD) {
				holds.add(w);
				continue;
			}
			CapacityCheck.Verdict verdict = load.check(draft.capacityRequest(), now, w.zone);
			this.metrics.decided(verdict.granted() ? "granted" : "rejected", draft.kind());
			if (verdict.granted()) {
				Reservation r = newReservation(draft, ReservationStatus.SCHEDULED, null, now, load);
				d.writes.insert(r, draft.requestHash());
				d.granted.put(w, r);
			}
			else {
				refuse(w, verdict, pool, now, load, d.writes, d.outcomes);
			}
		}
		return holds;
	}

	private QueuePlanner.Plan plan(Pool pool, PoolLoad load, Queues queues, List<QueuePlanner.Request> requests,
			Map<QueuePlanner.Request, Waiter> arrivals, Map<String, Reservation> preemptible, boolean dispatch,
			Instant now) {
		// Only arrivals that may wait are answered with an estimate.
		Set<QueuePlanner.Request> estimated = Collections.newSetFromMap(new IdentityHashMap<>());
		arrivals.forEach((r, w) -> {
			if (w.draft.queue()) {
				estimated.add(r);
			}
		});
		Map<String, Instant> lastGrants = queues.rows(pool.id()).isEmpty() ? Map.of()
				: queues.lastGrants.computeIfAbsent(pool.id(), this.queueStore::lastGrants);
		return new QueuePlanner(load, now, () -> preemptibleHolds(pool.id(), now, preemptible), lastGrants,
				this.shares.elsewhere(requests, pool.id(), now, dispatch))
			.plan(requests, estimated::contains);
	}

	/** The pool's preemptible holds, locked, kept by id for the write step. */
	private List<QueuePlanner.Held> preemptibleHolds(String poolId, Instant now, Map<String, Reservation> rows) {
		List<QueuePlanner.Held> held = new ArrayList<>();
		for (Reservation r : this.store.heldForPreemption(poolId, now)) {
			rows.put(r.id(), r);
			held.add(new QueuePlanner.Held(r.id(), r.teamId(), r.priority(), r.createdAt(), r.expiresAt(),
					r.heldAt(now)));
		}
		return held;
	}

	/** Turns the plan into rows to write, answers and events. */
	private void applyPlan(Pool pool, PoolLoad load, QueuePlanner.Plan plan, Map<QueuePlanner.Request, Waiter> arrivals,
			List<Reservation> queued, Map<String, Reservation> preemptible, Instant now, Decisions d) {
		String poolId = pool.id();
		Writes writes = d.writes;
		Map<String, Reservation> byId = new HashMap<>();
		if (!plan.expired().isEmpty() || plan.granted().stream().anyMatch((r) -> !arrivals.containsKey(r))) {
			queued.forEach((r) -> byId.put(r.id(), r));
		}
		for (QueuePlanner.Request r : plan.granted()) {
			Waiter w = arrivals.get(r);
			if (w != null) {
				this.metrics.decided("granted", ReservationKind.HOLD);
				Reservation row = newReservation(w.draft, ReservationStatus.HELD, null, now, load);
				writes.insert(row, w.draft.requestHash());
				d.granted.put(w, row);
				continue;
			}
			Reservation queuedRow = byId.get(r.id());
			Reservation row = queuedRow.grantedAt(now,
					"granted from the queue after waiting " + Duration.between(queuedRow.queuedAt(), now).withNanos(0));
			writes.update(row);
			d.announce.add(
					new TeamEvent(TeamEventType.GRANTED, row.teamId(), poolId, row.id(), "HELD",
							"Reservation " + row.id() + " was " + row.reason() + ": "
									+ Wording.amount(pool.unit(), row.amount()) + " held until " + row.expiresAt(),
							now));
		}
		plan.refused().forEach((r, verdict) -> {
			this.metrics.decided("rejected", ReservationKind.HOLD);
			refuse(arrivals.get(r), verdict, pool, now, load, writes, d.outcomes);
		});
		for (QueuePlanner.Waiting waiting : plan.waiting()) {
			Waiter w = arrivals.get(waiting.request());
			if (w == null) {
				continue;
			}
			this.metrics.decided("queued", ReservationKind.HOLD);
			ReservationDraft draft = w.draft;
			Reservation row = new Reservation(draft.id(), draft.teamId(), draft.poolId(), draft.memberId(),
					draft.description(), draft.priority(), draft.kind(), draft.amount(), 0, ReservationStatus.QUEUED,
					now, draft.deadline(), null, null, null, draft.createdBy(), now, now, preemptible(draft, load),
					draft.ttl().toSeconds(), now);
			writes.insert(row, w.draft.requestHash());
			d.granted.put(w, row);
			writes.positions.put(row.id(), waiting);
			d.announce.add(new TeamEvent(TeamEventType.QUEUED, row.teamId(), poolId, row.id(), "QUEUED",
					"Reservation " + row.id() + " is queued at position " + waiting.position()
							+ ((waiting.estimatedGrantAt() != null)
									? "; estimated grant at " + waiting.estimatedGrantAt() : ""),
					now));
		}
		for (QueuePlanner.Request r : plan.expired()) {
			Reservation row = byId.get(r.id())
				.to(ReservationStatus.EXPIRED, byId.get(r.id()).consumed(), null, null,
						ReservationStore.QUEUED_DEADLINE_PASSED, now);
			writes.update(row);
			d.announce.add(new TeamEvent(TeamEventType.EXPIRED, row.teamId(), poolId, row.id(), "EXPIRED",
					"Reservation " + row.id() + " expired: " + row.reason(), now));
		}
		for (QueuePlanner.Preemption p : plan.preempted()) {
			Reservation victim = preemptible.get(p.hold().id());
			Reservation row = victim.to(ReservationStatus.PREEMPTED, victim.consumed(), null, null, p.reason(), now);
			writes.preemptions.add(row);
			d.announce.add(new TeamEvent(TeamEventType.PREEMPTED, row.teamId(), poolId, row.id(), "PREEMPTED",
					"Reservation " + row.id() + " was " + p.reason(), now));
		}
	}

	/** Who was served in order (for aging), and when the queue must next be looked at. */
	private void scheduleNextLook(Pool pool, QueuePlanner.Plan plan, Map<QueuePlanner.Request, Waiter> arrivals,
			boolean hadQueue, boolean dispatch, Instant now, Decisions d) {
		if (hadQueue || !plan.waiting().isEmpty()) {
			Set<String> served = new HashSet<>();
			// Backfilled grants do not count as service: a team whose big request waits
			// at the head keeps aging while its small ones slip through.
			plan.grantedInOrder().forEach((r) -> served.add(r.teamId() + "|" + r.priority().name()));
			if (!served.isEmpty()) {
				d.served.put(pool.id(), served);
			}
		}
		if (dispatch || hadQueue || !plan.waiting().isEmpty()) {
			Instant wakeAt = plan.wakeAt();
			if (!dispatch && plan.waiting().stream().anyMatch((w) -> arrivals.containsKey(w.request()))) {
				// A hold released while this decision ran may have missed the new
				// arrivals (it looks for a queue as of its own start): look again soon
				// in any case.
				Instant recheck = now.plus(this.properties.queueRecheck());
				wakeAt = (wakeAt == null || recheck.isBefore(wakeAt)) ? recheck : wakeAt;
			}
			d.wakeAt.put(pool.id(), wakeAt);
		}
	}

	private void refuse(Waiter w, CapacityCheck.Verdict verdict, Pool pool, Instant now, PoolLoad load, Writes writes,
			Map<Waiter, Outcome> outcomes) {
		ReservationDraft d = w.draft;
		if (d.clientNamed()) {
			writes.insert(newReservation(d, ReservationStatus.REJECTED, verdict.reason(), now, load), d.requestHash());
		}
		outcomes.put(w, new Outcome(null, new QuotaExceeded(verdict.reason(), pool.unit().fromBase(verdict.available()),
				verdict.fitsFrom(), d.clientNamed() ? d.id() : null)));
	}

	/**
	 * What the write step stored: ids inserted (a taken id is not) and queued rows
	 * updated (one a cancel ended meanwhile is not), and the queued requests granted.
	 */
	private record Written(Set<String> inserted, Set<String> updated, int grantedFromQueue) {
	}

	private Written write(Decisions d, Instant now) {
		this.queueStore.wakeAt(d.wakeAt);
		this.queueStore.granted(d.served, now);
		Set<String> inserted = this.store.insert(d.writes.inserts, d.writes.hashes);
		Set<String> updated = this.store.updateIfQueued(d.writes.updates);
		d.writes.preemptions.forEach(this.store::update);
		if (!d.writes.preemptions.isEmpty()) {
			this.metrics.ended(ReservationStatus.PREEMPTED, d.writes.preemptions.size());
		}
		int grantedFromQueue = 0;
		for (Reservation r : d.writes.updates) {
			if (!updated.contains(r.id())) {
				continue;
			}
			if (r.status() == ReservationStatus.HELD) {
				grantedFromQueue++;
				this.queueMetrics.waited(r.poolId(), Duration.between(r.queuedAt(), now));
			}
			else {
				this.metrics.ended(r.status(), 1);
			}
		}
		return new Written(inserted, updated, grantedFromQueue);
	}

	/**
	 * Stamps the queues this decision changed (queued, granted or expired requests) and
	 * keeps them as they are now; a queue whose stamp another transaction moved meanwhile
	 * gets a new stamp too, but is read again next time.
	 */
	private void rememberQueues(Queues before, Decisions d, Written written, Instant now) {
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
				// Granted or expired ones are gone; so is one a cancel ended meanwhile
				// (its update found it no longer queued).
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

	/** Answers the batch's requests and tells the other capabilities what changed. */
	private Map<Waiter, Outcome> answer(Decisions d, Written written, Map<Waiter, Outcome> outcomes) {
		Set<String> changed = new HashSet<>();
		List<String> lost = new ArrayList<>();
		for (Reservation r : d.writes.updates) {
			if (written.updated().contains(r.id())) {
				changed.add(r.poolId());
			}
			else {
				// Cancelled meanwhile: what this plan gave it is free again.
				lost.add(r.poolId());
			}
		}
		d.granted.forEach((w, r) -> {
			QueuePlanner.Waiting waiting = d.writes.positions.get(r.id());
			Reservation stored = written.inserted().contains(r.id()) ? r : null;
			if (stored != null) {
				changed.add(r.poolId());
			}
			outcomes.put(w,
					(waiting != null) ? new Outcome(stored, null, waiting.position(), waiting.estimatedGrantAt())
							: new Outcome(stored, null));
		});
		outcomes.putAll(d.outcomes);
		d.writes.preemptions.forEach((r) -> changed.add(r.poolId()));
		if (!changed.isEmpty()) {
			this.events.publishEvent(new ReservationsChanged(List.copyOf(changed)));
		}
		if (!lost.isEmpty()) {
			this.events.publishEvent(new QuotaFreed(lost.stream().distinct().toList()));
		}
		// An update a cancel beat was not made: nothing to announce for it.
		this.teamEvents.publishAll(d.announce.stream()
			.filter((e) -> !(d.writes.updated.contains(e.reservationId())
					&& !written.updated().contains(e.reservationId())))
			.toList());
		return outcomes;
	}

	private static Reservation newReservation(ReservationDraft d, ReservationStatus status, String reason, Instant now,
			PoolLoad load) {
		return new Reservation(d.id(), d.teamId(), d.poolId(), d.memberId(), d.description(), d.priority(), d.kind(),
				d.amount(), 0, status, d.startsAt(), d.expiresAt(), null, null, reason, d.createdBy(), now, now,
				preemptible(d, load), null, null);
	}

	private static boolean preemptible(ReservationDraft d, PoolLoad load) {
		return (d.preemptible() != null) ? d.preemptible() : load.preemptibleTeams().contains(d.teamId());
	}

	static List<QueuePlanner.Request> requests(List<Reservation> queued) {
		List<QueuePlanner.Request> requests = new ArrayList<>(queued.size());
		for (Reservation r : queued) {
			requests.add(new QueuePlanner.Request(r.id(), r.teamId(), r.amount(), r.priority(), r.queuedAt(),
					Duration.ofSeconds(r.ttlSeconds()), r.expiresAt(), false, ZoneOffset.UTC));
		}
		return requests;
	}

	private static List<String> ids(List<Pool> pools) {
		return pools.stream().map(Pool::id).toList();
	}

	// ---- holding on a caller's terms -------------------------------------------

	/** What {@link #holdIf} decided, and the holds it took. */
	public record HoldOutcome<T>(T decision, List<ReservationResponse> held) {
	}

	/**
	 * Lets a caller decide on its own terms (an admission check) and hold atomically with
	 * its decision: under the pools' locks, {@code decision} sees their loads, then the
	 * drafts it asks for are held, all or none.
	 * @param drafts the holds the decision asks for (empty: none)
	 * @throws QuotaExceeded when a draft does not fit after all
	 */
	public <T> HoldOutcome<T> holdIf(List<String> poolIds, String teamId, Function<Map<String, PoolLoad>, T> decision,
			Function<T, List<ReservationDraft>> drafts, ZoneId zone) {
		return this.transactions.execute((tx) -> {
			List<Pool> locked = this.pools.lockForDecision(poolIds);
			Instant now = this.clock.instant();
			Map<String, PoolLoad> loads = this.loads.loads(locked, teamId, now);
			T answer = decision.apply(loads);
			List<Reservation> rows = new ArrayList<>();
			Map<String, byte[]> hashes = new HashMap<>();
			List<ReservationResponse> held = new ArrayList<>();
			for (ReservationDraft d : drafts.apply(answer)) {
				PoolLoad load = loads.get(d.poolId());
				CapacityCheck.Verdict verdict = load.check(d.capacityRequest(), now, zone);
				this.metrics.decided(verdict.granted() ? "granted" : "rejected", d.kind());
				if (!verdict.granted()) {
					throw new QuotaExceeded(verdict.reason(), load.pool().unit().fromBase(verdict.available()),
							verdict.fitsFrom(), null);
				}
				Reservation r = newReservation(d, ReservationStatus.HELD, null, now, load);
				rows.add(r);
				hashes.put(r.id(), d.requestHash());
				held.add(ReservationResponse.of(r, load.pool().unit(), now));
			}
			if (this.store.insert(rows, hashes).size() != rows.size()) {
				throw new Conflict("A reservation id was already taken; nothing was held");
			}
			if (!rows.isEmpty()) {
				this.events.publishEvent(new ReservationsChanged(poolIds));
			}
			return new HoldOutcome<>(answer, held);
		});
	}

}
