package io.github.quotabroker.schedule;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.forecast.TaskEstimate;
import io.github.quotabroker.forecast.TaskEstimates;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.pool.UnknownPool;
import io.github.quotabroker.reservation.Amounts;
import io.github.quotabroker.reservation.PoolLoads;
import io.github.quotabroker.team.Team;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.team.UnknownAllocation;
import io.github.quotabroker.usage.UsageService;
import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;

import org.springframework.stereotype.Service;

/**
 * {@code POST /teams/{teamId}/plans/feasibility}: reads the request, the team's pools,
 * their loads and the team's hourly history, works out what the sprint needs of each pool
 * (points at a cost per point, or tasks), and asks {@link Feasibility}. A pure read.
 */
@Service
public class FeasibilityService {

	/** The longest sprint (issue #14: horizons past 31 days are refused). */
	static final int MAX_DAYS = 31;

	static final int MAX_TASKS = 500;

	static final BigDecimal MAX_POINTS = BigDecimal.valueOf(100_000);

	/** Weeks of hourly buckets averaged into the baseline of an hour of the week. */
	static final int HISTORY_WEEKS = 4;

	/** How far back a cost per point is learnt from the team's workflow runs. */
	static final Duration RUN_HISTORY = Duration.ofDays(TaskEstimate.HISTORY_DAYS);

	private final TeamService teams;

	private final PoolService pools;

	private final PoolLoads loads;

	private final UsageService usage;

	private final TaskEstimates estimates;

	private final FeasibilityProperties properties;

	private final Clock clock;

	FeasibilityService(TeamService teams, PoolService pools, PoolLoads loads, UsageService usage,
			TaskEstimates estimates, FeasibilityProperties properties, Clock clock) {
		this.teams = teams;
		this.pools = pools;
		this.loads = loads;
		this.usage = usage;
		this.estimates = estimates;
		this.properties = properties;
		this.clock = clock;
	}

	/** What one pool needs of the sprint, and where the cost came from. */
	private record Need(long needed, Long costPerPoint, String costSource) {
	}

