package io.github.quotabroker.usage;

import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code GET /pools/{poolId}/usage}: a pool's usage over time by team, member or model.
 */
class UsageHistoryIT extends IntegrationTestBase {

	private static final String RANGE = "from=2026-11-25T10:00:00Z&to=2026-11-25T12:00:00Z";

	@BeforeEach
	void setUp() throws Exception {
		this.api.rollingPool("session", 1000, "PT5H", "claude-*");
		this.api.team("platform", "UTC");
		this.api.team("research", "UTC");
		this.api
			.post("/usage-events",
					"""
							[{"eventId":"p1","teamId":"platform","memberId":"ana","model":"claude-opus-4","occurredAt":"2026-11-25T10:05:00Z","messages":3},
							 {"eventId":"p2","teamId":"platform","memberId":"ben","model":"claude-sonnet-4","occurredAt":"2026-11-25T10:20:00Z","messages":4},
							 {"eventId":"r1","teamId":"research","model":"claude-sonnet-4","occurredAt":"2026-11-25T10:50:30Z","messages":5},
							 {"eventId":"p3","teamId":"platform","memberId":"ana","model":"claude-sonnet-4","occurredAt":"2026-11-25T11:10:00Z","messages":6},
							 {"eventId":"x1","teamId":"platform","memberId":"ana","model":"gpt-5","occurredAt":"2026-11-25T11:15:00Z","messages":100}]
							""")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.recorded").value(5));
	}

	@Test
	void hourlyUsageByTeamAddsUpToWhatWasPosted() throws Exception {
		this.api.get("/pools/session/usage?" + RANGE + "&groupBy=team&step=PT1H")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.poolId").value("session"))
			.andExpect(jsonPath("$.unit").value("MESSAGES"))
			.andExpect(jsonPath("$.groupBy").value("team"))
			.andExpect(jsonPath("$.step").value("PT1H"))
			.andExpect(jsonPath("$.series", hasSize(2)))
			.andExpect(jsonPath("$.series[0].key").value("platform"))
			.andExpect(jsonPath("$.series[0].total").value(13))
			.andExpect(jsonPath("$.series[0].points[*].start")
				.value(contains("2026-11-25T10:00:00Z", "2026-11-25T11:00:00Z")))
			.andExpect(jsonPath("$.series[0].points[*].amount").value(contains(7, 6)))
			.andExpect(jsonPath("$.series[0].points[*].events").value(contains(2, 1)))
			.andExpect(jsonPath("$.series[1].key").value("research"))
			.andExpect(jsonPath("$.series[1].total").value(5))
			.andExpect(jsonPath("$.series[1].points[*].amount").value(contains(5, 0)));
	}

	@Test
	void quarterHourUsageByTeamFallsInTheRightSteps() throws Exception {
		this.api.get("/pools/session/usage?" + RANGE + "&groupBy=team&step=PT15M")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.step").value("PT15M"))
			.andExpect(jsonPath("$.series[0].key").value("platform"))
			.andExpect(jsonPath("$.series[0].total").value(13))
			.andExpect(jsonPath("$.series[0].points", hasSize(8)))
			.andExpect(jsonPath("$.series[0].points[*].amount").value(contains(3, 4, 0, 0, 6, 0, 0, 0)))
			.andExpect(jsonPath("$.series[1].points[*].amount").value(contains(0, 0, 0, 5, 0, 0, 0, 0)))
			.andExpect(jsonPath("$.series[1].points[3].start").value("2026-11-25T10:45:00Z"));
	}

	@Test
	void hourlyUsageFromAStartOffTheHourCountsOnlyWhatFollowsIt() throws Exception {
		this.api.get("/pools/session/usage?from=2026-11-25T10:30:00Z&to=2026-11-25T12:00:00Z&groupBy=team&step=PT1H")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.series[0].key").value("platform"))
			.andExpect(jsonPath("$.series[0].points[*].amount").value(contains(6, 0)))
			.andExpect(jsonPath("$.series[1].key").value("research"))
			.andExpect(jsonPath("$.series[1].points[*].amount").value(contains(5, 0)));
	}

	@Test
	void usageByMemberPutsEventsWithoutAMemberUnderNone() throws Exception {
		for (String step : new String[] { "PT1H", "PT15M" }) {
			this.api.get("/pools/session/usage?" + RANGE + "&groupBy=member&step=" + step)
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.series[*].key").value(contains("(none)", "ana", "ben")))
				.andExpect(jsonPath("$.series[*].total").value(contains(5, 9, 4)));
		}
		this.api.get("/pools/session/usage?" + RANGE + "&groupBy=member&step=PT15M")
			.andExpect(jsonPath("$.series[1].points[*].amount").value(contains(3, 0, 0, 0, 6, 0, 0, 0)));
	}

	@Test
	void usageByModelOnlyShowsModelsThePoolCounts() throws Exception {
		for (String step : new String[] { "PT1H", "PT15M" }) {
			this.api.get("/pools/session/usage?" + RANGE + "&groupBy=model&step=" + step)
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.series[*].key").value(contains("claude-opus-4", "claude-sonnet-4")))
				.andExpect(jsonPath("$.series[*].total").value(contains(3, 15)));
		}
		this.api.get("/pools/session/usage?" + RANGE + "&groupBy=model&step=PT1H")
			.andExpect(jsonPath("$.series[1].points[*].amount").value(contains(9, 6)))
			.andExpect(jsonPath("$.series[1].points[*].events").value(contains(2, 1)));
	}

	@Test
	void aStepThatIsNotWholeMinutesIsRefused() throws Exception {
		for (String step : new String[] { "PT30S", "PT1M30S", "PT0S" }) {
			this.api.get("/pools/session/usage?" + RANGE + "&step=" + step)
				.andExpect(status().isBadRequest())
				.andExpect(content().contentType("application/problem+json"))
				.andExpect(jsonPath("$.errors[0].field").value("step"));
		}
		this.api.get("/pools/session/usage?" + RANGE + "&step=hourly")
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.errors[0].field").value("step"));
	}

	@Test
	void aRangeThatDoesNotStartBeforeItEndsIsRefused() throws Exception {
		this.api.get("/pools/session/usage?from=2026-11-25T12:00:00Z&to=2026-11-25T10:00:00Z")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("from"));
		this.api.get("/pools/session/usage?from=2026-11-25T10:00:00Z&to=2026-11-25T10:00:00Z")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("from"));
	}

	@Test
	void tooManyPointsAreRefused() throws Exception {
		this.api.get("/pools/session/usage?from=2026-11-17T00:00:00Z&to=2026-11-25T00:00:00Z&step=PT1M")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("step"))
			.andExpect(jsonPath("$.errors[0].message", containsString("10000")));
		this.api.get("/pools/session/usage?from=2026-11-17T00:00:00Z&to=2026-11-25T00:00:00Z&step=PT1H")
			.andExpect(status().isOk());
	}

	@Test
	void anUnknownGroupingOrPoolIsRefused() throws Exception {
		this.api.get("/pools/session/usage?" + RANGE + "&groupBy=agent")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("groupBy"));
		this.api.get("/pools/nothing/usage?" + RANGE)
			.andExpect(status().isNotFound())
			.andExpect(content().contentType("application/problem+json"));
	}

}
