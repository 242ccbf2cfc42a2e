package io.github.quotabroker.pool;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;

/** Converts between the {@code pools} row and the domain {@link Pool}. */
final class PoolMapping {

	private PoolMapping() {
	}

	static Pool toPool(PoolEntity e) {
		Window window = switch (e.windowType) {
			case "ROLLING" -> new RollingWindow(Duration.ofSeconds(e.rollingSeconds));
			case "CALENDAR" -> new CalendarWindow(CalendarPeriod.valueOf(e.calendarPeriod), e.resetTime,
					(e.resetDayOfWeek != null) ? DayOfWeek.valueOf(e.resetDayOfWeek) : null,
					(e.resetDayOfMonth != null) ? e.resetDayOfMonth.intValue() : null, ZoneId.of(e.timezone));
			default -> throw new IllegalStateException("Unknown window type " + e.windowType);
		};
		PoolLimit setting = new PoolLimit(e.limitAmount, LimitMode.valueOf(e.limitMode), e.allowAboveConfigured,
				e.calibratedLimit);
		return Pool.of(e.id, e.name, Unit.valueOf(e.unit), setting, window,
				e.models.stream().map(ModelPattern::of).toList(),
				new TokenWeights(e.weightInput, e.weightOutput, e.weightCacheRead, e.weightCacheCreation),
				new StatusThresholds(e.yellowPercent, e.orangePercent, e.redPercent),
				new PoolPolicy(e.safetyBufferPercent, e.automationCapPercent, e.lowDeferredBelowPercent,
						e.mediumDeferredBelowPercent, e.highDeferredBelowPercent, Duration.ofSeconds(e.agingSeconds),
						e.maxActiveHolds),
				e.createdAt, e.updatedAt);
	}

	static void copy(Pool pool, PoolEntity e) {
		e.id = pool.id();
		e.name = pool.name();
		e.unit = pool.unit().name();
		e.limitAmount = pool.configuredLimit();
		e.limitMode = pool.limitSetting().mode().name();
		e.allowAboveConfigured = pool.limitSetting().allowAboveConfigured();
		e.maxActiveHolds = pool.policy().maxActiveHolds();
		e.rollingSeconds = null;
		e.calendarPeriod = null;
		e.resetTime = null;
		e.resetDayOfWeek = null;
		e.resetDayOfMonth = null;
		e.timezone = null;
		e.windowType = pool.window().fold((rolling) -> {
			e.rollingSeconds = rolling.duration().toSeconds();
			return "ROLLING";
		}, (calendar) -> {
			e.calendarPeriod = calendar.period().name();
			e.resetTime = calendar.resetTime();
			e.resetDayOfWeek = (calendar.resetDayOfWeek() != null) ? calendar.resetDayOfWeek().name() : null;
			e.resetDayOfMonth = (calendar.resetDayOfMonth() != null) ? calendar.resetDayOfMonth().shortValue() : null;
			e.timezone = calendar.zone().getId();
			return "CALENDAR";
		});
		e.models = pool.modelGlobs();
		e.weightInput = pool.tokenWeights().input();
		e.weightOutput = pool.tokenWeights().output();
		e.weightCacheRead = pool.tokenWeights().cacheRead();
		e.weightCacheCreation = pool.tokenWeights().cacheCreation();
		e.yellowPercent = (short) pool.thresholds().yellow();
		e.orangePercent = (short) pool.thresholds().orange();
		e.redPercent = (short) pool.thresholds().red();
		e.safetyBufferPercent = (short) pool.policy().safetyBufferPercent();
		e.automationCapPercent = (short) pool.policy().automationCapPercent();
		e.lowDeferredBelowPercent = (short) pool.policy().lowDeferredBelowPercent();
		e.mediumDeferredBelowPercent = (short) pool.policy().mediumDeferredBelowPercent();
		e.highDeferredBelowPercent = (short) pool.policy().highDeferredBelowPercent();
		e.agingSeconds = (int) pool.policy().agingInterval().toSeconds();
		e.createdAt = pool.createdAt();
		e.updatedAt = pool.updatedAt();
	}

}
