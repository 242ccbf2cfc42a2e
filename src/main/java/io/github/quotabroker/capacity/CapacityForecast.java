package io.github.quotabroker.capacity;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.quotabroker.pool.Pool;

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

	/**
	 * Projects the pool's profile over {@code [from, to)} in steps: each step as at its
	 * tightest instant.
	 */
	public static CapacityForecast of(Pool pool, CapacityProfile profile, Instant now, Instant from, Instant to,
			Duration step) {
		long buffer = CapacityCheck.bufferOf(pool);
		Unit unit = pool.unit();
		List<Step> steps = new ArrayList<>();
		for (Instant a = from; a.isBefore(to); a = a.plus(step)) {
			Instant b = a.plus(step).isAfter(to) ? to : a.plus(step);
			CapacityProfile.Load tightest = profile.tightest(a, b);
			steps.add(new Step(a, b, unit.fromBase(Math.max(0, tightest.free())),
					unit.fromBase(Math.max(0, tightest.free() - buffer)), unit.fromBase(tightest.usage()),
					unit.fromBase(tightest.reserved()), tightest.at()));
		}
		return new CapacityForecast(pool.id(), unit, unit.fromBase(pool.limit()), unit.fromBase(buffer), now, from, to,
				step, steps);
	}

}
