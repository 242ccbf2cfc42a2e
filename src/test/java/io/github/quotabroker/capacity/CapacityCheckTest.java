package io.github.quotabroker.capacity;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.github.quotabroker.pool.ModelPattern;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolPolicy;
import io.github.quotabroker.pool.RollingWindow;
import io.github.quotabroker.pool.StatusThresholds;
import io.github.quotabroker.pool.TokenWeights;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.capacity.CapacityProfile.Occupancy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The verdicts and plain-words reasons of reservation decisions. */
class CapacityCheckTest {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	static final Pool POOL = new Pool("session", "session", Unit.MESSAGES, 100, new RollingWindow(Duration.ofHours(5)),
			List.of(ModelPattern.of("*")), TokenWeights.DEFAULT, StatusThresholds.DEFAULT, PoolPolicy.DEFAULT, NOW,
			NOW);

	static CapacityRequest hold(Instant startsAt, long amount) {
		return new CapacityRequest("t", amount, startsAt, startsAt.plus(Duration.ofHours(2)), false);
	}

	@Test
	void aHoldStampedJustBeforeItsDecisionIsToldWhenMoreComesBackNotAboutItself() {
		// 5 used (stops counting at 17:00), 40 held by another hold until its usage stops
		// counting at 19:00; the request was stamped 50 ms before the decision.
		CapacityProfile profile = new CapacityProfile(100, NOW, 5, Map.of(Instant.parse("2026-11-25T17:00:00Z"), 5L));
		profile.add(new Occupancy(NOW.minusSeconds(60), Instant.parse("2026-11-25T19:00:00Z"), 40));

		CapacityCheck.Verdict verdict = CapacityCheck.check(profile, POOL, hold(NOW.minusMillis(50), 60), BERLIN);

		assertThat(verdict.granted()).isFalse();
		assertThat(verdict.available()).isEqualTo(55);
		assertThat(verdict.fitsFrom()).isEqualTo(Instant.parse("2026-11-25T17:00:00Z"));
		assertThat(verdict.reason()).isEqualTo(
				"Only 55 MESSAGES can be held until 18:00 Europe/Berlin; 60 MESSAGES fit from 18:00 Europe/Berlin.");
	}

	@Test
	void aHoldThatRunsIntoAScheduledReservationIsToldWhenThatStarts() {
		CapacityProfile profile = new CapacityProfile(100, NOW, 0, Map.of());
		profile.add(new Occupancy(Instant.parse("2026-11-25T13:00:00Z"), Instant.parse("2026-11-25T15:00:00Z"), 70));

		CapacityCheck.Verdict verdict = CapacityCheck.check(profile, POOL, hold(NOW, 50), BERLIN);

		assertThat(verdict.granted()).isFalse();
		assertThat(verdict.available()).isEqualTo(30);
		assertThat(verdict.reason())
			.startsWith("Only 30 MESSAGES can be held: reservations from 14:00 Europe/Berlin take the rest;");
	}

	@Test
	void aGrantedHoldOccupiesTheProfileSoTheNextDecisionSeesIt() {
		CapacityProfile profile = new CapacityProfile(100, NOW, 0, Map.of());

		assertThat(CapacityCheck.check(profile, POOL, hold(NOW, 60), BERLIN).granted()).isTrue();
		assertThat(CapacityCheck.check(profile, POOL, hold(NOW, 41), BERLIN).granted()).isFalse();
		assertThat(CapacityCheck.check(profile, POOL, hold(NOW, 40), BERLIN).granted()).isTrue();
	}

}
