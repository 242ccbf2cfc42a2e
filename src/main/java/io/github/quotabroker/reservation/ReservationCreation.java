package io.github.quotabroker.reservation;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.reservation.ReservationService.Created;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.team.TeamService.TeamPools;
import io.github.quotabroker.team.UnknownAllocation;
import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.Conflict;
import io.github.quotabroker.web.InvalidRequest;
import io.github.quotabroker.web.Unavailable;

import org.springframework.stereotype.Component;

/**
 * Creates reservations: checks a request (ids, allocation, member), answers a retry of a
 * named request with its earlier reservation, and has the rest decided by the
 * {@link DecisionLanes}.
 */
@Component
class ReservationCreation {

	private final ReservationStore store;

	private final DecisionLanes lanes;

	private final TeamService teams;

	private final DecisionDefinitions definitions;

	private final ReservationProperties properties;

	private final ReservationMetrics metrics;

	private final Clock clock;

	ReservationCreation(ReservationStore store, DecisionLanes lanes, TeamService teams, DecisionDefinitions definitions,
			ReservationProperties properties, ReservationMetrics metrics, Clock clock) {
		this.store = store;
		this.lanes = lanes;
		this.teams = teams;
		this.definitions = definitions;
		this.properties = properties;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * Grants a hold or a window reservation, or refuses it with {@link QuotaExceeded}
	 * saying what would fit. A retry with the id of an earlier request answers that
	 * request's reservation.
	 */
	Created create(Caller caller, ReservationRequest request) {
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
			return decide(draft, team, pool, now);
		}
		finally {
			this.metrics.latency(System.nanoTime() - started);
		}
	}

	private Created decide(ReservationDraft draft, TeamPools team, Pool pool, Instant now) {
		ReservationDecisions.Outcome outcome = this.lanes.decide(draft, team.zone(), pool.unit());
		if (outcome.rejection() instanceof UnknownAllocation) {
			// The allocation (or the team) went away since it was looked up.
			this.definitions.forgetTeam(draft.teamId());
			this.teams.teamPools(draft.teamId());
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
		return new Created(ReservationResponse.of(r, this.definitions.pool(r.poolId()).unit(), now), false);
	}

	/**
	 * Checks a hold request without deciding it: the draft
	 * {@link ConditionalHolds#holdIf} would hold.
	 */
	ReservationDraft draftHold(Caller caller, ReservationRequest request) {
		return draft(caller, request, this.clock.instant());
	}

	/** As {@link #draftHold}, for a hold or a window, checked as of {@code now}. */
	ReservationDraft draft(Caller caller, ReservationRequest request, Instant now) {
		ReservationRequests.checkIds(request);
		Pool pool = this.definitions.pool(request.poolId());
		ReservationDraft draft = ReservationRequests.toDraft(request, pool.unit(), caller.keyId(), now,
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

}
