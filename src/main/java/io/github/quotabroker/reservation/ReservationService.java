package io.github.quotabroker.reservation;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.quotabroker.events.TeamEvent;
import io.github.quotabroker.events.TeamEventType;
import io.github.quotabroker.events.TeamEvents;
import io.github.quotabroker.fairshare.AllocationTerms;
import io.github.quotabroker.fairshare.FairShare;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolChanged;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.pool.RollingWindow;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.pool.UnknownPool;
import io.github.quotabroker.team.AllocationChanged;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.team.TeamService.TeamPools;
import io.github.quotabroker.team.UnknownAllocation;
import io.github.quotabroker.usage.MinuteUsage;
import io.github.quotabroker.usage.UsageAgainstReservations;
import io.github.quotabroker.usage.UsageService;
import io.github.quotabroker.usage.UsageService.CurrentUsage;
import io.github.quotabroker.usage.WindowUsage;
import io.github.quotabroker.web.ApiException;
import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.Conflict;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;
import io.github.quotabroker.web.Unavailable;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Holds and window reservations: granting them without ever promising more than a pool
 * has, drawing them down as usage arrives, and ending them by commit, release, cancel or
 * expiry.
 *
 * <p>
 * Every grant is decided under a row lock on its pool, so decisions of all instances are
 * serialized per pool by the database. Requests that arrive while an instance's decision
 * lanes are busy are decided together in the next transaction, whatever their pools (one
 * lock statement, one read of the pools' usage, reservations and queues, one insert),
 * which is what keeps both contended and busy uncontended pools fast.
 */
@Service
public class ReservationService {

	private static final Logger log = LoggerFactory.getLogger(ReservationService.class);

	private static final int MAX_LIST = 1000;

	private static final String RELEASED_REASON = "released: the unused part went back to the pool";

	private final ReservationStore store;

	private final AllocationTerms allocationTerms;

	private final PoolService pools;

	private final TeamService teams;

	private final DecisionDefinitions definitions;

	private final UsageService usage;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final ReservationProperties properties;

	private final ReservationMetrics metrics;

	private final TeamEvents teamEvents;

	private final Clock clock;

	/** Teams' shares used per pool, for dominant shares (see {@link #elsewhere}). */
	private final Map<String, SharesUsed> sharesUsed = new ConcurrentHashMap<>();

	/** Queues as this instance last read or wrote them (see {@link KnownQueue}). */
	private final Map<String, KnownQueue> knownQueues = new ConcurrentHashMap<>();

	/** Requests waiting for a decision, of any pool, decided together. */
	private final Combiner<Waiter, Outcome> decisions;

	/** Releases waiting, done together in one statement. */
	private final Combiner<ReservationStore.ReleaseAsked, ReservationStore.Released> releases;

	ReservationService(ReservationStore store, AllocationTerms allocationTerms, PoolService pools, TeamService teams,
			DecisionDefinitions definitions, UsageService usage, PlatformTransactionManager transactionManager,
			ApplicationEventPublisher events, ReservationProperties properties, ReservationMetrics metrics,
			TeamEvents teamEvents, Clock clock) {
		this.store = store;
		this.definitions = definitions;
		this.decisions = new Combiner<>("reservation-decisions", properties.decisionLanes(),
				properties.maxDecisionBatch(), this::decideBatch, ReservationService::undecided);
		this.releases = new Combiner<>("reservation-releases", properties.decisionLanes(),
				properties.maxDecisionBatch(), this::releaseBatch,
				() -> new Unavailable("The hold could not be released just now; retrying is safe"));
		this.allocationTerms = allocationTerms;
		this.pools = pools;
		this.teams = teams;
		this.usage = usage;
		this.transactions = new TransactionTemplate(transactionManager);
		this.events = events;
		this.properties = properties;
		this.metrics = metrics;
		this.teamEvents = teamEvents;
		this.clock = clock;
	}

	/**
	 * Stops the decision and release lanes (after the web server stopped taking
	 * requests).
	 */
	@PreDestroy
	void stopLanes() {
		this.decisions.close();
		this.releases.close();
	}

	/** A reservation as answered, and whether this request created it. */
	public record Created(ReservationResponse reservation, boolean created) {
	}

	/**
	 * A pool's state for a decision: its usage in the window in force, what active
	 * reservations hold of it now (all teams, and the team asked about), its projected
	 * load, and its fair share among its teams ({@code null} without allocations).
	 * {@code preemptibleHeld}: whether any hold active now may be preempted.
	 */
	public record PoolLoad(Pool pool, WindowUsage usage, long reserved, long teamReserved, CapacityProfile profile,
			FairShare fair, Function<String, NavigableMap<Instant, Long>> freedByTeam, Set<String> preemptibleTeams,
			boolean preemptibleHeld) {

		/** When the team's recorded usage of the pool stops counting, oldest first. */
		public NavigableMap<Instant, Long> teamFreed(String teamId) {
			return this.freedByTeam.apply(teamId);
		}

	}

	// ---- creating ----------------------------------------------------------

	/**
	 * Grants a hold or a window reservation, or refuses it with {@link QuotaExceeded}
	 * saying what would fit. A retry with the id of an earlier request answers that
	 * request's reservation.
	 */
	public Created create(Caller caller, ReservationRequest request) {
		long started = System.nanoTime();
		ReservationRequests.checkIds(request);
		caller.requireTeam(request.teamId());
		TeamPools team = this.definitions.team(request.teamId());
		if (!team.poolIds().contains(request.poolId())) {
			this.definitions.forgetTeam(request.teamId());
			team = this.definitions.team(request.teamId());
			if (!team.poolIds().contains(request.poolId())) {
				throw new UnknownAllocation(request.poolId(), request.teamId());
			}
		}
		Pool pool = this.definitions.pool(request.poolId());
		Instant now = this.clock.instant();
		ReservationDraft draft = ReservationRequests.toDraft(request, pool.unit(), caller.keyId(), now,
				this.properties);
		checkMember(draft);
		if (draft.clientNamed()) {
			Created earlier = earlier(draft, now);
			if (earlier != null) {
				return earlier;
			}
		}
		try {
			Outcome outcome = decide(draft, team.zone(), pool.unit());
			if (outcome.rejection() instanceof UnknownAllocation) {
				// The allocation (or the team) went away since it was looked up.
				this.definitions.forgetTeam(request.teamId());
				this.teams.teamPools(request.teamId());
			}
			if (outcome.rejection() != null) {
				throw outcome.rejection();
			}
			if (outcome.reservation() == null) {
				// Its id was taken by a concurrent request: answer like a retry.
				Created earlier = earlier(draft, now);
				if (earlier != null) {
					return earlier;
				}
				throw new Unavailable("The reservation could not be stored; retrying is safe");
			}
			return new Created(ReservationResponse.queued(outcome.reservation(), pool.unit(), now, outcome.position(),
					outcome.estimatedGrantAt()), true);
		}
		finally {
			this.metrics.latency(System.nanoTime() - started);
		}
	}

	private Created earlier(ReservationDraft draft, Instant now) {
		ReservationStore.Stored stored = this.store.find(draft.id()).orElse(null);
		if (stored == null) {
			return null;
		}
		if (!Arrays.equals(stored.requestHash(), draft.requestHash())) {
			throw new Conflict("Reservation id '" + draft.id() + "' was already used for a different request");
		}
		Reservation r = stored.reservation();
		if (r.status() == ReservationStatus.REJECTED) {
			throw new QuotaExceeded(r.reason(), BigDecimal.ZERO, null, r.id());
		}
		return new Created(ReservationResponse.of(r, onePool(r.poolId()).unit(), now), false);
	}

	private record Outcome(Reservation reservation, ApiException rejection, Integer position,
			Instant estimatedGrantAt) {

		Outcome(Reservation reservation, ApiException rejection) {
			this(reservation, rejection, null, null);
		}

	}

	/**
	 * A request waiting for its decision; identity equality (it keys the batch's maps).
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

		ReservationDraft draft() {
			return this.draft;
		}

		ZoneId zone() {
			return this.zone;
		}

		Unit unit() {
			return this.unit;
		}

	}

	/**
	 * Decides the draft together with whatever else waits, for whatever pools, in one
	 * transaction (see {@link Combiner}).
	 */
	private Outcome decide(ReservationDraft draft, ZoneId zone, Unit unit) {
		return this.decisions.submit(new Waiter(draft, zone, unit));
	}

	private void decideBatch(List<Combiner.Slot<Waiter, Outcome>> slots) {
		this.metrics.batch(slots.size());
		Map<String, List<Waiter>> byPool = new TreeMap<>();
		slots.forEach(
				(s) -> byPool.computeIfAbsent(s.input().draft().poolId(), (k) -> new ArrayList<>()).add(s.input()));
		try {
			Map<Waiter, Outcome> outcomes = this.transactions.execute((tx) -> decideLocked(byPool, false, new int[1]));
			slots.forEach((s) -> s.answer(outcomes.get(s.input())));
		}
		catch (RuntimeException ex) {
			log.error("Deciding {} reservation requests for pools {} failed", slots.size(), byPool.keySet(), ex);
			slots.forEach((s) -> s.fail(undecided()));
		}
	}

	private static Unavailable undecided() {
		return new Unavailable("The reservation could not be decided just now; retrying is safe");
	}

	/**
	 * Decides requests for several pools under their row locks (taken in id order), with
	 * one read of their loads and queues and one insert for all.
	 * @param dispatch whether the queues of these pools are dispatched even without
	 * arrivals (their wake-up times are then set anew)
	 * @param grantedFromQueue where to count the queued requests granted
	 */
	private Map<Waiter, Outcome> decideLocked(Map<String, List<Waiter>> byPool, boolean dispatch,
			int[] grantedFromQueue) {
		Map<Waiter, Outcome> outcomes = new HashMap<>();
		List<Pool> locked = this.pools.lockForDecision(new ArrayList<>(byPool.keySet()));
		Set<String> found = new HashSet<>();
		locked.forEach((p) -> found.add(p.id()));
		byPool.forEach((poolId, waiters) -> {
			if (!found.contains(poolId)) {
				waiters.forEach((w) -> outcomes.put(w, new Outcome(null, new UnknownPool(poolId))));
			}
		});
		if (locked.isEmpty()) {
			return outcomes;
		}
		Instant now = this.clock.instant();
		Map<String, PoolLoad> loads = loads(locked, null, now);
		// Queued rows are read without row locks: the pool's lock serializes decisions,
		// and a cancel racing with a grant is settled by the status-guarded update
		// below. A queue this instance read or wrote last, whose stamp has not moved
		// since, is not read again.
		Map<String, Long> versions = this.store.queueVersions(ids(locked));
		Map<String, List<Reservation>> queues = new HashMap<>();
		Map<String, List<QueuePlanner.Request>> queueRequests = new HashMap<>();
		// when teams were last served in order, per pool: kept with the queue's stamp
		Map<String, Map<String, Instant>> grantsByPool = new HashMap<>();
		List<String> stale = new ArrayList<>();
		for (Pool pool : locked) {
			KnownQueue known = this.knownQueues.get(pool.id());
			Long version = versions.get(pool.id());
			if (version == null) {
				// Never queued in: whoever queues first stamps the queue.
				queues.put(pool.id(), List.of());
				queueRequests.put(pool.id(), List.of());
			}
			else if (known != null && known.version() == version) {
				queues.put(pool.id(), known.rows());
				queueRequests.put(pool.id(), known.requests());
				if (known.lastGrants() != null) {
					grantsByPool.put(pool.id(), known.lastGrants());
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
				queues.put(poolId, rows);
				queueRequests.put(poolId, requests);
				remember(poolId, versions.get(poolId), rows, requests, null);
			}
		}
		Decisions d = new Decisions();
		for (Pool pool : locked) {
			decidePool(pool, loads.get(pool.id()), queues.getOrDefault(pool.id(), List.of()),
					queueRequests.getOrDefault(pool.id(), List.of()), grantsByPool,
					byPool.getOrDefault(pool.id(), List.of()), dispatch, now, d);
		}
		this.store.wakeAt(d.wakeAt);
		this.store.granted(d.served, now);
		Set<String> inserted = this.store.insert(d.writes.inserts, d.writes.hashes);
		Set<String> updated = this.store.updateIfQueued(d.writes.updates);
		d.writes.preemptions.forEach(this.store::update);
		if (!d.writes.preemptions.isEmpty()) {
			this.metrics.ended(ReservationStatus.PREEMPTED, d.writes.preemptions.size());
		}
		Set<String> changed = new HashSet<>();
		List<String> lost = new ArrayList<>();
		for (Reservation r : d.writes.updates) {
			if (!updated.contains(r.id())) {
				// Cancelled meanwhile: what this plan gave it is free again.
				lost.add(r.poolId());
				continue;
			}
			changed.add(r.poolId());
			if (r.status() == ReservationStatus.HELD) {
				grantedFromQueue[0]++;
			}
			else {
				this.metrics.ended(r.status(), 1);
			}
		}
		rememberQueues(queues, queueRequests, grantsByPool, versions, d, inserted, updated, now);
		d.granted.forEach((w, r) -> {
			QueuePlanner.Waiting waiting = d.writes.positions.get(r.id());
			Reservation stored = inserted.contains(r.id()) ? r : null;
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
		this.teamEvents.publishAll(d.announce.stream().filter((e) -> !lostEvent(e, d.writes, updated)).toList());
		return outcomes;
	}

	private static boolean lostEvent(TeamEvent e, Writes writes, Set<String> updated) {
		return writes.updated.contains(e.reservationId()) && !updated.contains(e.reservationId());
	}

	/**
	 * A pool's queued requests as this instance last read or wrote them, and their stamp.
	 */
	private record KnownQueue(long version, List<Reservation> rows, List<QueuePlanner.Request> requests,
			Map<String, Instant> lastGrants) {
	}

	/**
	 * @param lastGrants when each team last had an in-order grant of each priority here
	 * ({@code null}: not known, read when needed)
	 */
	private void remember(String poolId, Long version, List<Reservation> rows, List<QueuePlanner.Request> requests,
			Map<String, Instant> lastGrants) {
		if (version == null) {
			this.knownQueues.remove(poolId);
		}
		else {
			this.knownQueues.put(poolId, new KnownQueue(version, Collections.unmodifiableList(rows),
					Collections.unmodifiableList(requests), lastGrants));
		}
	}

	/**
	 * Stamps the queues this decision changed (queued, granted or expired requests) and
	 * keeps them as they are now; a queue whose stamp another transaction moved meanwhile
	 * gets a new stamp too, but is read again next time.
	 */
	private void rememberQueues(Map<String, List<Reservation>> before,
			Map<String, List<QueuePlanner.Request>> beforeRequests, Map<String, Map<String, Instant>> grantsByPool,
			Map<String, Long> versions, Decisions d, Set<String> inserted, Set<String> updated, Instant now) {
		Map<String, List<Reservation>> added = new HashMap<>();
		for (Reservation r : d.writes.inserts) {
			if (r.status() == ReservationStatus.QUEUED && inserted.contains(r.id())) {
				added.computeIfAbsent(r.poolId(), (k) -> new ArrayList<>()).add(r);
			}
		}
		Set<String> gone = d.writes.updated;
		Set<String> changedPools = new TreeSet<>(added.keySet());
		d.writes.updates.forEach((r) -> changedPools.add(r.poolId()));
		// Grants in order while a queue waits change how its requests age: stamped too.
		changedPools.addAll(d.served.keySet());
		if (changedPools.isEmpty()) {
			return;
		}
		Map<String, long[]> stamps = new HashMap<>();
		for (String poolId : changedPools) {
			Long expected = versions.get(poolId);
			if (expected != null) {
				stamps.put(poolId, new long[] { expected, QueueStamps.next() });
			}
		}
		Set<String> replaced = this.store.replaceQueueVersions(stamps);
		List<String> unknown = new ArrayList<>();
		for (String poolId : changedPools) {
			if (!replaced.contains(poolId)) {
				unknown.add(poolId);
				this.knownQueues.remove(poolId);
				continue;
			}
			List<Reservation> oldRows = before.getOrDefault(poolId, List.of());
			List<QueuePlanner.Request> oldRequests = beforeRequests.getOrDefault(poolId, List.of());
			List<Reservation> rows = new ArrayList<>(oldRows.size() + 8);
			List<QueuePlanner.Request> requests = new ArrayList<>(oldRows.size() + 8);
			for (int i = 0; i < oldRows.size(); i++) {
				// Granted or expired ones are gone; so is one a cancel ended meanwhile
				// (its update found it no longer queued).
				if (!gone.contains(oldRows.get(i).id())) {
					rows.add(oldRows.get(i));
					requests.add(oldRequests.get(i));
				}
			}
			List<Reservation> arrived = added.getOrDefault(poolId, List.of());
			rows.addAll(arrived);
			requests.addAll(requests(arrived));
			Map<String, Instant> grants = grantsByPool.get(poolId);
			if (grants != null) {
				grants = new HashMap<>(grants);
				for (String served : d.served.getOrDefault(poolId, Set.of())) {
					grants.put(served, now);
				}
			}
			remember(poolId, stamps.get(poolId)[1], rows, requests, grants);
		}
		this.store.bumpQueueVersions(unknown);
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

	private void decidePool(Pool pool, PoolLoad load, List<Reservation> queued,
			List<QueuePlanner.Request> queuedRequests, Map<String, Map<String, Instant>> grantsByPool,
			List<Waiter> batch, boolean dispatch, Instant now, Decisions d) {
		String poolId = pool.id();
		Writes writes = d.writes;
		List<Waiter> holds = new ArrayList<>();
		for (Waiter w : batch) {
			ReservationDraft draft = w.draft();
			// What the request was checked against before the lock: the pool's unit,
			// and the team's allocation (from a short-lived cache).
			if (w.unit() != null && w.unit() != pool.unit()) {
				d.outcomes.put(w, new Outcome(null, new Conflict("Pool '" + poolId + "' now counts "
						+ pool.unit().name() + " (it counted " + w.unit().name() + "); send the request again")));
				continue;
			}
			if (load.fair() == null || !load.fair().has(draft.teamId())) {
				d.outcomes.put(w, new Outcome(null, new UnknownAllocation(poolId, draft.teamId())));
				continue;
			}
			if (draft.kind() == ReservationKind.HOLD) {
				holds.add(w);
				continue;
			}
			CapacityCheck.Verdict verdict = check(load, draft, now, w.zone());
			this.metrics.decided(verdict.granted() ? "granted" : "rejected", draft.kind());
			if (verdict.granted()) {
				Reservation r = newReservation(draft, ReservationStatus.SCHEDULED, null, now, load);
				writes.insert(r, draft.requestHash());
				d.granted.put(w, r);
			}
			else {
				refuse(w, verdict, pool, now, load, writes, d.outcomes);
			}
		}
		if (holds.isEmpty() && queued.isEmpty()) {
			if (dispatch) {
				d.wakeAt.put(poolId, null);
			}
			return;
		}
		// Holds go through the queue: granted in its order, or waiting in it, or refused.
		// By identity: the plan answers with the same request objects.
		Map<QueuePlanner.Request, Waiter> arrivals = new IdentityHashMap<>();
		List<QueuePlanner.Request> requests = new ArrayList<>(queuedRequests.size() + holds.size());
		requests.addAll(queuedRequests);
		for (Waiter w : holds) {
			ReservationDraft draft = w.draft();
			QueuePlanner.Request r = new QueuePlanner.Request(draft.id(), draft.teamId(), draft.amount(),
					draft.priority(), now, draft.ttl(), draft.deadline(), !draft.queue(), w.zone());
			arrivals.put(r, w);
			requests.add(r);
		}
		// Only arrivals that may wait are answered with an estimate.
		Set<QueuePlanner.Request> estimated = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
		arrivals.forEach((r, w) -> {
			if (w.draft().queue()) {
				estimated.add(r);
			}
		});
		QueuePlanner.Plan plan = new QueuePlanner(load, now, () -> this.store.heldForPreemption(poolId, now),
				queued.isEmpty() ? Map.of() : grantsByPool.computeIfAbsent(poolId, this.store::lastGrants),
				elsewhere(requests, poolId, now, dispatch))
			.plan(requests, estimated::contains);
		Map<String, Reservation> byId = new HashMap<>();
		if (!plan.expired().isEmpty() || plan.granted().stream().anyMatch((r) -> !arrivals.containsKey(r))) {
			queued.forEach((r) -> byId.put(r.id(), r));
		}
		for (QueuePlanner.Request r : plan.granted()) {
			Waiter w = arrivals.get(r);
			if (w != null) {
				this.metrics.decided("granted", ReservationKind.HOLD);
				Reservation row = newReservation(w.draft(), ReservationStatus.HELD, null, now, load);
				writes.insert(row, w.draft().requestHash());
				d.granted.put(w, row);
			}
			else {
				Reservation row = byId.get(r.id())
					.grantedAt(now, "granted from the queue after waiting "
							+ Duration.between(byId.get(r.id()).queuedAt(), now).withNanos(0));
				writes.update(row);
				d.announce.add(new TeamEvent(TeamEventType.GRANTED, row.teamId(), poolId, row.id(), "HELD",
						"Reservation " + row.id() + " was " + row.reason() + ": "
								+ CapacityCheck.amount(pool.unit(), row.amount()) + " held until " + row.expiresAt(),
						now));
			}
		}
		plan.refused().forEach((r, verdict) -> {
			this.metrics.decided("rejected", ReservationKind.HOLD);
			refuse(arrivals.get(r), verdict, pool, now, load, writes, d.outcomes);
		});
		for (QueuePlanner.Waiting waiting : plan.waiting()) {
			Waiter w = arrivals.get(waiting.request());
			if (w != null) {
				this.metrics.decided("queued", ReservationKind.HOLD);
				ReservationDraft draft = w.draft();
				Reservation row = new Reservation(draft.id(), draft.teamId(), draft.poolId(), draft.memberId(),
						draft.description(), draft.priority(), draft.kind(), draft.amount(), 0,
						ReservationStatus.QUEUED, now, draft.deadline(), null, null, null, draft.createdBy(), now, now,
						preemptible(draft, load), draft.ttl().toSeconds(), now);
				writes.insert(row, draft.requestHash());
				d.granted.put(w, row);
				writes.positions.put(row.id(), waiting);
				d.announce.add(new TeamEvent(TeamEventType.QUEUED, row.teamId(), poolId, row.id(), "QUEUED",
						"Reservation " + row.id() + " is queued at position " + waiting.position()
								+ ((waiting.estimatedGrantAt() != null)
										? "; estimated grant at " + waiting.estimatedGrantAt() : ""),
						now));
			}
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
			Reservation row = p.hold()
				.to(ReservationStatus.PREEMPTED, p.hold().consumed(), null, null, p.reason(), now);
			writes.preempt(row);
			d.announce.add(new TeamEvent(TeamEventType.PREEMPTED, row.teamId(), poolId, row.id(), "PREEMPTED",
					"Reservation " + row.id() + " was " + p.reason(), now));
		}
		if (!queued.isEmpty() || !plan.waiting().isEmpty()) {
			Set<String> served = new HashSet<>();
			// Backfilled grants do not count as service: a team whose big request waits
			// at the head keeps aging while its small ones slip through.
			plan.grantedInOrder().forEach((r) -> served.add(r.teamId() + "|" + r.priority().name()));
			if (!served.isEmpty()) {
				d.served.put(poolId, served);
			}
		}
		if (dispatch || !queued.isEmpty() || !plan.waiting().isEmpty()) {
			Instant wakeAt = plan.wakeAt();
			if (!dispatch && plan.waiting().stream().anyMatch((w) -> arrivals.containsKey(w.request()))) {
				// A hold released while this decision ran may have missed the new
				// arrivals (it looks for a queue as of its own start): look again soon
				// in any case.
				Instant recheck = now.plus(this.properties.queueRecheck());
				wakeAt = (wakeAt == null || recheck.isBefore(wakeAt)) ? recheck : wakeAt;
			}
			d.wakeAt.put(poolId, wakeAt);
		}
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

		void preempt(Reservation r) {
			this.preemptions.add(r);
		}

	}

	private void refuse(Waiter w, CapacityCheck.Verdict verdict, Pool pool, Instant now, PoolLoad load, Writes writes,
			Map<Waiter, Outcome> outcomes) {
		ReservationDraft d = w.draft();
		if (d.clientNamed()) {
			writes.insert(newReservation(d, ReservationStatus.REJECTED, verdict.reason(), now, load), d.requestHash());
		}
		outcomes.put(w, new Outcome(null, new QuotaExceeded(verdict.reason(), pool.unit().fromBase(verdict.available()),
				verdict.fitsFrom(), d.clientNamed() ? d.id() : null)));
	}

	private static List<QueuePlanner.Request> requests(List<Reservation> queued) {
		List<QueuePlanner.Request> requests = new ArrayList<>(queued.size());
		for (Reservation r : queued) {
			requests.add(new QueuePlanner.Request(r.id(), r.teamId(), r.amount(), r.priority(), r.queuedAt(),
					Duration.ofSeconds(r.ttlSeconds()), r.expiresAt(), false, ZoneOffset.UTC));
		}
		return requests;
	}

	private static boolean preemptible(ReservationDraft d, PoolLoad load) {
		return (d.preemptible() != null) ? d.preemptible() : load.preemptibleTeams().contains(d.teamId());
	}

	// ---- the queue ---------------------------------------------------------

	/** Whether requests wait in the pool's queue (read without locks). */
	public boolean hasQueue(String poolId) {
		return this.store.anyQueued(poolId);
	}

	/** A pool's queue as it stands, in order, with estimated grants. */
	public record Queue(String poolId, Unit unit, Instant at, int size, List<ReservationResponse> requests) {
	}

	/**
	 * The pool's queue in the order it would be granted, with each request's position and
	 * estimated grant (read without locks: advice, not a decision).
	 */
	public Queue queue(String poolId, int limit) {
		Ids.requireResourceId("poolId", poolId);
		if (limit < 1 || limit > MAX_LIST) {
			throw new InvalidRequest("limit", "must be from 1 to " + MAX_LIST);
		}
		Pool pool = onePool(poolId);
		Instant now = this.clock.instant();
		List<Reservation> queued = this.store.queuedUnlocked(poolId);
		Map<String, Reservation> byId = new HashMap<>();
		queued.forEach((r) -> byId.put(r.id(), r));
		QueuePlanner.Plan plan = planAsIs(pool, queued, now);
		List<ReservationResponse> answer = new ArrayList<>();
		for (QueuePlanner.Waiting w : plan.waiting()) {
			if (answer.size() >= limit) {
				break;
			}
			answer.add(ReservationResponse.queued(byId.get(w.request().id()), pool.unit(), now, w.position(),
					w.estimatedGrantAt()));
		}
		return new Queue(poolId, pool.unit(), now, plan.waiting().size(), answer);
	}

	/**
	 * The pool's queue planned as things stand, for answers (no lock, nothing written).
	 */
	private QueuePlanner.Plan planAsIs(Pool pool, List<Reservation> queued, Instant now) {
		PoolLoad load = loads(List.of(pool), null, now).get(pool.id());
		List<QueuePlanner.Request> requests = requests(queued);
		return new QueuePlanner(load, now, List::of, this.store.lastGrants(pool.id()),
				elsewhere(requests, pool.id(), now, true))
			.plan(requests, true);
	}

	/** Where a queued reservation stands, for answers about it. */
	private ReservationResponse withPlace(Reservation r, Pool pool, Instant now) {
		if (r.statusAt(now) != ReservationStatus.QUEUED) {
			return ReservationResponse.of(r, pool.unit(), now);
		}
		QueuePlanner.Plan plan = planAsIs(pool, this.store.queuedUnlocked(pool.id()), now);
		for (QueuePlanner.Waiting w : plan.waiting()) {
			if (w.request().id().equals(r.id())) {
				return ReservationResponse.queued(r, pool.unit(), now, w.position(), w.estimatedGrantAt());
			}
		}
		return ReservationResponse.of(r, pool.unit(), now);
	}

	/**
	 * Grants what a pool's queue can have now, expires what waited past its deadline, and
	 * sets when the queue must next be looked at. Waits for the pool's lock.
	 * @return the requests granted
	 */
	public int dispatch(String poolId) {
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
	 * @return the requests granted
	 */
	public int dispatchDue(int limit) {
		Instant now = this.clock.instant();
		int granted = 0;
		for (String poolId : this.store.dueQueues(now, limit)) {
			Integer n = this.transactions
				.execute((tx) -> this.pools.tryLockForDecision(poolId).map(this::dispatchLocked).orElse(0));
			granted += (n != null) ? n : 0;
		}
		return granted;
	}

	private int dispatchLocked(Pool pool) {
		// A decision batch dispatches the queue too: its path with no arrivals. (The
		// pool's lock is taken again, which the transaction already holds.)
		int[] granted = new int[1];
		decideLocked(Map.of(pool.id(), List.of()), true, granted);
		return granted[0];
	}

	/**
	 * The team's fair share first, then the pool's capacity over the reservation's time;
	 * a grant is entered into both so the next decision of a batch sees it.
	 */
	static CapacityCheck.Verdict check(PoolLoad load, ReservationDraft d, Instant now, ZoneId zone) {
		CapacityCheck.Verdict share = ShareCheck.check(load, d, now, zone);
		if (share != null) {
			return share;
		}
		CapacityCheck.Verdict verdict = CapacityCheck.check(load.profile(), load.pool(), d, zone);
		if (verdict.granted() && load.fair() != null && !d.startsAt().isAfter(now)) {
			load.fair().hold(d.teamId(), d.amount());
		}
		return verdict;
	}

	private static Reservation newReservation(ReservationDraft d, ReservationStatus status, String reason, Instant now,
			PoolLoad load) {
		return new Reservation(d.id(), d.teamId(), d.poolId(), d.memberId(), d.description(), d.priority(), d.kind(),
				d.amount(), 0, status, d.startsAt(), d.expiresAt(), null, null, reason, d.createdBy(), now, now,
				preemptible(d, load), null, null);
	}

	/** A team's share used in each pool it draws on, as read at {@code readAt}. */
	private record SharesUsed(Map<String, Double> byPool, long readAt) {
	}

	/**
	 * Each team's largest share used in the other pools it draws on: with its share used
	 * in the pool at hand, its dominant share, which orders a queue. Read without locks:
	 * it orders requests, it never lets more be held than a pool has. Dispatches and
	 * answers about a queue read it afresh; arrivals reuse it for
	 * {@code quota.reservations.definitions-ttl}, so an arrival's place may be that much
	 * out of date.
	 * @param fresh whether to read it afresh
	 */
	private Function<String, Double> elsewhere(List<QueuePlanner.Request> requests, String poolId, Instant now,
			boolean fresh) {
		Set<String> teams = new HashSet<>();
		requests.forEach((r) -> teams.add(r.teamId()));
		if (teams.size() < 2) {
			// One team's order among its own requests does not depend on its share.
			return (team) -> 0.0;
		}
		long nanos = System.nanoTime();
		List<String> stale = new ArrayList<>();
		for (String team : teams) {
			SharesUsed known = this.sharesUsed.get(team);
			if (fresh || known == null || nanos - known.readAt() > this.properties.definitionsTtl().toNanos()) {
				stale.add(team);
			}
		}
		if (!stale.isEmpty()) {
			Map<String, List<String>> poolsOf = new HashMap<>();
			Set<String> pools = new TreeSet<>();
			for (String team : stale) {
				List<String> ids = this.definitions.team(team).poolIds();
				poolsOf.put(team, ids);
				pools.addAll(ids);
			}
			List<Pool> defined = new ArrayList<>();
			for (String id : pools) {
				try {
					defined.add(this.definitions.pool(id));
				}
				catch (UnknownPool ex) {
					// deleted meanwhile: it weighs nothing
				}
			}
			Map<String, PoolLoad> loads = loads(defined, null, now);
			for (String team : stale) {
				Map<String, Double> byPool = new HashMap<>();
				for (String id : poolsOf.get(team)) {
					PoolLoad load = loads.get(id);
					if (load != null && load.fair() != null && load.fair().has(team)) {
						byPool.put(id, load.fair().shareUsed(team));
					}
				}
				this.sharesUsed.put(team, new SharesUsed(byPool, nanos));
			}
		}
		Map<String, Double> max = new HashMap<>();
		for (String team : teams) {
			SharesUsed known = this.sharesUsed.get(team);
			double m = 0;
			if (known != null) {
				for (Map.Entry<String, Double> e : known.byPool().entrySet()) {
					if (!e.getKey().equals(poolId)) {
						m = Math.max(m, e.getValue());
					}
				}
			}
			max.put(team, m);
		}
		return (team) -> max.getOrDefault(team, 0.0);
	}

	@EventListener({ PoolChanged.class, AllocationChanged.class })
	void sharesChanged() {
		this.sharesUsed.clear();
	}

	/** What {@link #holdIf} decided, and the holds it took. */
	public record HoldOutcome<T>(T decision, List<ReservationResponse> held) {
	}

	/**
	 * Checks a hold request without deciding it: the draft {@link #holdIf} would hold.
	 */
	public ReservationDraft draftHold(Caller caller, ReservationRequest request) {
		ReservationRequests.checkIds(request);
		Pool pool = onePool(request.poolId());
		ReservationDraft draft = ReservationRequests.toDraft(request, pool.unit(), caller.keyId(), this.clock.instant(),
				this.properties);
		checkMember(draft);
		return draft;
	}

	private void checkMember(ReservationDraft draft) {
		if (draft.memberId() != null && this.teams.get(draft.teamId())
			.members()
			.stream()
			.noneMatch((m) -> m.id().equals(draft.memberId()))) {
			throw new InvalidRequest("memberId", "is not a member of team '" + draft.teamId() + "'");
		}
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
			Map<String, PoolLoad> loads = loads(locked, teamId, now);
			T answer = decision.apply(loads);
			List<ReservationDraft> toHold = drafts.apply(answer);
			List<Reservation> rows = new ArrayList<>();
			Map<String, byte[]> hashes = new HashMap<>();
			List<ReservationResponse> held = new ArrayList<>();
			for (ReservationDraft d : toHold) {
				PoolLoad load = loads.get(d.poolId());
				CapacityCheck.Verdict verdict = check(load, d, now, zone);
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

	// ---- state of pools ----------------------------------------------------

	/**
	 * The pools' usage and reservations now, read without locks: for answers that advise
	 * (availability, admission without a hold), not for grants.
	 * @param teamId whose share of usage and reservations to report ({@code null}: none)
	 */
	public Map<String, PoolLoad> loads(List<Pool> pools, String teamId, Instant now) {
		// Reservations first, usage second. Each statement sees what was committed when
		// it started, and usage recorded against a hold moves quota from held to used in
		// one transaction (as do commits), so reading held before used can only count a
		// moved amount twice, never miss it: a decision may be too careful by what moved
		// meanwhile, but never grants what is not there.
		Map<String, List<ReservationStore.Held>> held = held(pools, now);
		Map<String, List<AllocationTerms.Terms>> terms = this.allocationTerms.of(ids(pools));
		return loads(pools, this.usage.currentUsage(pools, (teamId != null) ? teamId : "", now), held, terms, teamId,
				now);
	}

	private static List<String> ids(List<Pool> pools) {
		return pools.stream().map(Pool::id).toList();
	}

	/**
	 * As {@link #loads(List, String, Instant)}, from usage the caller already read (for
	 * answers that advise only).
	 */
	public Map<String, PoolLoad> loads(List<Pool> pools, CurrentUsage current, String teamId, Instant now) {
		return loads(pools, current, held(pools, now), this.allocationTerms.of(ids(pools)), teamId, now);
	}

	private Map<String, List<ReservationStore.Held>> held(List<Pool> pools, Instant now) {
		return pools.isEmpty() ? Map.of() : this.store.active(pools.stream().map(Pool::id).toList(), now);
	}

	private Map<String, PoolLoad> loads(List<Pool> pools, CurrentUsage current,
			Map<String, List<ReservationStore.Held>> held, Map<String, List<AllocationTerms.Terms>> terms,
			String teamId, Instant now) {
		Map<String, PoolLoad> loads = new LinkedHashMap<>();
		for (Pool pool : pools) {
			WindowUsage u = current.byPool().get(pool.id());
			Map<Instant, Long> freed = new HashMap<>();
			if (pool.window() instanceof RollingWindow rolling) {
				for (MinuteUsage m : current.minutesByPool().getOrDefault(pool.id(), List.of())) {
					freed.merge(rolling.freedAt(m.bucketStart()), m.amount(), Long::sum);
				}
			}
			else if (u.used() > 0) {
				freed.put(u.bounds().nextReset(), u.used());
			}
			CapacityProfile profile = new CapacityProfile(pool.limit(), now, u.used(), freed);
			long reserved = 0;
			long teamReserved = 0;
			boolean preemptibleHeld = false;
			Map<String, Long> heldByTeam = new HashMap<>();
			for (ReservationStore.Held h : held.getOrDefault(pool.id(), List.of())) {
				profile.add(new CapacityProfile.Occupancy(h.startsAt(),
						CapacityProfile.countsUntil(pool.window(), h.expiresAt()), h.amount()));
				if (!h.startsAt().isAfter(now)) {
					reserved += h.amount();
					preemptibleHeld |= h.preemptible();
					heldByTeam.merge(h.teamId(), h.amount(), Long::sum);
					if (h.teamId().equals(teamId)) {
						teamReserved += h.amount();
					}
				}
			}
			List<AllocationTerms.Terms> poolTerms = terms.getOrDefault(pool.id(), List.of());
			FairShare fair = poolTerms.isEmpty() ? null : AllocationTerms.fairShare(pool.limit(), u.used(), reserved,
					poolTerms, current.teams(pool.id()), heldByTeam);
			// When each team's usage comes back: asked only when a request is refused or
			// estimated, so a decision that grants never walks the teams' buckets.
			Function<String, NavigableMap<Instant, Long>> freedByTeam = (team) -> freedOf(pool, u, current, team);
			Set<String> preemptibleTeams = new HashSet<>();
			poolTerms.stream()
				.filter(AllocationTerms.Terms::preemptible)
				.forEach((t) -> preemptibleTeams.add(t.teamId()));
			loads.put(pool.id(), new PoolLoad(pool, u, reserved, teamReserved, profile, fair, freedByTeam,
					preemptibleTeams, preemptibleHeld));
		}
		return loads;
	}

	private static NavigableMap<Instant, Long> freedOf(Pool pool, WindowUsage u, CurrentUsage current, String teamId) {
		NavigableMap<Instant, Long> times = new TreeMap<>();
		if (pool.window() instanceof RollingWindow rolling) {
			current.minutes(pool.id(), teamId)
				.forEach((m) -> times.merge(rolling.freedAt(m.bucketStart()), m.amount(), Long::sum));
		}
		else {
			Long used = current.teams(pool.id()).get(teamId);
			if (used != null) {
				times.put(u.bounds().nextReset(), used);
			}
		}
		return times;
	}

	/**
	 * What a hold of the default ttl could take of the pool now: neither used nor held,
	 * and not needed by a scheduled reservation while the hold's usage would count.
	 * Without a team: by any team; with one, also within that team's fair share.
	 */
	public long holdable(PoolLoad load, String teamId, Instant now) {
		Instant until = CapacityProfile.countsUntil(load.pool().window(), now.plus(this.properties.defaultTtl()));
		long free = Math.max(0, load.profile().minFree(now, until));
		if (teamId != null && load.fair() != null && load.fair().has(teamId)) {
			return Math.min(free, load.fair().available(teamId));
		}
		return free;
	}

	/**
	 * The next instant at which the load of one of these pools changes (a reservation
	 * starts or ends, usage stops counting), if any.
	 */
	public Instant nextChange(List<PoolLoad> loads, Instant now) {
		Instant next = null;
		for (PoolLoad load : loads) {
			Instant change = load.profile().nextChange(now);
			if (change != null && (next == null || change.isBefore(next))) {
				next = change;
			}
		}
		return next;
	}

	// ---- reading -----------------------------------------------------------

	public ReservationResponse get(Caller caller, String id) {
		Ids.requireResourceId("reservationId", id);
		Reservation r = this.store.find(id).orElseThrow(() -> new UnknownReservation(id)).reservation();
		caller.requireTeam(r.teamId());
		return withPlace(r, onePool(r.poolId()), this.clock.instant());
	}

	/**
	 * A team's reservations whose interval reaches into {@code [from, to)}, with the
	 * given statuses (as of now), oldest start first.
	 */
	public List<ReservationResponse> ofTeam(String teamId, List<ReservationStatus> statuses, Instant from, Instant to,
			int limit) {
		Ids.requireResourceId("teamId", teamId);
		if (from != null && to != null && !to.isAfter(from)) {
			throw new InvalidRequest("to", "must be after from");
		}
		if (limit < 1 || limit > MAX_LIST) {
			throw new InvalidRequest("limit", "must be from 1 to " + MAX_LIST);
		}
		this.teams.teamPools(teamId);
		Set<ReservationStatus> wanted = (statuses == null || statuses.isEmpty())
				? EnumSet.allOf(ReservationStatus.class) : EnumSet.copyOf(statuses);
		Instant now = this.clock.instant();
		Map<String, Pool> poolsById = new HashMap<>();
		List<ReservationResponse> answer = new ArrayList<>();
		for (Reservation r : this.store.ofTeam(teamId, wanted, from, to, limit, now)) {
			if (wanted.contains(r.statusAt(now))) {
				Pool pool = poolsById.computeIfAbsent(r.poolId(), this::onePool);
				answer.add(ReservationResponse.of(r, pool.unit(), now));
			}
		}
		return answer;
	}

	// ---- ending ------------------------------------------------------------

	/**
	 * Ends a hold with what the work used in all: the part not yet recorded by usage
	 * events is recorded now (counted against the reservation's pool), anything beyond
	 * the held amount is reported as overrun, and the rest goes back to the pool.
	 */
	@Transactional
	public ReservationResponse commit(Caller caller, String id, CommitRequest request) {
		Ids.requireResourceId("reservationId", id);
		Reservation r = this.store.lock(id).orElseThrow(() -> new UnknownReservation(id));
		caller.requireTeam(r.teamId());
		Pool pool = onePool(r.poolId());
		List<FieldError> errors = new ArrayList<>();
		long actual = Amounts.toBase("amount", (request != null) ? request.amount() : null, pool.unit(), true, errors);
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		Instant now = this.clock.instant();
		if (r.status() == ReservationStatus.COMMITTED) {
			if (r.committedAmount() == actual) {
				return ReservationResponse.of(r, pool.unit(), now);
			}
			throw new Conflict("Reservation '" + id + "' was already committed with "
					+ CapacityCheck.amount(pool.unit(), r.committedAmount()));
		}
		ReservationStatus status = r.statusAt(now);
		if (status != ReservationStatus.HELD) {
			throw new Conflict("Reservation '" + id + "' is " + status + "; only a HELD reservation can be committed"
					+ ((status == ReservationStatus.EXPIRED) ? ". Record what was used with POST /usage-events" : ""));
		}
		long extra = Math.max(0, actual - r.consumed());
		if (extra > 0) {
			this.usage.recordCommitted("reservation:" + id + ":commit", r.teamId(), r.memberId(), pool, extra, now, id);
		}
		long total = r.consumed() + extra;
		long overrun = Math.max(0, total - r.amount());
		String reason = "committed: " + CapacityCheck.amount(pool.unit(), total) + " used of "
				+ CapacityCheck.amount(pool.unit(), r.amount()) + " held"
				+ ((overrun > 0) ? ", " + CapacityCheck.amount(pool.unit(), overrun) + " over" : "");
		Reservation done = r.to(ReservationStatus.COMMITTED, total, actual, overrun, reason, now);
		this.store.update(done);
		if (overrun > 0) {
			this.metrics.overrun(r.poolId(), pool.unit().fromBase(overrun).doubleValue());
		}
		this.metrics.ended(ReservationStatus.COMMITTED, 1);
		this.events.publishEvent(new ReservationsChanged(List.of(r.poolId())));
		if (total < r.amount()) {
			this.events.publishEvent(new QuotaFreed(List.of(r.poolId())));
		}
		return ReservationResponse.of(done, pool.unit(), now);
	}

	/**
	 * Gives back what a hold has not used; usage already recorded against it stays.
	 * Releasing a released hold answers it again.
	 */
	public ReservationResponse release(Caller caller, String id) {
		Ids.requireResourceId("reservationId", id);
		// The common case in one statement shared with whatever other releases wait;
		// anything else (already released, not held, another team's, unknown) is answered
		// under the row's lock below.
		ReservationStore.Released released = this.releases.submit(new ReservationStore.ReleaseAsked(id,
				caller.isAdmin() ? null : Objects.requireNonNullElse(caller.teamId(), "")));
		if (released != null) {
			Reservation done = released.reservation();
			return ReservationResponse.of(done, onePool(done.poolId()).unit(), this.clock.instant());
		}
		return this.transactions.execute((tx) -> end(caller, id, ReservationStatus.RELEASED, ReservationStatus.HELD,
				RELEASED_REASON, "to call off a SCHEDULED one, DELETE it"));
	}

	/**
	 * Releases what waits in one statement; a hold that is not released is answered
	 * {@code null}.
	 */
	private void releaseBatch(List<Combiner.Slot<ReservationStore.ReleaseAsked, ReservationStore.Released>> slots) {
		this.metrics.releaseBatch(slots.size());
		Instant now = this.clock.instant();
		Map<String, ReservationStore.Released> released = new HashMap<>();
		try {
			released.putAll(this.store.releaseAllIfHeld(slots.stream().map(Combiner.Slot::input).toList(),
					RELEASED_REASON, now));
		}
		catch (DataAccessException ex) {
			if (slots.size() == 1) {
				throw ex;
			}
			// e.g. a deadlock with another instance's batch over the same holds: the
			// statement changed nothing, so each goes on its own
			log.debug("Releasing {} holds in one statement failed; releasing them one by one", slots.size(), ex);
			for (Combiner.Slot<ReservationStore.ReleaseAsked, ReservationStore.Released> slot : slots) {
				ReservationStore.ReleaseAsked asked = slot.input();
				try {
					this.store.releaseIfHeld(asked.id(), asked.teamId(), RELEASED_REASON, now)
						.ifPresent((r) -> released.put(asked.id(), r));
				}
				catch (RuntimeException single) {
					slot.fail(single);
				}
			}
		}
		for (Combiner.Slot<ReservationStore.ReleaseAsked, ReservationStore.Released> slot : slots) {
			ReservationStore.Released r = released.get(slot.input().id());
			boolean theirs = r != null
					&& (slot.input().teamId() == null || slot.input().teamId().equals(r.reservation().teamId()));
			slot.answer(theirs ? r : null);
		}
		if (released.isEmpty()) {
			return;
		}
		this.metrics.ended(ReservationStatus.RELEASED, released.size());
		this.events.publishEvent(new ReservationsChanged(
				released.values().stream().map((r) -> r.reservation().poolId()).distinct().toList()));
		List<String> queued = released.values()
			.stream()
			.filter(ReservationStore.Released::queued)
			.map((r) -> r.reservation().poolId())
			.distinct()
			.toList();
		if (!queued.isEmpty()) {
			this.events.publishEvent(new QuotaFreed(queued));
		}
	}

	/**
	 * Calls off a scheduled reservation before its window begins, or a queued request
	 * before it is granted.
	 */
	@Transactional
	public ReservationResponse cancel(Caller caller, String id) {
		return end(caller, id, ReservationStatus.CANCELLED,
				EnumSet.of(ReservationStatus.SCHEDULED, ReservationStatus.QUEUED), "cancelled before it began",
				"to end a HELD one, release or commit it");
	}

	private ReservationResponse end(Caller caller, String id, ReservationStatus target, ReservationStatus from,
			String reason, String hint) {
		return end(caller, id, target, EnumSet.of(from), reason, hint);
	}

	private ReservationResponse end(Caller caller, String id, ReservationStatus target, Set<ReservationStatus> from,
			String reason, String hint) {
		Ids.requireResourceId("reservationId", id);
		Reservation r = this.store.lock(id).orElseThrow(() -> new UnknownReservation(id));
		caller.requireTeam(r.teamId());
		Pool pool = onePool(r.poolId());
		Instant now = this.clock.instant();
		if (r.status() == target) {
			return ReservationResponse.of(r, pool.unit(), now);
		}
		ReservationStatus status = r.statusAt(now);
		if (!from.contains(status)) {
			String allowed = String.join(" or ", from.stream().map(Enum::name).toList());
			throw new Conflict("Reservation '" + id + "' is " + status + "; only a " + allowed + " reservation can be "
					+ target.name().toLowerCase(java.util.Locale.ROOT) + ((status.active()) ? " (" + hint + ")" : ""));
		}
		Reservation done = r.to(target, r.consumed(), null, null, reason, now);
		this.store.update(done);
		if (status == ReservationStatus.QUEUED) {
			this.store.bumpQueueVersions(List.of(r.poolId()));
		}
		this.metrics.ended(target, 1);
		this.events.publishEvent(new ReservationsChanged(List.of(r.poolId())));
		if (status != ReservationStatus.QUEUED) {
			this.events.publishEvent(new QuotaFreed(List.of(r.poolId())));
		}
		return ReservationResponse.of(done, pool.unit(), now);
	}

	/**
	 * Draws reservations down by usage recorded against them, in the transaction that
	 * records it.
	 */
	@EventListener
	void usageAgainstReservations(UsageAgainstReservations event) {
		int n = event.drawdowns().size();
		List<String> ids = new ArrayList<>(n);
		List<String> teamIds = new ArrayList<>(n);
		List<String> poolIds = new ArrayList<>(n);
		long[] amounts = new long[n];
		for (int i = 0; i < n; i++) {
			UsageAgainstReservations.Drawdown d = event.drawdowns().get(i);
			ids.add(d.reservationId());
			teamIds.add(d.teamId());
			poolIds.add(d.poolId());
			amounts[i] = d.amount();
		}
		if (this.store.drawDown(ids, teamIds, poolIds, amounts, this.clock.instant()) > 0) {
			this.events.publishEvent(new ReservationsChanged(poolIds.stream().distinct().toList()));
		}
	}

	// ---- projections -------------------------------------------------------

	/**
	 * Projected free capacity of a pool per step over {@code [from, to)}: for each step,
	 * its tightest instant, if nothing more is used than is recorded or reserved.
	 */
	public CapacityForecast capacity(String poolId, Instant from, Instant to, Duration step) {
		Ids.requireResourceId("poolId", poolId);
		Pool pool = onePool(poolId);
		Instant now = this.clock.instant();
		Instant start = (from != null) ? from : now;
		List<FieldError> errors = new ArrayList<>();
		if (start.isBefore(now.minus(Duration.ofMinutes(1)))) {
			errors.add(FieldError.of("from", "must not be in the past: capacity is projected from now on"));
		}
		if (start.isBefore(now)) {
			start = now;
		}
		Duration stepLength = (step != null) ? step : Duration.ofHours(1);
		if (stepLength.compareTo(Duration.ofMinutes(1)) < 0 || stepLength.compareTo(Duration.ofDays(31)) > 0) {
			errors.add(FieldError.of("step", "must be from PT1M to P31D"));
		}
		Instant end = (to != null) ? to : start.plus(Duration.ofDays(1));
		if (!end.isAfter(start)) {
			errors.add(FieldError.of("to", "must be after from"));
		}
		else if (Duration.between(start, end).compareTo(ReservationRequests.MAX_AHEAD) > 0) {
			errors.add(FieldError.of("to",
					"must be at most " + ReservationRequests.MAX_AHEAD.toDays() + " days after from"));
		}
		else if (errors.isEmpty() && Duration.between(start, end).dividedBy(stepLength) >= 1000) {
			errors.add(FieldError.of("step", "gives more than 1000 steps; choose a longer step or a shorter range"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		CapacityProfile profile = loads(List.of(pool), null, now).get(poolId).profile();
		long buffer = CapacityCheck.bufferOf(pool);
		List<CapacityForecast.Step> steps = new ArrayList<>();
		for (Instant a = start; a.isBefore(end); a = a.plus(stepLength)) {
			Instant b = a.plus(stepLength).isAfter(end) ? end : a.plus(stepLength);
			CapacityProfile.Load tightest = profile.tightest(a, b);
			steps.add(new CapacityForecast.Step(a, b, pool.unit().fromBase(Math.max(0, tightest.free())),
					pool.unit().fromBase(Math.max(0, tightest.free() - buffer)), pool.unit().fromBase(tightest.usage()),
					pool.unit().fromBase(tightest.reserved()), tightest.at()));
		}
		return new CapacityForecast(poolId, pool.unit(), pool.unit().fromBase(pool.limit()),
				pool.unit().fromBase(buffer), now, start, end, stepLength, steps);
	}

	private Pool onePool(String poolId) {
		return this.definitions.pool(poolId);
	}

}
