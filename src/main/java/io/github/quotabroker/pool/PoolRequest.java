package io.github.quotabroker.pool;

import java.math.BigDecimal;
import java.util.List;

/**
 * Body of {@code PUT /pools/{poolId}}.
 *
 * @param limit quota per window in {@code unit}; may have up to six decimals for
 * {@code COST_USD}
 * @param models glob patterns of the models whose usage counts against the pool
 * @param tokenWeights for {@code TOKENS} pools; every weight defaults to 1
 * @param thresholds percent-used levels for YELLOW, ORANGE and RED (default 70, 85, 95)
 * @param safetyBufferPercent percent of the limit that window reservations leave free
 * (default 10)
 * @param automationCapPercent percent of the limit past which automated work may not push
 * window usage (default 90)
 * @param conservation remaining-percent levels below which LOW, MEDIUM and HIGH work is
 * deferred (default 40, 20, 10)
 * @param limitMode {@code CONFIGURED} (default) or {@code CALIBRATED}: decisions then use
 * the calibrated estimate once there is one (see {@link LimitMode})
 * @param allowAboveConfigured whether a calibrated estimate may exceed {@code limit}
 * (default false)
 * @param maxActiveHolds at most this many holds in force at once on the pool (default: no
 * cap)
 * @param alternatives ids of other pools that can take this pool's work (issue #14,
 * model-choice advice), the nearest class first and the cheapest last; default none
 * @see PoolPolicy
 */
public record PoolRequest(String name, Unit unit, BigDecimal limit, WindowSpec window, List<String> models,
		TokenWeightsSpec tokenWeights, ThresholdsSpec thresholds, Integer safetyBufferPercent,
		Integer automationCapPercent, ConservationSpec conservation, String agingInterval, String limitMode,
		Boolean allowAboveConfigured, Integer maxActiveHolds, List<String> alternatives) {

	/** A request without alternatives. */
	public PoolRequest(String name, Unit unit, BigDecimal limit, WindowSpec window, List<String> models,
			TokenWeightsSpec tokenWeights, ThresholdsSpec thresholds, Integer safetyBufferPercent,
			Integer automationCapPercent, ConservationSpec conservation, String agingInterval, String limitMode,
			Boolean allowAboveConfigured, Integer maxActiveHolds) {
		this(name, unit, limit, window, models, tokenWeights, thresholds, safetyBufferPercent, automationCapPercent,
				conservation, agingInterval, limitMode, allowAboveConfigured, maxActiveHolds, null);
	}

	/** A request without calibration or a cap on holds. */
	public PoolRequest(String name, Unit unit, BigDecimal limit, WindowSpec window, List<String> models,
			TokenWeightsSpec tokenWeights, ThresholdsSpec thresholds, Integer safetyBufferPercent,
			Integer automationCapPercent, ConservationSpec conservation, String agingInterval) {
		this(name, unit, limit, window, models, tokenWeights, thresholds, safetyBufferPercent, automationCapPercent,
				conservation, agingInterval, null, null, null, null);
	}

	/**
	 * A window as JSON: {@code {"type":"ROLLING","duration":"PT5H"}} or
	 * {@code {"type":"CALENDAR","period":"WEEKLY","resetTime":"09:00","resetDay":"MONDAY","timezone":"America/New_York"}}.
	 *
	 * @param resetDay a day of the week for weekly windows, a day of the month (1 to 28)
	 * for monthly ones
	 */
	public record WindowSpec(String type, String duration, CalendarPeriod period, String resetTime, Object resetDay,
			String timezone) {
	}

	public record TokenWeightsSpec(BigDecimal input, BigDecimal output, BigDecimal cacheRead,
			BigDecimal cacheCreation) {
	}

	public record ThresholdsSpec(Integer yellow, Integer orange, Integer red) {
	}

	/**
	 * Conservation tiers: work of a priority is deferred while the pool's remaining
	 * percent is below its level; {@code 0 <= high <= medium <= low <= 100}.
	 */
	public record ConservationSpec(Integer lowBelowPercent, Integer mediumBelowPercent, Integer highBelowPercent) {
	}

}
