package io.github.quotabroker.schedule;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.forecast.TaskEstimate;
import io.github.quotabroker.forecast.TaskEstimates;
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
import io.github.quotabroker.reservation.ReservationStatus;
import io.github.quotabroker.team.Team;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.team.WorkingHours;
import io.github.quotabroker.usage.UsageKind;
import io.github.quotabroker.web.ApiException;
import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code /teams/{teamId}/schedules} (issue #14): reads the tasks, the team's pools and
 * their loads, asks the {@link SchedulePlanner} for placements and, when not all fit, the
 * {@link Knapsack} for the best-value subset; stores the answer. A pure read of quota
 * unless {@code reserve} is asked: then the pools are locked, the plan is made on what
 * the lock sees, and every placement is booked as window reservations in the same
 * transaction as the stored schedule ({@link ConditionalHolds#holdIf}, the slot finder's
 * path), all or none.
 */
@Service
public class ScheduleService {

	/** Issue #14: more tasks than this are refused. */
	static final int MAX_TASKS = 500;

	private final TeamService teams;

	private final PoolService pools;

	private final PoolLoads loads;

	private final ConditionalHolds holds;

	private final ReservationService reservations;

	private final TaskEstimates estimates;

	private final ScheduleStore store;

	private final JsonMapper json;

	private final ModelChoiceService choices;

	private final TransactionTemplate transactions;

	private final Clock clock;

	ScheduleService(TeamService teams, PoolService pools, PoolLoads loads, ConditionalHolds holds,
			ReservationService reservations, TaskEstimates estimates, ScheduleStore store, JsonMapper json,
			PlatformTransactionManager transactionManager, ModelChoiceService choices, Clock clock) {
		this.choices = choices;
		this.teams = teams;
		this.pools = pools;
		this.loads = loads;
		this.holds = holds;
		this.reservations = reservations;
		this.estimates = estimates;
		this.store = store;
		this.json = json;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/** The request, checked: the planner's tasks and what the answer names them by. */
	private record Asked(Team team, List<SchedulePlanner.Task> tasks, List<Long> values, Map<String, Pool> pools,
			Instant earliestStart, Instant horizonEnd, boolean reserve, String description) {
	}

	/** What the planner (and the knapsack) answered, as of one instant. */
	private record Planned(SchedulePlanner.Plan plan, Map<String, Long> available, Knapsack.Choice best, Instant now) {
	}

	public ScheduleResponse create(Caller caller, String teamId, ScheduleRequest request) {
		Ids.requireResourceId("teamId", teamId);
		caller.requireTeam(teamId);
		Instant now = this.clock.instant();
		Asked asked = read(teamId, request, now);
		List<String> poolIds = new ArrayList<>(new TreeSet<>(asked.pools().keySet()));
		String id = "sch_" + UUID.randomUUID();
		return this.transactions.execute((tx) -> {
			Planned planned;
			List<ReservationResponse> booked;
			if (!asked.reserve()) {
				planned = plan(asked, this.loads.loads(List.copyOf(asked.pools().values()), teamId, now), now);
				booked = List.of();
			}
			else {
				ConditionalHolds.HoldOutcome<Planned> outcome = this.holds.holdIf(poolIds, teamId,
						(locked) -> plan(asked, locked, nowOf(locked)), (p) -> drafts(caller, asked, p),
						asked.team().zone());
				planned = outcome.decision();
				booked = outcome.held();
			}
			ScheduleResponse answer = answer(id, asked, planned, booked, alternatives(asked, planned));
			this.store.insert(id, teamId, this.json.writeValueAsString(answer), planned.now());
			return answer;
		});
	}

	public ScheduleResponse get(Caller caller, String teamId, String scheduleId) {
		Ids.requireResourceId("teamId", teamId);
		caller.requireTeam(teamId);
		this.teams.get(teamId);
		String body = this.store.find(teamId, scheduleId).orElseThrow(() -> new UnknownSchedule(teamId, scheduleId));
		return this.json.readValue(body, ScheduleResponse.class);
	}

	/**
	 * Deletes the schedule and cancels what it booked that has not started yet; usage
	 * already drawn against a reservation is never undone.
	 */
	public void delete(Caller caller, String teamId, String scheduleId) {
		Ids.requireResourceId("teamId", teamId);
		caller.requireTeam(teamId);
		this.teams.get(teamId);
		String body = this.store.delete(teamId, scheduleId).orElseThrow(() -> new UnknownSchedule(teamId, scheduleId));
		for (ReservationResponse r : this.json.readValue(body, ScheduleResponse.class).reservations()) {
			try {
				if (this.reservations.get(caller, r.id()).status() == ReservationStatus.SCHEDULED) {
					this.reservations.cancel(caller, r.id());
				}
			}
			catch (ApiException ex) {
				// Ended meanwhile (expired, released): nothing left to cancel.
			}
		}
	}

	private Planned plan(Asked a, Map<String, PoolLoad> loads, Instant now) {
		Map<String, PoolLoad> drawn = new LinkedHashMap<>();
		for (String poolId : a.pools().keySet()) {
			PoolLoad load = loads.get(poolId);
			if (load == null) {
				// Deleted since it was looked up.
				throw new UnknownPool(poolId);
			}
			drawn.put(poolId, load);
		}
		Instant from = a.earliestStart().isAfter(now) ? a.earliestStart() : now;
		Team team = a.team();
		List<WorkingHours.Span> hours = new ArrayList<>();
		team.members().stream().map(WorkingHours::of).filter((h) -> h != null).forEach((h) -> {
			hours.addAll(h.spans(from, a.horizonEnd()));
		});
		hours.sort(Comparator.comparing(WorkingHours.Span::start));
		List<WorkingHours.Span> automation = (team.automationWindow() != null)
				? team.automationWindow().spans(from, a.horizonEnd()) : null;
		SchedulePlanner.Terms terms = new SchedulePlanner.Terms(team.id(), team.automationCapPercent(),
				a.earliestStart(), a.horizonEnd(), hours.isEmpty() ? null : hours, automation, team.zone());
		Map<String, Long> available = new LinkedHashMap<>();
		drawn.forEach((poolId, load) -> available.put(poolId,
				SchedulePlanner.availableOver(load, from, a.horizonEnd(), team.id())));
		SchedulePlanner.Plan plan = SchedulePlanner.plan(a.tasks(), drawn, terms, now);
		Knapsack.Choice best = plan.infeasible().isEmpty() ? null : best(a, available);
		return new Planned(plan, available, best, now);
	}

	/**
	 * The best-value subset, one dimension per pool; tasks whose prerequisite was left
	 * out are then dropped, since they could not run.
	 */
	private static Knapsack.Choice best(Asked a, Map<String, Long> available) {
		List<String> poolIds = List.copyOf(available.keySet());
		long[] capacity = poolIds.stream().mapToLong(available::get).toArray();
		List<Knapsack.Item> items = new ArrayList<>();
		for (int i = 0; i < a.tasks().size(); i++) {
			SchedulePlanner.Task t = a.tasks().get(i);
			long[] weights = new long[poolIds.size()];
			for (int j = 0; j < poolIds.size(); j++) {
				weights[j] = t.poolIds().contains(poolIds.get(j)) ? t.amount() : 0;
			}
			items.add(new Knapsack.Item(a.values().get(i), weights));
		}
		Knapsack.Choice choice = Knapsack.best(items, capacity);
		Set<Integer> chosen = new HashSet<>(choice.chosen());
		boolean dropped = false;
		for (boolean changed = true; changed;) {
			changed = false;
			for (int i : List.copyOf(chosen)) {
				if (!chosen.containsAll(a.tasks().get(i).dependsOn())) {
					chosen.remove(i);
					changed = true;
					dropped = true;
				}
			}
		}
		if (!dropped) {
			return choice;
		}
		List<Integer> kept = chosen.stream().sorted().toList();
		return new Knapsack.Choice(kept, kept.stream().mapToLong(a.values()::get).sum(), false,
				choice.method() + "; then tasks whose prerequisite was left out were dropped, so not proven best");
	}

	private static Instant nowOf(Map<String, PoolLoad> locked) {
		// holdIf reads its loads as of one instant, under the locks.
		return locked.values().iterator().next().profile().now();
	}

	private List<ReservationDraft> drafts(Caller caller, Asked a, Planned p) {
		List<ReservationDraft> drafts = new ArrayList<>();
		for (SchedulePlanner.Placement placement : p.plan().placed()) {
			SchedulePlanner.Task task = a.tasks().get(placement.task());
			String description = (a.description() != null) ? a.description() + ": " + task.name()
					: "schedule task " + task.name();
			for (String poolId : task.poolIds()) {
				Pool pool = a.pools().get(poolId);
				drafts.add(this.reservations.draft(caller,
						new ReservationRequest(null, a.team().id(), poolId, pool.unit().fromBase(task.amount()),
								task.priority(), null, description, null, placement.start(), placement.end()),
						p.now()));
			}
		}
		return drafts;
	}

	/**
	 * For each task refused for quota, the first alternative of its pools that admits it
	 * now (issue #14, model-choice advice), from one read of the alternatives' loads.
	 */
	private Map<Integer, Alternative> alternatives(Asked a, Planned p) {
		List<SchedulePlanner.Infeasible> refused = p.plan()
			.infeasible()
			.stream()
			.filter((i) -> i.reason() == SchedulePlanner.Reason.QUOTA)
			.toList();
		if (refused.isEmpty()) {
			return Map.of();
		}
		Set<Pool> pools = new java.util.LinkedHashSet<>();
		refused.forEach((i) -> a.tasks().get(i.task()).poolIds().forEach((id) -> pools.add(a.pools().get(id))));
		ModelChoiceService.Options options = this.choices.options(a.team(), pools, this.clock.instant());
		Map<Integer, Alternative> found = new HashMap<>();
		for (SchedulePlanner.Infeasible i : refused) {
			SchedulePlanner.Task t = a.tasks().get(i.task());
			Alternative alternative = options.advise(t.poolIds().stream().map(a.pools()::get).toList(), t.poolIds(),
					new ModelChoice.Work(a.team().id(), t.amount(),
							t.automated() ? UsageKind.AUTOMATED : UsageKind.INTERACTIVE, t.priority()));
			if (alternative != null) {
				found.put(i.task(), alternative);
			}
		}
		return found;
	}

	private static ScheduleResponse answer(String id, Asked a, Planned p, List<ReservationResponse> booked,
			Map<Integer, Alternative> alternatives) {
		ZoneId zone = a.team().zone();
		List<ScheduleResponse.PlacementView> placements = new ArrayList<>();
		for (SchedulePlanner.Placement pl : p.plan().placed()) {
			SchedulePlanner.Task t = a.tasks().get(pl.task());
			Unit unit = a.pools().get(t.poolIds().get(0)).unit();
			List<SlotResponse.PoolMargin> left = pl.pools()
				.stream()
				.map((m) -> new SlotResponse.PoolMargin(m.poolId(),
						a.pools().get(m.poolId()).unit().fromBase(m.margin()), m.tightestAt()))
				.toList();
			DateTimeFormatter f = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
			placements.add(new ScheduleResponse.PlacementView(t.name(), pl.start(), pl.end(),
					new SlotResponse.LocalTimes(zone.getId(), f.format(pl.start().atZone(zone)),
							f.format(pl.end().atZone(zone))),
					t.poolIds(), unit.fromBase(t.amount()), pl.preferredHours(), left));
		}
		List<ScheduleResponse.InfeasibleView> infeasible = p.plan()
			.infeasible()
			.stream()
			.map((i) -> new ScheduleResponse.InfeasibleView(a.tasks().get(i.task()).name(), i.reason().name(),
					ModelChoice.withAdvice(i.detail(), alternatives.get(i.task())), alternatives.get(i.task())))
			.toList();
		List<ScheduleResponse.PoolView> pools = new ArrayList<>();
		for (Pool pool : a.pools().values()) {
			pools.add(new ScheduleResponse.PoolView(pool.id(), pool.unit(),
					pool.unit().fromBase(p.plan().left().get(pool.id())),
					pool.unit().fromBase(p.available().get(pool.id()))));
		}
		ScheduleResponse.BestValue best = null;
		if (p.best() != null) {
			best = new ScheduleResponse.BestValue(
					p.best().chosen().stream().map((i) -> a.tasks().get(i).name()).toList(), p.best().value(),
					a.values().stream().mapToLong(Long::longValue).sum(), p.best().exact(), p.best().method());
		}
		return new ScheduleResponse(id, a.team().id(), zone.getId(), p.now(), a.earliestStart(), a.horizonEnd(),
				infeasible.isEmpty(), placements, infeasible, pools, best, booked);
	}

	// ---- reading the request ----------------------------------------------------

	private Asked read(String teamId, ScheduleRequest r, Instant now) {
		if (r == null) {
			throw new InvalidRequest(null, "a JSON object is required");
		}
		List<FieldError> errors = new ArrayList<>();
		if (r.tasks() == null || r.tasks().isEmpty()) {
			throw new InvalidRequest("tasks", "is required: 1 to " + MAX_TASKS + " tasks");
		}
		if (r.tasks().size() > MAX_TASKS) {
			throw new InvalidRequest("tasks", "at most " + MAX_TASKS + " tasks per schedule");
		}
		Instant earliest = (r.earliestStart() != null) ? r.earliestStart() : now;
		if (earliest.isBefore(now.minus(Duration.ofMinutes(1)))) {
			errors.add(FieldError.of("earliestStart", "must not be in the past"));
		}
		if (earliest.isAfter(now.plus(SlotService.MAX_HORIZON))) {
			errors.add(FieldError.of("earliestStart", "must be at most 31 days from now"));
		}
		Map<String, Integer> index = new HashMap<>();
		for (int i = 0; i < r.tasks().size(); i++) {
			ScheduleRequest.Task t = r.tasks().get(i);
			if (t == null || t.name() == null || t.name().isBlank() || t.name().length() > 200) {
				errors.add(FieldError.of(field(i, "name"), "is required: 1-200 characters"));
			}
			else if (index.putIfAbsent(t.name(), i) != null) {
				errors.add(FieldError.of(field(i, "name"), "'" + t.name() + "' names an earlier task too"));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		Instant latestDeadline = earliest;
		List<Duration> durations = new ArrayList<>();
		List<List<Integer>> dependsOn = new ArrayList<>();
		for (int i = 0; i < r.tasks().size(); i++) {
			ScheduleRequest.Task t = r.tasks().get(i);
			durations.add(duration(t.duration(), field(i, "duration"), errors));
			if (t.deadline() != null) {
				if (!t.deadline().isAfter(earliest)) {
					errors.add(FieldError.of(field(i, "deadline"), "must be after earliestStart"));
				}
				else if (t.deadline().isAfter(now.plus(SlotService.MAX_HORIZON))) {
					errors.add(FieldError.of(field(i, "deadline"), "must be at most 31 days from now"));
				}
				else if (t.deadline().isAfter(latestDeadline)) {
					latestDeadline = t.deadline();
				}
			}
			if ((t.estimatedAmount() == null) == (t.taskType() == null)) {
				errors.add(FieldError.of(field(i, "estimatedAmount"), "name either estimatedAmount or taskType"));
			}
			else if (t.estimatedAmount() != null && t.estimatedAmount().signum() <= 0) {
				errors.add(FieldError.of(field(i, "estimatedAmount"), "must be positive"));
			}
			if ((t.pool() == null) == (t.model() == null)) {
				errors.add(FieldError.of(field(i, "pool"), "name either pool or model"));
			}
			else if (t.pool() != null && !Ids.isResourceId(t.pool())) {
				errors.add(FieldError.of(field(i, "pool"), Ids.RESOURCE_ID_RULE));
			}
			else if (t.model() != null && !Ids.isModel(t.model())) {
				errors.add(FieldError.of(field(i, "model"),
						"must be 1-200 letters, digits, '.', '_', ':', '@', '/', '+' or '-'"));
			}
			if (t.value() != null && t.value() < 0) {
				errors.add(FieldError.of(field(i, "value"), "must not be negative"));
			}
			List<Integer> deps = new ArrayList<>();
			for (String d : (t.dependsOn() != null) ? t.dependsOn() : List.<String>of()) {
				Integer j = index.get(d);
				if (j == null) {
					errors.add(FieldError.of(field(i, "dependsOn"), "no task is named '" + d + "'"));
				}
				else if (!deps.contains(j)) {
					deps.add(j);
				}
			}
			dependsOn.add(deps);
		}
		Instant horizonEnd = (r.horizonEnd() != null) ? r.horizonEnd()
				: max(earliest.plus(SlotService.DEFAULT_HORIZON), latestDeadline);
		if (!horizonEnd.isAfter(earliest)) {
			errors.add(FieldError.of("horizonEnd", "must be after earliestStart"));
		}
		else if (horizonEnd.isAfter(now.plus(SlotService.MAX_HORIZON))) {
			errors.add(FieldError.of("horizonEnd", "must be at most " + SlotService.MAX_HORIZON.toDays()
					+ " days from now (the horizon schedules are made in)"));
		}
		if (r.description() != null && r.description().length() > 500) {
			errors.add(FieldError.of("description", "must be at most 500 characters"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		Team team = this.teams.get(teamId);
		List<String> allocated = this.teams.teamPools(teamId).poolIds();
		List<Pool> all = null;
		Map<String, Pool> drawn = new LinkedHashMap<>();
		List<SchedulePlanner.Task> tasks = new ArrayList<>();
		List<Long> values = new ArrayList<>();
		for (int i = 0; i < r.tasks().size(); i++) {
			ScheduleRequest.Task t = r.tasks().get(i);
			List<Pool> pools;
			String poolField = field(i, (t.pool() != null) ? "pool" : "model");
			if (t.pool() != null) {
				pools = this.pools.byIds(List.of(t.pool()));
				if (pools.isEmpty()) {
					errors.add(FieldError.of(poolField, "no pool is named '" + t.pool() + "'"));
					continue;
				}
			}
			else {
				all = (all != null) ? all : this.pools.all();
				pools = all.stream().filter((p) -> p.counts(t.model())).toList();
				if (pools.isEmpty()) {
					errors.add(FieldError.of(poolField, "no pool counts the usage of model '" + t.model() + "'"));
					continue;
				}
			}
			Pool missing = pools.stream().filter((p) -> !allocated.contains(p.id())).findFirst().orElse(null);
			if (missing != null) {
				errors.add(FieldError.of(poolField,
						"pool '" + missing.id() + "' is not allocated to team '" + teamId + "'"));
				continue;
			}
			Unit unit = pools.get(0).unit();
			if (pools.stream().anyMatch((p) -> p.unit() != unit)) {
				errors.add(FieldError.of(poolField, "counts against pools of different units; name each pool"));
				continue;
			}
			Long amount = amount(teamId, t, pools, field(i, (t.taskType() != null) ? "taskType" : "estimatedAmount"),
					errors);
			if (amount == null) {
				continue;
			}
			pools.forEach((p) -> drawn.put(p.id(), p));
			Priority priority = (t.priority() != null) ? t.priority() : Priority.MEDIUM;
			tasks.add(new SchedulePlanner.Task(t.name(), amount, durations.get(i), t.deadline(), dependsOn.get(i),
					priority, t.kind() == UsageKind.AUTOMATED, pools.stream().map(Pool::id).toList()));
			values.add((t.value() != null) ? t.value() : defaultValue(priority));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		int cycle = SchedulePlanner.onCycle(tasks);
		if (cycle >= 0) {
			throw new InvalidRequest(field(cycle, "dependsOn"),
					"task '" + tasks.get(cycle).name() + "' is on a dependency cycle");
		}
		return new Asked(team, tasks, values, drawn, earliest, horizonEnd, Boolean.TRUE.equals(r.reserve()),
				(r.description() != null) ? r.description().strip() : null);
	}

	/** The task's amount in base units: given, or the P90 of its type's runs. */
	private Long amount(String teamId, ScheduleRequest.Task t, List<Pool> pools, String field,
			List<FieldError> errors) {
		if (t.estimatedAmount() != null) {
			long amount = Amounts.toBase(field, t.estimatedAmount(), pools.get(0).unit(), false, errors);
			return (amount > 0) ? amount : null;
		}
		if (!Ids.isClientId(t.taskType())) {
			errors
				.add(FieldError.of(field, "1-200 letters, digits or . _ : @ / + = -, starting with a letter or digit"));
			return null;
		}
		long most = 0;
		for (Pool p : pools) {
			TaskEstimate estimate = this.estimates.estimate(teamId, p.id(), t.taskType());
			if (estimate.p90() == null) {
				errors.add(FieldError.of(field, "team '" + teamId + "' has no runs of task type '" + t.taskType()
						+ "' on pool '" + p.id() + "' to estimate from; give estimatedAmount"));
				return null;
			}
			// The P90 in each pool; the task is held to the largest, conservatively.
			most = Math.max(most, Math.max(1, p.unit().toBase(estimate.p90())));
		}
		return most;
	}

	/** Issue #14: value by priority when a task does not say. */
	static long defaultValue(Priority priority) {
		return switch (priority) {
			case CRITICAL -> 8;
			case HIGH -> 4;
			case MEDIUM -> 2;
			case LOW -> 1;
		};
	}

	private static String field(int i, String name) {
		return "tasks[" + i + "]." + name;
	}

	private static Duration duration(String text, String field, List<FieldError> errors) {
		String rule = "is required: an ISO-8601 duration of whole minutes from PT1M to P31D, such as PT2H";
		try {
			Duration d = (text != null) ? Duration.parse(text) : null;
			if (d == null || d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(SlotService.MAX_HORIZON) > 0
					|| d.toSeconds() % 60 != 0 || d.getNano() != 0) {
				errors.add(FieldError.of(field, rule));
				return null;
			}
			return d;
		}
		catch (DateTimeParseException ex) {
			errors.add(FieldError.of(field, rule));
			return null;
		}
	}

	private static Instant max(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

}
