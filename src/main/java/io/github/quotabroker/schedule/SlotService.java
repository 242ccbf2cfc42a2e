package io.github.quotabroker.schedule;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.modelchoice.Alternative;
import io.github.quotabroker.modelchoice.ModelChoice;
import io.github.quotabroker.modelchoice.ModelChoiceService;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.pool.UnknownPool;
import io.github.quotabroker.queue.Priority;
import io.github.quotabroker.reservation.Amounts;
import io.github.quotabroker.reservation.ConditionalHolds;
import io.github.quotabroker.reservation.PoolLoads;
import io.github.quotabroker.reservation.ReservationDraft;
import io.github.quotabroker.reservation.ReservationRequest;
import io.github.quotabroker.reservation.ReservationResponse;
import io.github.quotabroker.reservation.ReservationService;
import io.github.quotabroker.team.Member;
import io.github.quotabroker.team.Team;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.team.UnknownAllocation;
import io.github.quotabroker.team.WorkingHours;
import io.github.quotabroker.usage.UsageKind;
import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;

import org.springframework.stereotype.Service;

/**
 * {@code POST /teams/{teamId}/slots}: reads the request, the team's pools and their
 * loads, the other teams' demand by hour of the week ({@link DemandHistory}), asks the
 * {@link SlotFinder}, and answers in UTC and local times. A pure read, unless
 * {@code reserve} is asked: then the pools are locked, the slots are found on what the
 * lock sees, and the first one is booked as a window reservation in the same transaction
 * ({@link ConditionalHolds#holdIf}), so two callers racing for the last slot on any
 * instances cannot both have it.
 */
@Service
public class SlotService {

	/**
	 * How far ahead slots are looked for (issue #14: horizons past 31 days are refused).
	 */
	static final Duration MAX_HORIZON = Duration.ofDays(31);

	static final Duration DEFAULT_HORIZON = Duration.ofDays(7);

	static final int DEFAULT_RESULTS = 3;

	static final int MAX_RESULTS = 20;

	private static final String TEAM = "team";

	private final TeamService teams;

	private final PoolService pools;

	private final PoolLoads loads;

	private final ConditionalHolds holds;

	private final ReservationService reservations;

	private final ModelChoiceService choices;

	private final DemandHistory demand;

	private final Clock clock;

	SlotService(TeamService teams, PoolService pools, PoolLoads loads, ConditionalHolds holds,
			ReservationService reservations, ModelChoiceService choices, DemandHistory demand, Clock clock) {
		this.choices = choices;
		this.demand = demand;
		this.teams = teams;
		this.pools = pools;
		this.loads = loads;
		this.holds = holds;
		this.reservations = reservations;
		this.clock = clock;
	}

	/** The request, checked, with the pools it draws on and whose hours bound it. */
	private record Asked(Team team, Member member, List<Pool> pools, Unit unit, long amount, Duration duration,
			Instant earliestStart, Instant deadline, List<WorkingHours> hours, UsageKind kind, Priority priority,
			int maxResults, boolean reserve, String description, String within) {

		ZoneId zone() {
			return this.team.zone();
		}

	}

	public SlotResponse find(Caller caller, String teamId, SlotRequest request) {
		Ids.requireResourceId("teamId", teamId);
		caller.requireTeam(teamId);
		Asked asked = read(teamId, request, this.clock.instant());
		List<String> poolIds = asked.pools().stream().map(Pool::id).toList();
		// History, read before any lock is taken.
		Map<String, long[]> others = othersDemand(asked, this.clock.instant());
		if (!asked.reserve()) {
			Instant now = this.clock.instant();
			return withAlternative(asked,
					answer(asked, find(asked, this.loads.loads(asked.pools(), teamId, now), others, now), List.of()));
		}
		ConditionalHolds.HoldOutcome<Found> outcome = this.holds.holdIf(poolIds, teamId,
				(locked) -> find(asked, locked, others, nowOf(locked)), (found) -> found.answer().fits()
						? drafts(caller, asked, found.answer().slots().get(0), found.now()) : List.of(),
				asked.zone());
		return withAlternative(asked, answer(asked, outcome.decision(), outcome.held()));
	}

