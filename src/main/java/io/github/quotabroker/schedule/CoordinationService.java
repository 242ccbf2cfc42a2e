package io.github.quotabroker.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.quotabroker.capacity.CapacityCheck;
import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.reservation.PoolLoads;
import io.github.quotabroker.team.Allocation;
import io.github.quotabroker.team.Member;
import io.github.quotabroker.team.Team;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.team.WorkingHours;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;

import org.springframework.stereotype.Service;

/**
 * {@code GET /pools/{poolId}/coordination}: reads the pool's load, its teams and their
 * members' working hours, and each team's measured demand by hour of the week
 * ({@link DemandHistory}), and has the {@link CoordinationPlan} lay out the day(s). A
 * pure read.
 */
@Service
public class CoordinationService {

	static final int MAX_DAYS = 7;

	static final Duration MAX_AHEAD = Duration.ofDays(31);

	private final PoolService pools;

	private final TeamService teams;

	private final PoolLoads loads;

	private final DemandHistory demand;

	private final Clock clock;

	CoordinationService(PoolService pools, TeamService teams, PoolLoads loads, DemandHistory demand, Clock clock) {
		this.pools = pools;
		this.teams = teams;
		this.loads = loads;
		this.demand = demand;
		this.clock = clock;
	}

	public CoordinationResponse plan(String poolId, String dateText, String daysText) {
		Ids.requireResourceId("poolId", poolId);
		Instant now = this.clock.instant();
		LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
		List<FieldError> errors = new ArrayList<>();
		LocalDate date = today;
		if (dateText != null) {
			try {
				date = LocalDate.parse(dateText);
			}
			catch (DateTimeParseException ex) {
				errors.add(FieldError.of("date", "must be a date such as 2026-11-26 (UTC)"));
			}
		}
		int days = 1;
		if (daysText != null) {
			try {
				days = Integer.parseInt(daysText);
			}
			catch (NumberFormatException ex) {
				days = -1;
			}
			if (days < 1 || days > MAX_DAYS) {
				errors.add(FieldError.of("days", "must be a whole number from 1 to " + MAX_DAYS));
			}
		}
		if (date.isBefore(today)) {
			errors.add(FieldError.of("date", "must be today or later (UTC): the plan projects from now on"));
		}
		else if (date.atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(now.plus(MAX_AHEAD))) {
			errors.add(FieldError.of("date", "must be at most " + MAX_AHEAD.toDays() + " days ahead"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		Pool pool = this.pools.get(poolId);
		Instant hour = now.truncatedTo(ChronoUnit.HOURS);
		Instant dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant();
		// Today's plan starts with the hour under way: earlier hours are history.
		Instant from = dayStart.isBefore(hour) ? hour : dayStart;
		Instant to = dayStart.plus(Duration.ofDays(days));
		int hours = (int) Duration.between(from, to).toHours();
		List<Team> members = teamsOf(pool);
		List<CoordinationPlan.TeamInput> inputs = inputs(pool, members, hour);
		PoolLoad load = this.loads.loads(List.of(pool), null, now).get(pool.id());
		List<CoordinationPlan.Slice> plan = CoordinationPlan.plan(load, inputs, from, hours);
		return answer(pool, members, plan, now, from, to);
	}

	/**
	 * What the plan marks {@code idle} in the hour under way on the pool, in its base
	 * unit: the admission check lets AUTOMATED work use it outside its team's automation
	 * window (issue #14). Plans over {@code load}, the snapshot the caller decides on.
	 */
	public long idleNow(PoolLoad load, Instant now) {
		Pool pool = load.pool();
		Instant hour = now.truncatedTo(ChronoUnit.HOURS);
		return CoordinationPlan.plan(load, inputs(pool, teamsOf(pool), hour), hour, 1).get(0).idle();
	}

	private List<Team> teamsOf(Pool pool) {
		List<Team> members = new ArrayList<>();
		for (Allocation a : this.teams.allocationsOfPool(pool.id())) {
			members.add(this.teams.get(a.teamId()));
		}
		return members;
	}

	/** Each team's members' working hours and its demand by hour of the week. */
	private List<CoordinationPlan.TeamInput> inputs(Pool pool, List<Team> members, Instant hour) {
		Map<String, long[]> demand = this.demand.byTeam(pool.id(), hour);
		List<CoordinationPlan.TeamInput> inputs = new ArrayList<>();
		for (Team t : members) {
			Map<String, WorkingHours> hoursOf = new LinkedHashMap<>();
			for (Member m : t.members()) {
				WorkingHours h = WorkingHours.of(m);
				if (h != null) {
					hoursOf.put(m.id(), h);
				}
			}
			inputs.add(new CoordinationPlan.TeamInput(t.id(), hoursOf,
					demand.getOrDefault(t.id(), new long[CoordinationPlan.WEEK_HOURS])));
		}
		return inputs;
	}

	private static CoordinationResponse answer(Pool pool, List<Team> teams, List<CoordinationPlan.Slice> plan,
			Instant now, Instant from, Instant to) {
		Unit unit = pool.unit();
		Map<String, ZoneId> zones = new LinkedHashMap<>();
		Map<String, ZoneId> memberZones = new LinkedHashMap<>();
		for (Team t : teams) {
			zones.put(t.id(), t.zone());
			t.members().forEach((m) -> memberZones.put(t.id() + "/" + m.id(), m.zone()));
		}
		DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
		List<CoordinationResponse.SliceView> slices = new ArrayList<>();
		for (CoordinationPlan.Slice s : plan) {
			List<CoordinationResponse.TeamView> views = new ArrayList<>();
			for (CoordinationPlan.TeamSlice t : s.teams()) {
				ZoneId zone = zones.get(t.teamId());
				List<CoordinationResponse.MemberLocal> local = new ArrayList<>();
				for (String member : t.membersWorking()) {
					ZoneId memberZone = memberZones.get(t.teamId() + "/" + member);
					local.add(new CoordinationResponse.MemberLocal(member, memberZone.getId(),
							iso.format(s.start().atZone(memberZone))));
				}
				views.add(new CoordinationResponse.TeamView(t.teamId(), zone.getId(),
						iso.format(s.start().atZone(zone)), t.working(), t.membersWorking(), local,
						unit.fromBase(t.expectedDemand()), unit.fromBase(t.budget())));
			}
			slices.add(new CoordinationResponse.SliceView(s.start(), s.end(), unit.fromBase(s.available()),
					unit.fromBase(s.returning()), unit.fromBase(s.idle()), s.conflict(), s.conflictTeams(), views));
		}
		return new CoordinationResponse(pool.id(), unit, pool.window().label(), unit.fromBase(pool.limit()),
				unit.fromBase(CapacityCheck.bufferOf(pool)), now, from, to, DemandHistory.BASIS, slices);
	}

}
