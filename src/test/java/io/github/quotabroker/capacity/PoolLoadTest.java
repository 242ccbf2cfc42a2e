package io.github.quotabroker.capacity;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;

import io.github.quotabroker.support.PoolLoadBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pool load factory and the load's own checks. */
class PoolLoadTest {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	static PoolLoadBuilder rolling() {
		return PoolLoadBuilder.rolling(100, Duration.ofHours(5)).now(NOW);
	}

	@Test
	void aRollingPoolFreesEachMinuteBucketWhenItLeavesTheWindow() {
		PoolLoad load = rolling().used("a", 30, Duration.ofHours(1)).used("b", 20, Duration.ofHours(4)).build();

		assertThat(load.profile().at(NOW).free()).isEqualTo(50);
		assertThat(load.profile().nextIncrease(NOW)).isEqualTo(Instant.parse("2026-11-25T13:01:00Z"));
		assertThat(load.profile().at(Instant.parse("2026-11-25T13:01:00Z")).free()).isEqualTo(70);
		assertThat(load.profile().at(Instant.parse("2026-11-25T16:01:00Z")).free()).isEqualTo(100);
		assertThat(load.teamFreed("a")).containsExactly(Map.entry(Instant.parse("2026-11-25T16:01:00Z"), 30L));
		assertThat(load.teamFreed("nobody")).isEmpty();
	}

	@Test
	void aCalendarPoolFreesEverythingAtItsNextReset() {
		PoolLoad load = PoolLoadBuilder.daily(100, LocalTime.MIDNIGHT, ZoneOffset.UTC)
			.now(NOW)
			.used("a", 30, Duration.ofHours(1))
			.used("b", 20, Duration.ofHours(4))
			.build();
		Instant reset = Instant.parse("2026-11-26T00:00:00Z");

		assertThat(load.profile().at(NOW).free()).isEqualTo(50);
		assertThat(load.profile().nextIncrease(NOW)).isEqualTo(reset);
		assertThat(load.profile().at(reset).free()).isEqualTo(100);
		assertThat(load.teamFreed("a")).containsExactly(Map.entry(reset, 30L));
		assertThat(load.teamFreed("nobody")).isEmpty();
	}

	@Test
	void reservedCountsHoldsActiveNowAndTeamReservedOnlyTheTeamAskedAbout() {
		Instant later = NOW.plus(Duration.ofHours(2));
		PoolLoad load = rolling().askedBy("a")
			.holding("a", 10, Duration.ofHours(1))
			.holding("b", 20, Duration.ofHours(1))
			.hold("a", 5, later, later.plus(Duration.ofHours(1)), true)
			.build();

		assertThat(load.reserved()).isEqualTo(30);
		assertThat(load.teamReserved()).isEqualTo(10);
		// Holds block the pool until their usage would stop counting; the later one from
		// its start.
		assertThat(load.profile().at(NOW).free()).isEqualTo(70);
		assertThat(load.profile().at(later).free()).isEqualTo(65);
		// Only the later hold is preemptible: nothing preemptible is held now.
		assertThat(load.preemptibleHeld()).isFalse();
	}

	@Test
	void preemptibleTeamsComeFromAllocationsAndPreemptibleHeldFromActiveHolds() {
		PoolLoad load = rolling().allocation("a", 1, 0, null, true)
			.allocation("b", 1)
			.hold("a", 10, NOW.minusSeconds(60), NOW.plus(Duration.ofHours(1)), true)
			.build();

		assertThat(load.preemptibleTeams()).containsExactly("a");
		assertThat(load.preemptibleHeld()).isTrue();
	}

	@Test
	void thereIsNoFairShareWithoutAllocations() {
		PoolLoad load = rolling().used("a", 30, Duration.ofHours(1)).build();

		assertThat(load.fair()).isNull();
		assertThat(load.preemptibleTeams()).isEmpty();
	}

	@Test
	void aGrantedHoldIsEnteredIntoTheProfileAndTheFairShare() {
		PoolLoad load = rolling().allocation("a", 1).allocation("b", 1).build();

		CapacityCheck.Verdict verdict = load
			.check(new CapacityRequest("a", 20, NOW, NOW.plus(Duration.ofHours(1)), false), NOW, ZoneOffset.UTC);

		assertThat(verdict.granted()).isTrue();
		assertThat(load.profile().at(NOW).free()).isEqualTo(80);
		assertThat(load.fair().standing("a").held()).isEqualTo(20);
	}

	@Test
	void aGrantedWindowReservationLaterIsInTheProfileButNotTheFairShareNow() {
		PoolLoad load = rolling().allocation("a", 1).allocation("b", 1).build();
		Instant start = NOW.plus(Duration.ofHours(2));

		CapacityCheck.Verdict verdict = load
			.check(new CapacityRequest("a", 20, start, start.plus(Duration.ofHours(1)), true), NOW, ZoneOffset.UTC);

		assertThat(verdict.granted()).isTrue();
		assertThat(load.profile().at(NOW).free()).isEqualTo(100);
		assertThat(load.profile().at(start).free()).isEqualTo(80);
		assertThat(load.fair().standing("a").held()).isZero();
	}

	@Test
	void holdableIsWhatIsFreeForTheHoldsTimeAndWithinTheTeamsShare() {
		Instant later = NOW.plus(Duration.ofHours(6));
		PoolLoad load = rolling().allocation("a", 1, 0, 0, false)
			.allocation("b", 1)
			.used("a", 40, Duration.ofHours(1))
			.hold("b", 50, later, later.plus(Duration.ofHours(1)), false)
			.build();

		// 60 free now (a's 40 stops counting at 16:01); b's 50 from 18:00 leaves 50 for a
		// hold whose usage still counts then (30 minutes: until 17:30; 90: until 18:30).
		assertThat(load.holdable(null, NOW, Duration.ofMinutes(30))).isEqualTo(60);
		assertThat(load.holdable(null, NOW, Duration.ofMinutes(90))).isEqualTo(50);
		// Team a may borrow nothing: 10 left of its share of 50.
		assertThat(load.holdable("a", NOW, Duration.ofMinutes(30))).isEqualTo(10);
		// A team without allocation: the pool's free part.
		assertThat(load.holdable("x", NOW, Duration.ofMinutes(30))).isEqualTo(60);
	}

}
