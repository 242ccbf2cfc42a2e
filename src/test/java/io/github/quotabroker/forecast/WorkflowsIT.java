package io.github.quotabroker.forecast;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code GET /teams/{teamId}/workflows} over real PostgreSQL, with labelled events fed
 * through the ingest path. The clock stands at Wed 2026-11-25 12:00 UTC.
 */
class WorkflowsIT extends IntegrationTestBase {

	@Autowired
	private DataSource dataSource;

	@BeforeEach
	void setUp() throws Exception {
		this.api.calendarPool("weekly", 1000, "WEEKLY", "00:00", "MONDAY", "UTC", "claude-*");
		this.api.pool("tokens",
				"""
						{"name":"Tokens","unit":"TOKENS","limit":10000000,"window":{"type":"ROLLING","duration":"PT5H"},"models":["*"]}
						""");
		this.api.team("platform", "UTC");
		this.api.team("search", "UTC");
		this.api.allocate("weekly", "platform");
		this.api.allocate("tokens", "platform");
		this.api.allocate("weekly", "search");
	}

	private static String event(String id, String team, String model, String at, long messages, long input, long output,
			long cacheRead, long cacheCreation, String workflow, String taskType) {
		return """
				{"eventId":"%s","teamId":"%s","model":"%s","occurredAt":"%s","messages":%d,"inputTokens":%d,
				 "outputTokens":%d,"cacheReadTokens":%d,"cacheCreationTokens":%d%s%s}""".formatted(id, team, model, at,
				messages, input, output, cacheRead, cacheCreation,
				(workflow != null) ? ",\"workflowId\":\"" + workflow + "\"" : "",
				(taskType != null) ? ",\"taskType\":\"" + taskType + "\"" : "");
	}

	private void post(String... events) throws Exception {
		this.api.post("/usage-events", "[" + String.join(",", events) + "]").andExpect(status().isOk());
	}

	@Test
	void eachWorkflowWithItsTotalTokensByKindCacheReadShareAndModelsLargestFirst() throws Exception {
		post(event("a1", "platform", "claude-sonnet-4", "2026-11-25T09:00:00Z", 3, 100, 50, 800, 50, "wf-a", "review"),
				event("a2", "platform", "claude-opus-4", "2026-11-25T09:10:00Z", 2, 200, 100, 600, 100, "wf-a",
						"review"),
				event("b1", "platform", "claude-sonnet-4", "2026-11-25T10:00:00Z", 10, 1000, 500, 0, 0, "wf-b", null),
				// Not a workflow, another team's, and one before the range: none listed.
				event("n1", "platform", "claude-sonnet-4", "2026-11-25T10:00:00Z", 50, 1, 1, 1, 1, null, "review"),
				event("s1", "search", "claude-sonnet-4", "2026-11-25T10:00:00Z", 50, 1, 1, 1, 1, "wf-s", null),
				event("old", "platform", "claude-sonnet-4", "2026-11-10T10:00:00Z", 50, 1, 1, 1, 1, "wf-old", null));

		this.api.get("/teams/platform/workflows?pool=weekly")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.teamId").value("platform"))
			.andExpect(jsonPath("$.poolId").value("weekly"))
			.andExpect(jsonPath("$.unit").value("MESSAGES"))
			.andExpect(jsonPath("$.from").value("2026-11-18T12:00:00Z"))
			.andExpect(jsonPath("$.to").value("2026-11-25T12:00:00Z"))
			.andExpect(jsonPath("$.runs").value(2))
			.andExpect(jsonPath("$.workflows", hasSize(2)))
			.andExpect(jsonPath("$.workflows[0].workflowId").value("wf-b"))
			.andExpect(jsonPath("$.workflows[0].total").value(10))
			.andExpect(jsonPath("$.workflows[0].cacheReadShare").value(0))
			.andExpect(jsonPath("$.workflows[0].taskTypes", hasSize(0)))
			.andExpect(jsonPath("$.workflows[1].workflowId").value("wf-a"))
			.andExpect(jsonPath("$.workflows[1].total").value(5))
			.andExpect(jsonPath("$.workflows[1].events").value(2))
			.andExpect(jsonPath("$.workflows[1].firstAt").value("2026-11-25T09:00:00Z"))
			.andExpect(jsonPath("$.workflows[1].lastAt").value("2026-11-25T09:10:00Z"))
			.andExpect(jsonPath("$.workflows[1].tokens.input").value(300))
			.andExpect(jsonPath("$.workflows[1].tokens.output").value(150))
			.andExpect(jsonPath("$.workflows[1].tokens.cacheRead").value(1400))
			.andExpect(jsonPath("$.workflows[1].tokens.cacheCreation").value(150))
			// 1400 of 2000 tokens were cache reads.
			.andExpect(jsonPath("$.workflows[1].cacheReadShare").value(0.7))
			.andExpect(jsonPath("$.workflows[1].models[0]").value("claude-opus-4"))
			.andExpect(jsonPath("$.workflows[1].models[1]").value("claude-sonnet-4"))
			.andExpect(jsonPath("$.workflows[1].taskTypes[0]").value("review"));

		// The same runs in a token pool: totals in its unit.
		this.api.get("/teams/platform/workflows?pool=tokens&limit=1")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.unit").value("TOKENS"))
			.andExpect(jsonPath("$.runs").value(2))
			.andExpect(jsonPath("$.workflows", hasSize(1)))
			.andExpect(jsonPath("$.workflows[0].workflowId").value("wf-a"))
			.andExpect(jsonPath("$.workflows[0].total").value(2000));

		this.api.get("/teams/platform/workflows?pool=weekly&from=2026-11-10T00:00:00Z&to=2026-11-11T00:00:00Z")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.workflows[0].workflowId").value("wf-old"));
	}

