package io.github.quotabroker.capacity;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.quotabroker.capacity.CapacityProfile.Occupancy;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.support.PoolLoadBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The projection of a pool's free capacity, step by step. */
class CapacityForecastTest {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	static Instant at(String hhmm) {
		return Instant.parse("2026-11-25T" + hhmm + ":00Z");
	}

	final Pool pool = PoolLoadBuilder.rolling(1000, Duration.ofHours(5)).safetyBufferPercent(10).now(NOW).pool();

	@Test
	void eachStepIsAnsweredAsAtItsTightestInstant() {
		CapacityProfile profile = new CapacityProfile(1000, NOW, 600, Map.of(at("13:00"), 600L));
		profile.add(new Occupancy(at("14:30"), at("15:00"), 300));

		CapacityForecast f = CapacityForecast.of(this.pool, profile, NOW, NOW, at("16:00"), Duration.ofHours(1));

		assertThat(f.steps()).hasSize(4);
		assertThat(f.steps()).extracting(CapacityForecast.Step::free)
			.containsExactly(BigDecimal.valueOf(400), BigDecimal.valueOf(1000), BigDecimal.valueOf(700),
					BigDecimal.valueOf(1000));
		assertThat(f.steps().get(2).tightestAt()).isEqualTo(at("14:30"));
		assertThat(f.steps().get(2).reserved()).isEqualTo(BigDecimal.valueOf(300));
		assertThat(f.steps().get(0).usage()).isEqualTo(BigDecimal.valueOf(600));
		assertThat(f.limit()).isEqualTo(BigDecimal.valueOf(1000));
	}

	@Test
	void whatIsReservableLeavesTheSafetyBufferAndNothingIsBelowZero() {
		CapacityProfile profile = new CapacityProfile(1000, NOW, 950, Map.of(at("13:00"), 950L));
		profile.add(new Occupancy(NOW, at("13:00"), 200));

		CapacityForecast f = CapacityForecast.of(this.pool, profile, NOW, NOW, at("14:00"), Duration.ofHours(1));

		assertThat(f.safetyBuffer()).isEqualTo(BigDecimal.valueOf(100));
		assertThat(f.steps().get(0).free()).isEqualTo(BigDecimal.ZERO);
		assertThat(f.steps().get(0).reservable()).isEqualTo(BigDecimal.ZERO);
		assertThat(f.steps().get(1).free()).isEqualTo(BigDecimal.valueOf(1000));
		assertThat(f.steps().get(1).reservable()).isEqualTo(BigDecimal.valueOf(900));
	}

	@Test
	void theLastStepEndsAtTheEndOfTheRange() {
		CapacityProfile profile = new CapacityProfile(1000, NOW, 0, Map.of());

		CapacityForecast f = CapacityForecast.of(this.pool, profile, NOW, NOW, at("13:30"), Duration.ofHours(1));

		assertThat(f.steps()).extracting(CapacityForecast.Step::to).containsExactly(at("13:00"), at("13:30"));
	}

}
