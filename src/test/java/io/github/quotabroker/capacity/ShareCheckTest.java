package io.github.quotabroker.capacity;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.github.quotabroker.support.PoolLoadBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refusals by fair share, borrowing cap and other teams' guarantees, and when a request
 * fits.
 */
class ShareCheckTest {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	static final Duration TTL = Duration.ofHours(1);

	static PoolLoadBuilder rolling() {
		return PoolLoadBuilder.rolling(100, Duration.ofHours(5)).now(NOW);
	}

	static CapacityRequest hold(String team, long amount) {
		return new CapacityRequest(team, amount, NOW, NOW.plus(TTL), false);
	}

	static CapacityCheck.Verdict check(PoolLoad load, CapacityRequest request) {
		return ShareCheck.check(load, request, NOW, ZoneOffset.UTC);
	}

	@Test
	void aHoldBeyondTheTeamsCapIsRefusedUntilItsOwnUsageStopsCounting() {
		// Shares of 50; a may not borrow and used 40 an hour ago (counts until 16:01).
		PoolLoad load = rolling().allocation("a", 1, 0, 0, false)
			.allocation("b", 1)
			.used("a", 40, Duration.ofHours(1))
			.build();

		CapacityCheck.Verdict verdict = check(load, hold("a", 20));

		assertThat(verdict.granted()).isFalse();
		assertThat(verdict.available()).isEqualTo(10);
		assertThat(verdict.fitsFrom()).isEqualTo(Instant.parse("2026-11-25T16:01:00Z"));
		assertThat(verdict.reason()).isEqualTo(
				"Only 10 MESSAGES can be held by team 'a' now: its share of the pool is 50 MESSAGES, up to 50 MESSAGES with borrowing, and it uses 40 MESSAGES and holds 0 MESSAGES; 20 MESSAGES fit from 16:01 Z.");
	}

	@Test
	void aHoldTakingOtherTeamsGuaranteesIsRefusedAndNeverFitsAsThingsStand() {
		PoolLoad load = rolling().allocation("a", 1).allocation("b", 1, 60, null, false).build();

		CapacityCheck.Verdict verdict = check(load, hold("a", 50));

		assertThat(verdict.granted()).isFalse();
		assertThat(verdict.available()).isEqualTo(40);
		assertThat(verdict.fitsFrom()).isNull();
		assertThat(verdict.reason()).isEqualTo(
				"Only 40 MESSAGES can be held by team 'a' now: its share of the pool is 50 MESSAGES with unlimited borrowing, and it uses 0 MESSAGES and holds 0 MESSAGES; 60 MESSAGES are kept for other teams' guaranteed minimums; 50 MESSAGES never fit as things stand.");
	}

	@Test
	void aWindowReservationKeepsOtherTeamsGuaranteesWhole() {
		Instant start = NOW.plus(Duration.ofHours(2));
		PoolLoad load = rolling().allocation("a", 1, 0, 0, false).allocation("b", 1, 30, null, false).build();

		CapacityCheck.Verdict refused = check(load, new CapacityRequest("a", 60, start, start.plus(TTL), true));
		assertThat(refused.granted()).isFalse();
		assertThat(refused.available()).isEqualTo(50);
		assertThat(refused.reason()).isEqualTo(
				"Only 50 MESSAGES can be reserved by team 'a': its share is 50 MESSAGES, up to 50 MESSAGES with borrowing, and other teams' guaranteed minimums keep 30 MESSAGES; 60 MESSAGES never fit.");

		assertThat(check(load, new CapacityRequest("a", 50, start, start.plus(TTL), true))).isNull();
	}

	@Test
	void theShareDoesNotDecideWhenThePoolItselfIsTheLimitOrTheTeamHasNoAllocation() {
		// b uses 70 of the pool: a's share would allow 50, the pool has 30.
		PoolLoad load = rolling().allocation("a", 1).allocation("b", 1).used("b", 70, Duration.ofHours(1)).build();

		assertThat(check(load, hold("a", 40))).isNull();
		assertThat(check(load, hold("x", 40))).isNull();
		assertThat(check(rolling().build(), hold("a", 400))).isNull();
	}

	@Test
	void fitsFromWithoutAllocationsIsWhenThePoolHasRoom() {
		PoolLoad load = rolling().used("x", 80, Duration.ofHours(4)).build();

		assertThat(ShareCheck.fitsFrom(load, "a", 50, NOW, TTL)).isEqualTo(Instant.parse("2026-11-25T13:01:00Z"));
		assertThat(ShareCheck.fitsFrom(load, "a", 10, NOW, TTL)).isEqualTo(NOW);
		assertThat(ShareCheck.fitsFrom(load, "a", 101, NOW, TTL)).isNull();
	}

	@Test
	void fitsFromIsNeverWhenTheTeamsOwnHoldsAlreadyFillItsCap() {
		PoolLoad load = rolling().allocation("a", 1, 0, 0, false).allocation("b", 1).holding("a", 40, TTL).build();

		assertThat(ShareCheck.fitsFrom(load, "a", 20, NOW, TTL)).isNull();
		assertThat(ShareCheck.fitsFrom(load, "a", 10, NOW, TTL)).isEqualTo(NOW);
	}

}
