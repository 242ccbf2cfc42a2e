package io.github.quotabroker.reservation;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.pool.RollingWindow;
import io.github.quotabroker.pool.UnknownPool;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
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
 * serialized per pool by the database. Requests for one pool that arrive while a decision
 * is running are decided together in the next transaction (one lock, one read of the
 * pool's usage and reservations, one insert), which is what keeps contended pools fast.
 */
@Service
public class ReservationService {

	private static final Logger log = LoggerFactory.getLogger(ReservationService.class);

	private static final int MAX_LIST = 1000;

	private final ReservationStore store;

	private final PoolService pools;

	private final TeamService teams;

	private final UsageService usage;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final ReservationProperties properties;

	private final ReservationMetrics metrics;

	private final Clock clock;

	private final Map<String, Combiner> combiners = new ConcurrentHashMap<>();

	ReservationService(ReservationStore store, PoolService pools, TeamService teams, UsageService usage,
			PlatformTransactionManager transactionManager, ApplicationEventPublisher events,
			ReservationProperties properties, ReservationMetrics metrics, Clock clock) {
		this.store = store;
		this.pools = pools;
		this.teams = teams;
		this.usage = usage;
		this.transactions = new TransactionTemplate(transactionManager);
		this.events = events;
		this.properties = properties;
		this.metrics = metrics;
		this.clock = clock;
	}

	/** A reservation as answered, and whether this request created it. */
	public record Created(ReservationResponse reservation, boolean created) {
	}

	/**
	 * A pool's state for a decision: its usage in the window in force, what active
	 * reservations hold of it now (all teams, and the team asked about), and its
	 * projected load.
	 */
	public record PoolLoad(Pool pool, WindowUsage usage, long reserved, long teamReserved, CapacityProfile profile) {
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
		TeamPools team = this.teams.teamPools(request.teamId());
		if (!team.poolIds().contains(request.poolId())) {
			throw new UnknownAllocation(request.poolId(), request.teamId());
		}
		Pool pool = onePool(request.poolId());
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
			Outcome outcome = decide(draft, team.zone());
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
			return new Created(ReservationResponse.of(outcome.reservation(), pool.unit(), now), true);
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

	private record Outcome(Reservation reservation, ApiException rejection) {
	}

	private record Waiter(ReservationDraft draft, ZoneId zone, CompletableFuture<Outcome> outcome) {
	}

	/** The requests waiting for one pool, and who is deciding them. */
	private static final class Combiner {

		final ReentrantLock deciding = new ReentrantLock();

		final ConcurrentLinkedQueue<Waiter> waiting = new ConcurrentLinkedQueue<>();

	}

	/**
	 * Queues the draft for its pool; whoever holds the pool's turn decides everything
	 * waiting in one transaction. (The JVM lock only batches; the database row lock is
	 * what makes decisions of several instances correct.)
	 */
	private Outcome decide(ReservationDraft draft, ZoneId zone) {
		Combiner combiner = this.combiners.computeIfAbsent(draft.poolId(), (k) -> new Combiner());
		Waiter mine = new Waiter(draft, zone, new CompletableFuture<>());
		combiner.waiting.add(mine);
		combiner.deciding.lock();
		try {
			while (!mine.outcome().isDone()) {
				List<Waiter> batch = new ArrayList<>();
				Waiter next;
				while (batch.size() < this.properties.maxDecisionBatch() && (next = combiner.waiting.poll()) != null) {
					batch.add(next);
				}
				decideBatch(draft.poolId(), batch);
			}
		}
		finally {
			combiner.deciding.unlock();
		}
		try {
			return mine.outcome().join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw ex;
		}
	}

	private void decideBatch(String poolId, List<Waiter> batch) {
		this.metrics.batch(batch.size());
		try {
			Map<Waiter, Outcome> outcomes = this.transactions.execute((tx) -> decideLocked(poolId, batch));
			batch.forEach((w) -> w.outcome().complete(outcomes.get(w)));
		}
		catch (RuntimeException ex) {
			log.error("Deciding {} reservation requests for pool {} failed", batch.size(), poolId, ex);
			batch.forEach((w) -> w.outcome()
				.completeExceptionally(
						new Unavailable("The reservation could not be decided just now; retrying is safe")));
		}
	}

	private Map<Waiter, Outcome> decideLocked(String poolId, List<Waiter> batch) {
		Map<Waiter, Outcome> outcomes = new HashMap<>();
		List<Pool> locked = this.pools.lockForDecision(List.of(poolId));
		if (locked.isEmpty()) {
			batch.forEach((w) -> outcomes.put(w, new Outcome(null, new UnknownPool(poolId))));
			return outcomes;
		}
		Pool pool = locked.get(0);
		Instant now = this.clock.instant();
		CapacityProfile profile = loads(List.of(pool), null, now).get(poolId).profile();
		List<Reservation> rows = new ArrayList<>();
		Map<String, byte[]> hashes = new HashMap<>();
		Map<Waiter, Reservation> granted = new LinkedHashMap<>();
		for (Waiter w : batch) {
			ReservationDraft d = w.draft();
			CapacityCheck.Verdict verdict = CapacityCheck.check(profile, pool, d, w.zone());
			this.metrics.decided(verdict.granted() ? "granted" : "rejected", d.kind());
			if (verdict.granted()) {
				Reservation r = newReservation(d,
						d.startsAt().isAfter(now) ? ReservationStatus.SCHEDULED : ReservationStatus.HELD, null, now);
				rows.add(r);
				hashes.put(r.id(), d.requestHash());
				granted.put(w, r);
			}
			else {
				if (d.clientNamed()) {
					Reservation r = newReservation(d, ReservationStatus.REJECTED, verdict.reason(), now);
					rows.add(r);
					hashes.put(r.id(), d.requestHash());
				}
				outcomes.put(w,
						new Outcome(null, new QuotaExceeded(verdict.reason(), pool.unit().fromBase(verdict.available()),
								verdict.fitsFrom(), d.clientNamed() ? d.id() : null)));
			}
		}
		Set<String> inserted = this.store.insert(rows, hashes);
		granted.forEach((w, r) -> outcomes.put(w, new Outcome(inserted.contains(r.id()) ? r : null, null)));
		if (!granted.isEmpty()) {
			this.events.publishEvent(new ReservationsChanged(List.of(poolId)));
		}
		return outcomes;
	}

	private static Reservation newReservation(ReservationDraft d, ReservationStatus status, String reason,
			Instant now) {
		return new Reservation(d.id(), d.teamId(), d.poolId(), d.memberId(), d.description(), d.priority(), d.kind(),
				d.amount(), 0, status, d.startsAt(), d.expiresAt(), null, null, reason, d.createdBy(), now, now);
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
				CapacityCheck.Verdict verdict = CapacityCheck.check(load.profile(), load.pool(), d, zone);
				this.metrics.decided(verdict.granted() ? "granted" : "rejected", d.kind());
				if (!verdict.granted()) {
					throw new QuotaExceeded(verdict.reason(), load.pool().unit().fromBase(verdict.available()),
							verdict.fitsFrom(), null);
				}
				Reservation r = newReservation(d, ReservationStatus.HELD, null, now);
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
		return loads(pools, this.usage.currentUsage(pools, (teamId != null) ? teamId : "", now), held, teamId, now);
	}

	/**
	 * As {@link #loads(List, String, Instant)}, from usage the caller already read (for
	 * answers that advise only).
	 */
	public Map<String, PoolLoad> loads(List<Pool> pools, CurrentUsage current, String teamId, Instant now) {
		return loads(pools, current, held(pools, now), teamId, now);
	}

	private Map<String, List<ReservationStore.Held>> held(List<Pool> pools, Instant now) {
		return pools.isEmpty() ? Map.of() : this.store.active(pools.stream().map(Pool::id).toList(), now);
	}

	private Map<String, PoolLoad> loads(List<Pool> pools, CurrentUsage current,
			Map<String, List<ReservationStore.Held>> held, String teamId, Instant now) {
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
			for (ReservationStore.Held h : held.getOrDefault(pool.id(), List.of())) {
				profile.add(new CapacityProfile.Occupancy(h.startsAt(),
						CapacityProfile.countsUntil(pool.window(), h.expiresAt()), h.amount()));
				if (!h.startsAt().isAfter(now)) {
					reserved += h.amount();
					if (h.teamId().equals(teamId)) {
						teamReserved += h.amount();
					}
				}
			}
			loads.put(pool.id(), new PoolLoad(pool, u, reserved, teamReserved, profile));
		}
		return loads;
	}

	/**
	 * What a hold of the default ttl could take of the pool now: neither used nor held,
	 * and not needed by a scheduled reservation while the hold's usage would count.
	 */
	public long holdable(PoolLoad load, Instant now) {
		Instant until = CapacityProfile.countsUntil(load.pool().window(), now.plus(this.properties.defaultTtl()));
		return Math.max(0, load.profile().minFree(now, until));
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
		return ReservationResponse.of(r, onePool(r.poolId()).unit(), this.clock.instant());
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
		Reservation done = new Reservation(r.id(), r.teamId(), r.poolId(), r.memberId(), r.description(), r.priority(),
				r.kind(), r.amount(), total, ReservationStatus.COMMITTED, r.startsAt(), r.expiresAt(), actual, overrun,
				reason, r.createdBy(), r.createdAt(), now);
		this.store.update(done);
		if (overrun > 0) {
			this.metrics.overrun(r.poolId(), pool.unit().fromBase(overrun).doubleValue());
		}
		this.metrics.ended(ReservationStatus.COMMITTED, 1);
		this.events.publishEvent(new ReservationsChanged(List.of(r.poolId())));
		return ReservationResponse.of(done, pool.unit(), now);
	}

	/**
	 * Gives back what a hold has not used; usage already recorded against it stays.
	 * Releasing a released hold answers it again.
	 */
	@Transactional
	public ReservationResponse release(Caller caller, String id) {
		return end(caller, id, ReservationStatus.RELEASED, ReservationStatus.HELD,
				"released: the unused part went back to the pool", "to call off a SCHEDULED one, DELETE it");
	}

	/** Calls off a scheduled reservation before its window begins. */
	@Transactional
	public ReservationResponse cancel(Caller caller, String id) {
		return end(caller, id, ReservationStatus.CANCELLED, ReservationStatus.SCHEDULED, "cancelled before it began",
				"to end a HELD one, release or commit it");
	}

	private ReservationResponse end(Caller caller, String id, ReservationStatus target, ReservationStatus from,
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
		if (status != from) {
			throw new Conflict("Reservation '" + id + "' is " + status + "; only a " + from + " reservation can be "
					+ target.name().toLowerCase(java.util.Locale.ROOT) + ((status.active()) ? " (" + hint + ")" : ""));
		}
		Reservation done = new Reservation(r.id(), r.teamId(), r.poolId(), r.memberId(), r.description(), r.priority(),
				r.kind(), r.amount(), r.consumed(), target, r.startsAt(), r.expiresAt(), null, null, reason,
				r.createdBy(), r.createdAt(), now);
		this.store.update(done);
		this.metrics.ended(target, 1);
		this.events.publishEvent(new ReservationsChanged(List.of(r.poolId())));
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
		List<Pool> found = this.pools.byIds(List.of(poolId));
		if (found.isEmpty()) {
			throw new UnknownPool(poolId);
		}
		return found.get(0);
	}

}
