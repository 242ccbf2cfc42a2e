package io.github.quotabroker.usage;

import java.time.Instant;

import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class UsageIngestIT extends IntegrationTestBase {

	@BeforeEach
	void setUp() throws Exception {
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
		// Still counted one second before occurredAt + 5 h, and up to a minute after it.
		this.clock.set(Instant.parse("2026-11-25T16:30:19Z"));
		this.api.get("/teams/platform/availability").andExpect(jsonPath("$.pools[0].used").value(80));
		this.clock.set(Instant.parse("2026-11-25T16:30:59Z"));
		this.api.get("/teams/platform/availability").andExpect(jsonPath("$.pools[0].used").value(80));
		this.clock.set(Instant.parse("2026-11-25T16:31:00Z"));
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

	@Test
	void workflowAndTaskTypeAreStoredInTheLedgerAndARedeliveryWithAnotherLabelIsAConflict() throws Exception {
		String labelled = "{\"eventId\":\"e1\",\"teamId\":\"platform\",\"model\":\"claude-sonnet-4\","
				+ "\"occurredAt\":\"2026-11-25T11:30:00Z\",\"messages\":3,"
				+ "\"workflowId\":\"session-7\",\"taskType\":\"code-review\"}";
		this.api.post("/usage-events", labelled).andExpect(status().isOk()).andExpect(jsonPath("$.recorded").value(1));
		this.api.post("/usage-events", labelled)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.events[0].status").value("DUPLICATE"));
		this.api.post("/usage-events", labelled.replace("session-7", "session-8"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.errors[0].field").value("eventId"));

		assertThat(this.jdbc.sql("select workflow_id || '|' || task_type from usage_events where event_id = 'e1'")
			.query(String.class)
			.single()).isEqualTo("session-7|code-review");
		this.api.get("/teams/platform/availability").andExpect(jsonPath("$.pools[0].used").value(3));
	}

	@Test
	void anUnsafeWorkflowIdIsRefusedNamingTheField() throws Exception {
		this.api
			.post("/usage-events",
					"{\"eventId\":\"e1\",\"teamId\":\"platform\",\"model\":\"claude-sonnet-4\","
							+ "\"occurredAt\":\"2026-11-25T11:30:00Z\",\"workflowId\":\"a b<script>\"}")
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.errors[0].field").value("workflowId"));
		assertThat(this.jdbc.sql("select count(*) from usage_events").query(Long.class).single()).isZero();
	}

}
