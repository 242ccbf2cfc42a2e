package io.github.quotabroker.schedule;

import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code POST /teams/{teamId}/plans/feasibility} against PostgreSQL with the test clock
 * (Wednesday 2026-11-25 12:00 UTC): a sprint that fits, one that runs out on a weekly
 * pool, costs per point learnt from workflow runs or defaulted, tasks, and every bad
 * input.
 */
class FeasibilityIT extends IntegrationTestBase {

	@BeforeEach
	void setUp() throws Exception {
		// 100 messages per 5 hours; 1000 a week from Monday 09:00 UTC; 10 % buffer each.
		this.api.rollingPool("session", 100, "PT5H", "claude-*");
		this.api.calendarPool("weekly", 1000, "WEEKLY", "09:00", "MONDAY", "UTC", "claude-*");
		this.api.team("platform", "Europe/Berlin");
		this.api.allocate("session", "platform");
		this.api.allocate("weekly", "platform");
		// Counts in both pools: until 16:01 in session, until Monday's reset in weekly.
		this.api.usage("u-1", "platform", "claude-opus", "2026-11-25T11:00:00Z", 70).andExpect(status().isOk());
	}

	@Test
	void aSprintThatFitsIsFeasibleInEveryPool() throws Exception {
		this.api.post("/teams/platform/plans/feasibility", """
				{"days":2,"storyPoints":5,"costPerPoint":{"session":10,"weekly":10},"uncertainty":1}
				""")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.feasible").value(true))
			.andExpect(jsonPath("$.timezone").value("Europe/Berlin"))
			.andExpect(jsonPath("$.to").value("2026-11-27T12:00:00Z"))
			.andExpect(jsonPath("$.runsOutOn").doesNotExist())
			.andExpect(jsonPath("$.pools", hasSize(2)))
			.andExpect(jsonPath("$.pools[0].poolId").value("session"))
			.andExpect(jsonPath("$.pools[0].needed").value(50))
			.andExpect(jsonPath("$.pools[0].costSource").value("request"))
			.andExpect(jsonPath("$.pools[0].feasible").value(true))
			.andExpect(jsonPath("$.pools[1].poolId").value("weekly"))
			// 1000 less the buffer of 100 less the 70 used, no reset before Monday.
			.andExpect(jsonPath("$.pools[1].available").value(830))
			.andExpect(jsonPath("$.pools[1].pointsFit").value(83));
	}

	@Test
	void aSprintThatOutrunsTheWeeklyPoolSaysWhenAndHowManyPointsFit() throws Exception {
		this.api.post("/teams/platform/plans/feasibility", """
				{"days":3,"storyPoints":100,"costPerPoint":{"weekly":10}}
				""")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.feasible").value(false))
			.andExpect(jsonPath("$.uncertainty").value(1.3))
			.andExpect(jsonPath("$.pools", hasSize(1)))
			.andExpect(jsonPath("$.pools[0].needed").value(1300))
			.andExpect(jsonPath("$.pools[0].available").value(830))
			.andExpect(jsonPath("$.pools[0].shortfall").value(470))
			// 1300 over 72 hours reaches 830 in the hour from 2026-11-27 09:00 UTC, 10:00
			// in Berlin.
			.andExpect(jsonPath("$.pools[0].runsOutAt").value("2026-11-27T09:00:00Z"))
			.andExpect(jsonPath("$.runsOutOn").value("2026-11-27"))
			.andExpect(jsonPath("$.pointsFit").value(63));
	}

	@Test
	void theCostOfAPointIsLearntFromWorkflowRunsWhenThereAreEnough() throws Exception {
		for (int i = 0; i < 10; i++) {
			this.api
				.post("/usage-events",
						"""
								{"eventId":"w-%d","teamId":"platform","model":"claude-opus","occurredAt":"2026-11-24T09:%02d:00Z",
								 "messages":4,"workflowId":"wf-%d","taskType":"review"}
								"""
							.formatted(i, i, i))
				.andExpect(status().isOk());
		}
		this.api.post("/teams/platform/plans/feasibility", """
				{"days":1,"storyPoints":2}
				""")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.pools[0].costPerPoint").value(4))
			.andExpect(jsonPath("$.pools[0].costSource", startsWith("history")))
			.andExpect(jsonPath("$.pools[0].needed").value(11));
	}

