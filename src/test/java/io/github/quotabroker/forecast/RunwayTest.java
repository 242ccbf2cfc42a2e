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

}
