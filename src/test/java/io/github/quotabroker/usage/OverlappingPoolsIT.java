package io.github.quotabroker.usage;

import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** One event counts against every pool whose models match it, each in its own unit. */
class OverlappingPoolsIT extends IntegrationTestBase {

	@BeforeEach
	void setUp() throws Exception {
		this.api.team("platform", "America/New_York");
		this.api.rollingPool("session", 50, "PT5H", "*");
		this.api.calendarPool("weekly", 1000, "WEEKLY", "00:00", "SUNDAY", "America/New_York", "*");
		this.api.calendarPool("opus-weekly", 200, "WEEKLY", "00:00", "SUNDAY", "America/New_York", "claude-opus-*");
		for (String pool : new String[] { "session", "weekly", "opus-weekly" }) {
			this.api.allocate(pool, "platform");
		}
	}

	@Test
	void anOpusEventCountsInAllThreePoolsAndASonnetEventInTwo() throws Exception {
		this.api.usage("opus-1", "platform", "claude-opus-4-1", "2026-11-25T11:00:00Z", 4)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.events[0].countedAgainst", contains("opus-weekly", "session", "weekly")));
		this.api.usage("sonnet-1", "platform", "claude-sonnet-4", "2026-11-25T11:05:00Z", 3)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.events[0].countedAgainst", contains("session", "weekly")));
		this.api.get("/teams/platform/availability")
			.andExpect(jsonPath("$.pools[?(@.poolId == 'session')].used").value(contains(7)))
			.andExpect(jsonPath("$.pools[?(@.poolId == 'weekly')].used").value(contains(7)))
			.andExpect(jsonPath("$.pools[?(@.poolId == 'opus-weekly')].used").value(contains(4)))
			.andExpect(jsonPath("$.pools[?(@.poolId == 'opus-weekly')].remaining").value(contains(196)));
		assertThat(this.ledger.events()).isEqualTo(2);
		assertThat(this.ledger.bucketAmount("minute", "opus-weekly")).isEqualTo(4);
		assertThat(this.ledger.bucketAmount("hour", "weekly")).isEqualTo(7);
	}

	@Test
	void aTokensPoolCountsWeightedTokensRoundedUp() throws Exception {
		this.api.pool("tokens", """
				{"name":"Tokens","unit":"TOKENS","limit":100000,"window":{"type":"ROLLING","duration":"PT5H"},
				 "models":["claude-*"],
				 "tokenWeights":{"input":1,"output":5,"cacheRead":0.1,"cacheCreation":1.25}}
				""");
		this.api.allocate("tokens", "platform");
		this.api.post("/usage-events", """
				{"eventId":"t1","teamId":"platform","model":"claude-opus-4","occurredAt":"2026-11-25T11:00:00Z",
				 "inputTokens":1000,"outputTokens":200,"cacheReadTokens":10005,"cacheCreationTokens":400}
				""")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.events[0].countedAgainst", contains("opus-weekly", "session", "tokens", "weekly")));
		// 1000 + 5 * 200 + 0.1 * 10005 + 1.25 * 400 = 3500.5, a started token counts
		long expected = 3501;
		this.api.get("/teams/platform/availability?pool=tokens")
			.andExpect(jsonPath("$.pools[0].unit").value("TOKENS"))
			.andExpect(jsonPath("$.pools[0].used").value(expected))
			.andExpect(jsonPath("$.pools[0].remaining").value(100000 - expected));
		// The messages pools count the one message (the default) of the same event.
		this.api.get("/teams/platform/availability?pool=session").andExpect(jsonPath("$.pools[0].used").value(1));
		assertThat(this.ledger.bucketAmount("minute", "tokens")).isEqualTo(expected);
	}

	@Test
	void aCostPoolCountsDollarsToTheMicroDollar() throws Exception {
		this.api.pool("budget", """
				{"name":"Budget","unit":"COST_USD","limit":25.5,"window":{"type":"CALENDAR","period":"MONTHLY",
				 "resetTime":"00:00","resetDay":1,"timezone":"America/New_York"},"models":["*"]}
				""");
		this.api.allocate("budget", "platform");
		this.api
			.post("/usage-events",
					"""
							[{"eventId":"c1","teamId":"platform","model":"claude-opus-4","occurredAt":"2026-11-25T11:00:00Z","costUsd":1.234567},
							 {"eventId":"c2","teamId":"platform","model":"gpt-5","occurredAt":"2026-11-25T11:01:00Z","costUsd":0.5},
							 {"eventId":"c3","teamId":"platform","model":"gpt-5","occurredAt":"2026-11-25T11:02:00Z"}]
							""")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.recorded").value(3));
		this.api.get("/teams/platform/availability?pool=budget")
			.andExpect(jsonPath("$.pools[0].unit").value("COST_USD"))
			.andExpect(jsonPath("$.pools[0].limit").value(25.5))
			.andExpect(jsonPath("$.pools[0].used").value(1.734567))
			.andExpect(jsonPath("$.pools[0].remaining").value(23.765433));
		assertThat(this.ledger.bucketAmount("minute", "budget")).isEqualTo(1_734_567);
		// gpt-5 matches only the all-model pools.
		this.api.get("/teams/platform/availability?pool=opus-weekly").andExpect(jsonPath("$.pools[0].used").value(1));
		this.api.get("/teams/platform/availability?pool=weekly").andExpect(jsonPath("$.pools[0].used").value(3));
	}

}
