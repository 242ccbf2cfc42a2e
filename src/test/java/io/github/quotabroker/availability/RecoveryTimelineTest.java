package io.github.quotabroker.availability;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import io.github.quotabroker.pool.RollingWindow;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.usage.MinuteUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecoveryTimelineTest {

	static final ZoneId UTC = ZoneId.of("UTC");

	static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

	static final RollingWindow FIVE_HOURS = new RollingWindow(Duration.ofHours(5));

	static Instant utc(String text) {
		return Instant.parse(text);
	}

	static MinuteUsage minute(String bucketStart, long amount) {
		return new MinuteUsage(utc(bucketStart), amount);
	}

	@Test
	void usageOfMinutesFreedWithinOneUtcHourIsGroupedIntoOneStep() {
		// Buckets at 07:10, 07:30 and 07:58 come back at 12:11, 12:31 and 12:59.
		List<RecoveryStep> steps = RecoveryTimeline.rolling(FIVE_HOURS, 100, 60,
				List.of(minute("2026-06-10T07:10:00Z", 10), minute("2026-06-10T07:30:00Z", 20),
						minute("2026-06-10T07:58:00Z", 30)),
				Unit.MESSAGES, UTC);

		assertThat(steps).hasSize(1);
		RecoveryStep step = steps.get(0);
		assertThat(step.hour()).isEqualTo(utc("2026-06-10T12:00:00Z"));
		assertThat(step.freedBy()).isEqualTo(utc("2026-06-10T12:59:00Z"));
		assertThat(step.amount()).isEqualByComparingTo("60");
		assertThat(step.remainingAfter()).isEqualByComparingTo("100");
	}

	@Test
	void aMinuteWhoseUsageComesBackOnTheHourStartsANewStep() {
		// The bucket at 07:59 comes back at 13:00, in the next UTC hour.
		List<RecoveryStep> steps = RecoveryTimeline.rolling(FIVE_HOURS, 100, 30,
				List.of(minute("2026-06-10T07:58:00Z", 10), minute("2026-06-10T07:59:00Z", 20)), Unit.MESSAGES, UTC);

		assertThat(steps).extracting(RecoveryStep::hour)
			.containsExactly(utc("2026-06-10T12:00:00Z"), utc("2026-06-10T13:00:00Z"));
		assertThat(steps).extracting(RecoveryStep::freedBy)
			.containsExactly(utc("2026-06-10T12:59:00Z"), utc("2026-06-10T13:00:00Z"));
		assertThat(steps).extracting(RecoveryStep::amount)
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactly(new BigDecimal("10"), new BigDecimal("20"));
	}

	@Test
	void remainingAfterAccumulatesStepByStepInTimeOrder() {
		List<RecoveryStep> steps = RecoveryTimeline.rolling(FIVE_HOURS, 100, 90,
				// deliberately out of order
				List.of(minute("2026-06-10T09:15:00Z", 40), minute("2026-06-10T07:05:00Z", 20),
						minute("2026-06-10T08:45:00Z", 30)),
				Unit.MESSAGES, UTC);

		assertThat(steps).extracting(RecoveryStep::hour)
			.containsExactly(utc("2026-06-10T12:00:00Z"), utc("2026-06-10T13:00:00Z"), utc("2026-06-10T14:00:00Z"));
		assertThat(steps).extracting(RecoveryStep::freedBy)
			.containsExactly(utc("2026-06-10T12:06:00Z"), utc("2026-06-10T13:46:00Z"), utc("2026-06-10T14:16:00Z"));
		assertThat(steps).extracting(RecoveryStep::amount)
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactly(new BigDecimal("20"), new BigDecimal("30"), new BigDecimal("40"));
		assertThat(steps).extracting(RecoveryStep::remainingAfter)
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactly(new BigDecimal("30"), new BigDecimal("60"), new BigDecimal("100"));
	}

	@Test
	void whileUsageStillExceedsTheLimitNothingRemainsAfterAStep() {
		// 150 used of 100: the first 30 back leaves 120 used, still over the limit.
		List<RecoveryStep> steps = RecoveryTimeline
			.rolling(
					FIVE_HOURS, 100, 150, List.of(minute("2026-06-10T07:00:00Z", 30),
							minute("2026-06-10T08:00:00Z", 60), minute("2026-06-10T09:00:00Z", 60)),
					Unit.MESSAGES, UTC);

		assertThat(steps).extracting(RecoveryStep::remainingAfter)
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactly(BigDecimal.ZERO, new BigDecimal("40"), new BigDecimal("100"));
	}

	@Test
	void minutesWithoutUsageMakeNoSteps() {
		List<RecoveryStep> steps = RecoveryTimeline.rolling(FIVE_HOURS, 100, 5,
				List.of(minute("2026-06-10T07:00:00Z", 0), minute("2026-06-10T09:00:00Z", 5)), Unit.MESSAGES, UTC);

		assertThat(steps).extracting(RecoveryStep::hour).containsExactly(utc("2026-06-10T14:00:00Z"));
		assertThat(RecoveryTimeline.rolling(FIVE_HOURS, 100, 0, List.of(), Unit.MESSAGES, UTC)).isEmpty();
	}

	@Test
	void amountsAreRenderedInTheUnitOfThePool() {
		List<RecoveryStep> steps = RecoveryTimeline.rolling(FIVE_HOURS, 20_000_000, 1_500_000,
				List.of(minute("2026-06-10T07:00:00Z", 1_500_000)), Unit.COST_USD, UTC);

		assertThat(steps.get(0).amount()).isEqualTo(new BigDecimal("1.5"));
		assertThat(steps.get(0).remainingAfter()).isEqualTo(new BigDecimal("20"));
	}

	@Test
	void utcHoursAreShownInATeamZoneWithAHalfHourOffset() {
		List<RecoveryStep> steps = RecoveryTimeline.rolling(FIVE_HOURS, 100, 10,
				List.of(minute("2026-06-10T07:44:00Z", 10)), Unit.MESSAGES, KOLKATA);

		RecoveryStep step = steps.get(0);
		// Grouping stays by UTC hour: 12:00Z is 17:30 in Kolkata, not a local whole hour.
		assertThat(step.hour()).isEqualTo(utc("2026-06-10T12:00:00Z"));
		assertThat(step.hourLocal())
			.isEqualTo(OffsetDateTime.of(2026, 6, 10, 17, 30, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)));
		assertThat(step.freedBy()).isEqualTo(utc("2026-06-10T12:45:00Z"));
		assertThat(step.freedByLocal())
			.isEqualTo(OffsetDateTime.of(2026, 6, 10, 18, 15, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)));
		assertThat(step.freedByLocal().toString()).isEqualTo("2026-06-10T18:15+05:30");
	}

	@Test
	void aCalendarWindowGivesEverythingBackInOneStepAtTheNextReset() {
		Instant nextReset = utc("2026-11-08T05:00:00Z");

		List<RecoveryStep> steps = RecoveryTimeline.calendar(nextReset, 1_000, 400, Unit.TOKENS,
				ZoneId.of("America/New_York"));

		assertThat(steps).hasSize(1);
		RecoveryStep step = steps.get(0);
		assertThat(step.hour()).isEqualTo(nextReset);
		assertThat(step.freedBy()).isEqualTo(nextReset);
		assertThat(step.freedByLocal()).isEqualTo(OffsetDateTime.parse("2026-11-08T00:00-05:00"));
		assertThat(step.amount()).isEqualByComparingTo("400");
		assertThat(step.remainingAfter()).isEqualByComparingTo("1000");
	}

	@Test
	void aCalendarResetOffTheHourIsListedUnderItsUtcHour() {
		// A reset at midnight Kolkata is 18:30Z.
		Instant nextReset = utc("2026-06-10T18:30:00Z");

		RecoveryStep step = RecoveryTimeline.calendar(nextReset, 1_000, 1_200, Unit.MESSAGES, KOLKATA).get(0);

		assertThat(step.hour()).isEqualTo(utc("2026-06-10T18:00:00Z"));
		assertThat(step.hourLocal()).isEqualTo(OffsetDateTime.parse("2026-06-10T23:30+05:30"));
		assertThat(step.freedBy()).isEqualTo(nextReset);
		assertThat(step.freedByLocal()).isEqualTo(OffsetDateTime.parse("2026-06-11T00:00+05:30"));
		assertThat(step.amount()).isEqualByComparingTo("1200");
		assertThat(step.remainingAfter()).isEqualByComparingTo("1000");
	}

	@Test
	void aCalendarWindowWithNothingUsedHasNoSteps() {
		assertThat(RecoveryTimeline.calendar(utc("2026-06-11T00:00:00Z"), 1_000, 0, Unit.MESSAGES, UTC)).isEmpty();
	}

}
