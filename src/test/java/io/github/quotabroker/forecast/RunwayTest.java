package io.github.quotabroker.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunwayTest {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	private static double[] steady(double perHour, int hours) {
		double[] h = new double[hours];
		Arrays.fill(h, perHour);
		return h;
	}

	@Test
	void aCalendarQuotaRunsOutWhenTheProjectedUsageReachesWhatIsLeft() {
		// 100 left at 10 per hour: empty ten hours from now.
		Runway.Track track = new Runway.Track(100, steady(10, 48), NOW, Map.of(), null);
		assertThat(Runway.firstEmpty(NOW, NOW.plus(Duration.ofDays(2)), List.of(track)))
			.isEqualTo(NOW.plus(Duration.ofHours(10)));
	}

	@Test
	void nothingRunsOutBeforeTheEndOfTheWalk() {
		Runway.Track track = new Runway.Track(100, steady(10, 48), NOW, Map.of(), null);
		assertThat(Runway.firstEmpty(NOW, NOW.plus(Duration.ofHours(9)), List.of(track))).isNull();
	}

	@Test
	void theCurrentPartialHourCountsOnlyItsRemainingMinutes() {
		// The projection's first hour began at 12:00; from 12:30 only half of it (5) is
		// still to come, then 10 in the next hour.
		Instant halfPast = NOW.plus(Duration.ofMinutes(30));
		Runway.Track track = new Runway.Track(15, steady(10, 48), NOW, Map.of(), null);
		assertThat(Runway.firstEmpty(halfPast, NOW.plus(Duration.ofDays(1)), List.of(track)))
			.isEqualTo(NOW.plus(Duration.ofHours(2)));
	}

	@Test
	void usageRollingOffIsAddedBack() {
		// 10 left at 10 per hour, but 30 comes back at 12:30: empty at 16:00, not 13:00.
		Runway.Track track = new Runway.Track(10, steady(10, 48), NOW, Map.of(NOW.plus(Duration.ofMinutes(30)), 30L),
				Duration.ofHours(5));
		assertThat(Runway.firstEmpty(NOW, NOW.plus(Duration.ofDays(1)), List.of(track)))
			.isEqualTo(NOW.plus(Duration.ofHours(4)));
	}

	@Test
	void aRollingWindowAtASteadyPaceBelowItsLimitNeverRunsOut() {
		// 5-hour window, limit 100, 10 per hour: the window holds 50 at most.
		Runway.Track track = new Runway.Track(60, steady(10, 24 * 31), NOW, Map.of(), Duration.ofHours(5));
		assertThat(Runway.firstEmpty(NOW, NOW.plus(Duration.ofDays(31)), List.of(track))).isNull();
		assertThat(Runway.lastsAtSteadyPace(10, Duration.ofHours(5), 100)).isTrue();
		assertThat(Runway.lastsAtSteadyPace(25, Duration.ofHours(5), 100)).isFalse();
	}

	@Test
	void theEarliestTrackDecides() {
		Runway.Track pool = new Runway.Track(100, steady(10, 48), NOW, Map.of(), null);
		Runway.Track cap = new Runway.Track(20, steady(4, 48), NOW, Map.of(), null);
		assertThat(Runway.firstEmpty(NOW, NOW.plus(Duration.ofDays(2)), List.of(pool, cap)))
			.isEqualTo(NOW.plus(Duration.ofHours(5)));
	}

	@Test
	void aQuotaAlreadyEmptyRunsOutNow() {
		Runway.Track track = new Runway.Track(0, steady(10, 48), NOW, Map.of(), null);
		assertThat(Runway.firstEmpty(NOW, NOW.plus(Duration.ofDays(2)), List.of(track))).isEqualTo(NOW);
	}

	@Test
	void amountsBetweenInstantsSpreadEachHourEvenly() {
		assertThat(Runway.amountBetween(new double[] { 60, 120 }, NOW, NOW.plus(Duration.ofMinutes(30)),
				NOW.plus(Duration.ofMinutes(90))))
			.isCloseTo(90, org.assertj.core.data.Offset.offset(1e-9));
		assertThat(Runway.amountBetween(new double[] { 60 }, NOW, NOW, NOW.plus(Duration.ofHours(3)))).isEqualTo(60);
		// Before the projection starts nothing is projected; a partial last minute
		// counts.
		assertThat(Runway.amountBetween(new double[] { 60, 120 }, NOW, NOW.minus(Duration.ofHours(1)),
				NOW.plusSeconds(90)))
			.isCloseTo(2, org.assertj.core.data.Offset.offset(1e-9));
		assertThat(Runway.amountBetween(new double[] { 60 }, NOW, NOW.plusSeconds(600), NOW.plusSeconds(600))).isZero();
	}

	/**
	 * The walk by segments finds the same instants as the minute-by-minute walk it
	 * replaced (kept here as the reference), within the minute that walk resolved to, on
	 * random hourly projections, roll-off and returning usage.
	 */
	@Test
	void theSegmentWalkAgreesWithAMinuteByMinuteWalk() {
		java.util.Random random = new java.util.Random(12);
		int compared = 0;
		for (int run = 0; run < 400; run++) {
			double[] hourly = new double[24 * 8];
			for (int h = 0; h < hourly.length; h++) {
				hourly[h] = (random.nextInt(4) == 0) ? 0 : random.nextDouble() * 40;
			}
			Instant from = NOW.plusSeconds(random.nextInt(3600 * 3));
			Duration rolling = switch (random.nextInt(3)) {
				case 0 -> null;
				case 1 -> Duration.ofHours(5);
				default -> Duration.ofMinutes(90);
			};
			Map<Instant, Long> returning = new java.util.HashMap<>();
			if (rolling != null) {
				for (int i = 0; i < 30; i++) {
					returning.merge(from.truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
						.plusSeconds(60L * random.nextInt(300)), (long) random.nextInt(20), Long::sum);
				}
			}
			double left = 20 + random.nextDouble() * 600;
			Instant end = from.plus(Duration.ofDays(1 + random.nextInt(6)));
			Runway.Track track = new Runway.Track(left, hourly, NOW, returning, rolling);
			Instant segments = Runway.firstEmpty(from, end, List.of(track));
			Instant minutes = minuteWalk(from, end, track);
			if (minutes == null) {
				// Near the end of the walk the two may differ by the last partial minute.
				assertThat(segments == null || !segments.isBefore(end.minusSeconds(60))).as("run %d", run).isTrue();
			}
			else {
				assertThat(segments).as("run %d", run).isNotNull();
				assertThat(Duration.between(minutes, segments).abs()).as("run %d", run)
					.isLessThanOrEqualTo(Duration.ofSeconds(60));
				compared++;
			}
		}
		assertThat(compared).isGreaterThan(100);
	}

	/** The walk Runway used before issue #12's performance work: minute by minute. */
	private static Instant minuteWalk(Instant from, Instant end, Runway.Track track) {
		Instant start = from.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
		int minutes = (int) Math.max(0, Duration.between(start, end).toMinutes());
		int window = (track.rolling() != null) ? (int) track.rolling().toMinutes() : Integer.MAX_VALUE;
		long startSecond = start.getEpochSecond();
		long hourlyFrom = track.hourlyFrom().getEpochSecond();
		double[] back = new double[minutes];
		for (Map.Entry<Instant, Long> e : track.returning().entrySet()) {
			long m = (e.getKey().getEpochSecond() - startSecond) / 60;
			if (m >= 0 && m < minutes) {
				back[(int) m] += e.getValue();
			}
		}
		double[] added = new double[minutes];
		double left = track.left();
		for (int m = 0; m < minutes; m++) {
			long t = startSecond + 60L * m;
			double before = left;
			long hour = Math.floorDiv(t - hourlyFrom, 3600);
			added[m] = (hour >= 0 && hour < track.hourly().length) ? track.hourly()[(int) hour] / 60 : 0;
			left -= added[m];
			if (m >= window) {
				left += added[m - window];
			}
			left += back[m];
			if (left <= 0) {
				double taken = before - left;
				double fraction = (taken > 0) ? Math.min(1, before / taken) : 1;
				return Instant.ofEpochSecond(t + Math.round(60 * fraction));
			}
		}
		return null;
	}

}
