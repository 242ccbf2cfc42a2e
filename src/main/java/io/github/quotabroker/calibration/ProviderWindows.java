package io.github.quotabroker.calibration;

import java.time.Duration;

import io.github.quotabroker.pool.CalendarPeriod;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.Unit;

/**
 * Which provider readings are about the quota a pool models: a reading counts for a pool
 * when its window has the pool's length (a rolling 5-hour pool takes the 5-hour readings,
 * a weekly pool or a rolling 7-day one the 7-day readings), and, for a limit the provider
 * states, when its unit is the pool's.
 */
final class ProviderWindows {

	static final Duration FIVE_HOURS = Duration.ofHours(5);

	static final Duration SEVEN_DAYS = Duration.ofDays(7);

	static final Duration ONE_MINUTE = Duration.ofMinutes(1);

	private ProviderWindows() {
	}

	/** The length of the pool's window, or {@code null} for a monthly one. */
	static Duration lengthOf(Pool pool) {
		return pool.window().fold((rolling) -> rolling.duration(), (calendar) -> switch (calendar.period()) {
			case DAILY -> Duration.ofDays(1);
			case WEEKLY -> SEVEN_DAYS;
			case MONTHLY -> null;
		});
	}

	/**
	 * Whether the pool's window is a calendar one (it resets at a time it configures).
	 */
	static boolean resets(Pool pool) {
		return pool.window().fold((rolling) -> false, (calendar) -> calendar.period() != CalendarPeriod.MONTHLY);
	}

	/**
	 * Why the reading does not count for the pool, or {@code null} when it does.
	 * @param statedUnit for a stated limit, the unit it is in ({@code null} otherwise)
	 */
	static String mismatch(Pool pool, Duration window, Unit statedUnit) {
		Duration length = lengthOf(pool);
		if (window == null) {
			return null;
		}
		if (length == null || !length.equals(window)) {
			return "it is about a " + words(window) + " window; the pool's window is " + pool.window().label();
		}
		if (statedUnit != null && statedUnit != pool.unit()) {
			return "it states a limit in " + statedUnit + "; the pool counts " + pool.unit();
		}
		return null;
	}

	static String words(Duration window) {
		if (window.equals(FIVE_HOURS)) {
			return "5-hour";
		}
		if (window.equals(SEVEN_DAYS)) {
			return "7-day";
		}
		if (window.equals(ONE_MINUTE)) {
			return "1-minute";
		}
		return window.toString();
	}

}
