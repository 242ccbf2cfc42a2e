package io.github.quotabroker.admission;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.quotabroker.fairshare.FairShare;
import io.github.quotabroker.modelchoice.Alternative;
import io.github.quotabroker.modelchoice.ModelChoice;
import io.github.quotabroker.modelchoice.ModelChoiceService;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.reservation.Amounts;
import io.github.quotabroker.capacity.CapacityProfile;
import io.github.quotabroker.queue.Priority;
import io.github.quotabroker.reservation.ReservationRequest;
import io.github.quotabroker.capacity.Wording;
import io.github.quotabroker.reservation.PoolLoads;
import io.github.quotabroker.reservation.ConditionalHolds;
import io.github.quotabroker.reservation.ReservationService;
import io.github.quotabroker.capacity.ShareCheck;
import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.team.Team;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.team.TeamService.TeamPools;
import io.github.quotabroker.team.UnknownAllocation;
import io.github.quotabroker.usage.UsageKind;
import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.forecast.TaskEstimate;
import io.github.quotabroker.forecast.TaskEstimates;
import io.github.quotabroker.schedule.CoordinationService;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;

import org.springframework.stereotype.Service;

/**
 * Answers "may I start this task?" for a team: ADMIT, DEFER with the instant it would be
 * admitted, or DENY, with a sentence saying why; and, when asked, holds the estimate in
 * the same transaction as an ADMIT.
 */
@Service
public class AdmissionService {

	private static final int MAX_PLAN_TASKS = 1000;

	private final TeamService teams;

	private final PoolService pools;

	private final ReservationService reservations;

	private final ConditionalHolds holds;

	private final PoolLoads loads;

	private final AdmissionMetrics metrics;

	private final TaskEstimates estimates;

	private final ModelChoiceService choices;

	private final CoordinationService coordination;

	private final Clock clock;

	AdmissionService(TeamService teams, PoolService pools, ReservationService reservations, ConditionalHolds holds,
			PoolLoads loads, AdmissionMetrics metrics, TaskEstimates estimates, ModelChoiceService choices,
			CoordinationService coordination, Clock clock) {
		this.choices = choices;
		this.coordination = coordination;
		this.holds = holds;
		this.loads = loads;
		this.estimates = estimates;
		this.teams = teams;
		this.pools = pools;
		this.reservations = reservations;
		this.metrics = metrics;
		this.clock = clock;
	}

	/** The request, checked, with the pools it draws on. */
	private record Check(Team team, List<Pool> pools, Unit unit, long estimate, List<Long> plan, UsageKind kind,
			Priority priority, boolean hold, String ttl, String estimateBasis) {
	}

	public AdmissionResponse check(Caller caller, String teamId, AdmissionRequest request) {
		Ids.requireResourceId("teamId", teamId);
		caller.requireTeam(teamId);
		Check check = read(teamId, request);
		if (check.pools().isEmpty()) {
			AdmissionResponse answer = withinAutomationWindow(check,
					new AdmissionResponse(Decision.ADMIT, "Go: no pool limits model '" + request.model() + "'", null,
							teamId, check.kind(), check.priority(), null, null, List.of(), null, List.of(), null),
					Map.of(), this.clock.instant());
			this.metrics.decided(answer);
			return answer;
		}
		List<String> poolIds = check.pools().stream().map(Pool::id).toList();
		AdmissionResponse answer;
		if (!check.hold()) {
			Instant now = this.clock.instant();
			answer = decide(check, this.loads.loads(check.pools(), teamId, now), now, null);
		}
		else {
			Duration ttl = holdTtl(check.ttl());
			// Checks the hold's fields (ttl, member) before anything is locked.
			drafts(caller, teamId, check, request);
			ConditionalHolds.HoldOutcome<AdmissionResponse> outcome = this.holds.holdIf(poolIds, teamId,
					(loads) -> decide(check, loads, this.clock.instant(), ttl),
					(decided) -> (decided.decision() == Decision.ADMIT) ? drafts(caller, teamId, check, request)
							: List.of(),
					check.team().zone());
			AdmissionResponse a = outcome.decision();
			answer = new AdmissionResponse(a.decision(), a.message(), a.retryAt(), a.teamId(), a.kind(), a.priority(),
					a.unit(), a.estimatedAmount(), a.pools(), a.plan(), outcome.held(), a.estimateBasis());
		}
		if (answer.decision() != Decision.ADMIT) {
			answer = withAlternative(check, answer);
		}
		this.metrics.decided(answer);
		return answer;
	}

