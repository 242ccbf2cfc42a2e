package io.github.quotabroker.schedule;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.github.quotabroker.modelchoice.Alternative;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.reservation.ReservationResponse;

/**
 * Answer of {@code POST /teams/{teamId}/slots}. Amounts in the pools' unit.
 *
 * @param fits whether any slot was found before the deadline
 * @param slots the earliest slots that do not overlap each other, earliest first
 * @param bestPartial when nothing fits: the most that would fit one allowed slot
 * @param bestPartialStart where that most fits
 * @param reason when nothing fits: why, in words
 * @param reservations what {@code reserve} booked (one per pool), else empty
 * @param alternative when nothing fits: the first alternative of the pools that admits
 * the work now (issue #14, model-choice advice); else absent
 */
public record SlotResponse(String teamId, boolean fits, Unit unit, BigDecimal amount, String duration,
		Instant earliestStart, Instant deadline, List<String> poolIds, String withinWorkingHoursOf,
		List<SlotView> slots, BigDecimal bestPartial, Instant bestPartialStart, String reason,
		List<ReservationResponse> reservations, Alternative alternative) {

	/** An answer without an alternative. */
	public SlotResponse(String teamId, boolean fits, Unit unit, BigDecimal amount, String duration,
			Instant earliestStart, Instant deadline, List<String> poolIds, String withinWorkingHoursOf,
			List<SlotView> slots, BigDecimal bestPartial, Instant bestPartialStart, String reason,
			List<ReservationResponse> reservations) {
		this(teamId, fits, unit, amount, duration, earliestStart, deadline, poolIds, withinWorkingHoursOf, slots,
				bestPartial, bestPartialStart, reason, reservations, null);
	}

	/**
	 * One slot: UTC, and local to the team (and the member asked about).
	 *
	 * @param margin how much more the least roomy pool could take in this slot
	 */
	public record SlotView(Instant start, Instant end, LocalTimes teamLocal, LocalTimes memberLocal, BigDecimal margin,
			List<PoolMargin> pools) {
	}

	/** A slot's bounds in one zone, as ISO-8601 local date-times with their offset. */
	public record LocalTimes(String zone, String start, String end) {
	}

	/**
	 * @param tightestAt the first instant at which the pool is as full as it gets in the
	 * slot
	 */
	public record PoolMargin(String poolId, BigDecimal margin, Instant tightestAt) {
	}

}
