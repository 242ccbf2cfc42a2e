package io.github.quotabroker.forecast;

import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class TaskEstimatesIT extends IntegrationTestBase {

	@BeforeEach
	void setUp() throws Exception {
		this.api.rollingPool("session", 1000, "PT5H", "claude-*");
		this.api.rollingPool("other", 1000, "PT5H", "gpt-*");
		this.api.team("platform", "Europe/Berlin");
		this.api.team("search", "Europe/Berlin");
		this.api.allocate("session", "platform");
		this.api.allocate("session", "search");
	}

	private void event(String id, String team, String at, long messages, String workflowId, String taskType)
			throws Exception {
		String labels = ((workflowId != null) ? ",\"workflowId\":\"" + workflowId + "\"" : "")
				+ ((taskType != null) ? ",\"taskType\":\"" + taskType + "\"" : "");
		this.api
			.post("/usage-events",
					"{\"eventId\":\"" + id + "\",\"teamId\":\"" + team + "\",\"model\":\"claude-sonnet-4\","
							+ "\"occurredAt\":\"" + at + "\",\"messages\":" + messages + labels + "}")
			.andExpect(status().isOk());
	}

	@Test
	void aRunIsOneWorkflowsEventsAndTheEstimateIsTheirNearestRankP50AndP90() throws Exception {
		event("a1", "platform", "2026-11-24T09:00:00Z", 3, "wf-a", "review");
		event("a2", "platform", "2026-11-24T09:10:00Z", 2, "wf-a", "review");
		event("b1", "platform", "2026-11-24T10:00:00Z", 10, "wf-b", "review");
		event("c1", "platform", "2026-11-25T11:00:00Z", 1, null, "review");
		// Not counted: another task type, another team, older than 28 days, no task type.
		event("d1", "platform", "2026-11-25T11:00:00Z", 50, "wf-d", "fix");
		event("e1", "search", "2026-11-25T11:00:00Z", 60, "wf-e", "review");
		event("f1", "platform", "2026-10-20T11:00:00Z", 70, "wf-f", "review");
		event("g1", "platform", "2026-11-25T11:00:00Z", 80, "wf-a", null);

		this.api.get("/teams/platform/estimates?pool=session&taskType=review")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.runs").value(3))
			.andExpect(jsonPath("$.p50").value(5))
			.andExpect(jsonPath("$.p90").value(10))
			.andExpect(jsonPath("$.mean").value(5.333333))
			.andExpect(jsonPath("$.unit").value("MESSAGES"))
			.andExpect(jsonPath("$.from").value("2026-10-28T12:00:00Z"))
			.andExpect(jsonPath("$.basis").isNotEmpty());
	}

	@Test
	void noHistoryIsAnAnswerThatSaysSo() throws Exception {
		this.api.get("/teams/platform/estimates?pool=session&taskType=review")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.runs").value(0))
			.andExpect(jsonPath("$.p50").doesNotExist())
			.andExpect(jsonPath("$.p90").doesNotExist())
			.andExpect(jsonPath("$.basis").value("no runs of task type 'review' in the last 28 days"));
	}

	@Test
	void badInputIsRefusedNamingTheParameter() throws Exception {
		this.api.get("/teams/platform/estimates?pool=session")
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.errors[0].field").value("taskType"));
		this.api.get("/teams/platform/estimates?pool=session&taskType=a%20b")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("taskType"));
		this.api.get("/teams/platform/estimates?taskType=review")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("pool"));
	}

	@Test
	void anUnknownTeamOrAPoolTheTeamIsNotAllocatedIsNotFound() throws Exception {
		this.api.get("/teams/nobody/estimates?pool=session&taskType=review")
			.andExpect(status().isNotFound())
			.andExpect(content().contentType("application/problem+json"));
		this.api.get("/teams/platform/estimates?pool=other&taskType=review")
			.andExpect(status().isNotFound())
			.andExpect(content().contentType("application/problem+json"));
	}

	@Test
	void admissionWithATaskTypeUsesTheP90AndSaysSo() throws Exception {
		event("a1", "platform", "2026-11-24T09:00:00Z", 5, "wf-a", "review");
		event("b1", "platform", "2026-11-24T10:00:00Z", 10, "wf-b", "review");
		event("c1", "platform", "2026-11-25T11:00:00Z", 1, null, "review");

		this.api
			.post("/teams/platform/admission",
					"{\"poolId\":\"session\",\"taskType\":\"review\",\"kind\":\"AUTOMATED\"}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.estimatedAmount").value(10))
			.andExpect(jsonPath("$.estimateBasis")
				.value("P90 of 3 runs of task type 'review' over the last 28 days: 10 MESSAGES"));
		this.api
			.post("/teams/platform/admission", "{\"poolId\":\"session\",\"estimatedAmount\":4,\"kind\":\"AUTOMATED\"}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.estimateBasis").doesNotExist());
	}

	@Test
	void admissionWithATaskTypeWithoutRunsOrWithAnEstimateTooIsRefusedNamingTaskType() throws Exception {
		this.api
			.post("/teams/platform/admission",
					"{\"poolId\":\"session\",\"taskType\":\"review\",\"kind\":\"AUTOMATED\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("taskType"));
		this.api
			.post("/teams/platform/admission",
					"{\"poolId\":\"session\",\"taskType\":\"review\",\"estimatedAmount\":3,\"kind\":\"AUTOMATED\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("taskType"));
		this.api
			.post("/teams/platform/admission",
					"{\"model\":\"claude-x\",\"taskType\":\"review\",\"kind\":\"AUTOMATED\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("taskType"));
	}

}
