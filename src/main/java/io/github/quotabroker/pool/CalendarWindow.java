package io.github.quotabroker.pool;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * A window that resets at a local wall-clock time in an IANA timezone: every day, every
 * week on {@code resetDayOfWeek}, or every month on {@code resetDayOfMonth} (1 to 28, so
 * that every month has it).
 *
 * <p>
 * Resets follow the zone's rules, so they move in UTC across DST changes. A reset time
 * that falls in a DST gap happens at the first valid local time after it (02:30 on a
 * spring-forward night becomes 03:30); one that falls in an overlap happens at its first
 * occurrence.
 */
public record CalendarWindow(CalendarPeriod period, LocalTime resetTime, DayOfWeek resetDayOfWeek,
		Integer resetDayOfMonth, ZoneId zone) implements Window {

	public CalendarWindow {
		Objects.requireNonNull(period, "period");
		Objects.requireNonNull(resetTime, "resetTime");
		Objects.requireNonNull(zone, "zone");
		if (resetTime.getSecond() != 0 || resetTime.getNano() != 0) {
			throw new IllegalArgumentException("resetTime must be whole minutes");
		}
		if (period == CalendarPeriod.WEEKLY && resetDayOfWeek == null) {
			throw new IllegalArgumentException("a weekly window needs resetDay as a day of the week");
		}
		if (period == CalendarPeriod.MONTHLY
				&& (resetDayOfMonth == null || resetDayOfMonth < 1 || resetDayOfMonth > 28)) {
			throw new IllegalArgumentException("a monthly window needs resetDay from 1 to 28");
		}
	}

	public static CalendarWindow daily(LocalTime resetTime, ZoneId zone) {
		return new CalendarWindow(CalendarPeriod.DAILY, resetTime, null, null, zone);
	}

	public static CalendarWindow weekly(DayOfWeek day, LocalTime resetTime, ZoneId zone) {
		return new CalendarWindow(CalendarPeriod.WEEKLY, resetTime, day, null, zone);
	}

	public static CalendarWindow monthly(int dayOfMonth, LocalTime resetTime, ZoneId zone) {
		return new CalendarWindow(CalendarPeriod.MONTHLY, resetTime, null, dayOfMonth, zone);
	}

	@Override
	public WindowBounds boundsAt(Instant at) {
		LocalDate day = lastResetDay(at);
		return new WindowBounds(resetOn(day), resetOn(next(day)));
	}

	@Override
	public boolean slides() {
		return false;
	}

	/** Everything used in a period stops counting at once, at the period's end. */
	@Override
	public Instant freedAt(Instant usedAt) {
		return boundsAt(usedAt).nextReset();
	}

	@Override
	public Instant nextChange(Instant at) {
		return boundsAt(at).nextReset();
	}

	@Override
	public String label() {
		return this.period.name().toLowerCase(Locale.ROOT);
	}

	@Override
	public <T> T fold(Function<RollingWindow, T> rolling, Function<CalendarWindow, T> calendar) {
		return calendar.apply(this);
	}

	/** The local date of the last reset at or before {@code at}. */
	private LocalDate lastResetDay(Instant at) {
		LocalDate today = at.atZone(this.zone).toLocalDate();
		LocalDate candidate = switch (this.period) {
			case DAILY -> today;
			case WEEKLY -> today.with(TemporalAdjusters.previousOrSame(this.resetDayOfWeek));
			case MONTHLY -> (today.getDayOfMonth() >= this.resetDayOfMonth) ? today.withDayOfMonth(this.resetDayOfMonth)
					: today.minusMonths(1).withDayOfMonth(this.resetDayOfMonth);
		};
		return resetOn(candidate).isAfter(at) ? previous(candidate) : candidate;
	}

	private LocalDate next(LocalDate resetDay) {
		return switch (this.period) {
			case DAILY -> resetDay.plusDays(1);
			case WEEKLY -> resetDay.plusWeeks(1);
			case MONTHLY -> resetDay.plusMonths(1);
		};
	}

	private LocalDate previous(LocalDate resetDay) {
		return switch (this.period) {
			case DAILY -> resetDay.minusDays(1);
			case WEEKLY -> resetDay.minusWeeks(1);
			case MONTHLY -> resetDay.minusMonths(1);
		};
	}

	private Instant resetOn(LocalDate day) {
		// ZonedDateTime.of moves a time in a gap forward.
		// In an overlap it takes the earlier offset.
		return ZonedDateTime.of(day, this.resetTime, this.zone).toInstant();
	}

}
