package io.github.quotabroker.pool;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.quotabroker.pool.PoolRequest.ConservationSpec;
import io.github.quotabroker.pool.PoolRequest.ThresholdsSpec;
import io.github.quotabroker.pool.PoolRequest.TokenWeightsSpec;
import io.github.quotabroker.pool.PoolRequest.WindowSpec;

/**
 * A pool as the API shows it.
 *
 * @param limit the configured limit
 * @param effectiveLimit the limit decisions use now: {@code limit}, or for a
 * {@code CALIBRATED} pool its calibrated estimate (capped at {@code limit} unless
 * {@code allowAboveConfigured})
 * @param alternatives pools that can take this pool's work, the nearest class first and
 * the cheapest last (issue #14)
 */
public record PoolResponse(String id, String name, Unit unit, BigDecimal limit, WindowSpec window, List<String> models,
		TokenWeightsSpec tokenWeights, ThresholdsSpec thresholds, int safetyBufferPercent, int automationCapPercent,
		ConservationSpec conservation, Duration agingInterval, LimitMode limitMode, boolean allowAboveConfigured,
		BigDecimal effectiveLimit, Integer maxActiveHolds, List<String> alternatives, Instant createdAt,
		Instant updatedAt) {

	static PoolResponse of(Pool pool, List<String> alternatives) {
		WindowSpec window = pool.window()
			.fold((r) -> new WindowSpec("ROLLING", r.duration().toString(), null, null, null, null),
					(c) -> new WindowSpec("CALENDAR", null, c.period(), c.resetTime().toString(),
							resetDay(c.resetDayOfWeek(), c.resetDayOfMonth()), c.zone().getId()));
		TokenWeights w = pool.tokenWeights();
		StatusThresholds t = pool.thresholds();
		PoolPolicy p = pool.policy();
		PoolLimit l = pool.limitSetting();
		return new PoolResponse(pool.id(), pool.name(), pool.unit(), pool.unit().fromBase(l.configured()), window,
				pool.modelGlobs(),
				new TokenWeightsSpec(strip(w.input()), strip(w.output()), strip(w.cacheRead()),
						strip(w.cacheCreation())),
				new ThresholdsSpec(t.yellow(), t.orange(), t.red()), p.safetyBufferPercent(), p.automationCapPercent(),
				new ConservationSpec(p.lowDeferredBelowPercent(), p.mediumDeferredBelowPercent(),
						p.highDeferredBelowPercent()),
				p.agingInterval(), l.mode(), l.allowAboveConfigured(), pool.unit().fromBase(pool.limit()),
				p.maxActiveHolds(), List.copyOf(alternatives), pool.createdAt(), pool.updatedAt());
	}

	private static Object resetDay(DayOfWeek dayOfWeek, Integer dayOfMonth) {
		return (dayOfWeek != null) ? dayOfWeek.name() : dayOfMonth;
	}

	private static BigDecimal strip(BigDecimal value) {
		BigDecimal stripped = value.stripTrailingZeros();
		return (stripped.scale() < 0) ? stripped.setScale(0) : stripped;
	}

}
