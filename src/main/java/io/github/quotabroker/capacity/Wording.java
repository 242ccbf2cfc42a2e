package io.github.quotabroker.capacity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.github.quotabroker.pool.Unit;

/**
 * How answers word amounts, percentages and times, in one place so that every sentence
 * the service writes (refusals, admission answers, queue events) reads the same.
 */
public final class Wording {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

	private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ROOT);

	private Wording() {
	}

	/** An amount in base units as the pool's unit says it: "12.5 MESSAGES". */
	public static String amount(Unit unit, long base) {
		return unit.fromBase(base).toPlainString() + " " + unit.name();
	}

	/** A percentage with at most one decimal, never rounded up past a threshold. */
	public static String percent(long part, long whole) {
		return BigDecimal.valueOf(part)
			.multiply(BigDecimal.valueOf(100))
			.divide(BigDecimal.valueOf(whole), 1, RoundingMode.FLOOR)
			.stripTrailingZeros()
			.toPlainString();
	}

	/**
	 * A local time in the zone, with the day when it is not today there, and the zone:
	 * "14:00 Europe/Berlin", "Thu 4 Dec 09:30 Asia/Tokyo".
	 */
	public static String local(Instant at, Instant now, ZoneId zone) {
		ZonedDateTime local = at.atZone(zone);
		LocalDate today = now.atZone(zone).toLocalDate();
		String text = local.toLocalDate().equals(today) ? TIME.format(local) : DAY_TIME.format(local);
		return text + " " + zone.getId();
	}

}
