package io.github.quotabroker.schedule;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.github.quotabroker.modelchoice.Alternative;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.reservation.ReservationResponse;

/**
 * A schedule (issue #14), as answered and as stored for {@code GET}. Amounts in each
 * pool's unit.
 *
 * @param allFit whether every task was placed
 * @param placements placed tasks, in the order they were placed
 * @param infeasible tasks that could not be placed, with why
 * @param pools per pool drawn on: what is left after the placements, and what the
 * best-value subset counts as available
 * @param bestValue when not all fit: the subset of tasks with the greatest total value
 * that fits every pool at once; else {@code null}
 * @param reservations what {@code reserve} booked, else empty
 */
public record ScheduleResponse(String id, String teamId, String zone, Instant createdAt, Instant earliestStart,
		Instant horizonEnd, boolean allFit, List<PlacementView> placements, List<InfeasibleView> infeasible,
		List<PoolView> pools, BestValue bestValue, List<ReservationResponse> reservations) {

	/**
	 * @param preferredHours inside the team's working hours (interactive) or automation
	 * window (automated) when it has them
	 * @param left per pool, what the same slot could still take after this task
	 */
	public record PlacementView(String task, Instant start, Instant end, SlotResponse.LocalTimes teamLocal,
			List<String> poolIds, BigDecimal amount, boolean preferredHours, List<SlotResponse.PoolMargin> left) {
	}

	/**
	 * @param reason DEADLINE, QUOTA or DEPENDENCY
	 * @param alternative for a task refused for QUOTA: the first alternative of its pools
	 * that admits it now (issue #14, model-choice advice); else absent
	 */
	public record InfeasibleView(String task, String reason, String detail, Alternative alternative) {

		/** A task without an alternative. */
		public InfeasibleView(String task, String reason, String detail) {
			this(task, reason, detail, null);
		}

	}

	/**
	 * @param left what a reservation over the whole horizon could still take after the
	 * placements
	 * @param availableOverHorizon the pool's room summed over window-length periods of
	 * the horizon: the best-value subset's capacity
	 */
	public record PoolView(String poolId, Unit unit, BigDecimal left, BigDecimal availableOverHorizon) {
	}

	/**
	 * @param exact whether no other subset that fits is worth more
	 * @param method how it was found, in words
	 */
	public record BestValue(List<String> tasks, long value, long totalValue, boolean exact, String method) {
	}

}
