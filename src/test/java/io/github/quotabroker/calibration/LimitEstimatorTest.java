package io.github.quotabroker.calibration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.quotabroker.calibration.LimitEstimator.Estimate;
import io.github.quotabroker.calibration.LimitEstimator.Sample;
import io.github.quotabroker.calibration.LimitEstimator.Settings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LimitEstimatorTest {

	private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

	private static Sample sample(int minutesAgo, double percent, long used, String window) {
		return new Sample(NOW.minus(Duration.ofMinutes(minutesAgo)), percent, used, window);
	}

	private static Estimate estimate(List<Sample> samples, Map<String, Integer> skipped) {
		return LimitEstimator.estimate(samples, NOW, Settings.DEFAULT, skipped);
	}

	@Test
	void exactReadingsGiveTheLimitItself() {
		List<Sample> samples = List.of(sample(300, 10, 100, "a"), sample(200, 40, 400, "b"), sample(100, 80, 800, "c"));
		Estimate e = estimate(samples, new HashMap<>());
		assertThat(e.limit()).isEqualTo(1000);
		assertThat(e.lower()).isLessThanOrEqualTo(1000);
		assertThat(e.upper()).isGreaterThanOrEqualTo(1000);
		assertThat(e.kept()).isEqualTo(3);
		assertThat(e.windows()).isEqualTo(3);
	}

	@Test
	void readingsBelowTheMinimumPercentTooOldOrWithoutLedgerUsageAreSkippedByReason() {
		Map<String, Integer> skipped = new HashMap<>();
		List<Sample> samples = List.of(sample(10, 2, 20, "a"),
				sample((int) Duration.ofDays(15).toMinutes(), 50, 500, "b"), sample(10, 30, 0, "c"),
				sample(10, 50, 500, "d"));
		Estimate e = estimate(samples, skipped);
		assertThat(skipped).containsEntry("below-min-percent", 1)
			.containsEntry("too-old", 1)
			.containsEntry("no-ledger-usage", 1);
		assertThat(e.limit()).isEqualTo(1000);
		assertThat(estimate(List.of(sample(10, 1, 10, "a")), new HashMap<>())).isNull();
	}

	@Test
	void windowsWithUsageTheLedgerNeverSawAreLeftOutOfTheCluster() {
		List<Sample> samples = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			// Implied 1000 +- 1 %.
			samples.add(sample(60 * i, 50, 495 + (i % 3) * 5, "w" + i));
		}
		// Two windows where a member without the hook spent 40 % the ledger never saw.
		samples.add(sample(30, 90, 500, "x1"));
		samples.add(sample(90, 90, 500, "x2"));
		Map<String, Integer> skipped = new HashMap<>();
		Estimate e = estimate(samples, skipped);
		assertThat(skipped).containsEntry("outside-cluster", 2);
		assertThat(e.limit()).isCloseTo(1000, within(10L));
	}

	@Test
	void aStatusLineReportingEverySecondDoesNotOutvoteTheOtherWindows() {
		List<Sample> samples = new ArrayList<>();
		// One window with a lagging reading repeated 200 times implies 1,250.
		for (int i = 0; i < 200; i++) {
			samples.add(sample(1, 40, 500, "busy"));
		}
		for (int i = 0; i < 5; i++) {
			samples.add(sample(60 * (i + 2), 50, 500, "w" + i));
		}
		assertThat(estimate(samples, new HashMap<>()).limit()).isEqualTo(1000);
	}

	@Test
	void theIntervalNarrowsAsReadingsAccumulate() {
		java.util.Random random = new java.util.Random(7);
		List<Sample> samples = new ArrayList<>();
		double few = 0;
		for (int i = 0; i < 60; i++) {
			double percent = 20 + random.nextDouble() * 70;
			long used = Math.round(10_000 * percent / 100 * (1 + random.nextGaussian() * 0.03));
			samples.add(sample(i * 30, percent, used, "w" + i));
			if (i == 5) {
				few = estimate(samples, new HashMap<>()).relativeHalfWidth();
			}
		}
		Estimate many = estimate(samples, new HashMap<>());
		assertThat(many.relativeHalfWidth()).isLessThan(few);
		assertThat(many.lower()).isLessThanOrEqualTo(10_000);
		assertThat(many.upper()).isGreaterThanOrEqualTo(10_000);
	}

	@Test
	void aLimitThatMovedShowsAsDriftAndRecentReadingsWeighMore() {
		List<Sample> samples = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			// Ten days ago to five days ago: 1,000; the last five days: 800.
			long limit = (i < 5) ? 1000 : 800;
			int minutesAgo = (int) Duration.ofDays(10 - i).toMinutes();
			samples.add(sample(minutesAgo, 50, limit / 2, "w" + i));
		}
		Estimate e = estimate(samples, new HashMap<>());
		assertThat(e.earlier()).isEqualTo(1000);
		assertThat(e.recent()).isEqualTo(800);
		assertThat(e.limit()).isEqualTo(800);
	}

}
