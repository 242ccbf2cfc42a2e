package io.github.quotabroker.forecast;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Whether the forecast pace can go on: {@code CONTINUE}, or {@code THROTTLE} with the
 * rate that lasts and how much to cut. Rates are per hour in the pool's unit.
 *
 * @param action what to do
 * @param sustainablePerHour the highest steady rate that lasts until {@code until}
 * @param projectedPerHour the forecast's mean rate over the same span
 * @param reductionPercent how much to cut the projected rate (0 when continuing)
 * @param until the reset (calendar) or the end of the span looked at (rolling)
 * @param untilLocal the same instant in the team's timezone
 * @param message the advice in words, in the team's timezone
 */
public record Advice(Action action, BigDecimal sustainablePerHour, BigDecimal projectedPerHour,
		BigDecimal reductionPercent, Instant until, OffsetDateTime untilLocal, String message) {

	public enum Action {

		CONTINUE, THROTTLE

	}

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ROOT);

	/**
	 * Advice for a calendar window: what is left must last until the reset.
	 * @param left what may still be used before {@code reset}
	 * @param projected the forecast's usage from now to the reset
	 */
	static Advice untilReset(double left, double projected, Instant now, Instant reset, ZoneId zone, int scale) {
		double hours = Math.max(1.0 / 60, Duration.between(now, reset).getSeconds() / 3600.0);
		String when = LOCAL.format(reset.atZone(zone)) + " " + zone.getId();
		return decide(Math.max(0, left) / hours, projected / hours, reset, zone, scale, "to last until " + when,
				"at the forecast pace it lasts until the reset, " + when);
	}

	/**
	 * Advice for a rolling window: at a steady rate the window holds rate × length, so
	 * the rate that lasts is the budget over the window's length.
	 * @param projectedPerHour the forecast's mean rate over the span looked at
	 */
	static Advice rolling(double budget, Duration length, double projectedPerHour, Instant until, ZoneId zone,
			int scale) {
		double sustainable = budget / (length.toSeconds() / 3600.0);
		String window = length.toString().substring(2).toLowerCase(Locale.ROOT);
		return decide(sustainable, projectedPerHour, until, zone, scale,
				"to stay within the " + window + " rolling window", "at the forecast pace the " + window
						+ " rolling window never fills: usage rolls off as fast as it comes");
	}

	private static Advice decide(double sustainable, double projected, Instant until, ZoneId zone, int scale,
			String goal, String lasts) {
		OffsetDateTime local = until.atZone(zone).toOffsetDateTime();
		if (projected <= sustainable) {
			return new Advice(Action.CONTINUE, amount(sustainable, scale), amount(projected, scale), BigDecimal.ZERO,
					until, local, "continue: " + lasts);
		}
		// Rounded up, less a hair of floating-point noise, so 15.000000001 % says 15.
		long percent = (long) Math.ceil(100 * (1 - sustainable / projected) - 1e-9);
		return new Advice(Action.THROTTLE, amount(sustainable, scale), amount(projected, scale),
				BigDecimal.valueOf(percent), until, local, "reduce by " + percent + " % " + goal);
	}

	/** A base-unit rate as the pool's number, to a thousandth of the unit's base. */
	static BigDecimal amount(double base, int scale) {
		BigDecimal value = BigDecimal.valueOf(Math.max(0, Math.round(base * 1000)), 3 + scale).stripTrailingZeros();
		return (value.scale() < 0) ? value.setScale(0) : value;
	}

}
