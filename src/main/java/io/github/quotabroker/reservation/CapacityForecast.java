package io.github.quotabroker.reservation;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.quotabroker.pool.Unit;

/**
 * Answer of {@code GET /pools/{poolId}/capacity}: projected free capacity per step, if
 * nothing more is used than is recorded or reserved. Amounts in the pool's unit.
 *
 * @param safetyBuffer what window reservations must leave free
 */
public record CapacityForecast(String poolId, Unit unit, BigDecimal limit, BigDecimal safetyBuffer, Instant at,
		Instant from, Instant to, Duration step, List<Step> steps) {

	/**
	 * One step, as at its tightest instant.
	 *
	 * @param free {@code limit - usage - reserved} at the tightest instant (at least 0)
	 * @param reservable what a window reservation over the whole step could take: free
	 * minus the safety buffer
	 * @param usage recorded usage still counted then
	 * @param reserved held or scheduled then
	 */
	public record Step(Instant from, Instant to, BigDecimal free, BigDecimal reservable, BigDecimal usage,
			BigDecimal reserved, Instant tightestAt) {
	}

}
