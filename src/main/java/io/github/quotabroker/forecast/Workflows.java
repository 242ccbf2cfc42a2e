package io.github.quotabroker.forecast;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.team.UnknownAllocation;
import io.github.quotabroker.usage.UsageService;
import io.github.quotabroker.usage.WorkflowUsage;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;
import org.springframework.stereotype.Service;

/**
 * Lists a team's workflow runs in a pool (issue #12), read through the usage capability
 * from the ledger's labelled events. The range is bounded so that a listing reads one
 * team's labelled events of at most {@link #MAX_RANGE}.
 */
@Service
public class Workflows {

	/** The longest range a listing may span. */
	static final Duration MAX_RANGE = Duration.ofDays(31);

	static final Duration DEFAULT_RANGE = Duration.ofDays(7);

	static final int DEFAULT_LIMIT = 100;

	static final int MAX_LIMIT = 1000;

	private final TeamService teams;

	private final PoolService pools;

	private final UsageService usage;

	private final Clock clock;

	Workflows(TeamService teams, PoolService pools, UsageService usage, Clock clock) {
		this.teams = teams;
		this.pools = pools;
		this.usage = usage;
		this.clock = clock;
	}

	/**
	 * @param from default {@code to} less 7 days
	 * @param to default now
	 * @param limit default 100, at most 1000
	 */
	public WorkflowListing list(String teamId, String poolId, Instant from, Instant to, Integer limit) {
		Ids.requireResourceId("teamId", teamId);
		List<FieldError> errors = new ArrayList<>();
		if (poolId == null || !Ids.isResourceId(poolId)) {
			errors.add(FieldError.of("pool", "is required; " + Ids.RESOURCE_ID_RULE));
		}
		Instant end = (to != null) ? to : this.clock.instant();
		Instant start = (from != null) ? from : end.minus(DEFAULT_RANGE);
		if (start.isAfter(end)) {
			errors.add(FieldError.of("from", "must not be after to"));
		}
		else if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
			errors.add(FieldError.of("from", "must be at most P31D before to"));
		}
		int max = (limit != null) ? limit : DEFAULT_LIMIT;
		if (max < 1 || max > MAX_LIMIT) {
			errors.add(FieldError.of("limit", "must be between 1 and " + MAX_LIMIT));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		if (!this.teams.teamPools(teamId).poolIds().contains(poolId)) {
			throw new UnknownAllocation(poolId, teamId);
		}
		Pool pool = this.pools.get(poolId);
		List<WorkflowUsage> rows = this.usage.workflows(poolId, teamId, start, end, max);
		List<WorkflowListing.Workflow> workflows = rows.stream()
			.map((w) -> new WorkflowListing.Workflow(w.workflowId(), pool.unit().fromBase(w.amount()), w.events(),
					w.firstAt(), w.lastAt(),
					new WorkflowListing.Tokens(w.inputTokens(), w.outputTokens(), w.cacheReadTokens(),
							w.cacheCreationTokens()),
					cacheReadShare(w), w.models(), w.taskTypes()))
			.toList();
		return new WorkflowListing(teamId, poolId, pool.unit().name(), start, end,
				rows.isEmpty() ? 0 : rows.get(0).runs(), workflows);
	}

	/** Cache-read tokens over all tokens, to four decimals; null without tokens. */
	static BigDecimal cacheReadShare(WorkflowUsage w) {
		long all = w.inputTokens() + w.outputTokens() + w.cacheReadTokens() + w.cacheCreationTokens();
		if (all == 0) {
			return null;
		}
		return BigDecimal.valueOf(w.cacheReadTokens())
			.divide(BigDecimal.valueOf(all), 4, RoundingMode.HALF_UP)
			.stripTrailingZeros();
	}

}
