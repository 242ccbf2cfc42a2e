package io.github.quotabroker.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;

import io.github.quotabroker.pool.RollingWindow;
import io.github.quotabroker.pool.Window;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UsageQueriesTest {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	private static RetentionProperties retention(Duration minuteBuckets) {
		return new RetentionProperties(Period.ofMonths(13), minuteBuckets, Period.ofMonths(13), Duration.ofDays(1),
				Duration.ofMinutes(15), 2000, Duration.ofMinutes(5), Duration.ofDays(90));
	}

	@Test
	void aRangeWithinTheKeptMinutesReadsTheBucketsDirectlyAndOneReachingFurtherThroughTheLedger() {
		UsageQueries queries = new UsageQueries(null, Clock.fixed(NOW, ZoneOffset.UTC), retention(Duration.ofDays(8)));
		assertThat(queries.bucketsComplete(NOW.minus(Duration.ofHours(5)))).isTrue();
		assertThat(queries.bucketsComplete(NOW.minus(Duration.ofDays(7)))).isTrue();
		assertThat(queries.bucketsComplete(NOW.minus(Duration.ofDays(8)))).isFalse();
		assertThat(new UsageQueries(null, Clock.fixed(NOW, ZoneOffset.UTC), retention(Duration.ofHours(1)))
			.bucketsComplete(NOW.minus(Duration.ofHours(5)))).isFalse();
	}

	@Test
	void retentionNeverCompactsARangeTheDirectReadTrusts() {
		// Whatever the windows in force, the minute cutoff of a run at NOW lies before
		// what a read at NOW or later takes as complete.
		for (Duration minuteBuckets : List.of(Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(8))) {
			RetentionProperties settings = retention(minuteBuckets);
			UsageQueries queries = new UsageQueries(null, Clock.fixed(NOW, ZoneOffset.UTC), settings);
			for (Duration window : List.of(Duration.ofMinutes(1), Duration.ofHours(5), Duration.ofDays(30))) {
				Instant cutoff = RetentionPlan
					.cutoffs(settings, Duration.ofDays(400), NOW, List.<Window>of(new RollingWindow(window)))
					.minutesBefore();
				Instant trusted = NOW.minus(minuteBuckets).plus(Duration.ofHours(1));
				assertThat(queries.bucketsComplete(trusted)).isTrue();
				assertThat(cutoff).as("cutoff with %s minute buckets, window %s", minuteBuckets, window)
					.isBeforeOrEqualTo(trusted);
			}
		}
	}

}
