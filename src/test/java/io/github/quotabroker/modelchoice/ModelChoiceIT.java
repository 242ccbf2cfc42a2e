package io.github.quotabroker.modelchoice;

import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Model-choice advice of issue #14 over the API, against PostgreSQL: answers that defer
 * or deny name the first alternative that admits the work now.
 */
class ModelChoiceIT extends IntegrationTestBase {

	@BeforeEach
	void setUp() throws Exception {
		// The test clock is Wednesday 2026-11-25 12:00 UTC; weekly pools reset Mondays.
		this.api.calendarPool("sonnet", 1000, "WEEKLY", "09:00", "MONDAY", "UTC", "claude-sonnet-*");
		this.api.calendarPool("haiku", 1000, "WEEKLY", "09:00", "MONDAY", "UTC", "claude-haiku-*");
		this.api.pool("opus", """
				{"name":"opus","unit":"MESSAGES","limit":1000,"window":{"type":"CALENDAR","period":"WEEKLY",
				 "resetTime":"09:00","resetDay":"MONDAY","timezone":"UTC"},"models":["claude-opus-*"],
				 "alternatives":["sonnet","haiku"]}
				""");
		this.api.team("platform", "Europe/Berlin");
		this.api.allocate("opus", "platform");
		this.api.allocate("sonnet", "platform");
		this.api.allocate("haiku", "platform");
	}

	private void used(String model, long messages) throws Exception {
		this.api.usage("u-" + model + "-" + messages, "platform", model, "2026-11-25T11:00:00Z", messages)
			.andExpect(status().isOk());
	}

	@Test
	void aDeferredTaskIsToldWhichAlternativeAdmitsItNowAndThatAlternativeDoes() throws Exception {
		used("claude-opus-4", 920);
		used("claude-sonnet-4", 390);
		this.api.post("/teams/platform/admission", """
				{"poolId":"opus","estimatedAmount":50,"kind":"INTERACTIVE","priority":"HIGH"}
				""")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.decision").value("DEFER"))
			.andExpect(jsonPath("$.retryAt").value("2026-11-30T09:00:00Z"))
			.andExpect(jsonPath("$.alternative.poolId").value("sonnet"))
			.andExpect(jsonPath("$.alternative.window").value("weekly"))
			.andExpect(jsonPath("$.alternative.percentLeft").value(61))
			.andExpect(jsonPath("$.alternative.insteadOf").value("opus"))
			.andExpect(jsonPath("$.alternative.insteadOfPercentUsed").value(92))
			.andExpect(jsonPath("$.alternative.message")
				.value("opus weekly is at 92%; sonnet weekly has 61% left and admits this now"))
			.andExpect(jsonPath("$.message",
					startsWith("Conserving: weekly quota has 8% left (below 10%), so HIGH work waits")))
			.andExpect(jsonPath("$.message",
					endsWith("Alternative: opus weekly is at 92%; sonnet weekly has 61% left and admits this now.")));
		// What the advice promised, the admission check answers.
		this.api.post("/teams/platform/admission", """
				{"poolId":"sonnet","estimatedAmount":50,"kind":"INTERACTIVE","priority":"HIGH"}
				""").andExpect(jsonPath("$.decision").value("ADMIT"));
	}

	@Test
	void lowWorkGoesToTheCheapestClassThatAdmitsIt() throws Exception {
		// 35 % of opus left: LOW work waits there (the seed's 40 % level).
		used("claude-opus-4", 650);
		this.api.post("/teams/platform/admission", """
				{"poolId":"opus","estimatedAmount":10,"kind":"INTERACTIVE","priority":"LOW"}
				""")
			.andExpect(jsonPath("$.decision").value("DEFER"))
			.andExpect(jsonPath("$.message", startsWith("Conserving: weekly quota has 35% left (below 40%)")))
			.andExpect(jsonPath("$.alternative.poolId").value("haiku"));
		// Cheapest first for LOW work, but only where the tier lets LOW work in.
		used("claude-haiku-4", 700);
		this.api.post("/teams/platform/admission", """
				{"poolId":"opus","estimatedAmount":10,"kind":"INTERACTIVE","priority":"LOW"}
				""").andExpect(jsonPath("$.alternative.poolId").value("sonnet"));
	}

