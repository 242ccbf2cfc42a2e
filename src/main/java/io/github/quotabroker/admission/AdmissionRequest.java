package io.github.quotabroker.admission;

import java.math.BigDecimal;
import java.util.List;

import io.github.quotabroker.queue.Priority;
import io.github.quotabroker.usage.UsageKind;

/**
 * Body of {@code POST /teams/{teamId}/admission}.
 *
 * @param poolId the pool to check; or {@code model}, to check every pool its usage counts
 * against
 * @param estimatedAmount what the task will use, in the pool's unit; optional with
 * {@code planTasks}
 * @param kind AUTOMATED work is held to the automation cap, INTERACTIVE work is not
 * @param planTasks estimates of each task of a multi-task plan, in order
 * @param hold turn an ADMIT into a hold of the estimate in the same transaction
 * @param ttl of that hold (default PT30M)
 * @param taskType instead of {@code estimatedAmount} (with {@code poolId}): the estimate
 * is then the P90 of the team's past runs of that task type (issue #12)
 */
public record AdmissionRequest(String poolId, String model, BigDecimal estimatedAmount, UsageKind kind,
		Priority priority, List<BigDecimal> planTasks, Boolean hold, String ttl, String memberId, String description,
		String taskType) {
}
