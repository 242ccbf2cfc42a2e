package io.github.quotabroker.reservation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.quotabroker.capacity.CapacityCheck;
import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.capacity.Wording;
import io.github.quotabroker.events.TeamEvent;
import io.github.quotabroker.events.TeamEventType;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.pool.UnknownPool;
import io.github.quotabroker.queue.QueuePlanner;
import io.github.quotabroker.queue.QueueStore;
import io.github.quotabroker.reservation.DecisionWrites.Decisions;
import io.github.quotabroker.reservation.DecisionWrites.Writes;
import io.github.quotabroker.team.UnknownAllocation;
import io.github.quotabroker.web.ApiException;
import io.github.quotabroker.web.Conflict;

import org.springframework.stereotype.Component;

/**
 * Decides a batch of requests for reservations, of any pools, in one transaction: grants,
 * queues or refuses them without ever promising more than a pool has. Every grant is
 * decided under a row lock on its pool, so decisions of all instances are serialized per
 * pool by the database.
 *
 * <p>
 * A batch goes through named steps: lock the pools, read their loads and queues
 * ({@link DecisionQueues}), decide each pool (windows directly, holds through the
 * {@link QueuePlanner}), then write, keep the queues as written, answer and announce
 * ({@link DecisionWrites}). Batches come from the {@link DecisionLanes}, and from the
 * queue's dispatch (a batch with no arrivals).
 */
@Component
class ReservationDecisions {

	private final ReservationStore store;

	private final QueueStore queueStore;

	private final PoolService pools;

	private final PoolLoads loads;

	private final DominantShares shares;

	private final DecisionQueues queues;

	private final DecisionWrites writes;

	private final ReservationProperties properties;

	private final ReservationMetrics metrics;

	private final Clock clock;

	ReservationDecisions(ReservationStore store, QueueStore queueStore, PoolService pools, PoolLoads loads,
			DominantShares shares, DecisionQueues queues, DecisionWrites writes, ReservationProperties properties,
			ReservationMetrics metrics, Clock clock) {
		this.store = store;
		this.queueStore = queueStore;
		this.pools = pools;
		this.loads = loads;
		this.shares = shares;
		this.queues = queues;
		this.writes = writes;
		this.properties = properties;
		this.metrics = metrics;
		this.clock = clock;
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
	static final class Waiter {

		private final ReservationDraft draft;

		private final ZoneId zone;

		private final Unit unit;

		Waiter(ReservationDraft draft, ZoneId zone, Unit unit) {
			this.draft = draft;
			this.zone = zone;
			this.unit = unit;
		}

		String poolId() {
			return this.draft.poolId();
		}

	}

	/** What a batch decided, and how many queued requests it granted. */
	record BatchResult(Map<Waiter, Outcome> outcomes, int grantedFromQueue) {
	}

	/**
	 * Grants what the locked pool's queue can have now: a decision batch with no
	 * arrivals. (The pool's lock is taken again, which the transaction already holds.)
	 */
	int dispatch(Pool pool) {
		return decide(Map.of(pool.id(), List.of()), true).grantedFromQueue();
	}

	// ---- a batch, step by step -------------------------------------------------

	/**
	 * Decides requests for several pools under their row locks (taken in id order), with
	 * one read of their loads and queues and one insert for all.
	 * @param dispatch whether the queues of these pools are dispatched even without
	 * arrivals (their wake-up times are then set anew)
	 */
	BatchResult decide(Map<String, List<Waiter>> byPool, boolean dispatch) {
		Map<Waiter, Outcome> outcomes = new HashMap<>();
		List<Pool> locked = lock(byPool, outcomes);
		if (locked.isEmpty()) {
			return new BatchResult(outcomes, 0);
		}
		Instant now = this.clock.instant();
		Map<String, PoolLoad> loads = this.loads.loads(locked, null, now);
		DecisionQueues.Queues queues = this.queues.read(locked);
		Decisions d = new Decisions();
		for (Pool pool : locked) {
			decidePool(pool, loads.get(pool.id()), queues, byPool.getOrDefault(pool.id(), List.of()), dispatch, now, d);
		}
		DecisionWrites.Written written = this.writes.write(d, now);
		this.queues.remember(queues, d, written, now);
		return new BatchResult(this.writes.answer(d, written, outcomes), written.grantedFromQueue());
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

	/**
	 * One pool's part of the batch: window reservations are checked directly; holds go
	 * through the queue, granted in its order, waiting in it, or refused.
	 */
	private void decidePool(Pool pool, PoolLoad load, DecisionQueues.Queues queues, List<Waiter> batch,
			boolean dispatch, Instant now, Decisions d) {
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

	private QueuePlanner.Plan plan(Pool pool, PoolLoad load, DecisionQueues.Queues queues,
			List<QueuePlanner.Request> requests, Map<QueuePlanner.Request, Waiter> arrivals,
			Map<String, Reservation> preemptible, boolean dispatch, Instant now) {
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
						Reservation.QUEUED_DEADLINE_PASSED, now);
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
			// Backfilled grants do not count as service.
			// A team whose big request waits at the head keeps aging
			// while its small ones slip through.
			plan.grantedInOrder().forEach((r) -> served.add(r.teamId() + "|" + r.priority().name()));
			if (!served.isEmpty()) {
				d.served.put(pool.id(), served);
			}
		}
		if (dispatch || hadQueue || !plan.waiting().isEmpty()) {
			Instant wakeAt = plan.wakeAt();
			if (!dispatch && plan.waiting().stream().anyMatch((w) -> arrivals.containsKey(w.request()))) {
				// A hold released while this decision ran may have missed new arrivals:
				// it looks for a queue as of its own start.
				// So look again soon in any case.
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

	static Reservation newReservation(ReservationDraft d, ReservationStatus status, String reason, Instant now,
			PoolLoad load) {
		return new Reservation(d.id(), d.teamId(), d.poolId(), d.memberId(), d.description(), d.priority(), d.kind(),
				d.amount(), 0, status, d.startsAt(), d.expiresAt(), null, null, reason, d.createdBy(), now, now,
				preemptible(d, load), null, null);
	}

	private static boolean preemptible(ReservationDraft d, PoolLoad load) {
		return (d.preemptible() != null) ? d.preemptible() : load.preemptibleTeams().contains(d.teamId());
	}

}