	@Test
	void aDenialNamesAnAlternativeAndNothingIsNamedWhenNoneAdmitsOrOnAnAdmit() throws Exception {
		this.api.pool("sonnet", """
				{"name":"sonnet","unit":"MESSAGES","limit":5000,"window":{"type":"CALENDAR","period":"WEEKLY",
				 "resetTime":"09:00","resetDay":"MONDAY","timezone":"UTC"},"models":["claude-sonnet-*"]}
				""");
		this.api.post("/teams/platform/admission", """
				{"poolId":"opus","estimatedAmount":1200,"kind":"INTERACTIVE","priority":"CRITICAL"}
				""")
			.andExpect(jsonPath("$.decision").value("DENY"))
			.andExpect(jsonPath("$.alternative.poolId").value("sonnet"))
			.andExpect(jsonPath("$.message", startsWith("Never fits")));
		this.api.post("/teams/platform/admission", """
				{"poolId":"opus","estimatedAmount":6000,"kind":"INTERACTIVE","priority":"CRITICAL"}
				""")
			.andExpect(jsonPath("$.decision").value("DENY"))
			.andExpect(jsonPath("$.alternative").doesNotExist());
		this.api.post("/teams/platform/admission", """
				{"poolId":"opus","estimatedAmount":10,"kind":"INTERACTIVE"}
				""")
			.andExpect(jsonPath("$.decision").value("ADMIT"))
			.andExpect(jsonPath("$.alternative").doesNotExist());
	}

	@Test
	void anAlternativeTheTeamIsNotAllocatedToIsNeverNamed() throws Exception {
		this.api.delete("/pools/sonnet/allocations/platform").andExpect(status().isNoContent());
		this.api.delete("/pools/haiku/allocations/platform").andExpect(status().isNoContent());
		used("claude-opus-4", 990);
		this.api.post("/teams/platform/admission", """
				{"poolId":"opus","estimatedAmount":50,"kind":"INTERACTIVE","priority":"HIGH"}
				""")
			.andExpect(jsonPath("$.decision").value("DEFER"))
			.andExpect(jsonPath("$.alternative").doesNotExist());
	}

	@Test
	void automatedWorkOutsideTheAutomationWindowIsNotSentToAnAlternative() throws Exception {
		// 13:00 in Berlin: outside a night window, on every pool alike.
		this.api.put("/teams/platform", """
				{"name":"platform","timezone":"Europe/Berlin","automationWindow":"22:00-06:00"}
				""").andExpect(status().isOk());
		used("claude-opus-4", 990);
		this.api.post("/teams/platform/admission", """
				{"poolId":"opus","estimatedAmount":50,"kind":"AUTOMATED","priority":"HIGH"}
				""")
			.andExpect(jsonPath("$.decision").value("DEFER"))
			.andExpect(jsonPath("$.alternative").doesNotExist());
	}

	@Test
	void aSlotThatDoesNotFitNamesTheAlternative() throws Exception {
		// 150 left, of which window reservations leave the 10 % safety buffer free.
		used("claude-opus-4", 850);
		this.api.post("/teams/platform/slots", """
				{"poolId":"opus","amount":100,"duration":"PT1H","deadline":"2026-11-25T18:00:00Z"}
				""")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.fits").value(false))
			.andExpect(jsonPath("$.alternative.poolId").value("sonnet"))
			.andExpect(jsonPath("$.alternative.message")
				.value("opus weekly is at 85%; sonnet weekly has 100% left and admits this now"))
			.andExpect(jsonPath("$.reason",
					endsWith("Alternative: opus weekly is at 85%; sonnet weekly has 100% left and admits this now.")));
		this.api.post("/teams/platform/slots", """
				{"poolId":"opus","amount":10,"duration":"PT1H","deadline":"2026-11-25T18:00:00Z"}
				""").andExpect(jsonPath("$.fits").value(true)).andExpect(jsonPath("$.alternative").doesNotExist());
	}

	@Test
	void aScheduleNamesTheAlternativeOfEachTaskRefusedForQuota() throws Exception {
		used("claude-opus-4", 850);
		this.api.post("/teams/platform/schedules", """
				{"tasks":[
				  {"name":"refactor","estimatedAmount":100,"duration":"PT1H","pool":"opus",
				   "deadline":"2026-11-25T18:00:00Z","priority":"LOW"},
				  {"name":"review","estimatedAmount":10,"duration":"PT1H","pool":"opus"}
				]}
				""")
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.infeasible[0].task").value("refactor"))
			.andExpect(jsonPath("$.infeasible[0].reason").value("QUOTA"))
			.andExpect(jsonPath("$.infeasible[0].alternative.poolId").value("haiku"))
			.andExpect(jsonPath("$.infeasible[0].detail",
					endsWith("Alternative: opus weekly is at 85%; haiku weekly has 100% left and admits this now.")))
			.andExpect(jsonPath("$.placements[0].task").value("review"));
	}

}
