package io.github.quotabroker.availability;

import io.github.quotabroker.support.Api;
import io.github.quotabroker.support.DatabaseCleaner;
import io.github.quotabroker.support.IntegrationTest;
import io.github.quotabroker.support.MutableClock;
import io.github.quotabroker.support.TestBeans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Health and Prometheus metrics, as an operator scrapes them. */
@IntegrationTest
class ActuatorIT {

	private static final String EVENT_ID = "evt-7f3a9c21";

	private static final String MEMBER_ID = "member-qz81x";

	@Autowired
	MockMvc mvc;

	@Autowired
	MutableClock clock;

	@Autowired
	DatabaseCleaner cleaner;

	@Autowired
	AvailabilityMetrics metrics;

	Api api;

	@BeforeEach
	void setUp() throws Exception {
		this.cleaner.clean();
		this.clock.set(TestBeans.START);
		this.api = new Api(this.mvc);
	}

	@Test
	void healthIsUpWithTheDatabase() throws Exception {
		this.api.get("/actuator/health")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"))
			.andExpect(jsonPath("$.components.db.status").value("UP"));
	}

	@Test
	void prometheusShowsIngestCountersLatencyAndQuotaGauges() throws Exception {
		this.api.rollingPool("session", 100, "PT5H", "claude-*");
		this.api.team("platform", "UTC");
		this.api.allocate("session", "platform");
		String event = """
				{"eventId":"%s","teamId":"platform","memberId":"%s","model":"claude-opus-4","occurredAt":"2026-11-25T11:00:00Z","messages":12}
				"""
			.formatted(EVENT_ID, MEMBER_ID);
		this.api.post("/usage-events", event).andExpect(status().isOk());
		this.api.post("/usage-events", event).andExpect(status().isOk());
		this.api.post("/usage-events", event.replace("platform", "ghosts")).andExpect(status().isNotFound());
		this.api.post("/usage-events", event.replace("claude-opus-4", "bad model")).andExpect(status().isBadRequest());
		this.metrics.refreshNow();

		String text = this.api.get("/actuator/prometheus")
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(text).contains("quota_usage_events_ingested_total")
			.contains("quota_usage_events_duplicates_total")
			.containsPattern("quota_usage_events_rejected_total\\{[^}]*reason=\"unknown_team\"")
			.containsPattern("quota_usage_events_rejected_total\\{[^}]*reason=\"validation\"")
			.contains("quota_usage_ingest_latency_seconds_bucket")
			.containsPattern("(?m)^quota_pool_used\\{[^}]*pool=\"session\"[^}]*\\} 12\\.0$")
			.containsPattern("(?m)^quota_team_used\\{[^}]*pool=\"session\"[^}]*team=\"platform\"[^}]*\\} 12\\.0$")
			.containsPattern("(?m)^quota_pool_remaining\\{[^}]*pool=\"session\"[^}]*\\} 88\\.0$");
		assertThat(text).doesNotContain(EVENT_ID).doesNotContain(MEMBER_ID);
	}

	@Test
	void prometheusShowsEachTeamsShareCapHoldsAndWhatComesBack() throws Exception {
		this.api.rollingPool("session", 100, "PT5H", "claude-*");
		this.api.team("platform", "UTC");
		this.api.team("mobile", "UTC");
		this.api.allocate("session", "platform");
		this.api.allocate("session", "mobile");
		this.api.usage("r1", "platform", "claude-opus-4", "2026-11-25T08:30:00Z", 7).andExpect(status().isOk());
		this.api.usage("r2", "platform", "claude-opus-4", "2026-11-25T11:00:00Z", 5).andExpect(status().isOk());
		this.metrics.refreshNow();

		assertThat(scrape())
			.containsPattern("(?m)^quota_team_share\\{[^}]*pool=\"session\"[^}]*team=\"platform\"[^}]*\\} 50\\.0$")
			.containsPattern("(?m)^quota_team_cap\\{[^}]*pool=\"session\"[^}]*team=\"platform\"[^}]*\\} 60\\.0$")
			.containsPattern("(?m)^quota_team_reserved\\{[^}]*pool=\"session\"[^}]*team=\"mobile\"[^}]*\\} 0\\.0$")
			.containsPattern("(?m)^quota_team_available\\{[^}]*pool=\"session\"[^}]*team=\"platform\"[^}]*\\} 48\\.0$")
			// Used at 08:30 and 11:00 in a 5-hour window: 7 back by 13:31, 5 more by
			// 16:01.
			.containsPattern("(?m)^quota_pool_recovery_1h\\{[^}]*pool=\"session\"[^}]*\\} 0\\.0$")
			.containsPattern("(?m)^quota_pool_recovery_4h\\{[^}]*pool=\"session\"[^}]*\\} 7\\.0$");
	}

	@Test
	void quotaGaugesFollowTheWindowOnRefresh() throws Exception {
		this.api.rollingPool("short", 10, "PT1H", "*");
		this.api.team("platform", "UTC");
		this.api.allocate("short", "platform");
		this.api.usage("g1", "platform", "gpt-5", "2026-11-25T11:59:00Z", 4).andExpect(status().isOk());
		this.metrics.refreshNow();
		assertThat(scrape()).containsPattern("(?m)^quota_pool_used\\{[^}]*pool=\"short\"[^}]*\\} 4\\.0$");
		this.clock.set(TestBeans.START.plusSeconds(3600));
		this.metrics.refreshNow();
		assertThat(scrape()).containsPattern("(?m)^quota_pool_used\\{[^}]*pool=\"short\"[^}]*\\} 0\\.0$");
	}

	private String scrape() throws Exception {
		return this.api.get("/actuator/prometheus").andReturn().getResponse().getContentAsString();
	}

}
