package io.github.quotabroker.forecast;

import io.github.quotabroker.support.IntegrationTestBase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The forecast gauges over real PostgreSQL. The clock stands at Wed 2026-11-25 12:00 UTC,
 * 60 hours into a weekly window that began Mon 00:00 UTC.
 */
class ForecastMetricsIT extends IntegrationTestBase {

	@Autowired
	private ForecastMetrics metrics;

	@Autowired
	private MeterRegistry registry;

	@BeforeEach
	void setUp() throws Exception {
		this.api.calendarPool("weekly", 100, "WEEKLY", "00:00", "MONDAY", "UTC", "claude-*");
		this.api.team("platform", "UTC");
		this.api.team("search", "UTC");
		this.api.allocate("weekly", "platform");
		this.api.allocate("weekly", "search");
	}

	private double gauge(String name, String team) {
		Gauge gauge = this.registry.find(name).tag("pool", "weekly").tag("team", team).gauge();
		assertThat(gauge).as("%s{team=%s}", name, team).isNotNull();
		// Beyond the common tag every metric carries, pool and team only.
		assertThat(gauge.getId().getTags()).extracting("key")
			.filteredOn((key) -> !"application".equals(key))
			.containsExactlyInAnyOrder("pool", "team");
		return gauge.value();
	}

	@Test
	void eachTeamOfEachPoolHasItsExhaustionBurnRateAndPace() throws Exception {
		// Share 50 each, cap 60: platform's 70 in the last hour leaves it nothing.
		this.api.usage("p1", "platform", "claude-opus-4", "2026-11-25T11:30:00Z", 70).andExpect(status().isOk());

		this.metrics.refreshNow();

		assertThat(gauge("quota.forecast.exhaustion.seconds", "platform")).isZero();
		assertThat(gauge("quota.forecast.burn.rate.per.hour", "platform")).isEqualTo(70);
		// 70 used against 50 × 60/168 due.
		assertThat(gauge("quota.forecast.pace", "platform")).isCloseTo(70 / (50 * 60 / 168.0), within(0.001));
		// Nothing used and no history: no exhaustion projected.
		assertThat(gauge("quota.forecast.exhaustion.seconds", "search")).isEqualTo(Double.POSITIVE_INFINITY);
		assertThat(gauge("quota.forecast.burn.rate.per.hour", "search")).isZero();
		assertThat(gauge("quota.forecast.pace", "search")).isZero();
	}

	@Test
	void aTeamNoLongerAllocatedLosesItsSeries() throws Exception {
		this.metrics.refreshNow();
		assertThat(this.registry.find("quota.forecast.pace").tag("team", "search").gauge()).isNotNull();
		this.api.delete("/pools/weekly/allocations/search").andExpect(status().isNoContent());
		this.metrics.refreshNow();
		assertThat(this.registry.find("quota.forecast.pace").tag("team", "search").gauge()).isNull();
	}

	@Test
	void theGaugeReadsSecondsUntilTheP50Instant() {
		java.time.Instant now = java.time.Instant.parse("2026-11-25T12:00:00Z");
		assertThat(ForecastMetrics.secondsUntil(now,
				new Outlook.Instants(null, now.plusSeconds(5400), null, true, "runs out before the reset")))
			.isEqualTo(5400);
		assertThat(ForecastMetrics.secondsUntil(now, new Outlook.Instants(null, null, null, false, "lasts")))
			.isEqualTo(Double.POSITIVE_INFINITY);
	}

}
