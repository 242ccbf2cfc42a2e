package io.github.quotabroker.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.schedule.CoordinationPlan.Slice;
import io.github.quotabroker.schedule.CoordinationPlan.TeamInput;
import io.github.quotabroker.schedule.CoordinationPlan.TeamSlice;
import io.github.quotabroker.support.PoolLoadBuilder;
import io.github.quotabroker.team.WorkingHours;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The follow-the-sun plan on hand-made pools: roll-off returning what earlier hours were
 * given, conflicts shared by weight with guarantees first, idle hours, and who works in
 * the week Berlin and New York disagree about DST.
 */
class CoordinationPlanTest {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

	static long[] everyHour(long amount) {
		long[] demand = new long[CoordinationPlan.WEEK_HOURS];
		Arrays.fill(demand, amount);
		return demand;
	}

	static Map<String, WorkingHours> member(String id, ZoneId zone, int from, int to) {
		return Map.of(id, new WorkingHours(zone, LocalTime.of(from, 0), LocalTime.of(to, 0)));
	}

	static TeamSlice team(Slice slice, String id) {
		return slice.teams().stream().filter((t) -> t.teamId().equals(id)).findFirst().orElseThrow();
	}

	@Test
	void whatAnHourIsGivenComesBackOneWindowLaterOnARollingPool() {
		// 100 per 5 hours, no buffer; a team that wants 30 an hour, working all day.
		PoolLoad load = PoolLoadBuilder.rolling(100, Duration.ofHours(5))
			.now(NOW)
			.safetyBufferPercent(0)
			.allocation("a", 1)
			.build();
		List<Slice> plan = CoordinationPlan.plan(load,
				List.of(new TeamInput("a", member("ana", BERLIN, 0, 0), everyHour(30))), NOW, 8);

		// 30, 30, 30, then 10 is all that is left. What the 12:00 hour was given may be
		// used until 13:00 and so counts until 18:00: it comes back during the 17:00
		// hour, and the 18:00 hour may spend it again.
		assertThat(plan).extracting((s) -> team(s, "a").budget()).containsExactly(30L, 30L, 30L, 10L, 0L, 0L, 30L, 30L);
		assertThat(plan.get(4).conflict()).isTrue();
		assertThat(plan.get(4).conflictTeams()).containsExactly("a");
		assertThat(plan.get(5).returning()).isEqualTo(30);
		assertThat(plan.get(6).available()).isEqualTo(30);
	}

	@Test
	void recordedUsageRollingOffIsCapacityReturning() {
		PoolLoad load = PoolLoadBuilder.rolling(100, Duration.ofHours(5))
			.now(NOW)
			.safetyBufferPercent(0)
			.allocation("a", 1)
			.used("a", 60, Instant.parse("2026-11-25T09:30:00Z"))
			.build();
		List<Slice> plan = CoordinationPlan.plan(load, List.of(new TeamInput("a", Map.of(), everyHour(0))), NOW, 4);

		// 09:30's 60 stops counting at 14:31: during the 14:00 hour.
		assertThat(plan.get(2).returning()).isEqualTo(60);
		assertThat(plan).extracting(Slice::available).containsExactly(40L, 40L, 40L, 100L);
		// No one works: all of it is idle.
		assertThat(plan).extracting(Slice::idle).containsExactly(40L, 40L, 40L, 100L);
	}

	@Test
	void aConflictIsSharedByWeightAfterGuarantees() {
		// Weights 3 : 1 of 100 (shares 75 and 25); b is guaranteed 20; both want 80.
		PoolLoad load = PoolLoadBuilder.rolling(100, Duration.ofHours(5))
			.now(NOW)
			.safetyBufferPercent(0)
			.allocation("a", 3, 0, null, false)
			.allocation("b", 1, 20, null, false)
			.build();
		List<Slice> plan = CoordinationPlan.plan(load,
				List.of(new TeamInput("a", member("ana", BERLIN, 0, 0), everyHour(80)),
						new TeamInput("b", member("bo", NEW_YORK, 0, 0), everyHour(80))),
				NOW, 1);

		// b first gets its 20; the other 80 go 3 : 1 (60 and 20).
		assertThat(team(plan.get(0), "a").budget()).isEqualTo(60);
		assertThat(team(plan.get(0), "b").budget()).isEqualTo(40);
		assertThat(plan.get(0).conflictTeams()).containsExactly("a", "b");
		assertThat(plan.get(0).idle()).isZero();
	}

	@Test
	void aTeamIsNotGivenMoreThanItsCapAllows() {
		// Equal shares of 50, a may not borrow and already used 40 of it.
		PoolLoad load = PoolLoadBuilder.rolling(100, Duration.ofHours(5))
			.now(NOW)
			.safetyBufferPercent(0)
			.allocation("a", 1, 0, 0, false)
			.allocation("b", 1)
			.used("a", 40, Instant.parse("2026-11-25T11:00:00Z"))
			.build();
		List<Slice> plan = CoordinationPlan.plan(load,
				List.of(new TeamInput("a", Map.of(), everyHour(30)), new TeamInput("b", Map.of(), everyHour(0))), NOW,
				1);

		assertThat(team(plan.get(0), "a").budget()).isEqualTo(10);
	}

	@Test
	void whoWorksFollowsEachZoneInTheWeekBerlinAndNewYorkDisagree() {
		// Wednesday 2026-03-11: New York is on EDT, Berlin still on CET. Berlin 09-17 is
		// 08-16 UTC; New York 09-17 is 13-21 UTC: they overlap 13:00-16:00 UTC.
		Instant now = Instant.parse("2026-03-11T00:00:00Z");
		PoolLoad load = PoolLoadBuilder.rolling(1000, Duration.ofHours(5)).now(now).safetyBufferPercent(0).build();
		List<Slice> plan = CoordinationPlan.plan(load,
				List.of(new TeamInput("research", member("eva", BERLIN, 9, 17), everyHour(10)),
						new TeamInput("platform", member("alice", NEW_YORK, 9, 17), everyHour(10))),
				now, 24);

		assertThat(team(plan.get(7), "research").working()).isFalse();
		assertThat(team(plan.get(8), "research").membersWorking()).containsExactly("eva");
		assertThat(team(plan.get(12), "platform").working()).isFalse();
		assertThat(team(plan.get(13), "platform").working()).isTrue();
		assertThat(team(plan.get(15), "research").working()).isTrue();
		assertThat(team(plan.get(16), "research").working()).isFalse();
		assertThat(team(plan.get(20), "platform").working()).isTrue();
		// Overnight in both zones nobody works: what the pool has is idle.
		assertThat(plan.get(2).idle()).isEqualTo(plan.get(2).available());
		assertThat(plan.get(14).idle()).isEqualTo(plan.get(14).available() - 20);
	}

	@Test
	void theHourOfTheWeekStartsOnMondayInUtc() {
		assertThat(CoordinationPlan.hourOfWeek(Instant.parse("2026-11-23T00:30:00Z"))).isZero();
		assertThat(CoordinationPlan.hourOfWeek(Instant.parse("2026-11-25T12:00:00Z"))).isEqualTo(60);
		assertThat(CoordinationPlan.hourOfWeek(Instant.parse("2026-11-29T23:00:00Z"))).isEqualTo(167);
	}

}
