package io.github.quotabroker.forecast;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The anomalies answer over real PostgreSQL, with history fed through the ingest path.
 * The clock stands at Wed 2026-11-25 12:00 UTC; the default range is the 24 complete
 * hours before it.
 */
class AnomalyIT extends IntegrationTestBase {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	@BeforeEach
	void setUp() throws Exception {
		this.api.rollingPool("session", 100000, "PT5H", "claude-*");
		this.api.team("platform", "UTC");
		this.api.team("search", "UTC");
		this.api.allocate("session", "platform");
	}

	/**
	 * One event an hour for {@code hours} hours before {@code end}: 20 messages, 100 from
	 * 09:00 to 17:59 UTC, times {@code factor} from {@code changeAt} on.
	 */
	static List<String> history(String team, Instant end, int hours, Instant changeAt, double factor) {
		List<String> events = new ArrayList<>();
		for (int h = hours; h >= 1; h--) {
			Instant at = end.minus(Duration.ofHours(h)).plusSeconds(60);
			int hourOfDay = at.atOffset(ZoneOffset.UTC).getHour();
			long messages = (hourOfDay >= 9 && hourOfDay < 18) ? 100 : 20;
			if (changeAt != null && !at.isBefore(changeAt)) {
				messages = Math.round(messages * factor);
			}
			events.add(event(team + "-h" + h, team, at, messages, null, null, null, 100, 0));
		}
		return events;
	}

	static String event(String id, String team, Instant at, long messages, String member, String agent, String workflow,
			long inputTokens, long cacheRead) {
		StringBuilder json = new StringBuilder(
				"{\"eventId\":\"%s\",\"teamId\":\"%s\",\"model\":\"claude-sonnet-4\",".formatted(id, team));
		json.append(
				"\"occurredAt\":\"%s\",\"messages\":%d,\"inputTokens\":%d,\"outputTokens\":10,\"cacheReadTokens\":%d"
					.formatted(at, messages, inputTokens, cacheRead));
		if (member != null) {
			json.append(",\"memberId\":\"").append(member).append('"');
		}
		if (agent != null) {
			json.append(",\"agentId\":\"").append(agent).append('"');
		}
		if (workflow != null) {
			json.append(",\"workflowId\":\"").append(workflow).append('"');
		}
		return json.append('}').toString();
	}

	void post(List<String> events) throws Exception {
		for (int i = 0; i < events.size(); i += 500) {
			List<String> batch = events.subList(i, Math.min(events.size(), i + 500));
			this.api.post("/usage-events", "[" + String.join(",", batch) + "]").andExpect(status().isOk());
		}
	}

