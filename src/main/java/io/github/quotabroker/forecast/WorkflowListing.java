package io.github.quotabroker.forecast;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Answer of {@code GET /teams/{teamId}/workflows}: the team's workflow runs in a pool
 * over [from, to), largest first. Amounts are in the pool's unit.
 *
 * @param runs how many workflows ran in the range
 * @param workflows the largest {@code limit} of them
 */
public record WorkflowListing(String teamId, String poolId, String unit, Instant from, Instant to, long runs,
		List<Workflow> workflows) {

	/**
	 * One workflow run.
	 *
	 * @param total what it counted against the pool
	 * @param tokens its tokens by kind, as the ledger has them
	 * @param cacheReadShare cache-read tokens over all its tokens, 0 to 1; null without
	 * tokens
	 */
	public record Workflow(String workflowId, BigDecimal total, long events, Instant firstAt, Instant lastAt,
			Tokens tokens, BigDecimal cacheReadShare, List<String> models, List<String> taskTypes) {
	}

	public record Tokens(long input, long output, long cacheRead, long cacheCreation) {
	}

}
