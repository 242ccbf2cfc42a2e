package io.github.quotabroker.forecast;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The forecast of one pool, for one team ({@code teamId} set) or for the whole pool.
 * Amounts are in the pool's unit.
 *
 * @param window the pool's window in words
 * @param model the model of the projection, with {@code modelReason} saying why
 * @param calibrated whether the intervals were calibrated on enough held-out errors
 * @param series projected usage per step from now
 * @param exhaustion when the team's {@code available} and the pool's remaining run out
 * @param projectionAtReset calendar pools only: the total at the next reset
 * @param workflows the team's workflow runs of the last 7 days and how many more fit;
 * absent in a pool's own outlook
 */
public record Outlook(String poolId, String name, String unit, String teamId, String window, ForecastModel model,
		String modelReason, boolean calibrated, BurnRate burnRate, List<Point> series, Exhaustion exhaustion,
		ResetProjection projectionAtReset, Pace pace, Advice advice, WorkflowRuns workflows) {

	/**
	 * Projected usage in [start, start + step), with 80 % and 95 % prediction intervals.
	 */
	public record Point(Instant start, BigDecimal mean, BigDecimal lower80, BigDecimal upper80, BigDecimal lower95,
			BigDecimal upper95) {
	}

	/**
	 * @param recentWindow the span {@code recentPerHour} is measured over, ISO-8601
	 * @param recentPerHour usage per hour over the recent window
	 * @param expectedPerHour the model's expectation for the current hour
	 */
	public record BurnRate(String recentWindow, BigDecimal recentPerHour, BigDecimal expectedPerHour, Instant hour,
			String basis) {
	}

	/**
	 * @param team when the team's {@code available} (fair-share cap included) runs out;
	 * absent in a pool's own outlook
	 * @param pool when the pool's remaining (less what is held) runs out
	 */
	public record Exhaustion(Instants team, Instants pool) {
	}

	/**
	 * P10 (earliest, at the upper 80 % band), P50 (mean) and P90 (latest, at the lower
	 * band) instants; null when it does not run out before the walk ends.
	 *
	 * @param beforeReset calendar pools: whether the P50 instant comes before the reset;
	 * null for rolling pools
	 * @param note why an instant is absent, or what the window gives back
	 */
	public record Instants(Instant p10, Instant p50, Instant p90, Boolean beforeReset, String note) {
	}

	/**
	 * @param projectedTotal usage in the window at the reset, with its 80 % interval
	 * @param willExceed whether the mean projection reaches the limit
	 * @param headroom limit less the projected total (negative when exceeding)
	 */
	public record ResetProjection(Instant nextReset, BigDecimal projectedTotal, BigDecimal lower80, BigDecimal upper80,
			BigDecimal limit, boolean willExceed, BigDecimal headroom) {
	}

}
