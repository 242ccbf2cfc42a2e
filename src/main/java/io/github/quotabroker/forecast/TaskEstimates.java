package io.github.quotabroker.forecast;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.team.UnknownAllocation;
import io.github.quotabroker.usage.UsageService;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;
import org.springframework.stereotype.Service;

/** Estimates what a task type costs from the runs of it the team has recorded. */
@Service
public class TaskEstimates {

	/** How far back runs are learnt from. */
	static final Duration HISTORY = Duration.ofDays(TaskEstimate.HISTORY_DAYS);

	private final TeamService teams;

	private final PoolService pools;

	private final UsageService usage;

	private final Clock clock;

	TaskEstimates(TeamService teams, PoolService pools, UsageService usage, Clock clock) {
		this.teams = teams;
		this.pools = pools;
		this.usage = usage;
		this.clock = clock;
	}

	public TaskEstimate estimate(String teamId, String poolId, String taskType) {
		if (taskType == null || !Ids.isClientId(taskType)) {
			throw new InvalidRequest("taskType",
					"is required: 1-200 letters, digits or . _ : @ / + = -, starting with a letter or digit");
		}
		if (poolId == null || !Ids.isResourceId(poolId)) {
			throw new InvalidRequest("pool", "is required; " + Ids.RESOURCE_ID_RULE);
		}
		if (!this.teams.teamPools(teamId).poolIds().contains(poolId)) {
			throw new UnknownAllocation(poolId, teamId);
		}
		Pool pool = this.pools.get(poolId);
		Instant to = this.clock.instant();
		Instant from = to.minus(HISTORY);
		List<Long> runs = this.usage.taskRunAmounts(poolId, teamId, taskType, from, to);
		String basis = "runs of task type '" + taskType + "' over the last " + HISTORY.toDays()
				+ " days; a run is one workflowId's events (an event without one is a run by itself)";
		if (runs.isEmpty()) {
			return new TaskEstimate(teamId, poolId, taskType, pool.unit().name(), from, to, 0, null, null, null,
					"no runs of task type '" + taskType + "' in the last " + HISTORY.toDays() + " days");
		}
		long total = runs.stream().mapToLong(Long::longValue).sum();
		BigDecimal mean = pool.unit()
			.fromBase(total)
			.divide(BigDecimal.valueOf(runs.size()), 6, RoundingMode.HALF_UP)
			.stripTrailingZeros();
		if (mean.scale() < 0) {
			mean = mean.setScale(0);
		}
		return new TaskEstimate(teamId, poolId, taskType, pool.unit().name(), from, to, runs.size(),
				pool.unit().fromBase(Percentiles.nearestRank(runs, 0.5)),
				pool.unit().fromBase(Percentiles.nearestRank(runs, 0.9)), mean, basis);
	}

}
