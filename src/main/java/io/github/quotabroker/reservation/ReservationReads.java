package io.github.quotabroker.reservation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;

import org.springframework.stereotype.Component;

/** Reads reservations: one by id (a queued one with its place), or a team's. */
@Component
class ReservationReads {

	private static final int MAX_LIST = 1000;

	private final ReservationStore store;

	private final ReservationQueue queue;

	private final TeamService teams;

	private final DecisionDefinitions definitions;

	private final Clock clock;

	ReservationReads(ReservationStore store, ReservationQueue queue, TeamService teams, DecisionDefinitions definitions,
			Clock clock) {
		this.store = store;
		this.queue = queue;
		this.teams = teams;
		this.definitions = definitions;
		this.clock = clock;
	}

	ReservationResponse get(Caller caller, String id) {
		Ids.requireResourceId("reservationId", id);
		Reservation r = this.store.find(id).orElseThrow(() -> new UnknownReservation(id)).reservation();
		caller.requireTeam(r.teamId());
		return this.queue.withPlace(r, this.definitions.pool(r.poolId()), this.clock.instant());
	}

	/**
	 * A team's reservations whose interval reaches into {@code [from, to)}, with the
	 * given statuses (as of now), oldest start first.
	 */
	List<ReservationResponse> ofTeam(String teamId, List<ReservationStatus> statuses, Instant from, Instant to,
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
				Pool pool = poolsById.computeIfAbsent(r.poolId(), this.definitions::pool);
				answer.add(ReservationResponse.of(r, pool.unit(), now));
			}
		}
		return answer;
	}

}
