package io.github.quotabroker.usage;

import java.time.Instant;
import java.util.List;

/**
 * One workflow run of a team in a pool, summed over its events (those sharing a
 * {@code workflowId}) in a time range.
 *
 * @param runs how many workflows the whole listing has (the same on every row)
 * @param amount what the run counted against the pool, in the pool's base unit
 * @param inputTokens the run's tokens by kind, as the ledger has them
 * @param models the models its events named, sorted
 * @param taskTypes the task types its events named, sorted (empty when none)
 */
public record WorkflowUsage(String workflowId, long runs, long events, Instant firstAt, Instant lastAt, long amount,
		long inputTokens, long outputTokens, long cacheReadTokens, long cacheCreationTokens, List<String> models,
		List<String> taskTypes) {
}
