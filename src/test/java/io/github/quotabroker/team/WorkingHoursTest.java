package io.github.quotabroker.team;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkingHoursTest {

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

	private static WorkingHours hours(ZoneId zone, String start, String end) {
		return new WorkingHours(zone, LocalTime.parse(start), LocalTime.parse(end));
	}

	@Test
	void nineToFiveInBerlinMovesInUtcWhenBerlinChangesClocks() {
		WorkingHours berlin = hours(BERLIN, "09:00", "17:00");
		// Berlin springs forward on Sunday 2026-03-29: Friday is CET (+1), Monday CEST
		// (+2).
		List<WorkingHours.Span> spans = berlin.spans(Instant.parse("2026-03-27T00:00:00Z"),
				Instant.parse("2026-03-31T00:00:00Z"));
		assertThat(spans).extracting(WorkingHours.Span::start)
			.containsExactly(Instant.parse("2026-03-27T08:00:00Z"), Instant.parse("2026-03-28T08:00:00Z"),
					Instant.parse("2026-03-29T07:00:00Z"), Instant.parse("2026-03-30T07:00:00Z"));
		assertThat(spans).allSatisfy(s -> assertThat(Duration.between(s.start(), s.end())).hasHours(8));
	}

	@Test
	void theWeekBerlinAndNewYorkDisagreeShiftsOnlyOneOfThem() {
		// 2026-03-09..13: New York is already on EDT (-4), Berlin still on CET (+1).
		WorkingHours berlin = hours(BERLIN, "09:00", "17:00");
		WorkingHours newYork = hours(NEW_YORK, "09:00", "17:00");
		Instant wednesday = Instant.parse("2026-03-11T00:00:00Z");
		Instant thursday = wednesday.plus(Duration.ofDays(1));
		assertThat(berlin.spans(wednesday, thursday)).containsExactly(
				new WorkingHours.Span(Instant.parse("2026-03-11T08:00:00Z"), Instant.parse("2026-03-11T16:00:00Z")));
		assertThat(newYork.spans(wednesday, thursday)).containsExactly(
				new WorkingHours.Span(Instant.parse("2026-03-11T13:00:00Z"), Instant.parse("2026-03-11T21:00:00Z")));
		// The usual 6-hour gap is 5 hours that week, so the overlap is 3 hours, not 2.
		assertThat(berlin.isWorkingAt(Instant.parse("2026-03-11T15:30:00Z"))).isTrue();
		assertThat(newYork.isWorkingAt(Instant.parse("2026-03-11T15:30:00Z"))).isTrue();
		assertThat(newYork.isWorkingAt(Instant.parse("2026-03-18T13:30:00Z"))).isTrue();
	}

	@Test
	void hoursAcrossMidnightStartYesterdayAndAreClipped() {
		WorkingHours night = hours(BERLIN, "22:00", "06:00");
		Instant from = Instant.parse("2026-07-01T02:00:00Z"); // 04:00 Berlin, inside last
																// night's span
		List<WorkingHours.Span> spans = night.spans(from, Instant.parse("2026-07-02T00:00:00Z"));
		assertThat(spans).containsExactly(new WorkingHours.Span(from, Instant.parse("2026-07-01T04:00:00Z")),
				new WorkingHours.Span(Instant.parse("2026-07-01T20:00:00Z"), Instant.parse("2026-07-02T00:00:00Z")));
		assertThat(night.isWorkingAt(Instant.parse("2026-07-01T03:59:59Z"))).isTrue();
		assertThat(night.isWorkingAt(Instant.parse("2026-07-01T04:00:00Z"))).isFalse();
	}

	@Test
	void equalStartAndEndIsTheWholeDayAndTheFallBackDayIsLonger() {
		WorkingHours always = hours(NEW_YORK, "00:00", "00:00");
		// New York falls back on 2026-11-01: that local day has 25 hours.
		List<WorkingHours.Span> spans = always.spans(Instant.parse("2026-11-01T04:00:00Z"),
				Instant.parse("2026-11-02T05:00:00Z"));
		assertThat(spans).hasSize(1);
		assertThat(Duration.between(spans.get(0).start(), spans.get(0).end())).hasHours(25);
	}

	@Test
	void aMemberWithoutHoursHasNone() {
		assertThat(WorkingHours.of(new Member("ann", BERLIN, null, null))).isNull();
		assertThat(WorkingHours.of(new Member("bob", BERLIN, LocalTime.of(9, 0), LocalTime.of(17, 0))))
			.isEqualTo(hours(BERLIN, "09:00", "17:00"));
	}

}