	/**
	 * When nothing fits: the first alternative of the pools that admits the work now
	 * (issue #14, model-choice advice), after any locks are released.
	 */
	private SlotResponse withAlternative(Asked a, SlotResponse s) {
		if (s.fits()) {
			return s;
		}
		List<String> drawn = a.pools().stream().map(Pool::id).toList();
		Alternative alternative = this.choices.advise(a.team(), a.pools(), drawn,
				new ModelChoice.Work(a.team().id(), a.amount(), a.kind(), a.priority()), this.clock.instant());
		if (alternative == null) {
			return s;
		}
		return new SlotResponse(s.teamId(), s.fits(), s.unit(), s.amount(), s.duration(), s.earliestStart(),
				s.deadline(), s.poolIds(), s.withinWorkingHoursOf(), s.slots(), s.bestPartial(), s.bestPartialStart(),
				ModelChoice.withAdvice(s.reason(), alternative), s.reservations(), alternative);
	}

	/** What the finder answered, and the instant it answered as of. */
	private record Found(SlotFinder.Answer answer, Instant now) {
	}

	/**
	 * Per pool, the other teams' demand by hour of the week, summed (issue #14: slots
	 * leave room for others' expected use).
	 */
	private Map<String, long[]> othersDemand(Asked a, Instant now) {
		Map<String, long[]> others = new HashMap<>();
		for (Pool pool : a.pools()) {
			long[] sum = new long[CoordinationPlan.WEEK_HOURS];
			this.demand.byTeam(pool.id(), now.truncatedTo(ChronoUnit.HOURS)).forEach((team, byHour) -> {
				if (!team.equals(a.team().id())) {
					for (int h = 0; h < sum.length; h++) {
						sum[h] += byHour[h];
					}
				}
			});
			others.put(pool.id(), sum);
		}
		return others;
	}

	private Found find(Asked a, Map<String, PoolLoad> loads, Map<String, long[]> others, Instant now) {
		List<SlotFinder.Draw> draws = new ArrayList<>();
		for (Pool pool : a.pools()) {
			PoolLoad load = loads.get(pool.id());
			if (load == null) {
				// Deleted since it was looked up.
				throw new UnknownPool(pool.id());
			}
			draws.add(new SlotFinder.Draw(load, a.team().id(), a.kind() == UsageKind.AUTOMATED,
					a.team().automationCapPercent(), others.get(pool.id())));
		}
		Instant from = a.earliestStart().isAfter(now) ? a.earliestStart() : now;
		List<WorkingHours.Span> spans = null;
		if (a.hours() != null) {
			spans = new ArrayList<>();
			for (WorkingHours h : a.hours()) {
				spans.addAll(h.spans(from, a.deadline()));
			}
			spans.sort(Comparator.comparing(WorkingHours.Span::start));
		}
		SlotFinder.Request request = new SlotFinder.Request(a.amount(), a.duration(), a.earliestStart(), a.deadline(),
				spans, a.maxResults());
		return new Found(SlotFinder.find(draws, request, now, a.zone()), now);
	}

	private static Instant nowOf(Map<String, PoolLoad> locked) {
		// holdIf reads its loads as of one instant, under the locks.
		return locked.values().iterator().next().profile().now();
	}

	private List<ReservationDraft> drafts(Caller caller, Asked a, SlotFinder.Slot slot, Instant now) {
		List<ReservationDraft> drafts = new ArrayList<>();
		String description = (a.description() != null) ? a.description() : "slot for " + a.duration();
		for (Pool pool : a.pools()) {
			drafts.add(this.reservations.draft(caller,
					new ReservationRequest(null, a.team().id(), pool.id(), pool.unit().fromBase(a.amount()),
							a.priority(), (a.member() != null) ? a.member().id() : null, description, null,
							slot.start(), slot.end()),
					now));
		}
		return drafts;
	}

