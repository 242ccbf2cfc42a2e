package io.github.quotabroker.usage;

import java.time.Instant;

/**
 * What one workflow run of a team used of a pool.
 *
 * @param teamId the team
 * @param workflowId the workflow's label
 * @param startedAt its first event
 * @param lastAt its last event
 * @param tokens every token of its events (input, output, cache read and creation)
 * @param amount what it added to the pool, in the pool's base unit
 */
public record WorkflowTotal(String teamId, String workflowId, Instant startedAt, Instant lastAt, long tokens,
		long amount) {

}
