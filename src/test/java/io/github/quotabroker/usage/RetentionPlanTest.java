package io.github.quotabroker.usage;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;

import io.github.quotabroker.pool.CalendarWindow;
import io.github.quotabroker.pool.RollingWindow;
import io.github.quotabroker.pool.Window;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetentionPlanTest {

	static final Instant NOW = Instant.parse("2026-11-25T12:34:56Z");

	static final Duration MAX_EVENT_AGE = Duration.ofDays(400);

	static RetentionProperties defaults() {
		return new RetentionProperties(Period.ofMonths(13), Duration.ofDays(8), Period.ofMonths(13), Duration.ofDays(1),
				Duration.ofMinutes(15), 2000, Duration.ofMinutes(5), Duration.ofDays(90));
	}

	static final Window FIVE_HOURS = new RollingWindow(Duration.ofHours(5));

	static final Window WEEKLY = CalendarWindow.weekly(DayOfWeek.THURSDAY, LocalTime.MIDNIGHT,
			ZoneId.of("America/Los_Angeles"));

	@Test
	void minuteBucketsGoAfterEightDaysOnTheHourWhenNoRollingWindowIsLonger() {
		RetentionPlan.Cutoffs cutoffs = RetentionPlan.cutoffs(defaults(), MAX_EVENT_AGE, NOW,
				List.of(FIVE_HOURS, WEEKLY));

		assertThat(cutoffs.minutesBefore()).isEqualTo(Instant.parse("2026-11-17T12:00:00Z"));
	}

	@Test
	void aLongerRollingWindowKeepsItsMinutesAndTheMargin() {
		Window month = new RollingWindow(Duration.ofDays(31));

		RetentionPlan.Cutoffs cutoffs = RetentionPlan.cutoffs(defaults(), MAX_EVENT_AGE, NOW, List.of(month));

		// The window starts on 2026-10-25T12:34; a day before that, on the hour.
		assertThat(cutoffs.minutesBefore()).isEqualTo(Instant.parse("2026-10-24T12:00:00Z"));
		assertThat(cutoffs.hoursBefore()).isBeforeOrEqualTo(cutoffs.minutesBefore());
	}

	@Test
	void aCalendarWindowKeepsItsHoursButNotItsMinutes() {
		Window monthly = CalendarWindow.monthly(1, LocalTime.of(0, 30), ZoneId.of("Asia/Kolkata"));
		RetentionProperties shortHours = new RetentionProperties(Period.ofMonths(13), Duration.ofDays(8),
				Period.ofDays(9), Duration.ofHours(2), Duration.ofMinutes(15), 2000, Duration.ofMinutes(5),
				Duration.ofDays(90));

		RetentionPlan.Cutoffs cutoffs = RetentionPlan.cutoffs(shortHours, MAX_EVENT_AGE, NOW, List.of(monthly));

		// Minutes: only the head of a calendar window is read by minute, from the ledger
		// once compacted.
		assertThat(cutoffs.minutesBefore()).isEqualTo(Instant.parse("2026-11-17T12:00:00Z"));
		// Hours: the window in force started 2026-10-31T19:00Z (00:30 in Kolkata); two
		// hours before it.
		assertThat(cutoffs.hoursBefore()).isEqualTo(Instant.parse("2026-10-31T17:00:00Z"));
	}

	@Test
	void theLedgerIsKeptThirteenMonthsOrTheOldestAcceptedEventPlusADay() {
		RetentionPlan.Cutoffs byAge = RetentionPlan.cutoffs(defaults(), MAX_EVENT_AGE, NOW, List.of(FIVE_HOURS));
		RetentionPlan.Cutoffs byMonths = RetentionPlan.cutoffs(defaults(), Duration.ofDays(30), NOW,
				List.of(FIVE_HOURS));

		// 400 days plus one is longer than 13 months (2025-10-25): an event ingest still
		// accepts is never missing from the ledger.
		assertThat(byAge.ledgerBefore()).isEqualTo(Instant.parse("2025-10-20T12:00:00Z"));
		assertThat(byMonths.ledgerBefore()).isEqualTo(Instant.parse("2025-10-25T12:00:00Z"));
		assertThat(byMonths.hoursBefore()).isEqualTo(Instant.parse("2025-10-25T12:00:00Z"));
	}

	@Test
	void theLedgerIsNeverCutAfterTheMinutesItStandsInFor() {
		RetentionProperties shortLedger = new RetentionProperties(Period.ofDays(2), Duration.ofDays(8),
				Period.ofMonths(13), Duration.ofDays(1), Duration.ofMinutes(15), 2000, Duration.ofMinutes(5),
				Duration.ofDays(90));

		RetentionPlan.Cutoffs cutoffs = RetentionPlan.cutoffs(shortLedger, Duration.ofDays(1), NOW,
				List.of(FIVE_HOURS));

		assertThat(cutoffs.ledgerBefore()).isEqualTo(cutoffs.minutesBefore());
	}

	@Test
	void withNoPoolsTheSettingsAloneDecide() {
		RetentionPlan.Cutoffs cutoffs = RetentionPlan.cutoffs(defaults(), MAX_EVENT_AGE, NOW, List.of());

		assertThat(cutoffs.minutesBefore()).isEqualTo(Instant.parse("2026-11-17T12:00:00Z"));
		assertThat(cutoffs.hoursBefore()).isEqualTo(Instant.parse("2025-10-25T12:00:00Z"));
	}

	@Test
	void settingsOutOfRangeAreRefusedNamingTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetentionProperties(Period.ofMonths(13), Duration.ofMinutes(5), Period.ofMonths(13),
					Duration.ofDays(1), Duration.ofMinutes(15), 2000, Duration.ofMinutes(5), Duration.ofDays(90)))
			.withMessageContaining("quota.retention.minute-buckets");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetentionProperties(Period.ofMonths(13), Duration.ofDays(8), Period.ofMonths(13),
					Duration.ofDays(1), Duration.ofMinutes(15), 0, Duration.ofMinutes(5), Duration.ofDays(90)))
			.withMessageContaining("quota.retention.batch-size");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetentionProperties(Period.ZERO, Duration.ofDays(8), Period.ofMonths(13),
					Duration.ofDays(1), Duration.ofMinutes(15), 10, Duration.ofMinutes(5), Duration.ofDays(90)))
			.withMessageContaining("quota.retention.ledger");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetentionProperties(Period.ofMonths(13), Duration.ofDays(8), Period.ofMonths(13),
					Duration.ofDays(1), Duration.ofMinutes(15), 10, Duration.ofMinutes(5), Duration.ofHours(23)))
			.withMessageContaining("quota.retention.reservations");
	}

}
