package io.github.quotabroker.webhook;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import io.github.quotabroker.pool.CalendarPeriod;
import io.github.quotabroker.pool.CalendarWindow;
import io.github.quotabroker.pool.RollingWindow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThresholdCrossingTest {

	@Test
	void thresholdsAreReachedAtExactlyTheirPercent() {
		assertThat(ThresholdCrossing.reached(List.of(50, 80, 95), 799, 1000)).containsExactly(50);
		assertThat(ThresholdCrossing.reached(List.of(50, 80, 95), 800, 1000)).containsExactly(50, 80);
		assertThat(ThresholdCrossing.reached(List.of(50, 80, 95), 1200, 1000)).containsExactly(50, 80, 95);
		assertThat(ThresholdCrossing.reached(List.of(50), 0, 1000)).isEmpty();
		assertThat(ThresholdCrossing.reached(List.of(100), 2, 3)).isEmpty();
		assertThat(ThresholdCrossing.reached(List.of(100), 3, 3)).containsExactly(100);
	}

	@Test
	void largeAmountsDoNotOverflow() {
		long limit = Long.MAX_VALUE / 2;
		assertThat(ThresholdCrossing.reached(List.of(50, 95), limit, limit)).containsExactly(50, 95);
		assertThat(ThresholdCrossing.percent(limit / 2, limit)).isEqualTo(49);
	}

	@Test
	void aRollingWindowsInstancesAreItsLengthFromTheEpoch() {
		// 2026-11-25T12:00Z is 1,795,608,000 s from the epoch: a multiple of 5 h (18,000
		// s).
		RollingWindow fiveHours = new RollingWindow(Duration.ofHours(5));
		assertThat(ThresholdCrossing.windowStart(fiveHours, Instant.parse("2026-11-25T12:00:00Z")))
			.isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
		assertThat(ThresholdCrossing.windowStart(fiveHours, Instant.parse("2026-11-25T16:59:59Z")))
			.isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
		assertThat(ThresholdCrossing.windowStart(fiveHours, Instant.parse("2026-11-25T17:00:00Z")))
			.isEqualTo(Instant.parse("2026-11-25T17:00:00Z"));
		assertThat(ThresholdCrossing.windowStart(fiveHours, Instant.parse("2026-11-25T11:59:59Z")))
			.isEqualTo(Instant.parse("2026-11-25T07:00:00Z"));
		// A day divides into 24 one-hour instances.
		assertThat(ThresholdCrossing.windowStart(new RollingWindow(Duration.ofHours(1)),
				Instant.parse("2026-11-25T12:34:56Z")))
			.isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
	}

	@Test
	void aCalendarWindowsInstanceBeginsAtItsLastReset() {
		CalendarWindow weekly = new CalendarWindow(CalendarPeriod.WEEKLY, LocalTime.of(9, 0), DayOfWeek.MONDAY, null,
				ZoneId.of("America/New_York"));
		// Wednesday 25 November 2026; the last reset was Monday 23rd, 09:00 in New York.
		assertThat(ThresholdCrossing.windowStart(weekly, Instant.parse("2026-11-25T12:00:00Z")))
			.isEqualTo(Instant.parse("2026-11-23T14:00:00Z"));
		assertThat(ThresholdCrossing.windowStart(weekly, Instant.parse("2026-11-30T14:00:00Z")))
			.isEqualTo(Instant.parse("2026-11-30T14:00:00Z"));
	}

}
