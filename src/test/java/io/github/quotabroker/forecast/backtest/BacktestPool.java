package io.github.quotabroker.forecast.backtest;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.quotabroker.pool.CalendarWindow;
import io.github.quotabroker.pool.RollingWindow;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.pool.Window;

/**
 * The three pools every trace is replayed into, all counting the same events: a 5-hour
 * rolling window and a weekly calendar window (Monday 00:00 UTC) on messages, and a
 * monthly calendar window (the 1st, 00:00 UTC) on tokens. Also what actually happened:
 * window usage, exhaustion and total at reset computed from the trace itself.
 */
enum BacktestPool {

	SESSION("session"), WEEKLY("weekly"), MONTHLY("monthly");

	/** How far ahead a rolling pool's exhaustion is scored. */
	static final Duration ROLLING_HORIZON = Duration.ofHours(24);

	static final Duration SESSION_LENGTH = Duration.ofHours(5);

	final String id;

	BacktestPool(String id) {
		this.id = id;
	}

	long[] amounts(Trace trace) {
		return (this == MONTHLY) ? trace.tokens() : trace.messages();
	}

	Duration rolling() {
		return (this == SESSION) ? SESSION_LENGTH : null;
	}

	String json(long limit) {
		String window = switch (this) {
			case SESSION -> "{\"type\":\"ROLLING\",\"duration\":\"PT5H\"}";
			case WEEKLY ->
				"{\"type\":\"CALENDAR\",\"period\":\"WEEKLY\",\"resetTime\":\"00:00\",\"resetDay\":\"MONDAY\",\"timezone\":\"UTC\"}";
			case MONTHLY ->
				"{\"type\":\"CALENDAR\",\"period\":\"MONTHLY\",\"resetTime\":\"00:00\",\"resetDay\":1,\"timezone\":\"UTC\"}";
		};
		return "{\"name\":\"" + this.id + "\",\"unit\":\"" + ((this == MONTHLY) ? "TOKENS" : "MESSAGES")
				+ "\",\"limit\":" + limit + ",\"window\":" + window + ",\"models\":[\"backtest-*\"]}";
	}

	/**
	 * The pool's window as the service's domain types say it ({@link #json} for the API).
	 */
	Window window() {
		return switch (this) {
			case SESSION -> new RollingWindow(SESSION_LENGTH);
			case WEEKLY -> CalendarWindow.weekly(DayOfWeek.MONDAY, LocalTime.MIDNIGHT, ZoneOffset.UTC);
			case MONTHLY -> CalendarWindow.monthly(1, LocalTime.MIDNIGHT, ZoneOffset.UTC);
		};
	}

	Unit unit() {
		return (this == MONTHLY) ? Unit.TOKENS : Unit.MESSAGES;
	}

	/**
	 * Recorded usage still in the rolling window at {@code now} and when it comes back
	 * (by minute, as the service reads it); empty for a calendar pool.
	 */
	Map<Instant, Long> returning(Trace trace, Instant now) {
		Map<Instant, Long> back = new HashMap<>();
		if (this != SESSION) {
			return back;
		}
		RollingWindow window = new RollingWindow(SESSION_LENGTH);
		Instant from = window.boundsAt(now).countsFrom();
		long[] a = amounts(trace);
		for (int h = 0; h < trace.hours(); h++) {
			Instant at = trace.eventAt(h);
			if (!at.isBefore(from) && !at.isAfter(now) && a[h] > 0) {
				back.merge(window.freedAt(at), a[h], Long::sum);
			}
		}
		return back;
	}

	/** The start of the window that contains {@code t}. */
	Instant countsFrom(Instant t) {
		ZonedDateTime utc = t.atZone(ZoneOffset.UTC);
		return switch (this) {
			case SESSION -> t.minus(SESSION_LENGTH);
			case WEEKLY ->
				utc.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant();
			case MONTHLY -> utc.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
		};
	}

	/** The reset after {@code t}, or null for the rolling pool. */
	Instant nextReset(Instant t) {
		return switch (this) {
			case SESSION -> null;
			case WEEKLY -> countsFrom(t).plus(Duration.ofDays(7));
			case MONTHLY -> countsFrom(t).atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
		};
	}

	/**
	 * Exhaustion is scored up to here: the reset, or a day ahead for the rolling pool.
	 */
	Instant cap(Instant now) {
		return (this == SESSION) ? now.plus(ROLLING_HORIZON) : nextReset(now);
	}

	/** Usage in the window at instant {@code t} (events at {@code t} included). */
	long usedAt(Trace trace, Instant t) {
		long[] a = amounts(trace);
		int to = Math.min(trace.hours(), firstEventAfter(trace, t));
		int from = (this == SESSION) ? firstEventAfter(trace, t.minus(SESSION_LENGTH))
				: firstEventAfter(trace, countsFrom(t).minusNanos(1));
		long used = 0;
		for (int h = Math.max(0, from); h < to; h++) {
			used += a[h];
		}
		return used;
	}