	private SlotResponse answer(Asked a, Found found, List<ReservationResponse> reserved) {
		SlotFinder.Answer answer = found.answer();
		Unit unit = a.unit();
		List<SlotResponse.SlotView> slots = new ArrayList<>();
		for (SlotFinder.Slot s : answer.slots()) {
			List<SlotResponse.PoolMargin> margins = s.pools()
				.stream()
				.map((m) -> new SlotResponse.PoolMargin(m.poolId(), unit.fromBase(m.margin()), m.tightestAt()))
				.toList();
			slots.add(new SlotResponse.SlotView(s.start(), s.end(), local(a.zone(), s),
					(a.member() != null) ? local(a.member().zone(), s) : null, unit.fromBase(s.margin()), margins));
		}
		BigDecimal bestPartial = answer.fits() ? null : unit.fromBase(answer.bestPartial());
		return new SlotResponse(a.team().id(), answer.fits(), unit, unit.fromBase(a.amount()), a.duration().toString(),
				a.earliestStart(), a.deadline(), a.pools().stream().map(Pool::id).toList(), a.within(), slots,
				bestPartial, answer.fits() ? null : answer.bestPartialStart(), answer.reason(), reserved);
	}

	private static SlotResponse.LocalTimes local(ZoneId zone, SlotFinder.Slot s) {
		DateTimeFormatter f = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
		return new SlotResponse.LocalTimes(zone.getId(), f.format(s.start().atZone(zone)),
				f.format(s.end().atZone(zone)));
	}

	// ---- reading the request ----------------------------------------------------

