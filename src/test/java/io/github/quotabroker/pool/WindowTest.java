package io.github.quotabroker.pool;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The questions every window kind answers for itself (issue #13: no kind checks). */
class WindowTest {

	static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

	static final Window FIVE_HOURS = new RollingWindow(Duration.ofHours(5));

	static final Window DAILY_NINE_NEW_YORK = CalendarWindow.daily(LocalTime.of(9, 0), NEW_YORK);

	@Nested
	class Rolling {

		@Test
		void aRollingWindowSlides() {
			assertThat(FIVE_HOURS.slides()).isTrue();
		}

		@Test
		void usageIsFreedOneDurationAndOneMinuteAfterTheStartOfItsMinute() {
			assertThat(FIVE_HOURS.freedAt(Instant.parse("2026-06-10T07:34:59.999Z")))
				.isEqualTo(Instant.parse("2026-06-10T12:35:00Z"));
			assertThat(FIVE_HOURS.freedAt(Instant.parse("2026-06-10T07:34:00Z")))
				.isEqualTo(Instant.parse("2026-06-10T12:35:00Z"));
		}

		@Test
		void freedAtAgreesWithTheBoundsNoLongerCountingTheUsage() {
			Instant used = Instant.parse("2026-06-10T07:34:20Z");
			Instant freed = FIVE_HOURS.freedAt(used);

			assertThat(FIVE_HOURS.boundsAt(freed.minusNanos(1)).countsFrom()).isBeforeOrEqualTo(used);
			assertThat(FIVE_HOURS.boundsAt(freed).countsFrom()).isAfter(used);
		}

		@Test
		void aRollingWindowNextMovesAtTheNextMinute() {
			assertThat(FIVE_HOURS.nextChange(Instant.parse("2026-06-10T07:34:20Z")))
				.isEqualTo(Instant.parse("2026-06-10T07:35:00Z"));
			assertThat(FIVE_HOURS.nextChange(Instant.parse("2026-06-10T07:34:00Z")))
				.isEqualTo(Instant.parse("2026-06-10T07:35:00Z"));
		}

		@ParameterizedTest
		@CsvSource({ "PT5H, 5-hour", "PT1H, 1-hour", "PT90M, 90-minute", "PT1M, 1-minute", "P1D, 24-hour", "P7D, 7-day",
				"P31D, 31-day", "PT2H30M, 150-minute" })
		void aRollingWindowIsCalledByItsLength(String duration, String label) {
			assertThat(new RollingWindow(Duration.parse(duration)).label()).isEqualTo(label);
		}

		@Test
		void foldAppliesTheRollingFunction() {
			String folded = FIVE_HOURS.fold((r) -> "rolling " + r.duration(), (c) -> "calendar");

			assertThat(folded).isEqualTo("rolling PT5H");
		}

	}

	@Nested
	class Calendar {

		@Test
		void aCalendarWindowDoesNotSlide() {
			assertThat(DAILY_NINE_NEW_YORK.slides()).isFalse();
		}

		@Test
		void usageIsFreedAtTheNextResetAfterIt() {
			// 09:00 EDT is 13:00 UTC.
			assertThat(DAILY_NINE_NEW_YORK.freedAt(Instant.parse("2026-06-10T12:59:59Z")))
				.isEqualTo(Instant.parse("2026-06-10T13:00:00Z"));
			assertThat(DAILY_NINE_NEW_YORK.freedAt(Instant.parse("2026-06-10T13:00:00Z")))
				.isEqualTo(Instant.parse("2026-06-11T13:00:00Z"));
		}

		@Test
		void usageIsFreedAtTheResetThatFollowsADstChange() {
			// New York leaves DST on 1 November 2026: the 09:00 reset moves from 13:00 to
			// 14:00 UTC.
			assertThat(DAILY_NINE_NEW_YORK.freedAt(Instant.parse("2026-10-31T20:00:00Z")))
				.isEqualTo(Instant.parse("2026-11-01T14:00:00Z"));
		}

		@Test
		void aCalendarWindowNextMovesAtItsNextReset() {
			Window weekly = CalendarWindow.weekly(DayOfWeek.MONDAY, LocalTime.MIDNIGHT, ZoneId.of("UTC"));

			assertThat(weekly.nextChange(Instant.parse("2026-06-10T07:34:20Z")))
				.isEqualTo(Instant.parse("2026-06-15T00:00:00Z"));
		}

		@Test
		void aCalendarWindowIsCalledByItsPeriod() {
			assertThat(DAILY_NINE_NEW_YORK.label()).isEqualTo("daily");
			assertThat(CalendarWindow.weekly(DayOfWeek.MONDAY, LocalTime.MIDNIGHT, NEW_YORK).label())
				.isEqualTo("weekly");
			assertThat(CalendarWindow.monthly(1, LocalTime.MIDNIGHT, NEW_YORK).label()).isEqualTo("monthly");
		}

		@Test
		void foldAppliesTheCalendarFunction() {
			String folded = DAILY_NINE_NEW_YORK.fold((r) -> "rolling", (c) -> "calendar " + c.period());

			assertThat(folded).isEqualTo("calendar DAILY");
		}

	}

}
