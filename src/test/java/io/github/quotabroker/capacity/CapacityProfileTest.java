package io.github.quotabroker.capacity;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.LocalTime;
import java.util.Map;

import io.github.quotabroker.pool.CalendarWindow;
import io.github.quotabroker.pool.RollingWindow;
import io.github.quotabroker.capacity.CapacityProfile.Occupancy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CapacityProfileTest {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	static Instant at(String hhmm) {
		return Instant.parse("2026-11-25T" + hhmm + ":00Z");
	}

	@Test
	void usageFallsAsItStopsCountingAndReservationsOccupyTheirInterval() {
		CapacityProfile p = new CapacityProfile(1000, NOW, 600, Map.of(at("13:00"), 200L, at("15:00"), 400L));
		p.add(new Occupancy(NOW.minusSeconds(60), at("14:00"), 100));
		p.add(new Occupancy(at("16:00"), at("17:00"), 300));
		assertThat(p.at(NOW).free()).isEqualTo(300);
		assertThat(p.at(at("13:00")).free()).isEqualTo(500);
		assertThat(p.at(at("14:00")).free()).isEqualTo(600);
		assertThat(p.at(at("15:00")).free()).isEqualTo(1000);
		assertThat(p.at(at("16:30")).free()).isEqualTo(700);
		assertThat(p.at(at("17:00")).free()).isEqualTo(1000);
		assertThat(p.at(at("16:30")).reserved()).isEqualTo(300);
		assertThat(p.at(at("13:30")).usage()).isEqualTo(400);
	}

	@Test
	void theTightestInstantOfAnIntervalIsItsStartOrWhereAReservationBegins() {
		CapacityProfile p = new CapacityProfile(1000, NOW, 500, Map.of(at("13:00"), 500L));
		p.add(new Occupancy(at("14:00"), at("15:00"), 900));
		assertThat(p.tightest(NOW, at("13:30")).free()).isEqualTo(500);
		assertThat(p.tightest(at("13:10"), at("14:30")).free()).isEqualTo(100);
		assertThat(p.tightest(at("13:10"), at("14:30")).at()).isEqualTo(at("14:00"));
		// Ends are exclusive.
		assertThat(p.tightest(at("13:10"), at("14:00")).free()).isEqualTo(1000);
		assertThat(p.minFree(at("15:00"), at("18:00"))).isEqualTo(1000);
	}

	@Test
	void earliestFindsTheFirstStartFromWhichTheLoadStaysLowEnoughForTheSpan() {
		CapacityProfile p = new CapacityProfile(1000, NOW, 800, Map.of(at("13:00"), 300L, at("16:00"), 500L));
		p.add(new Occupancy(at("14:00"), at("15:00"), 600));
		// 400 free needs load <= 600: from 13:00 (load 500) but a 2 h span hits 14:00
		// (1100).
		assertThat(p.earliest(600, NOW, Duration.ZERO)).isEqualTo(at("13:00"));
		assertThat(p.earliest(600, NOW, Duration.ofHours(2))).isEqualTo(at("15:00"));
		// From 15:00 the load is 500 until 16:00, then 0.
		assertThat(p.earliest(400, NOW, Duration.ofMinutes(30))).isEqualTo(at("16:00"));
		// Even the whole limit is free only once the reservation at 14:00 is over.
		assertThat(p.earliest(1000, NOW, Duration.ofDays(1))).isEqualTo(at("15:00"));
		assertThat(p.earliest(1100, NOW, Duration.ofDays(1))).isEqualTo(NOW);
		assertThat(p.earliest(-1, NOW, Duration.ZERO)).isNull();
	}

	@Test
	void earliestAfterTheLastChangeIsThatChangeWhenTheLoadStaysLow() {
		CapacityProfile p = new CapacityProfile(100, NOW, 100, Map.of(at("18:00"), 100L));
		assertThat(p.earliest(0, NOW, Duration.ofDays(30))).isEqualTo(at("18:00"));
		assertThat(p.nextIncrease(NOW)).isEqualTo(at("18:00"));
		assertThat(p.nextIncrease(at("18:00"))).isNull();
	}

	@Test
	void addedReservationsAreSeenByTheNextQuestion() {
		CapacityProfile p = new CapacityProfile(100, NOW, 0, Map.of());
		p.add(new Occupancy(NOW, at("13:00"), 60));
		assertThat(p.minFree(NOW, at("12:30"))).isEqualTo(40);
		p.add(new Occupancy(at("12:30"), at("14:00"), 40));
		assertThat(p.minFree(NOW, at("14:00"))).isZero();
		assertThat(p.minFree(at("13:00"), at("14:00"))).isEqualTo(60);
	}

	@Test
	void occupanciesAddedBetweenQuestionsGiveTheSameAnswersAsAProfileBuiltAtOnce() {
		java.util.Random random = new java.util.Random(7);
		Map<Instant, Long> freed = Map.of(at("12:30"), 100L, at("14:10"), 250L);
		CapacityProfile asked = new CapacityProfile(5000, NOW, 400, freed);
		java.util.List<Occupancy> added = new java.util.ArrayList<>();
		for (int i = 0; i < 300; i++) {
			Instant from = NOW.plus(Duration.ofMinutes(random.nextInt(600) - 60));
			Instant until = from.plus(Duration.ofMinutes(1 + random.nextInt(240)));
			Occupancy o = new Occupancy(from, until, 1 + random.nextInt(50));
			added.add(o);
			asked.add(o);
			// a question in between, as a queue's estimates ask one after another
			asked.earliest(4000, NOW.plus(Duration.ofMinutes(random.nextInt(300))), Duration.ofMinutes(30));
		}
		CapacityProfile atOnce = new CapacityProfile(5000, NOW, 400, freed);
		added.forEach(atOnce::add);
		for (int m = 0; m < 900; m += 7) {
			Instant t = NOW.plus(Duration.ofMinutes(m));
			assertThat(asked.at(t)).as("at +%d min", m).isEqualTo(atOnce.at(t));
			assertThat(asked.tightest(t, t.plus(Duration.ofMinutes(45))))
				.isEqualTo(atOnce.tightest(t, t.plus(Duration.ofMinutes(45))));
			assertThat(asked.earliest(4200, t, Duration.ofMinutes(20)))
				.isEqualTo(atOnce.earliest(4200, t, Duration.ofMinutes(20)));
			assertThat(asked.nextIncrease(t)).isEqualTo(atOnce.nextIncrease(t));
		}
	}

	@Test
	void reservationsThatEndedDoNotCount() {
		CapacityProfile p = new CapacityProfile(100, NOW, 0, Map.of());
		p.add(new Occupancy(NOW.minusSeconds(3600), NOW, 60));
		assertThat(p.at(NOW).free()).isEqualTo(100);
	}

	@Test
	void aReservationsUsageCountsForARollingWindowAfterItsEnd() {
		RollingWindow fiveHours = new RollingWindow(Duration.ofHours(5));
		// The last instant of use is 12:29:59.999, in the 12:29 bucket, freed at 17:30.
		assertThat(CapacityProfile.countsUntil(fiveHours, at("12:30"))).isEqualTo(at("17:30"));
		assertThat(CapacityProfile.countsUntil(fiveHours, at("12:30").plusSeconds(1))).isEqualTo(at("17:31"));
	}

	@Test
	void aReservationsUsageCountsForACalendarWindowUntilTheResetAfterItsEnd() {
		CalendarWindow daily = CalendarWindow.daily(LocalTime.of(9, 0), ZoneId.of("Europe/Berlin"));
		// 09:00 Berlin is 08:00 UTC in November.
		assertThat(CapacityProfile.countsUntil(daily, at("12:30"))).isEqualTo(Instant.parse("2026-11-26T08:00:00Z"));
		// Ending exactly at a reset: its usage was all before it.
		assertThat(CapacityProfile.countsUntil(daily, Instant.parse("2026-11-26T08:00:00Z")))
			.isEqualTo(Instant.parse("2026-11-26T08:00:00Z"));
	}

}