	private Asked read(String teamId, SlotRequest r, Instant now) {
		if (r == null) {
			throw new InvalidRequest(null, "a JSON object is required");
		}
		List<FieldError> errors = new ArrayList<>();
		if ((r.poolId() == null) == (r.model() == null)) {
			errors.add(FieldError.of("poolId", "name either poolId or model"));
		}
		if (r.poolId() != null && !Ids.isResourceId(r.poolId())) {
			errors.add(FieldError.of("poolId", Ids.RESOURCE_ID_RULE));
		}
		if (r.model() != null && !Ids.isModel(r.model())) {
			errors.add(FieldError.of("model", "must be 1-200 letters, digits, '.', '_', ':', '@', '/', '+' or '-'"));
		}
		if (r.amount() == null || r.amount().signum() <= 0) {
			errors.add(FieldError.of("amount", "is required and must be positive"));
		}
		Duration duration = duration(r.duration(), errors);
		int maxResults = (r.maxResults() != null) ? r.maxResults() : DEFAULT_RESULTS;
		if (maxResults < 1 || maxResults > MAX_RESULTS) {
			errors.add(FieldError.of("maxResults", "must be from 1 to " + MAX_RESULTS));
		}
		Instant earliest = (r.earliestStart() != null) ? r.earliestStart() : now;
		if (earliest.isBefore(now.minus(Duration.ofMinutes(1)))) {
			errors.add(FieldError.of("earliestStart", "must not be in the past"));
		}
		Instant deadline = (r.deadline() != null) ? r.deadline() : earliest.plus(DEFAULT_HORIZON);
		if (!deadline.isAfter(earliest)) {
			errors.add(FieldError.of("deadline", "must be after earliestStart"));
		}
		else if (deadline.isAfter(now.plus(MAX_HORIZON))) {
			errors.add(FieldError.of("deadline", "must be at most " + MAX_HORIZON.toDays()
					+ " days from now (the horizon slots are looked for in)"));
		}
		if (r.withinWorkingHoursOf() != null && !TEAM.equals(r.withinWorkingHoursOf())
				&& !Ids.isResourceId(r.withinWorkingHoursOf())) {
			errors.add(FieldError.of("withinWorkingHoursOf", "must be \"team\" or a member's id"));
		}
		if (r.description() != null && r.description().length() > 500) {
			errors.add(FieldError.of("description", "must be at most 500 characters"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		Team team = this.teams.get(teamId);
		List<Pool> drawn = pools(team, r);
		Unit unit = drawn.get(0).unit();
		long amount = Amounts.toBase("amount", r.amount(), unit, false, errors);
		Member member = null;
		List<WorkingHours> hours = null;
		if (TEAM.equals(r.withinWorkingHoursOf())) {
			hours = team.members().stream().map(WorkingHours::of).filter((h) -> h != null).toList();
			if (hours.isEmpty()) {
				errors.add(FieldError.of("withinWorkingHoursOf",
						"no member of team '" + teamId + "' has working hours on record"));
			}
		}
		else if (r.withinWorkingHoursOf() != null) {
			member = team.members()
				.stream()
				.filter((m) -> m.id().equals(r.withinWorkingHoursOf()))
				.findFirst()
				.orElse(null);
			if (member == null) {
				errors.add(FieldError.of("withinWorkingHoursOf",
						"'" + r.withinWorkingHoursOf() + "' is not a member of team '" + teamId + "'"));
			}
			else if (WorkingHours.of(member) == null) {
				errors.add(FieldError.of("withinWorkingHoursOf",
						"member '" + member.id() + "' has no working hours on record"));
			}
			else {
				hours = List.of(WorkingHours.of(member));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		return new Asked(team, member, drawn, unit, amount, duration, earliest, deadline, hours,
				(r.kind() != null) ? r.kind() : UsageKind.INTERACTIVE,
				(r.priority() != null) ? r.priority() : Priority.MEDIUM, maxResults, Boolean.TRUE.equals(r.reserve()),
				(r.description() != null) ? r.description().strip() : null, r.withinWorkingHoursOf());
	}

	/** The pools the work draws on: each must exist and be allocated to the team. */
	private List<Pool> pools(Team team, SlotRequest r) {
		List<String> allocated = this.teams.teamPools(team.id()).poolIds();
		List<Pool> drawn;
		if (r.poolId() != null) {
			drawn = this.pools.byIds(List.of(r.poolId()));
			if (drawn.isEmpty()) {
				throw new UnknownPool(r.poolId());
			}
		}
		else {
			drawn = this.pools.all().stream().filter((p) -> p.counts(r.model())).toList();
			if (drawn.isEmpty()) {
				throw new InvalidRequest("model", "no pool counts the usage of model '" + r.model() + "'");
			}
		}
		for (Pool p : drawn) {
			if (!allocated.contains(p.id())) {
				throw new UnknownAllocation(p.id(), team.id());
			}
		}
		Unit unit = drawn.get(0).unit();
		for (Pool p : drawn) {
			if (p.unit() != unit) {
				throw new InvalidRequest("model", "'" + r.model() + "' counts against pools of different units ("
						+ drawn.stream().map((q) -> q.id() + ": " + q.unit()).toList() + "); ask for each by poolId");
			}
		}
		return drawn;
	}

	private static Duration duration(String text, List<FieldError> errors) {
		String rule = "is required: an ISO-8601 duration of whole minutes from PT1M to P31D, such as PT2H";
		if (text == null) {
			errors.add(FieldError.of("duration", rule));
			return null;
		}
		try {
			Duration d = Duration.parse(text);
			if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(MAX_HORIZON) > 0 || d.toSeconds() % 60 != 0
					|| d.getNano() != 0) {
				errors.add(FieldError.of("duration", rule));
				return null;
			}
			return d;
		}
		catch (DateTimeParseException ex) {
			errors.add(FieldError.of("duration", rule));
			return null;
		}
	}

}