	@Test
	void noWorkflowsIsAnEmptyListing() throws Exception {
		this.api.get("/teams/search/workflows?pool=weekly")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.runs").value(0))
			.andExpect(jsonPath("$.workflows", hasSize(0)));
	}

	@Test
	void badRangesAndLimitsAreRefusedNamingTheParameter() throws Exception {
		this.api.get("/teams/platform/workflows?pool=weekly&from=2026-11-25T00:00:00Z&to=2026-11-24T00:00:00Z")
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.errors[0].field").value("from"))
			.andExpect(jsonPath("$.errors[0].message").value(containsString("after to")));
		this.api.get("/teams/platform/workflows?pool=weekly&from=2026-09-01T00:00:00Z&to=2026-11-24T00:00:00Z")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("from"))
			.andExpect(jsonPath("$.errors[0].message").value(containsString("P31D")));
		this.api.get("/teams/platform/workflows?pool=weekly&from=yesterday")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("from"));
		this.api.get("/teams/platform/workflows")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("pool"));
		this.api.get("/teams/platform/workflows?pool=weekly&limit=0")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("limit"));
		this.api.get("/teams/platform/workflows?pool=weekly&limit=1001")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("limit"));
	}

	@Test
	void unknownTeamsAndPoolsTheTeamIsNotAllocatedAreNotFound() throws Exception {
		this.api.get("/teams/nobody/workflows?pool=weekly")
			.andExpect(status().isNotFound())
			.andExpect(content().contentType("application/problem+json"));
		this.api.get("/teams/search/workflows?pool=tokens")
			.andExpect(status().isNotFound())
			.andExpect(content().contentType("application/problem+json"));
		this.api.get("/teams/platform/workflows?pool=nope")
			.andExpect(status().isNotFound())
			.andExpect(content().contentType("application/problem+json"));
	}

	@Test
	void theForecastSaysWhatAWorkflowTakesAndHowManyMoreFitBeforeTheReset() throws Exception {
		// Ten runs of the last week, 5 to 50 messages (275 in all): mean 27.5, P90 45.
		// The team's cap is its share (500 of 1000, two teams) plus 20 %: 600, so 325 is
		// available: 11 more runs of the mean size (11.8), 7 of the P90 size (7.2).
		List<String> events = new ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			events.add(event("w" + i, "platform", "claude-sonnet-4", "2026-11-24T%02d:00:00Z".formatted(i), 5L * i, 0,
					0, 0, 0, "run-" + i, "review"));
		}
		post(events.toArray(String[]::new));
		this.api.get("/teams/platform/forecast?pool=weekly&horizon=P1D")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.pools[0].workflows.span").value("PT168H"))
			.andExpect(jsonPath("$.pools[0].workflows.runs").value(10))
			.andExpect(jsonPath("$.pools[0].available").doesNotExist())
			.andExpect(jsonPath("$.pools[0].workflows.mean").value(27.5))
			.andExpect(jsonPath("$.pools[0].workflows.p90").value(45))
			.andExpect(jsonPath("$.pools[0].workflows.moreAtMean").value(11))
			.andExpect(jsonPath("$.pools[0].workflows.moreAtP90").value(7))
			.andExpect(jsonPath("$.pools[0].workflows.basis").value(containsString("until the reset")));
		this.api.get("/pools/weekly/forecast?horizon=P1D")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.pool.workflows").doesNotExist());
	}

	@Test
	void aListingCanUseTheTeamsLabelIndex() throws Exception {
		// With a handful of rows the planner prefers a scan; with scans off the index
		// must
		// still apply to the listing's condition.
		StringBuilder plan = new StringBuilder();
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("set enable_seqscan = off");
			try (ResultSet rows = statement.executeQuery("""
					explain select workflow_id from usage_events
					where team_id = 'platform' and workflow_id is not null
					    and occurred_at >= now() - interval '7 days' and occurred_at < now()
					""")) {
				while (rows.next()) {
					plan.append(rows.getString(1)).append('\n');
				}
			}
			finally {
				statement.execute("reset enable_seqscan");
			}
		}
		// The ledger is partitioned by month (V16): each month has its copy of the index.
		assertThat(plan.toString()).containsPattern("usage_events_y\\d{4}m\\d{2}_team_id_occurred_at_idx");
	}

}
