package io.github.quotabroker.admission;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.github.quotabroker.modelchoice.Alternative;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.queue.Priority;
import io.github.quotabroker.reservation.ReservationResponse;
import io.github.quotabroker.usage.UsageKind;

/**
 * Answer of an admission check.
 *
 * @param message one plain sentence saying why, as an agent would log it
 * @param retryAt earliest instant the same request would be admitted, if nothing else is
 * used meanwhile; absent for ADMIT and DENY
 * @param estimatedAmount the task's estimate, or the plan's total
 * @param pools the check of each pool the task draws on
 * @param plan for a multi-task plan: how many of its tasks fit now
 * @param reservations the holds taken when {@code hold} was asked and the task admitted
 * @param estimateBasis where the estimate came from when it was not sent: the P90 of a
 * task type's past runs
 * @param alternative on a DEFER or DENY: the first alternative of a refusing pool that
 * admits the task now (issue #14, model-choice advice); else absent
 */
public record AdmissionResponse(Decision decision, String message, Instant retryAt, String teamId, UsageKind kind,
		Priority priority, Unit unit, BigDecimal estimatedAmount, List<PoolCheck> pools, PlanCheck plan,
		List<ReservationResponse> reservations, String estimateBasis, Alternative alternative) {

	/** An answer without an alternative. */
	public AdmissionResponse(Decision decision, String message, Instant retryAt, String teamId, UsageKind kind,
			Priority priority, Unit unit, BigDecimal estimatedAmount, List<PoolCheck> pools, PlanCheck plan,
			List<ReservationResponse> reservations, String estimateBasis) {
		this(decision, message, retryAt, teamId, kind, priority, unit, estimatedAmount, pools, plan, reservations,
				estimateBasis, null);
	}

	/**
	 * One pool's part in the decision, amounts in its unit.
	 *
	 * @param used recorded usage in the window in force
	 * @param reserved held by active reservations now
	 * @param remaining {@code limit - used - reserved}, at least 0
	 * @param percentUsed {@code (used + reserved) / limit}
	 * @param automationCapPercent the cap applied to AUTOMATED work (the lower of the
	 * pool's and the team's)
	 * @param retryAt when this pool would admit the request
	 */
	public record PoolCheck(String poolId, String window, BigDecimal limit, BigDecimal used, BigDecimal reserved,
			BigDecimal remaining, BigDecimal percentUsed, int automationCapPercent, Decision decision, String reason,
			Instant retryAt) {
	}

	/**
	 * @param fittingTasks how many of the plan's tasks, in order, would be admitted now
	 * @param fittingAmount their estimated total
	 */
	public record PlanCheck(int tasks, BigDecimal estimatedTotal, int fittingTasks, BigDecimal fittingAmount) {
	}

}