	public FeasibilityResponse assess(Caller caller, String teamId, FeasibilityRequest r) {
		Ids.requireResourceId("teamId", teamId);
		caller.requireTeam(teamId);
		Instant now = this.clock.instant();
		if (r == null) {
			throw new InvalidRequest(null, "a JSON object is required");
		}
		List<FieldError> errors = new ArrayList<>();
		Instant from = (r.from() != null) ? r.from() : now;
		Instant to = period(r, from, now, errors);
		boolean points = r.storyPoints() != null;
		if (points == (r.tasks() != null)) {
			errors.add(FieldError.of("storyPoints", "name either storyPoints or tasks"));
		}
		if (points && (r.storyPoints().signum() <= 0 || r.storyPoints().compareTo(MAX_POINTS) > 0)) {
			errors.add(FieldError.of("storyPoints", "must be positive and at most " + MAX_POINTS));
		}
		BigDecimal uncertainty = (r.uncertainty() != null) ? r.uncertainty() : this.properties.uncertainty();
		if (uncertainty.compareTo(BigDecimal.ONE) < 0 || uncertainty.compareTo(BigDecimal.TEN) > 0) {
			errors.add(FieldError.of("uncertainty", "must be from 1 to 10"));
		}
		if (r.costPerPoint() != null) {
			if (!points) {
				errors.add(FieldError.of("costPerPoint", "goes with storyPoints"));
			}
			r.costPerPoint().forEach((poolId, cost) -> {
				if (!Ids.isResourceId(poolId)) {
					errors.add(FieldError.of("costPerPoint", "'" + poolId + "': " + Ids.RESOURCE_ID_RULE));
				}
				else if (cost == null || cost.signum() <= 0) {
					errors.add(FieldError.of("costPerPoint." + poolId, "must be positive"));
				}
			});
		}
		if (r.tasks() != null) {
			checkTasks(r.tasks(), errors);
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		Team team = this.teams.get(teamId);
		List<String> allocated = this.teams.teamPools(teamId).poolIds();
		List<Pool> assessed = assessed(team, allocated, r);
		Map<String, Need> needs;
		try {
			needs = points ? pointNeeds(team, assessed, r, uncertainty, now)
					: taskNeeds(team, assessed, allocated, r.tasks(), uncertainty);
		}
		catch (ArithmeticException ex) {
			// Amounts are longs: a need past them is no sprint anyone plans.
			throw new InvalidRequest(points ? "storyPoints" : "tasks",
					"what the sprint needs is too large to count in a pool's unit");
		}
		Instant start = from.truncatedTo(ChronoUnit.HOURS);
		int hours = (int) ((Duration.between(start, to).toMinutes() + 59) / 60);
		Map<String, PoolLoad> loaded = this.loads.loads(assessed, teamId, now);
		Instant hourNow = now.truncatedTo(ChronoUnit.HOURS);
		List<FeasibilityResponse.PoolView> views = new ArrayList<>();
		boolean feasible = true;
		Long pointsFit = null;
		LocalDate runsOutOn = null;
		for (Pool pool : assessed) {
			PoolLoad load = loaded.get(pool.id());
			if (load == null) {
				// Deleted since it was looked up.
				throw new UnknownPool(pool.id());
			}
			Need need = needs.get(pool.id());
			long[] baseline = baseline(pool, teamId, hourNow, start, hours);
			Feasibility.Result result = Feasibility.assess(load, teamId, start, baseline, need.needed(), team.zone());
			Long fit = (need.costPerPoint() != null)
					? Feasibility.pointsFit(result.available(), need.costPerPoint(), uncertainty) : null;
			feasible &= result.feasible();
			if (fit != null) {
				pointsFit = (pointsFit == null) ? fit : Math.min(pointsFit, fit);
			}
			if (result.runsOutOn() != null && (runsOutOn == null || result.runsOutOn().isBefore(runsOutOn))) {
				runsOutOn = result.runsOutOn();
			}
			Unit unit = pool.unit();
			views.add(new FeasibilityResponse.PoolView(pool.id(), unit, pool.window().label(),
					(need.costPerPoint() != null) ? unit.fromBase(need.costPerPoint()) : null, need.costSource(),
					unit.fromBase(result.needed()), unit.fromBase(result.available()), unit.fromBase(result.baseline()),
					result.feasible(), unit.fromBase(result.shortfall()), result.runsOutAt(), result.runsOutOn(), fit));
		}
		return new FeasibilityResponse(teamId, team.zone().getId(), from, to, uncertainty,
				points ? r.storyPoints() : null, feasible, pointsFit, runsOutOn,
				"mean use per hour of the week (UTC) over the last " + HISTORY_WEEKS + " weeks of hour buckets", views);
	}

	/**
	 * The sprint's end: {@code days} after {@code from}, or {@code to}; never more than
	 * {@link #MAX_DAYS} days from now (the horizon projections reach).
	 */
	private static Instant period(FeasibilityRequest r, Instant from, Instant now, List<FieldError> errors) {
		if (from.isBefore(now.minus(Duration.ofMinutes(1)))) {
			errors.add(FieldError.of("from", "must not be in the past"));
		}
		Instant horizon = now.plus(Duration.ofDays(MAX_DAYS)).plus(Duration.ofMinutes(1));
		if (r.days() != null && r.to() != null) {
			errors.add(FieldError.of("days", "name either days or to"));
			return from;
		}
		if (r.days() != null) {
			if (r.days() < 1 || r.days() > MAX_DAYS) {
				errors.add(FieldError.of("days", "must be a whole number from 1 to " + MAX_DAYS));
				return from;
			}
			Instant to = from.plus(Duration.ofDays(r.days()));
			if (to.isAfter(horizon)) {
				errors.add(FieldError.of("days", "the sprint must end at most " + MAX_DAYS + " days from now"));
			}
			return to;
		}
		if (r.to() == null) {
			errors.add(FieldError.of("days", "is required, or to"));
			return from;
		}
		if (!r.to().isAfter(from)) {
			errors.add(FieldError.of("to", "must be after from"));
		}
		else if (r.to().isAfter(horizon)) {
			errors.add(FieldError.of("to", "must be at most " + MAX_DAYS + " days from now"));
		}
		return r.to();
	}

	private static void checkTasks(List<FeasibilityRequest.Task> tasks, List<FieldError> errors) {
		if (tasks.isEmpty() || tasks.size() > MAX_TASKS) {
			errors.add(FieldError.of("tasks", "must list 1 to " + MAX_TASKS + " tasks"));
			return;
		}
		for (int i = 0; i < tasks.size(); i++) {
			FeasibilityRequest.Task t = tasks.get(i);
			String at = "tasks[" + i + "].";
			if (t == null) {
				errors.add(FieldError.of("tasks[" + i + "]", "must be an object"));
				continue;
			}
			if ((t.estimatedAmount() == null) == (t.taskType() == null)) {
				errors.add(FieldError.of(at + "estimatedAmount", "name either estimatedAmount or taskType"));
			}
			if (t.estimatedAmount() != null && t.estimatedAmount().signum() <= 0) {
				errors.add(FieldError.of(at + "estimatedAmount", "must be positive"));
			}
			if (t.taskType() != null && !Ids.isClientId(t.taskType())) {
				errors.add(FieldError.of(at + "taskType",
						"must be 1-200 letters, digits or . _ : @ / + = -, starting with a letter or digit"));
			}
			if (t.poolId() != null && !Ids.isResourceId(t.poolId())) {
				errors.add(FieldError.of(at + "poolId", Ids.RESOURCE_ID_RULE));
			}
		}
	}

	/**
	 * The pools assessed: those {@code costPerPoint} or the tasks name, else all of the
	 * team's; each must exist and be allocated to the team.
	 */
	private List<Pool> assessed(Team team, List<String> allocated, FeasibilityRequest r) {
		Set<String> ids = new LinkedHashSet<>();
		if (r.costPerPoint() != null && !r.costPerPoint().isEmpty()) {
			ids.addAll(r.costPerPoint().keySet());
		}
		else if (r.tasks() != null) {
			for (int i = 0; i < r.tasks().size(); i++) {
				String poolId = r.tasks().get(i).poolId();
				if (poolId == null) {
					if (allocated.size() != 1) {
						throw new InvalidRequest("tasks[" + i + "].poolId",
								"is required: team '" + team.id() + "' draws on more than one pool");
					}
					poolId = allocated.get(0);
				}
				ids.add(poolId);
			}
		}
		else {
			ids.addAll(allocated);
		}
		if (ids.isEmpty()) {
			throw new InvalidRequest("teamId", "team '" + team.id() + "' has no pool allocated");
		}
		List<Pool> found = new ArrayList<>();
		for (String id : ids) {
			List<Pool> p = this.pools.byIds(List.of(id));
			if (p.isEmpty()) {
				throw new UnknownPool(id);
			}
			if (!allocated.contains(id)) {
				throw new UnknownAllocation(id, team.id());
			}
			found.add(p.get(0));
		}
		return found;
	}

	private Map<String, Need> pointNeeds(Team team, List<Pool> assessed, FeasibilityRequest r, BigDecimal uncertainty,
			Instant now) {
		Map<String, Need> needs = new LinkedHashMap<>();
		for (Pool pool : assessed) {
			Unit unit = pool.unit();
			BigDecimal asked = (r.costPerPoint() != null) ? r.costPerPoint().get(pool.id()) : null;
			long cost;
			String source;
			if (asked != null) {
				cost = toBase("costPerPoint." + pool.id(), asked, unit);
				source = "request";
			}
			else {
				List<Long> runs = this.usage.workflowAmounts(pool.id(), team.id(), now.minus(RUN_HISTORY), now);
				if (runs.size() >= this.properties.minRuns()) {
					long total = runs.stream().mapToLong(Long::longValue).sum();
					cost = BigDecimal.valueOf(total)
						.multiply(this.properties.runsPerPoint())
						.divide(BigDecimal.valueOf(runs.size()), 0, RoundingMode.CEILING)
						.longValueExact();
					source = "history: mean of " + runs.size() + " workflow runs over the last " + RUN_HISTORY.toDays()
							+ " days × " + this.properties.runsPerPoint().toPlainString() + " runs per point";
				}
				else {
					BigDecimal configured = this.properties.costPerPoint().get(pool.id());
					cost = toBase("costPerPoint",
							(configured != null) ? configured : this.properties.defaultCostPerPoint(), unit);
					source = "default: " + runs.size() + " workflow runs in the last " + RUN_HISTORY.toDays()
							+ " days, fewer than the " + this.properties.minRuns() + " needed to learn from";
				}
			}
			needs.put(pool.id(), new Need(Feasibility.needed(r.storyPoints(), cost, uncertainty), cost, source));
		}
		return needs;
	}

	private Map<String, Need> taskNeeds(Team team, List<Pool> assessed, List<String> allocated,
			List<FeasibilityRequest.Task> tasks, BigDecimal uncertainty) {
		Map<String, BigDecimal> sums = new LinkedHashMap<>();
		assessed.forEach((p) -> sums.put(p.id(), BigDecimal.ZERO));
		Map<String, Pool> byId = new LinkedHashMap<>();
		assessed.forEach((p) -> byId.put(p.id(), p));
		List<FieldError> errors = new ArrayList<>();
		for (int i = 0; i < tasks.size(); i++) {
			FeasibilityRequest.Task t = tasks.get(i);
			String poolId = (t.poolId() != null) ? t.poolId() : allocated.get(0);
			Pool pool = byId.get(poolId);
			long base;
			if (t.estimatedAmount() != null) {
				base = toBase("tasks[" + i + "].estimatedAmount", t.estimatedAmount(), pool.unit());
			}
			else {
				TaskEstimate estimate = this.estimates.estimate(team.id(), poolId, t.taskType());
				if (estimate.mean() == null) {
					errors.add(FieldError.of("tasks[" + i + "].taskType", "team '" + team.id() + "' has no runs of '"
							+ t.taskType() + "' in pool '" + poolId + "' to learn from; give estimatedAmount"));
					continue;
				}
				base = pool.unit().toBase(estimate.mean());
			}
			sums.merge(poolId, BigDecimal.valueOf(base), BigDecimal::add);
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		Map<String, Need> needs = new LinkedHashMap<>();
		sums.forEach((poolId, sum) -> needs.put(poolId,
				new Need(sum.multiply(uncertainty).setScale(0, RoundingMode.CEILING).longValueExact(), null, "tasks")));
		return needs;
	}

	private static long toBase(String field, BigDecimal amount, Unit unit) {
		List<FieldError> errors = new ArrayList<>();
		long base = Amounts.toBase(field, amount, unit, false, errors);
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		return base;
	}

	/**
	 * The team's expected use of the pool in each hour of the sprint: its mean use at
	 * that hour of the week over the last {@link #HISTORY_WEEKS} weeks, as the
	 * coordination plan measures demand.
	 */
	private long[] baseline(Pool pool, String teamId, Instant hourNow, Instant start, int hours) {
		Instant since = hourNow.minus(Duration.ofDays(7L * HISTORY_WEEKS));
		long[] amounts = this.usage.hourlyByTeam(pool.id(), since, hourNow).get(teamId);
		long[] byHourOfWeek = (amounts != null) ? CoordinationPlan.demandByHourOfWeek(since, amounts, HISTORY_WEEKS)
				: new long[CoordinationPlan.WEEK_HOURS];
		long[] baseline = new long[hours];
		for (int h = 0; h < hours; h++) {
			baseline[h] = byHourOfWeek[CoordinationPlan.hourOfWeek(start.plus(Duration.ofHours(h)))];
		}
		return baseline;
	}

}
