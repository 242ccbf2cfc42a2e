package io.github.quotabroker.team;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Working hours written in a person's own zone ({@code 09:00-17:00}, or
 * {@code 22:00-06:00} across midnight), turned into instants. Each local day is resolved
 * on its own, so the spans follow that zone's DST changes: 09:00 Berlin is 08:00 UTC in
 * summer and 07:00 in winter. A local time that a DST gap skips resolves to the instant
 * just after the gap, as {@link ZonedDateTime#of} does; equal start and end mean the
 * whole day.
 */
public record WorkingHours(ZoneId zone, LocalTime start, LocalTime end) {

	/** One stretch of work, {@code [start, end)}. */
	public record Span(Instant start, Instant end) {

		public boolean contains(Instant instant) {
			return !instant.isBefore(this.start) && instant.isBefore(this.end);
		}

	}

	public WorkingHours {
		if (zone == null || start == null || end == null) {
			throw new IllegalArgumentException("zone, start and end are required");
		}
	}

	/** The member's hours, or {@code null} when the member has none on record. */
	public static WorkingHours of(Member member) {
		if (member.zone() == null || member.workingStart() == null || member.workingEnd() == null) {
			return null;
		}
		return new WorkingHours(member.zone(), member.workingStart(), member.workingEnd());
	}

	/** The spans that overlap {@code [from, to)}, clipped to it, in time order. */
	public List<Span> spans(Instant from, Instant to) {
		List<Span> spans = new ArrayList<>();
		if (!from.isBefore(to)) {
			return spans;
		}
		// Start a day early: a span that began yesterday evening may still be running at
		// 'from'.
		LocalDate day = from.atZone(this.zone).toLocalDate().minusDays(1);
		LocalDate last = to.atZone(this.zone).toLocalDate();
		for (; !day.isAfter(last); day = day.plusDays(1)) {
			Span span = spanStartingOn(day);
			Instant start = span.start().isBefore(from) ? from : span.start();
			Instant end = span.end().isAfter(to) ? to : span.end();
			if (start.isBefore(end)) {
				spans.add(new Span(start, end));
			}
		}
		return spans;
	}

	/** Whether the person is working at this instant. */
	public boolean isWorkingAt(Instant instant) {
		LocalDate today = instant.atZone(this.zone).toLocalDate();
		return spanStartingOn(today).contains(instant) || spanStartingOn(today.minusDays(1)).contains(instant);
	}

	/** The span that starts on this local day (and may end on the next). */
	Span spanStartingOn(LocalDate day) {
		boolean acrossMidnight = !this.end.isAfter(this.start);
		Instant start = ZonedDateTime.of(day, this.start, this.zone).toInstant();
		Instant end = ZonedDateTime.of(acrossMidnight ? day.plusDays(1) : day, this.end, this.zone).toInstant();
		return new Span(start, end);
	}

}
