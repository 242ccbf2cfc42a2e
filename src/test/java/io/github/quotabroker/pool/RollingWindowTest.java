package io.github.quotabroker.pool;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RollingWindowTest {

	@Test
	void countsFromIsTheStartOfTheMinuteOneDurationAgo() {
		RollingWindow window = new RollingWindow(Duration.ofHours(5));

		assertThat(window.boundsAt(Instant.parse("2026-06-10T12:34:56.789Z")))
			.isEqualTo(new WindowBounds(Instant.parse("2026-06-10T07:34:00Z"), null));
	}

	@Test
	void countsFromOnAWholeMinuteIsExactlyOneDurationAgo() {
		RollingWindow window = new RollingWindow(Duration.ofMinutes(90));

		assertThat(window.boundsAt(Instant.parse("2026-06-10T12:00:00Z")).countsFrom())
			.isEqualTo(Instant.parse("2026-06-10T10:30:00Z"));
	}

	@Test
	void countsFromWithADurationOfSecondsIsFlooredToTheMinute() {
		RollingWindow window = new RollingWindow(Duration.ofSeconds(90));

		assertThat(window.boundsAt(Instant.parse("2026-06-10T12:00:10Z")).countsFrom())
			.isEqualTo(Instant.parse("2026-06-10T11:58:00Z"));
	}

	@Test
	void aRollingWindowNeverResetsAsAWhole() {
		RollingWindow window = new RollingWindow(Duration.ofDays(7));

		assertThat(window.boundsAt(Instant.parse("2026-06-10T12:00:00Z")).nextReset()).isNull();
	}

	@Test
	void freedAtIsOneDurationAndOneMinuteAfterTheBucketStart() {
		RollingWindow window = new RollingWindow(Duration.ofHours(5));

		assertThat(window.freedAt(Instant.parse("2026-06-10T07:34:00Z")))
			.isEqualTo(Instant.parse("2026-06-10T12:35:00Z"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "PT1M", "PT90S", "PT5H", "PT5H0M7S", "P7D", "P31D" })
	void aUseStopsCountingNeverBeforeOneDurationAfterItAndAtMostOneMinuteLater(String length) {
		RollingWindow window = new RollingWindow(Duration.parse(length));
		Instant base = Instant.parse("2026-03-08T06:57:00Z");
		for (long second = 0; second < 3 * 3600; second += 7) {
			for (long nanos : new long[] { 0, 1, 999_999_999 }) {
				Instant occurredAt = base.plusSeconds(second).plusNanos(nanos);
				Instant bucket = occurredAt.truncatedTo(ChronoUnit.MINUTES);
				Instant stops = window.freedAt(bucket);
				Instant due = occurredAt.plus(window.duration());

				assertThat(stops).as("use at %s", occurredAt)
					.isAfterOrEqualTo(due)
					.isBeforeOrEqualTo(due.plus(Duration.ofMinutes(1)));
				assertThat(counts(window, bucket, stops.minusNanos(1)))
					.as("use at %s just before %s", occurredAt, stops)
					.isTrue();
				assertThat(counts(window, bucket, stops)).as("use at %s at %s", occurredAt, stops).isFalse();
				assertThat(counts(window, bucket, due.minusNanos(1))).as("use at %s just before due", occurredAt)
					.isTrue();
				assertThat(counts(window, bucket, occurredAt)).as("use at %s when it occurs", occurredAt).isTrue();
			}
		}
	}

	/**
	 * Whether usage in the minute bucket {@code bucket} counts in the window at
	 * {@code at}.
	 */
	private static boolean counts(RollingWindow window, Instant bucket, Instant at) {
		return !bucket.isBefore(window.boundsAt(at).countsFrom());
	}

	@ParameterizedTest
	@ValueSource(strings = { "PT59S", "PT0S", "PT-1M", "P31DT1S", "P32D" })
	void aDurationShorterThanAMinuteOrLongerThanThirtyOneDaysIsRejected(String length) {
		assertThatIllegalArgumentException().isThrownBy(() -> new RollingWindow(Duration.parse(length)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "PT1M", "P31D" })
	void theShortestAndLongestDurationsAreAccepted(String length) {
		assertThat(new RollingWindow(Duration.parse(length)).duration()).isEqualTo(Duration.parse(length));
	}

}