	/** The index of the first hour whose event is stamped after {@code t}. */
	static int firstEventAfter(Trace trace, Instant t) {
		long seconds = Duration.between(trace.eventAt(0), t).toSeconds();
		return (seconds < 0) ? 0 : (int) (seconds / 3600) + 1;
	}

	/**
	 * The first recorded event after {@code now} and before {@code cap} that takes the
	 * window to the limit; null when none does before the end of the trace.
	 */
	Instant actualExhaustion(Trace trace, Instant now, long limit, Instant cap) {
		long[] a = amounts(trace);
		long used = usedAt(trace, now);
		for (int h = firstEventAfter(trace, now); h < trace.hours(); h++) {
			Instant at = trace.eventAt(h);
			if (!at.isBefore(cap)) {
				return null;
			}
			// A calendar window only grows until the cap (its reset); a rolling one is
			// summed anew.
			used = (this == SESSION) ? usedAt(trace, at) : used + a[h];
			if (a[h] > 0 && used >= limit) {
				return at;
			}
		}
		return null;
	}

	/** The window's total at its next reset after {@code now}. */
	long actualTotalAtReset(Trace trace, Instant now) {
		Instant reset = nextReset(now);
		return usedAt(trace, reset.minusNanos(1));
	}

	/** The baseline's view at hour boundary {@code hour} of the trace. */
	WindowView view(Trace trace, int hour) {
		long[] a = amounts(trace);
		Instant now = trace.hourStart(hour);
		double[] history = new double[hour];
		for (int i = 0; i < hour; i++) {
			history[i] = a[i];
		}
		Instant first = null;
		for (int i = 0; i < hour; i++) {
			Instant at = trace.eventAt(i);
			boolean inWindow = (this == SESSION) ? at.isAfter(now.minus(SESSION_LENGTH))
					: !at.isBefore(countsFrom(now));
			if (inWindow && a[i] > 0) {
				first = at;
				break;
			}
		}
		return new WindowView(history, now, countsFrom(now), nextReset(now), rolling(), usedAt(trace, now), first,
				pastWindowTotals(trace, hour));
	}

	/**
	 * Complete past windows inside the trace: calendar windows that began at or after its
	 * start and reset by {@code hour}; for the rolling pool, 5-hour sessions each opened
	 * by the first use after the previous one ended.
	 */
	double[] pastWindowTotals(Trace trace, int hour) {
		long[] a = amounts(trace);
		List<Double> totals = new ArrayList<>();
		if (this == SESSION) {
			int h = 0;
			while (h < hour) {
				if (a[h] == 0) {
					h++;
					continue;
				}
				int end = h + (int) SESSION_LENGTH.toHours();
				if (end > hour) {
					break;
				}
				double total = 0;
				for (int i = h; i < end; i++) {
					total += a[i];
				}
				totals.add(total);
				h = end;
			}
		}
		else {
			Instant now = trace.hourStart(hour);
			Instant from = countsFrom(trace.start());
			if (from.isBefore(trace.start())) {
				from = nextReset(trace.start());
			}
			while (!nextReset(from).isAfter(now)) {
				Instant to = nextReset(from);
				double total = 0;
				for (int i = 0; i < hour; i++) {
					Instant at = trace.eventAt(i);
					if (!at.isBefore(from) && at.isBefore(to)) {
						total += a[i];
					}
				}
				totals.add(total);
				from = to;
			}
		}
		return totals.stream().mapToDouble(Double::doubleValue).toArray();
	}

	/**
	 * Limits chosen from the trace so that each pool runs out in some windows but not
	 * all: the rolling pool at 80 % of the 95th percentile of 5-hour totals, the weekly
	 * pool at 90 % of the mean weekly total, the monthly pool at 90 % of the largest
	 * month total in the trace; all over the scored part of the trace.
	 */
	long limit(Trace trace) {
		long[] a = amounts(trace);
		int from = trace.evaluateFrom();
		switch (this) {
			case SESSION -> {
				List<Long> sums = new ArrayList<>();
				for (int h = Math.max(from, 5); h <= trace.hours(); h++) {
					long sum = 0;
					for (int i = h - 5; i < h; i++) {
						sum += a[i];
					}
					sums.add(sum);
				}
				sums.sort(null);
				return Math.max(1, Math.round(0.8 * sums.get((int) Math.ceil(0.95 * sums.size()) - 1)));
			}
			case WEEKLY -> {
				long total = 0;
				for (int i = from; i < trace.hours(); i++) {
					total += a[i];
				}
				double weeks = (trace.hours() - from) / 168.0;
				return Math.max(1, Math.round(0.9 * total / weeks));
			}
			default -> {
				long largest = 0;
				Instant month = countsFrom(trace.start());
				while (month.isBefore(trace.end())) {
					Instant next = nextReset(month);
					long total = 0;
					for (int i = 0; i < trace.hours(); i++) {
						Instant at = trace.eventAt(i);
						if (!at.isBefore(month) && at.isBefore(next)) {
							total += a[i];
						}
					}
					largest = Math.max(largest, total);
					month = next;
				}
				return Math.max(1, Math.round(0.9 * largest));
			}
		}
	}

}
