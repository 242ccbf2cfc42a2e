package io.github.quotabroker.reservation;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.github.quotabroker.capacity.QuotaFreed;
import io.github.quotabroker.capacity.Wording;
import io.github.quotabroker.events.TeamEvent;
import io.github.quotabroker.events.TeamEventType;
import io.github.quotabroker.events.TeamEvents;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.team.TeamService.TeamPools;
import io.github.quotabroker.team.UnknownAllocation;
import io.github.quotabroker.usage.UsageAgainstReservations;
import io.github.quotabroker.usage.UsageService;
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
 * The life of a reservation: creating it (checked, then decided by
 * {@link ReservationDecisions}), reading it, and ending it by commit, release or cancel;
 * usage recorded against it draws it down. Expiry is the {@link ExpirySweeper}'s.
 */
@Service
public class ReservationService {

	private static final Logger log = LoggerFactory.getLogger(ReservationService.class);

	private static final int MAX_LIST = 1000;

	private static final String RELEASED_REASON = "released: the unused part went back to the pool";

	private final ReservationStore store;

	private final ReservationDecisions decisions;

	private final ReservationQueue queue;

	private final TeamService teams;

	private final DecisionDefinitions definitions;

	private final UsageService usage;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final ReservationProperties properties;

	private final ReservationMetrics metrics;

	private final TeamEvents teamEvents;

	private final Clock clock;

	/** Releases waiting, done together in one statement. */
	private final Combiner<ReservationStore.ReleaseAsked, ReservationStore.Released> releases;

	ReservationService(ReservationStore store, ReservationDecisions decisions, ReservationQueue queue,
			TeamService teams, DecisionDefinitions definitions, UsageService usage,
			PlatformTransactionManager transactionManager, ApplicationEventPublisher events,
			ReservationProperties properties, ReservationMetrics metrics, TeamEvents teamEvents, Clock clock) {
		this.store = store;
		this.decisions = decisions;
		this.queue = queue;
		this.definitions = definitions;
		this.releases = new Combiner<>("reservation-releases", properties.decisionLanes(),
				properties.maxDecisionBatch(), this::releaseBatch,
				() -> new Unavailable("The hold could not be released just now; retrying is safe"));
		this.teams = teams;
		this.usage = usage;
		this.transactions = new TransactionTemplate(transactionManager);
		this.events = events;
		this.properties = properties;
		this.metrics = metrics;
		this.teamEvents = teamEvents;
		this.clock = clock;
	}

	/** Stops the release lanes (after the web server stopped taking requests). */
	@PreDestroy
	void stopLanes() {
		this.releases.close();
	}

	/** A reservation as answered, and whether this request created it. */
	public record Created(ReservationResponse reservation, boolean created) {
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
			ReservationDecisions.Outcome outcome = this.decisions.decide(draft, team.zone(), pool.unit());
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

	/**
	 * Checks a hold request without deciding it: the draft
	 * {@link ReservationDecisions#holdIf} would hold.
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

	// ---- reading -----------------------------------------------------------

	public ReservationResponse get(Caller caller, String id) {
		Ids.requireResourceId("reservationId", id);
		Reservation r = this.store.find(id).orElseThrow(() -> new UnknownReservation(id)).reservation();
		caller.requireTeam(r.teamId());
		return this.queue.withPlace(r, onePool(r.poolId()), this.clock.instant());
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
					+ Wording.amount(pool.unit(), r.committedAmount()));
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
		String reason = "committed: " + Wording.amount(pool.unit(), total) + " used of "
				+ Wording.amount(pool.unit(), r.amount()) + " held"
				+ ((overrun > 0) ? ", " + Wording.amount(pool.unit(), overrun) + " over" : "");
		Reservation done = r.to(ReservationStatus.COMMITTED, total, actual, overrun, reason, now);
		this.store.update(done);
		this.teamEvents.publish(ended(TeamEventType.COMMITTED, done, now));
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
		this.teamEvents.publishAll(
				released.values().stream().map((r) -> ended(TeamEventType.RELEASED, r.reservation(), now)).toList());
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
		this.teamEvents.publish(ended(TeamEventType.valueOf(target.name()), done, now));
		if (status == ReservationStatus.QUEUED) {
			this.queue.changed(r.poolId());
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

	/** What a stream client is told when a reservation ends by a caller's request. */
	private static TeamEvent ended(TeamEventType type, Reservation r, Instant now) {
		return new TeamEvent(type, r.teamId(), r.poolId(), r.id(), r.status().name(),
				"Reservation " + r.id() + " was " + r.reason(), now);
	}

	private Pool onePool(String poolId) {
		return this.definitions.pool(poolId);
	}

}
