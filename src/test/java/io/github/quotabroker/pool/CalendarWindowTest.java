package io.github.quotabroker.pool;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CalendarWindowTest {

	static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

	static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	static final ZoneId UTC = ZoneId.of("UTC");

	static final LocalTime MIDNIGHT = LocalTime.MIDNIGHT;

	static Instant utc(String text) {
		return Instant.parse(text);
	}

	static WindowBounds bounds(String countsFrom, String nextReset) {
		return new WindowBounds(utc(countsFrom), utc(nextReset));
	}

	@Nested
	class Daily {

		@Test
		void dailyResetAtMidnightUtcCountsFromTodaysMidnightUntilTomorrows() {
			CalendarWindow window = CalendarWindow.daily(MIDNIGHT, UTC);

			assertThat(window.boundsAt(utc("2026-05-12T13:45:10Z")))
				.isEqualTo(bounds("2026-05-12T00:00:00Z", "2026-05-13T00:00:00Z"));
		}

		@Test
		void anInstantExactlyAtTheResetBelongsToTheNewWindow() {
			CalendarWindow window = CalendarWindow.daily(LocalTime.of(9, 0), NEW_YORK);

			// 09:00 EDT = 13:00Z
			assertThat(window.boundsAt(utc("2026-06-10T13:00:00Z")))
				.isEqualTo(bounds("2026-06-10T13:00:00Z", "2026-06-11T13:00:00Z"));
		}

		@Test
		void anInstantOneNanosecondBeforeTheResetStillBelongsToTheOldWindow() {
			CalendarWindow window = CalendarWindow.daily(LocalTime.of(9, 0), NEW_YORK);

			assertThat(window.boundsAt(utc("2026-06-10T13:00:00Z").minusNanos(1)))
				.isEqualTo(bounds("2026-06-09T13:00:00Z", "2026-06-10T13:00:00Z"));
		}

		@Test
		void anInstantOneSecondAfterTheResetBelongsToTheNewWindow() {
			CalendarWindow window = CalendarWindow.daily(LocalTime.of(9, 0), NEW_YORK);

			assertThat(window.boundsAt(utc("2026-06-10T13:00:01Z")))
				.isEqualTo(bounds("2026-06-10T13:00:00Z", "2026-06-11T13:00:00Z"));
		}

		@Test
		void aLocalDateAheadOfUtcStillResetsAtTheLocalTime() {
			// 23:30 UTC on the 10th is already the 11th in Kolkata (05:00 +05:30)
			CalendarWindow window = CalendarWindow.daily(LocalTime.of(6, 0), ZoneId.of("Asia/Kolkata"));

			assertThat(window.boundsAt(utc("2026-06-10T23:30:00Z")))
				.isEqualTo(bounds("2026-06-10T00:30:00Z", "2026-06-11T00:30:00Z"));
		}

		@Test
		void dailyResetAtMidnightNewYorkMovesFromFiveToFourUtcAcrossTheMarchChange() {
			CalendarWindow window = CalendarWindow.daily(MIDNIGHT, NEW_YORK);

			// The window of Sunday 2026-03-08 is 23 hours long.
			assertThat(window.boundsAt(utc("2026-03-08T12:00:00Z")))
				.isEqualTo(bounds("2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z"));
			assertThat(window.boundsAt(utc("2026-03-09T12:00:00Z")))
				.isEqualTo(bounds("2026-03-09T04:00:00Z", "2026-03-10T04:00:00Z"));
		}

		@Test
		void dailyResetAtMidnightBerlinMovesFromElevenToTenUtcAcrossTheMarchChange() {
			CalendarWindow window = CalendarWindow.daily(MIDNIGHT, BERLIN);

			assertThat(window.boundsAt(utc("2026-03-28T12:00:00Z")))
				.isEqualTo(bounds("2026-03-27T23:00:00Z", "2026-03-28T23:00:00Z"));
			assertThat(window.boundsAt(utc("2026-03-29T12:00:00Z")))
				.isEqualTo(bounds("2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z"));
		}

		@Test
		void dailyResetAtMidnightBerlinMovesFromTenToElevenUtcAcrossTheOctoberChange() {
			CalendarWindow window = CalendarWindow.daily(MIDNIGHT, BERLIN);

			// The window of Sunday 2026-10-25 is 25 hours long.
			assertThat(window.boundsAt(utc("2026-10-25T12:00:00Z")))
				.isEqualTo(bounds("2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z"));
		}

		@Test
		void aResetTimeInsideTheNewYorkSpringForwardGapHappensAtHalfPastThreeLocal() {
			CalendarWindow window = CalendarWindow.daily(LocalTime.of(2, 30), NEW_YORK);

			// 02:30 does not exist on 2026-03-08; the reset is at 03:30 EDT = 07:30Z.
			Instant reset = utc("2026-03-08T07:30:00Z");
			assertThat(reset.atZone(NEW_YORK).toLocalTime()).isEqualTo(LocalTime.of(3, 30));
			assertThat(window.boundsAt(reset)).isEqualTo(bounds("2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z"));
			assertThat(window.boundsAt(reset.minusNanos(1)))
				.isEqualTo(bounds("2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z"));
		}

		@Test
		void betweenTheNominalAndTheShiftedResetInTheGapTheOldWindowIsStillInForce() {
			CalendarWindow window = CalendarWindow.daily(LocalTime.of(2, 30), NEW_YORK);

			// 07:00Z is 03:00 EDT: past 02:30 on the clock, but the reset is only at
			// 03:30.
			assertThat(window.boundsAt(utc("2026-03-08T07:00:00Z")))
				.isEqualTo(bounds("2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z"));
		}

		@Test
		void aResetTimeInsideTheBerlinSpringForwardGapHappensAtHalfPastThreeLocal() {
			CalendarWindow window = CalendarWindow.daily(LocalTime.of(2, 30), BERLIN);

			// 03:30 CEST = 01:30Z
			assertThat(window.boundsAt(utc("2026-03-29T12:00:00Z")))
				.isEqualTo(bounds("2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z"));
		}

		@Test
		void aResetTimeInsideTheNewYorkFallBackOverlapHappensOnlyAtItsFirstOccurrence() {
			CalendarWindow window = CalendarWindow.daily(LocalTime.of(1, 30), NEW_YORK);

			// 01:30 happens twice on 2026-11-01: 05:30Z (EDT) and 06:30Z (EST).
			WindowBounds expected = bounds("2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z");
			assertThat(window.boundsAt(utc("2026-11-01T05:30:00Z"))).isEqualTo(expected);
			assertThat(window.boundsAt(utc("2026-11-01T06:30:00Z"))).isEqualTo(expected);
			assertThat(window.boundsAt(utc("2026-11-01T06:45:00Z"))).isEqualTo(expected);
			assertThat(window.boundsAt(utc("2026-11-01T05:30:00Z").minusNanos(1)))
				.isEqualTo(bounds("2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z"));
		}

		@Test
		void aResetTimeInsideTheBerlinFallBackOverlapHappensOnlyAtItsFirstOccurrence() {
			CalendarWindow window = CalendarWindow.daily(LocalTime.of(2, 30), BERLIN);

			// 02:30 happens twice on 2026-10-25: 00:30Z (CEST) and 01:30Z (CET).
			WindowBounds expected = bounds("2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z");
			assertThat(window.boundsAt(utc("2026-10-25T00:30:00Z"))).isEqualTo(expected);
			assertThat(window.boundsAt(utc("2026-10-25T01:30:00Z"))).isEqualTo(expected);
			assertThat(window.boundsAt(utc("2026-10-25T00:29:59Z")))
				.isEqualTo(bounds("2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z"));
		}

	}

	@Nested
	class Weekly {

		@Test
		void weeklyResetAtMidnightNewYorkMovesFromFourToFiveUtcAcrossNovemberChange() {
			CalendarWindow window = CalendarWindow.weekly(DayOfWeek.SUNDAY, MIDNIGHT, NEW_YORK);

			// Sunday 2026-11-01 00:00 is still EDT (04:00Z); Sunday 2026-11-08 00:00 is
			// EST (05:00Z).
			assertThat(window.boundsAt(utc("2026-11-03T12:00:00Z")))
				.isEqualTo(bounds("2026-11-01T04:00:00Z", "2026-11-08T05:00:00Z"));
		}

		@Test
		void weeklyResetAtMidnightNewYorkMovesFromFiveToFourUtcAcrossMarchChange() {
			CalendarWindow window = CalendarWindow.weekly(DayOfWeek.SUNDAY, MIDNIGHT, NEW_YORK);

			assertThat(window.boundsAt(utc("2026-03-10T12:00:00Z")))
				.isEqualTo(bounds("2026-03-08T05:00:00Z", "2026-03-15T04:00:00Z"));
		}

		@Test
		void weeklyWindowSpanningTheBerlinMarchChangeIsOneHourShorterThanAWeek() {
			CalendarWindow window = CalendarWindow.weekly(DayOfWeek.MONDAY, LocalTime.of(9, 0), BERLIN);

			// Monday 2026-03-23 09:00 CET = 08:00Z; Monday 2026-03-30 09:00 CEST =
			// 07:00Z.
			WindowBounds bounds = window.boundsAt(utc("2026-03-29T12:00:00Z"));
			assertThat(bounds).isEqualTo(bounds("2026-03-23T08:00:00Z", "2026-03-30T07:00:00Z"));
			assertThat(Duration.between(bounds.countsFrom(), bounds.nextReset()))
				.isEqualTo(Duration.ofDays(7).minusHours(1));
		}

		@Test
		void weeklyWindowSpanningTheBerlinOctoberChangeIsOneHourLongerThanAWeek() {
			CalendarWindow window = CalendarWindow.weekly(DayOfWeek.MONDAY, LocalTime.of(9, 0), BERLIN);

			// Monday 2026-10-19 09:00 CEST = 07:00Z; Monday 2026-10-26 09:00 CET =
			// 08:00Z.
			WindowBounds bounds = window.boundsAt(utc("2026-10-25T12:00:00Z"));
			assertThat(bounds).isEqualTo(bounds("2026-10-19T07:00:00Z", "2026-10-26T08:00:00Z"));
			assertThat(Duration.between(bounds.countsFrom(), bounds.nextReset()))
				.isEqualTo(Duration.ofDays(7).plusHours(1));
		}

		@Test
		void onTheResetDayBeforeTheResetTimeTheWindowOfThePreviousWeekIsInForce() {
			CalendarWindow window = CalendarWindow.weekly(DayOfWeek.WEDNESDAY, LocalTime.of(9, 0), UTC);

			// Wednesday 2026-06-10 08:59:59
			assertThat(window.boundsAt(utc("2026-06-10T08:59:59Z")))
				.isEqualTo(bounds("2026-06-03T09:00:00Z", "2026-06-10T09:00:00Z"));
			assertThat(window.boundsAt(utc("2026-06-10T09:00:00Z")))
				.isEqualTo(bounds("2026-06-10T09:00:00Z", "2026-06-17T09:00:00Z"));
		}

		@Test
		void weeklyResetInsideTheSpringForwardGapHappensAtHalfPastThreeThatWeek() {
			CalendarWindow window = CalendarWindow.weekly(DayOfWeek.SUNDAY, LocalTime.of(2, 30), NEW_YORK);

			// Sunday 2026-03-01 02:30 EST = 07:30Z; 2026-03-08 03:30 EDT = 07:30Z;
			// 2026-03-15 02:30 EDT = 06:30Z.
			assertThat(window.boundsAt(utc("2026-03-08T07:29:00Z")))
				.isEqualTo(bounds("2026-03-01T07:30:00Z", "2026-03-08T07:30:00Z"));
			assertThat(window.boundsAt(utc("2026-03-08T07:30:00Z")))
				.isEqualTo(bounds("2026-03-08T07:30:00Z", "2026-03-15T06:30:00Z"));
		}

		@Test
		void weeklyResetInsideTheFallBackOverlapHappensAtItsFirstOccurrence() {
			CalendarWindow window = CalendarWindow.weekly(DayOfWeek.SUNDAY, LocalTime.of(1, 30), NEW_YORK);

			assertThat(window.boundsAt(utc("2026-11-01T06:30:00Z")))
				.isEqualTo(bounds("2026-11-01T05:30:00Z", "2026-11-08T06:30:00Z"));
		}

		@Test
		void aWeeklyWindowNeedsADayOfTheWeek() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new CalendarWindow(CalendarPeriod.WEEKLY, MIDNIGHT, null, null, UTC));
		}

	}

	@Nested
	class Monthly {

		@Test
		void monthlyResetOnTheTwentyEighthWorksInFebruary() {
			CalendarWindow window = CalendarWindow.monthly(28, MIDNIGHT, UTC);

			assertThat(window.boundsAt(utc("2026-02-27T23:59:59Z")))
				.isEqualTo(bounds("2026-01-28T00:00:00Z", "2026-02-28T00:00:00Z"));
			assertThat(window.boundsAt(utc("2026-02-28T00:00:00Z")))
				.isEqualTo(bounds("2026-02-28T00:00:00Z", "2026-03-28T00:00:00Z"));
			assertThat(window.boundsAt(utc("2026-03-05T10:00:00Z")))
				.isEqualTo(bounds("2026-02-28T00:00:00Z", "2026-03-28T00:00:00Z"));
		}

		@Test
		void monthlyResetOnTheTwentyEighthWorksInALeapYearFebruary() {
			CalendarWindow window = CalendarWindow.monthly(28, MIDNIGHT, UTC);

			assertThat(window.boundsAt(utc("2028-02-29T12:00:00Z")))
				.isEqualTo(bounds("2028-02-28T00:00:00Z", "2028-03-28T00:00:00Z"));
		}

		@Test
		void monthlyWindowSpanningTheNewYorkMarchChangeStartsAtFiveAndEndsAtFourUtc() {
			CalendarWindow window = CalendarWindow.monthly(1, MIDNIGHT, NEW_YORK);

			assertThat(window.boundsAt(utc("2026-03-15T12:00:00Z")))
				.isEqualTo(bounds("2026-03-01T05:00:00Z", "2026-04-01T04:00:00Z"));
		}

		@Test
		void monthlyWindowSpanningTheNewYorkNovemberChangeStartsAtFourAndEndsAtFiveUtc() {
			CalendarWindow window = CalendarWindow.monthly(1, MIDNIGHT, NEW_YORK);

			assertThat(window.boundsAt(utc("2026-11-15T12:00:00Z")))
				.isEqualTo(bounds("2026-11-01T04:00:00Z", "2026-12-01T05:00:00Z"));
		}

		@Test
		void monthlyWindowSpanningBothBerlinChangesMovesWithEachOfThem() {
			CalendarWindow window = CalendarWindow.monthly(15, MIDNIGHT, BERLIN);

			assertThat(window.boundsAt(utc("2026-03-30T12:00:00Z")))
				.isEqualTo(bounds("2026-03-14T23:00:00Z", "2026-04-14T22:00:00Z"));
			assertThat(window.boundsAt(utc("2026-10-30T12:00:00Z")))
				.isEqualTo(bounds("2026-10-14T22:00:00Z", "2026-11-14T23:00:00Z"));
		}

		@Test
		void onTheResetDayBeforeTheResetTimeTheWindowOfThePreviousMonthIsInForce() {
			CalendarWindow window = CalendarWindow.monthly(10, LocalTime.of(8, 0), NEW_YORK);

			// 2026-06-10 08:00 EDT = 12:00Z
			assertThat(window.boundsAt(utc("2026-06-10T11:59:59Z")))
				.isEqualTo(bounds("2026-05-10T12:00:00Z", "2026-06-10T12:00:00Z"));
			assertThat(window.boundsAt(utc("2026-06-10T12:00:00Z")))
				.isEqualTo(bounds("2026-06-10T12:00:00Z", "2026-07-10T12:00:00Z"));
		}

		@Test
		void monthlyWindowWrapsAroundTheYear() {
			CalendarWindow window = CalendarWindow.monthly(5, MIDNIGHT, UTC);

			assertThat(window.boundsAt(utc("2027-01-02T00:00:00Z")))
				.isEqualTo(bounds("2026-12-05T00:00:00Z", "2027-01-05T00:00:00Z"));
		}

		@ParameterizedTest
		@MethodSource("io.github.quotabroker.pool.CalendarWindowTest#badDaysOfMonth")
		void aMonthlyWindowNeedsAResetDayFromOneToTwentyEight(Integer day) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new CalendarWindow(CalendarPeriod.MONTHLY, MIDNIGHT, null, day, UTC));
		}

	}

	static Stream<Integer> badDaysOfMonth() {
		return Stream.of(null, 0, -1, 29, 31);
	}

	@Test
	void aResetTimeWithSecondsIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> CalendarWindow.daily(LocalTime.of(1, 0, 30), UTC));
	}

	static Stream<Arguments> windowsInDstZones() {
		return Stream.of(Arguments.of(CalendarWindow.daily(MIDNIGHT, NEW_YORK)),
				Arguments.of(CalendarWindow.daily(LocalTime.of(2, 30), NEW_YORK)),
				Arguments.of(CalendarWindow.daily(LocalTime.of(1, 30), NEW_YORK)),
				Arguments.of(CalendarWindow.daily(LocalTime.of(2, 30), BERLIN)),
				Arguments.of(CalendarWindow.weekly(DayOfWeek.SUNDAY, MIDNIGHT, NEW_YORK)),
				Arguments.of(CalendarWindow.weekly(DayOfWeek.SUNDAY, LocalTime.of(2, 30), BERLIN)),
				Arguments.of(CalendarWindow.monthly(1, MIDNIGHT, BERLIN)),
				Arguments.of(CalendarWindow.monthly(28, LocalTime.of(23, 59), NEW_YORK)));
	}

	@ParameterizedTest
	@MethodSource("windowsInDstZones")
	void everyInstantOf2026LiesInAWindowThatStartsAtTheLastResetAndEndsAtTheNext(CalendarWindow window) {
		Instant end = utc("2027-01-01T00:00:00Z");
		for (Instant at = utc("2026-01-01T00:00:00Z"); at.isBefore(end); at = at.plus(Duration.ofMinutes(17))) {
			WindowBounds bounds = window.boundsAt(at);
			assertThat(bounds.countsFrom()).as("countsFrom at %s", at).isBeforeOrEqualTo(at);
			assertThat(bounds.nextReset()).as("nextReset at %s", at).isAfter(at);
			// The window's own ends are resets: the window starting at countsFrom is the
			// same one, and the instant just before countsFrom belongs to the previous.
			assertThat(window.boundsAt(bounds.countsFrom())).isEqualTo(bounds);
			assertThat(window.boundsAt(bounds.nextReset().minusNanos(1))).isEqualTo(bounds);
			assertThat(window.boundsAt(bounds.countsFrom().minusNanos(1)).nextReset()).isEqualTo(bounds.countsFrom());
			assertThat(window.boundsAt(bounds.nextReset()).countsFrom()).isEqualTo(bounds.nextReset());
			assertResetIsAtTheLocalResetTime(window, bounds.countsFrom());
		}
	}

	private static void assertResetIsAtTheLocalResetTime(CalendarWindow window, Instant reset) {
		ZonedDateTime local = reset.atZone(window.zone());
		// A reset in a gap moves forward by the gap's length (one hour in both zones).
		assertThat(local.toLocalTime()).as("local time of reset %s", reset)
			.isIn(window.resetTime(), window.resetTime().plusHours(1));
		if (window.period() == CalendarPeriod.WEEKLY) {
			assertThat(local.getDayOfWeek()).isEqualTo(window.resetDayOfWeek());
		}
		if (window.period() == CalendarPeriod.MONTHLY) {
			assertThat(local.getDayOfMonth()).isEqualTo(window.resetDayOfMonth());
		}
	}

}