	/**
	 * A deferred or denied answer with the first alternative of a refusing pool that
	 * admits the task now (issue #14, model-choice advice); never computed for an ADMIT.
	 */
	private AdmissionResponse withAlternative(Check c, AdmissionResponse a) {
		List<String> refusing = a.pools()
			.stream()
			.filter((p) -> p.decision() != Decision.ADMIT)
			.map(AdmissionResponse.PoolCheck::poolId)
			.toList();
		List<Pool> refused = c.pools().stream().filter((p) -> refusing.contains(p.id())).toList();
		Alternative alternative = this.choices.advise(c.team(), refused, c.pools().stream().map(Pool::id).toList(),
				new ModelChoice.Work(c.team().id(), c.estimate(), c.kind(), c.priority()), this.clock.instant());
		if (alternative == null) {
			return a;
		}
		return new AdmissionResponse(a.decision(), ModelChoice.withAdvice(a.message(), alternative), a.retryAt(),
				a.teamId(), a.kind(), a.priority(), a.unit(), a.estimatedAmount(), a.pools(), a.plan(),
				a.reservations(), a.estimateBasis(), alternative);
	}

	private Check read(String teamId, AdmissionRequest r) {
		List<FieldError> errors = new ArrayList<>();
		if (r == null) {
			throw new InvalidRequest(null, "a JSON object is required");
		}
		if ((r.poolId() == null) == (r.model() == null)) {
			errors.add(FieldError.of("poolId", "name either poolId or model"));
		}
		if (r.poolId() != null && !Ids.isResourceId(r.poolId())) {
			errors.add(FieldError.of("poolId", Ids.RESOURCE_ID_RULE));
		}
		if (r.model() != null && !Ids.isModel(r.model())) {
			errors.add(FieldError.of("model", "must be 1-200 letters, digits, '.', '_', ':', '@', '/', '+' or '-'"));
		}
		if (r.kind() == null) {
			errors.add(FieldError.of("kind", "is required: AUTOMATED or INTERACTIVE"));
		}
		if (r.planTasks() != null && (r.planTasks().isEmpty() || r.planTasks().size() > MAX_PLAN_TASKS)) {
			errors.add(FieldError.of("planTasks", "must list 1 to " + MAX_PLAN_TASKS + " estimates"));
		}
		if (r.planTasks() == null && r.estimatedAmount() == null && r.taskType() == null) {
			errors.add(FieldError.of("estimatedAmount", "is required (or planTasks, or taskType)"));
		}
		if (r.taskType() != null) {
			if (r.planTasks() != null || r.estimatedAmount() != null) {
				errors.add(FieldError.of("taskType", "send one of estimatedAmount, planTasks and taskType"));
			}
			else if (r.poolId() == null) {
				errors.add(FieldError.of("taskType", "needs poolId: runs are costed in one pool"));
			}
			else if (!Ids.isClientId(r.taskType())) {
				errors.add(FieldError.of("taskType",
						"must be 1-200 letters, digits or . _ : @ / + = -, starting with a letter or digit"));
			}
		}
		if (r.ttl() != null && !Boolean.TRUE.equals(r.hold())) {
			errors.add(FieldError.of("ttl", "only applies with \"hold\": true"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		Team team = this.teams.get(teamId);
		TeamPools allocated = this.teams.teamPools(teamId);
		List<Pool> drawn;
		if (r.poolId() != null) {
			if (!allocated.poolIds().contains(r.poolId())) {
				throw new UnknownAllocation(r.poolId(), teamId);
			}
			drawn = this.pools.byIds(List.of(r.poolId()));
		}
		else {
			drawn = this.pools.all().stream().filter((p) -> p.counts(r.model())).toList();
			for (Pool p : drawn) {
				if (!allocated.poolIds().contains(p.id())) {
					throw new UnknownAllocation(p.id(), teamId);
				}
			}
		}
		if (drawn.isEmpty() && r.poolId() != null) {
			throw new UnknownAllocation(r.poolId(), teamId);
		}
		Unit unit = drawn.isEmpty() ? Unit.MESSAGES : drawn.get(0).unit();
		for (Pool p : drawn) {
			if (p.unit() != unit) {
				throw new InvalidRequest("model", "'" + r.model() + "' counts against pools of different units ("
						+ drawn.stream().map((q) -> q.id() + ": " + q.unit()).toList() + "); check each by poolId");
			}
		}
		List<Long> plan = null;
		long estimate;
		String basis = null;
		if (r.planTasks() != null) {
			plan = new ArrayList<>();
			long total = 0;
			for (int i = 0; i < r.planTasks().size(); i++) {
				long task = Amounts.toBase("planTasks[" + i + "]", r.planTasks().get(i), unit, true, errors);
				plan.add(task);
				total += Math.max(0, task);
			}
			estimate = total;
			if (r.estimatedAmount() != null && errors.isEmpty() && unit.toBase(r.estimatedAmount()) != total) {
				errors.add(FieldError.of("estimatedAmount", "must equal the sum of planTasks, or be left out"));
			}
		}
		else if (r.taskType() != null) {
			TaskEstimate learnt = this.estimates.estimate(teamId, r.poolId(), r.taskType());
			if (learnt.runs() == 0) {
				throw new InvalidRequest("taskType", learnt.basis() + ": send estimatedAmount instead");
			}
			estimate = unit.toBase(learnt.p90());
			basis = "P90 of " + learnt.runs() + " runs of task type '" + r.taskType() + "' over the last "
					+ TaskEstimate.HISTORY_DAYS + " days: " + learnt.p90().toPlainString() + " " + unit;
		}
		else {
			estimate = Amounts.toBase("estimatedAmount", r.estimatedAmount(), unit, false, errors);
		}
		if (Boolean.TRUE.equals(r.hold()) && estimate == 0) {
			errors.add(FieldError.of("hold", "there is nothing to hold: the estimate is 0"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		return new Check(team, drawn, unit, estimate, plan, r.kind(),
				(r.priority() != null) ? r.priority() : Priority.MEDIUM, Boolean.TRUE.equals(r.hold()), r.ttl(), basis);
	}

	private static Duration holdTtl(String ttl) {
		if (ttl == null) {
			return null;
		}
		try {
			return Duration.parse(ttl);
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw new InvalidRequest("ttl", "must be an ISO-8601 duration such as PT30M");
		}
	}

	/**
	 * The decision over every pool the task draws on: the strictest pool's, with the
	 * latest retry.
	 * @param holdTtl when the estimate will be held: the hold's ttl ({@code null}: the
	 * default), else no hold
	 */
	private AdmissionResponse decide(Check c, Map<String, PoolLoad> loads, Instant now, Duration holdTtl) {
		ZoneId zone = c.team().zone();
		List<AdmissionResponse.PoolCheck> checks = new ArrayList<>();
		Decision decision = Decision.ADMIT;
		String message = null;
		Instant retryAt = null;
		for (Pool pool : c.pools()) {
			PoolLoad load = loads.get(pool.id());
			if (load == null) {
				continue;
			}
			Duration span = c.hold() ? holdSpan(pool, now, holdTtl) : null;
			AdmissionPolicy.Verdict v = withinShare(c, load,
					AdmissionPolicy.decide(pool, load.usage().used(), load.reserved(), load.profile(),
							c.team().automationCapPercent(), c.estimate(), c.kind(), c.priority(), span, now, zone),
					c.estimate(), span, now, zone);
			String capped = load.holdCapRefusal(c.team().id(), now, zone);
			if (capped != null && v.decision() == Decision.ADMIT) {
				// A new task is a new agent session: it waits for a hold to end.
				v = new AdmissionPolicy.Verdict(Decision.DEFER, capped, load.holdCap().firstEnd(), v.ceiling(),
						v.capPercent());
			}
			checks.add(poolCheck(load, v));
			// The sentence of the strictest pool.
			// Among deferring pools, the one that waits longest:
			// its retryAt is the answer's.
			boolean later = v.retryAt() != null && (retryAt == null || v.retryAt().isAfter(retryAt));
			if (rank(v.decision()) > rank(decision) || message == null
					|| (v.decision() == Decision.DEFER && decision == Decision.DEFER && later)) {
				decision = (rank(v.decision()) > rank(decision)) ? v.decision() : decision;
				message = v.reason();
			}
			if (later) {
				retryAt = v.retryAt();
			}
		}
		AdmissionResponse.PlanCheck plan = null;
		if (c.plan() != null) {
			plan = plan(c, loads, now, zone);
			message = planMessage(c, plan, loads, decision, retryAt, now, zone);
		}
		if (decision != Decision.DEFER) {
			retryAt = null;
		}
		return withinAutomationWindow(c, new AdmissionResponse(decision, message, retryAt, c.team().id(), c.kind(),
				c.priority(), c.unit(), c.unit().fromBase(c.estimate()), checks, plan, List.of(), c.estimateBasis()),
				loads, now);
	}

	/**
	 * The answer, held to the team's automation window for AUTOMATED work: deciding
	 * inside {@link #decide} means a hold asked for is not taken outside the window.
	 * Outside it, an ADMIT stands when what the follow-the-sun plan marks idle this hour
	 * covers the estimate in every pool (issue #14); only then is the plan made, so
	 * answers inside the window cost nothing more.
	 */
	private AdmissionResponse withinAutomationWindow(Check c, AdmissionResponse a, Map<String, PoolLoad> loads,
			Instant now) {
		if (c.kind() != UsageKind.AUTOMATED) {
			return a;
		}
		AdmissionPolicy.Verdict v = AdmissionPolicy.outsideAutomationWindow(c.team().automationWindow(), c.team().id(),
				a.decision(), a.message(), a.retryAt(), 0, now, c.team().zone());
		if (v == null) {
			return a;
		}
		if (a.decision() == Decision.ADMIT && !loads.isEmpty()) {
			long idle = Long.MAX_VALUE;
			for (PoolLoad load : loads.values()) {
				idle = Math.min(idle, this.coordination.idleNow(load, now));
			}
			if (c.estimate() <= idle) {
				return new AdmissionResponse(a.decision(),
						AdmissionPolicy.idleCovers(c.team().automationWindow(), c.team().id(), a.message(), c.unit(),
								idle),
						a.retryAt(), a.teamId(), a.kind(), a.priority(), a.unit(), a.estimatedAmount(), a.pools(),
						a.plan(), a.reservations(), a.estimateBasis());
			}
		}
		return new AdmissionResponse(v.decision(), v.reason(), v.retryAt(), a.teamId(), a.kind(), a.priority(),
				a.unit(), a.estimatedAmount(), a.pools(), a.plan(), a.reservations(), a.estimateBasis());
	}

	private AdmissionPolicy.Verdict withinShare(Check c, PoolLoad load, AdmissionPolicy.Verdict v, long estimate,
			Duration span, Instant now, ZoneId zone) {
		return withinShare(c.team().id(), load, v, estimate, span, now, zone);
	}

	/** The pool's verdict held to the team's fair share of it. */
	static AdmissionPolicy.Verdict withinShare(String teamId, PoolLoad load, AdmissionPolicy.Verdict v, long estimate,
			Duration span, Instant now, ZoneId zone) {
		FairShare fair = load.fair();
		if (v.decision() == Decision.DENY || fair == null || !fair.has(teamId)) {
			return v;
		}
		FairShare.Standing s = fair.standing(teamId);
		boolean neverWithinCap = s.cap() != Long.MAX_VALUE && estimate > s.cap();
		if (!neverWithinCap && !fair.limits(teamId, estimate)) {
			return v;
		}
		Duration needed = (span != null) ? span : holdSpan(load.pool(), now, null);
		return AdmissionPolicy.withinShare(v, load.pool(), s, estimate,
				ShareCheck.fitsFrom(load, teamId, estimate, now, needed), now, zone);
	}

	private static Duration holdSpan(Pool pool, Instant now, Duration ttl) {
		Duration hold = (ttl != null) ? ttl : Duration.ofMinutes(30);
		return Duration.between(now, CapacityProfile.countsUntil(pool.window(), now.plus(hold)));
	}

	/** How many of the plan's tasks, in order, every pool admits now. */
	private AdmissionResponse.PlanCheck plan(Check c, Map<String, PoolLoad> loads, Instant now, ZoneId zone) {
		int fitting = 0;
		long fittingAmount = 0;
		long sum = 0;
		for (long task : c.plan()) {
			sum += task;
			if (!admitsNow(c, loads, sum, now, zone)) {
				break;
			}
			fitting++;
			fittingAmount = sum;
		}
		return new AdmissionResponse.PlanCheck(c.plan().size(), c.unit().fromBase(c.estimate()), fitting,
				c.unit().fromBase(fittingAmount));
	}

	private boolean admitsNow(Check c, Map<String, PoolLoad> loads, long estimate, Instant now, ZoneId zone) {
		for (Pool pool : c.pools()) {
			PoolLoad load = loads.get(pool.id());
			AdmissionPolicy.Verdict v = withinShare(c, load,
					AdmissionPolicy.decide(pool, load.usage().used(), load.reserved(), load.profile(),
							c.team().automationCapPercent(), estimate, c.kind(), c.priority(), null, now, zone),
					estimate, null, now, zone);
			if (v.decision() != Decision.ADMIT) {
				return false;
			}
		}
		return true;
	}

	private static String planMessage(Check c, AdmissionResponse.PlanCheck plan, Map<String, PoolLoad> loads,
			Decision decision, Instant retryAt, Instant now, ZoneId zone) {
		long remaining = Long.MAX_VALUE;
		for (PoolLoad load : loads.values()) {
			remaining = Math.min(remaining, Math.max(0, load.pool().limit() - load.usage().used() - load.reserved()));
		}
		StringBuilder s = new StringBuilder("This plan has ").append(plan.tasks())
			.append(plan.tasks() == 1 ? " task" : " tasks")
			.append(", estimated ~")
			.append(Wording.amount(c.unit(), c.estimate()))
			.append(", remaining ~")
			.append(Wording.amount(c.unit(), remaining));
		if (decision == Decision.ADMIT) {
			return s.append(": go.").toString();
		}
		if (plan.fittingTasks() == 0) {
			s.append(": not even the first task fits now");
		}
		else {
			s.append(": only the first ")
				.append(plan.fittingTasks())
				.append(plan.fittingTasks() == 1 ? " task" : " tasks")
				.append(" (~")
				.append(plan.fittingAmount().toPlainString())
				.append(' ')
				.append(c.unit())
				.append(") fit now");
		}
		if (decision == Decision.DEFER && retryAt != null) {
			s.append("; all of it fits from ").append(Wording.local(retryAt, now, zone));
		}
		else if (decision == Decision.DENY) {
			s.append("; all of it never fits as the pool is configured");
		}
		return s.append('.').toString();
	}

	private static AdmissionResponse.PoolCheck poolCheck(PoolLoad load, AdmissionPolicy.Verdict v) {
		Pool pool = load.pool();
		Unit unit = pool.unit();
		long used = load.usage().used();
		long occupied = used + load.reserved();
		return new AdmissionResponse.PoolCheck(pool.id(), AdmissionPolicy.windowName(pool), unit.fromBase(pool.limit()),
				unit.fromBase(used), unit.fromBase(load.reserved()),
				unit.fromBase(Math.max(0, pool.limit() - occupied)),
				new BigDecimal(Wording.percent(occupied, pool.limit())), v.capPercent(), v.decision(), v.reason(),
				v.retryAt());
	}

	private static int rank(Decision d) {
		return d.ordinal();
	}

	private List<io.github.quotabroker.reservation.ReservationDraft> drafts(Caller caller, String teamId, Check c,
			AdmissionRequest r) {
		List<io.github.quotabroker.reservation.ReservationDraft> drafts = new ArrayList<>();
		for (Pool pool : c.pools()) {
			drafts.add(this.reservations.draftHold(caller,
					new ReservationRequest(null, teamId, pool.id(), pool.unit().fromBase(c.estimate()), c.priority(),
							r.memberId(),
							(r.description() != null) ? r.description() : "admitted " + c.kind() + " task", c.ttl(),
							null, null)));
		}
		return drafts;
	}

}