	@Test
	void withoutHistoryTheConfiguredDefaultCostIsUsedAndSaidSo() throws Exception {
		this.api.post("/teams/platform/plans/feasibility", """
				{"days":1,"storyPoints":1}
				""")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.pools[0].costPerPoint").value(50000))
			.andExpect(jsonPath("$.pools[0].costSource", startsWith("default")))
			.andExpect(jsonPath("$.feasible").value(false));
	}

	@Test
	void tasksAddTheirEstimatesAndLearntMeans() throws Exception {
		this.api.post("/usage-events", """
				{"eventId":"r-1","teamId":"platform","model":"claude-opus","occurredAt":"2026-11-24T09:00:00Z",
				 "messages":6,"workflowId":"wf-r","taskType":"review"}
				""").andExpect(status().isOk());
		this.api.post("/teams/platform/plans/feasibility", """
				{"days":1,"uncertainty":1,"tasks":[{"estimatedAmount":20,"poolId":"weekly"},
				                                   {"taskType":"review","poolId":"weekly"}]}
				""")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.pools", hasSize(1)))
			.andExpect(jsonPath("$.pools[0].needed").value(26))
			.andExpect(jsonPath("$.pools[0].costSource").value("tasks"))
			.andExpect(jsonPath("$.pointsFit").doesNotExist())
			.andExpect(jsonPath("$.feasible").value(true));
	}

	@Test
	void badInputIsAProblemNamingTheField() throws Exception {
		expectField("{\"days\":0,\"storyPoints\":1}", "days");
		expectField("{\"days\":32,\"storyPoints\":1}", "days");
		expectField("{\"storyPoints\":1}", "days");
		expectField("{\"days\":2,\"to\":\"2026-11-27T12:00:00Z\",\"storyPoints\":1}", "days");
		expectField("{\"to\":\"2026-11-25T11:00:00Z\",\"storyPoints\":1}", "to");
		expectField("{\"to\":\"2026-12-27T13:00:00Z\",\"storyPoints\":1}", "to");
		expectField("{\"from\":\"2026-11-24T12:00:00Z\",\"days\":1,\"storyPoints\":1}", "from");
		expectField("{\"days\":1}", "storyPoints");
		expectField("{\"days\":1,\"storyPoints\":0}", "storyPoints");
		expectField("{\"days\":1,\"storyPoints\":1,\"tasks\":[{\"estimatedAmount\":1}]}", "storyPoints");
		expectField("{\"days\":1,\"storyPoints\":1,\"uncertainty\":0.5}", "uncertainty");
		expectField("{\"days\":1,\"storyPoints\":100000,\"costPerPoint\":{\"weekly\":1000000000000000}}",
				"storyPoints");
		expectField("{\"days\":1,\"storyPoints\":1,\"costPerPoint\":{\"weekly\":-1}}", "costPerPoint.weekly");
		expectField("{\"days\":1,\"tasks\":[{\"estimatedAmount\":1,\"poolId\":\"weekly\"},{\"estimatedAmount\":-1}]}",
				"tasks[1].estimatedAmount");
		expectField("{\"days\":1,\"tasks\":[{\"estimatedAmount\":1}]}", "tasks[0].poolId");
		expectField("{\"days\":1,\"tasks\":[{\"taskType\":\"nothing-yet\",\"poolId\":\"weekly\"}]}",
				"tasks[0].taskType");
		this.api.post("/teams/nobody/plans/feasibility", "{\"days\":1,\"storyPoints\":1}")
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.detail", containsString("nobody")));
		this.api
			.post("/teams/platform/plans/feasibility",
					"{\"days\":1,\"storyPoints\":1,\"costPerPoint\":{\"nowhere\":1}}")
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.detail", containsString("nowhere")));
	}

	private void expectField(String body, String field) throws Exception {
		this.api.post("/teams/platform/plans/feasibility", body)
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.errors[0].field").value(field));
	}

}
