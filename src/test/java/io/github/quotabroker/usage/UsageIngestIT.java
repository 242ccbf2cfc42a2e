package io.github.quotabroker.usage;

import io.github.quotabroker.support.Api;
import io.github.quotabroker.support.DatabaseCleaner;
import io.github.quotabroker.support.IntegrationTest;
import io.github.quotabroker.support.MutableClock;
import io.github.quotabroker.support.TestBeans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@IntegrationTest
class UsageIngestIT {

	@Autowired
	MockMvc mvc;

	@Autowired
	MutableClock clock;

	@Autowired
	DatabaseCleaner cleaner;

	@Autowired
	JdbcClient jdbc;

	Api api;

	@BeforeEach
	void setUp() throws Exception {
		this.cleaner.clean();
		this.clock.set(TestBeans.START);
		this.api = new Api(this.mvc);
		this.api.rollingPool("session", 100, "PT5H", "claude-*");
		this.api.team("platform", "Europe/Berlin");
		this.api.allocate("session", "platform");
	}

	@Test
	void recordedUsageShowsInAvailability() throws Exception {
		this.api.usage("e1", "platform", "claude-sonnet-4", "2026-11-25T11:30:00Z", 30)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.recorded").value(1))
			.andExpect(jsonPath("$.events[0].status").value("RECORDED"))
			.andExpect(jsonPath("$.events[0].countedAgainst[0]").value("session"));
		this.api.get("/teams/platform/availability")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.pools[0].poolId").value("session"))
			.andExpect(jsonPath("$.pools[0].used").value(30))
			.andExpect(jsonPath("$.pools[0].remaining").value(70))
			.andExpect(jsonPath("$.pools[0].status").value("GREEN"));
	}

	@Test
	void rollingUsageStopsCountingOneWindowLater() throws Exception {
		this.api.usage("e1", "platform", "claude-sonnet-4", "2026-11-25T11:30:20Z", 80).andExpect(status().isOk());
		this.api.get("/teams/platform/availability").andExpect(jsonPath("$.pools[0].status").value("YELLOW"));
		// Counts until the end of the minute bucket in which occurredAt + 5h falls
		// (16:30).
		this.clock.set(java.time.Instant.parse("2026-11-25T16:30:20Z"));
		this.api.get("/teams/platform/availability").andExpect(jsonPath("$.pools[0].used").value(80));
		this.clock.set(java.time.Instant.parse("2026-11-25T16:30:59Z"));
		this.api.get("/teams/platform/availability").andExpect(jsonPath("$.pools[0].used").value(80));
		this.clock.set(java.time.Instant.parse("2026-11-25T16:31:00Z"));
		this.api.get("/teams/platform/availability").andExpect(jsonPath("$.pools[0].used").value(0));
	}

	@Test
	void redeliveryIsAcknowledgedAndCountedOnce() throws Exception {
		this.api.usage("e1", "platform", "claude-sonnet-4", "2026-11-25T11:30:00Z", 10).andExpect(status().isOk());
		this.api.usage("e1", "platform", "claude-sonnet-4", "2026-11-25T11:30:00Z", 10)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.duplicates").value(1))
			.andExpect(jsonPath("$.events[0].status").value("DUPLICATE"));
		this.api.usage("e1", "platform", "claude-sonnet-4", "2026-11-25T11:30:00Z", 11)
			.andExpect(status().isConflict())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.errors[0].field").value("eventId"));
		assertThat(this.jdbc.sql("select count(*) from usage_events").query(Long.class).single()).isEqualTo(1);
		this.api.get("/teams/platform/availability").andExpect(jsonPath("$.pools[0].used").value(10));
	}

}
