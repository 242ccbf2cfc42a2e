package io.github.quotabroker.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class BucketPlanTest {

	static Instant utc(String text) {
		return Instant.parse(text);
	}

	@Test
	void fromAMinuteInsideAnHourReadsMinutesUpToTheNextHourThenHoursOnward() {
		BucketPlan plan = BucketPlan.from(utc("2026-06-10T07:34:00Z"));

		assertThat(plan).isEqualTo(new BucketPlan(utc("2026-06-10T07:34:00Z"), utc("2026-06-10T08:00:00Z"),
				utc("2026-06-10T08:00:00Z"), BucketPlan.OPEN_END, BucketPlan.OPEN_END, BucketPlan.OPEN_END));
	}

	@Test
	void fromTheHourReadsOnlyHours() {
		BucketPlan plan = BucketPlan.from(utc("2026-06-10T07:00:00Z"));

		assertThat(plan.headFrom()).isEqualTo(plan.headTo());
		assertThat(plan.hoursFrom()).isEqualTo(utc("2026-06-10T07:00:00Z"));
		assertThat(plan.hoursTo()).isEqualTo(BucketPlan.OPEN_END);
		assertThat(plan.tailFrom()).isEqualTo(plan.tailTo());
	}

	@ParameterizedTest(name = "from {0}")
	@CsvSource({ "2026-06-10T07:00:00Z", "2026-06-10T07:01:00Z", "2026-06-10T07:34:00Z", "2026-06-10T07:59:00Z",
			"2026-12-31T23:59:00Z" })
	void fromCoversEveryMinuteFromItsStartOnExactlyOnce(Instant from) {
		BucketPlan plan = BucketPlan.from(from);

		assertWellFormed(plan);
		// Check three days' worth of minutes on both sides of the start.
		for (Instant minute = from.minus(Duration.ofDays(3)); minute
			.isBefore(from.plus(Duration.ofDays(3))); minute = minute.plus(1, ChronoUnit.MINUTES)) {
			assertThat(coverings(plan, minute)).as("minute %s", minute).isEqualTo(minute.isBefore(from) ? 0 : 1);
		}
	}

	@Test
	void betweenTwoHoursAndSomeMinutesSplitsIntoHeadHoursAndTail() {
		BucketPlan plan = BucketPlan.between(utc("2026-06-10T07:34:00Z"), utc("2026-06-10T10:12:00Z"));

		assertThat(plan).isEqualTo(
				new BucketPlan(utc("2026-06-10T07:34:00Z"), utc("2026-06-10T08:00:00Z"), utc("2026-06-10T08:00:00Z"),
						utc("2026-06-10T10:00:00Z"), utc("2026-06-10T10:00:00Z"), utc("2026-06-10T10:12:00Z")));
	}

	@Test
	void betweenWithinOneHourReadsOnlyMinutes() {
		BucketPlan plan = BucketPlan.between(utc("2026-06-10T07:10:00Z"), utc("2026-06-10T07:50:00Z"));

		assertThat(plan.headFrom()).isEqualTo(utc("2026-06-10T07:10:00Z"));
		assertThat(plan.headTo()).isEqualTo(utc("2026-06-10T07:50:00Z"));
		assertThat(plan.hoursFrom()).isEqualTo(plan.hoursTo());
		assertThat(plan.tailFrom()).isEqualTo(plan.tailTo());
	}

	@Test
	void betweenWholeHoursReadsOnlyHours() {
		BucketPlan plan = BucketPlan.between(utc("2026-06-10T07:00:00Z"), utc("2026-06-10T09:00:00Z"));

		assertThat(plan.headFrom()).isEqualTo(plan.headTo());
		assertThat(plan.hoursFrom()).isEqualTo(utc("2026-06-10T07:00:00Z"));
		assertThat(plan.hoursTo()).isEqualTo(utc("2026-06-10T09:00:00Z"));
		assertThat(plan.tailFrom()).isEqualTo(plan.tailTo());
	}

	@ParameterizedTest(name = "[{0}, {1})")
	@CsvSource({ "2026-06-10T07:00:00Z, 2026-06-10T07:00:00Z", "2026-06-10T07:30:00Z, 2026-06-10T07:30:00Z",
			"2026-06-10T07:00:00Z, 2026-06-10T07:01:00Z", "2026-06-10T07:59:00Z, 2026-06-10T08:00:00Z",
			"2026-06-10T07:59:00Z, 2026-06-10T08:01:00Z", "2026-06-10T07:10:00Z, 2026-06-10T07:50:00Z",
			"2026-06-10T07:10:00Z, 2026-06-10T08:00:00Z", "2026-06-10T07:00:00Z, 2026-06-10T08:00:00Z",
			"2026-06-10T07:00:00Z, 2026-06-10T08:30:00Z", "2026-06-10T07:30:00Z, 2026-06-10T08:30:00Z",
			"2026-06-10T07:30:00Z, 2026-06-10T09:00:00Z", "2026-06-10T07:30:00Z, 2026-06-10T09:01:00Z",
			"2026-06-10T07:00:00Z, 2026-06-11T07:00:00Z", "2026-06-10T07:34:00Z, 2026-06-13T10:12:00Z",
			"2026-12-31T23:59:00Z, 2027-01-01T00:01:00Z" })
	void betweenCoversExactlyTheMinutesFromStartToEnd(Instant from, Instant to) {
		assertCoversExactly(BucketPlan.between(from, to), from, to);
	}

	@Test
	void betweenCoversExactlyTheMinutesOfEveryRangeWithinThreeHours() {
		Instant base = utc("2026-06-10T06:00:00Z");
		for (int start = 0; start <= 180; start++) {
			for (int length = 0; start + length <= 180; length += 1) {
				Instant from = base.plus(start, ChronoUnit.MINUTES);
				Instant to = from.plus(length, ChronoUnit.MINUTES);
				BucketPlan plan = BucketPlan.between(from, to);
				assertWellFormed(plan);
				assertThat(coveredMinutes(plan, base.minus(1, ChronoUnit.HOURS), base.plus(4, ChronoUnit.HOURS)))
					.as("[%s, %s) as %s", from, to, plan)
					.isEqualTo(length);
				assertThat(coverings(plan, from.minus(1, ChronoUnit.MINUTES))).isZero();
				assertThat(coverings(plan, to)).isZero();
				if (length > 0) {
					assertThat(coverings(plan, from)).isOne();
					assertThat(coverings(plan, to.minus(1, ChronoUnit.MINUTES))).isOne();
				}
			}
		}
	}

	private static void assertCoversExactly(BucketPlan plan, Instant from, Instant to) {
		assertWellFormed(plan);
		for (Instant minute = from.minus(Duration.ofHours(2)); minute
			.isBefore(to.plus(Duration.ofHours(2))); minute = minute.plus(1, ChronoUnit.MINUTES)) {
			boolean inside = !minute.isBefore(from) && minute.isBefore(to);
			assertThat(coverings(plan, minute)).as("minute %s in %s", minute, plan).isEqualTo(inside ? 1 : 0);
		}
	}

	/** Ranges are ordered and hour buckets are whole hours. */
	private static void assertWellFormed(BucketPlan plan) {
		assertThat(plan.headFrom()).isBeforeOrEqualTo(plan.headTo());
		assertThat(plan.hoursFrom()).isBeforeOrEqualTo(plan.hoursTo());
		assertThat(plan.tailFrom()).isBeforeOrEqualTo(plan.tailTo());
		if (plan.hoursFrom().isBefore(plan.hoursTo())) {
			assertThat(plan.hoursFrom().truncatedTo(ChronoUnit.HOURS)).isEqualTo(plan.hoursFrom());
			assertThat(plan.hoursTo().truncatedTo(ChronoUnit.HOURS)).isEqualTo(plan.hoursTo());
		}
	}

	/** How many minutes of [from, to) the plan covers; fails if any is covered twice. */
	private static int coveredMinutes(BucketPlan plan, Instant from, Instant to) {
		int covered = 0;
		Instant twice = null;
		for (Instant minute = from; minute.isBefore(to); minute = minute.plus(1, ChronoUnit.MINUTES)) {
			int times = coverings(plan, minute);
			if (times > 1 && twice == null) {
				twice = minute;
			}
			covered += times;
		}
		assertThat(twice).as("minute covered more than once by %s", plan).isNull();
		return covered;
	}

	/**
	 * How many of the plan's buckets hold the minute starting at {@code minute}: a minute
	 * bucket of the head or tail, or the hour bucket it falls in.
	 */
	private static int coverings(BucketPlan plan, Instant minute) {
		int times = 0;
		if (within(minute, plan.headFrom(), plan.headTo())) {
			times++;
		}
		Instant hour = minute.truncatedTo(ChronoUnit.HOURS);
		if (within(hour, plan.hoursFrom(), plan.hoursTo())) {
			times++;
		}
		if (within(minute, plan.tailFrom(), plan.tailTo())) {
			times++;
		}
		return times;
	}

	private static boolean within(Instant t, Instant from, Instant to) {
		return !t.isBefore(from) && t.isBefore(to);
	}

}