	@Test
	void aSpikeIsAnAnomalyWithItsExpectationZScoreAndTopContributorsAndASmallerOneWarns() throws Exception {
		List<String> events = history("platform", NOW, 4 * 168, null, 1);
		// 10:00 expects 100: 300 more, most of them from alice's ci-bot in nightly-7.
		events.add(event("spike-1", "platform", Instant.parse("2026-11-25T10:20:00Z"), 250, "alice", "ci-bot",
				"nightly-7", 100, 0));
		events.add(
				event("spike-2", "platform", Instant.parse("2026-11-25T10:40:00Z"), 50, "bob", "laptop", null, 100, 0));
		// 07:00 expects 20: 8 more is about 2.8 σ (σ is the floor, 5 % of the mean 53).
		events.add(event("bump", "platform", Instant.parse("2026-11-25T07:30:00Z"), 7, "bob", null, null, 100, 0));
		post(events);

		this.api.get("/teams/platform/anomalies")
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("application/json"))
			.andExpect(jsonPath("$.teamId").value("platform"))
			.andExpect(jsonPath("$.from").value("2026-11-24T12:00:00Z"))
			.andExpect(jsonPath("$.to").value("2026-11-25T12:00:00Z"))
			.andExpect(jsonPath("$.warningZ").value(2.0))
			.andExpect(jsonPath("$.anomalyZ").value(3.0))
			.andExpect(jsonPath("$.pools[0].poolId").value("session"))
			.andExpect(jsonPath("$.pools[0].model").value("HOLT_WINTERS"))
			.andExpect(jsonPath("$.pools[0].unit").value("MESSAGES"))
			.andExpect(jsonPath("$.anomalies", hasSize(2)))
			.andExpect(jsonPath("$.anomalies[0].kind").value("HOURLY_USAGE"))
			.andExpect(jsonPath("$.anomalies[0].hour").value("2026-11-25T07:00:00Z"))
			.andExpect(jsonPath("$.anomalies[0].severity").value("WARNING"))
			.andExpect(jsonPath("$.anomalies[0].actual").value(27))
			.andExpect(jsonPath("$.anomalies[0].expected").value(closeTo(20.0, 0.5), Double.class))
			.andExpect(jsonPath("$.anomalies[0].zScore").value(closeTo(2.6, 0.4), Double.class))
			.andExpect(jsonPath("$.anomalies[0].announcedAt").doesNotExist())
			// The hour's largest member is unnamed: the message names none.
			.andExpect(jsonPath("$.anomalies[0].message").value(containsString("; most from model claude-sonnet-4")))
			.andExpect(jsonPath("$.anomalies[1].hour").value("2026-11-25T10:00:00Z"))
			.andExpect(jsonPath("$.anomalies[1].severity").value("ANOMALY"))
			.andExpect(jsonPath("$.anomalies[1].poolId").value("session"))
			.andExpect(jsonPath("$.anomalies[1].unit").value("MESSAGES"))
			.andExpect(jsonPath("$.anomalies[1].actual").value(400))
			.andExpect(jsonPath("$.anomalies[1].expected").value(closeTo(100.0, 1.0), Double.class))
			.andExpect(jsonPath("$.anomalies[1].zScore").value(closeTo(300 / 2.65, 10.0), Double.class))
			.andExpect(jsonPath("$.anomalies[1].topContributors.members[0].id").value("alice"))
			.andExpect(jsonPath("$.anomalies[1].topContributors.members[0].amount").value(250))
			// The hour's usual event names no member.
			.andExpect(jsonPath("$.anomalies[1].topContributors.members[1].id").doesNotExist())
			.andExpect(jsonPath("$.anomalies[1].topContributors.members[1].amount").value(100))
			.andExpect(jsonPath("$.anomalies[1].topContributors.members[2].id").value("bob"))
			.andExpect(jsonPath("$.anomalies[1].topContributors.agents[0].id").value("ci-bot"))
			.andExpect(jsonPath("$.anomalies[1].topContributors.models[0].id").value("claude-sonnet-4"))
			.andExpect(jsonPath("$.anomalies[1].topContributors.models[0].amount").value(400))
			.andExpect(jsonPath("$.anomalies[1].topContributors.workflows[0].id").value("nightly-7"))
			.andExpect(jsonPath("$.anomalies[1].message").value(containsString(
					"ANOMALY: 400 messages used in pool 'session' in the hour from Wed 25 Nov 10:00 UTC")))
			.andExpect(jsonPath("$.anomalies[1].message").value(
					containsString("most from member alice, agent ci-bot, model claude-sonnet-4, workflow nightly-7")));

		// A range that ends before the spike sees only the bump; one in the past sees
		// nothing.
		this.api.get("/teams/platform/anomalies?pool=session&from=2026-11-25T00:00:00Z&to=2026-11-25T09:30:00Z")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.to").value("2026-11-25T09:00:00Z"))
			.andExpect(jsonPath("$.anomalies", hasSize(1)))
			.andExpect(jsonPath("$.anomalies[0].hour").value("2026-11-25T07:00:00Z"))
			.andExpect(jsonPath("$.anomalies[0].zScore").value(closeTo(2.6, 0.4), Double.class));
		this.api.get("/teams/platform/anomalies?from=2026-11-22T00:00:00Z&to=2026-11-24T00:00:00Z")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.anomalies", hasSize(0)));
	}

	@Test
	void aLastingRiseOfTheDailyMeanIsAChangepointOnItsFirstDay() throws Exception {
		// Use doubled from Fri 20 Nov 00:00 UTC on.
		post(history("platform", NOW, 5 * 168, Instant.parse("2026-11-20T00:00:00Z"), 2));

		this.api.get("/teams/platform/anomalies?from=2026-11-18T00:00:00Z&to=2026-11-25T00:00:00Z")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.anomalies[?(@.kind == 'CHANGEPOINT')]", hasSize(1)))
			.andExpect(jsonPath("$.anomalies[?(@.kind == 'CHANGEPOINT')].hour").value("2026-11-20T00:00:00Z"))
			// statsmodels 0.13.5 on these 28 daily totals: CUSUM 1.677, p 0.0072.
			.andExpect(jsonPath("$.anomalies[?(@.kind == 'CHANGEPOINT')].severity").value("WARNING"))
			.andExpect(jsonPath("$.anomalies[?(@.kind == 'CHANGEPOINT')].pValue").value(org.hamcrest.Matchers
				.contains(closeTo(new java.math.BigDecimal("0.0072131"), new java.math.BigDecimal("0.0000001")))))
			.andExpect(jsonPath("$.anomalies[?(@.kind == 'CHANGEPOINT')].expected").value(1200))
			.andExpect(jsonPath("$.anomalies[?(@.kind == 'CHANGEPOINT')].actual").value(2400))
			.andExpect(jsonPath("$.anomalies[?(@.kind == 'CHANGEPOINT')].message").value(org.hamcrest.Matchers
				.contains(containsString("moved from 1200 to 2400 messages a day on Fri 20 Nov"))));
		// A range after the shift's first day does not report it.
		this.api.get("/teams/platform/anomalies?from=2026-11-23T00:00:00Z&to=2026-11-25T00:00:00Z")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.anomalies[?(@.kind == 'CHANGEPOINT')]", hasSize(0)));
	}

	@Test
	void aLargeWorkflowAndALowCacheReadShareAreReportedFromSeedPractice() throws Exception {
		post(List.of(
				event("w1", "platform", Instant.parse("2026-11-25T08:10:00Z"), 1, "alice", "ci-bot", "big-run",
						1_500_000, 40_000),
				event("w2", "platform", Instant.parse("2026-11-25T09:10:00Z"), 1, "alice", "ci-bot", "big-run", 700_000,
						0),
				event("w3", "platform", Instant.parse("2026-11-25T09:20:00Z"), 1, "alice", "ci-bot", "small-run",
						10_000, 5_000)));

		this.api.get("/teams/platform/anomalies?pool=session")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.pools[0].model").value("NO_HISTORY"))
			.andExpect(jsonPath("$.pools[0].modelReason").value(containsString("hourly anomalies need 504 hours")))
			.andExpect(jsonPath("$.anomalies", hasSize(2)))
			.andExpect(jsonPath("$.anomalies[0].kind").value("CACHE_READ_SHARE"))
			.andExpect(jsonPath("$.anomalies[0].hour").value("2026-11-25T00:00:00Z"))
			.andExpect(jsonPath("$.anomalies[0].severity").value("ANOMALY"))
			.andExpect(jsonPath("$.anomalies[0].unit").value("SHARE"))
			.andExpect(jsonPath("$.anomalies[0].expected").value(0.5))
			// 45 000 of 2 255 030 tokens.
			.andExpect(jsonPath("$.anomalies[0].actual").value(0.02))
			.andExpect(jsonPath("$.anomalies[1].kind").value("WORKFLOW_SIZE"))
			.andExpect(jsonPath("$.anomalies[1].hour").value("2026-11-25T08:00:00Z"))
			.andExpect(jsonPath("$.anomalies[1].workflowId").value("big-run"))
			.andExpect(jsonPath("$.anomalies[1].severity").value("WARNING"))
			.andExpect(jsonPath("$.anomalies[1].unit").value("TOKENS"))
			.andExpect(jsonPath("$.anomalies[1].expected").value(2000000))
			.andExpect(jsonPath("$.anomalies[1].actual").value(2240020))
			.andExpect(jsonPath("$.anomalies[1].message")
				.value(containsString("workflow 'big-run' used 2,240,020 tokens in pool 'session'")));
	}

	@Test
	void badInputIsAProblemNamingTheParameter() throws Exception {
		this.api.get("/teams/nobody/anomalies")
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"));
		this.api.get("/teams/platform/anomalies?pool=nothing")
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.detail").value(containsString("nothing")));
		this.api.rollingPool("other", 10, "PT5H", "gpt-*");
		this.api.get("/teams/platform/anomalies?pool=other")
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.detail").value("Team 'platform' has no allocation in pool 'other'"));
		this.api.get("/teams/platform/anomalies?from=2026-11-25T00:00:00Z&to=2026-11-24T00:00:00Z")
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.errors[0].field").value("from"))
			.andExpect(jsonPath("$.errors[0].message").value("must be before to"));
		this.api.get("/teams/platform/anomalies?from=2026-10-01T00:00:00Z&to=2026-11-25T00:00:00Z")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("from"))
			.andExpect(jsonPath("$.errors[0].message").value("must be at most PT744H before to"));
		this.api.get("/teams/platform/anomalies?from=yesterday")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("from"));
		this.api.get("/teams/platform/anomalies?pool=no%20such")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("pool"));
	}

	@Test
	void noHistoryIsAnAnswerWithoutAnomaliesThatSaysWhy() throws Exception {
		this.api.get("/teams/platform/anomalies")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.pools[0].model").value("NO_HISTORY"))
			.andExpect(jsonPath("$.pools[0].residualScale").doesNotExist())
			.andExpect(jsonPath("$.anomalies", hasSize(0)));
		// A team with no pools has nothing to examine.
		this.api.get("/teams/search/anomalies")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.pools", hasSize(0)))
			.andExpect(jsonPath("$.anomalies", hasSize(0)));
	}

}
