package io.github.quotabroker.admission;

import java.time.Duration;

import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The pre-task admission check over the API, against PostgreSQL, with the test clock. */
class AdmissionIT extends IntegrationTestBase {

	@BeforeEach
	void setUp() throws Exception {
		// Mondays 09:00 UTC; the test clock is Wednesday 2026-11-25 12:00 UTC.
		this.api.calendarPool("weekly", 1000, "WEEKLY", "09:00", "MONDAY", "UTC", "claude-*");
		this.api.rollingPool("session", 1000, "PT5H", "claude-*");
		this.api.team("platform", "America/Los_Angeles");
		this.api.allocate("weekly", "platform");
		this.api.allocate("session", "platform");
	}

	private void used(long messages, String occurredAt) throws Exception {
		this.api.usage("u-" + messages + "-" + occurredAt, "platform", "claude-opus", occurredAt, messages)
			.andExpect(status().isOk());
	}

	@Test
	void automatedWorkPastTheCapIsDeferredUntilTheWeeklyReset() throws Exception {
		used(910, "2026-11-25T11:00:00Z");
		this.api.post("/teams/platform/admission", """
				{"poolId":"weekly","estimatedAmount":10,"kind":"AUTOMATED","priority":"CRITICAL"}
				""")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.decision").value("DEFER"))
			.andExpect(jsonPath("$.message", startsWith(
					"Stopping: weekly quota usage at 91% (configured max: 90%). Retry at Mon 30 Nov 01:00 America/Los_Angeles")))
			.andExpect(jsonPath("$.retryAt").value("2026-11-30T09:00:00Z"))
			.andExpect(jsonPath("$.pools[0].percentUsed").value(91))
			.andExpect(jsonPath("$.pools[0].automationCapPercent").value(90));
		// The same task by a person passes the cap; at 9 % left only CRITICAL runs.
		this.api.post("/teams/platform/admission", """
				{"poolId":"weekly","estimatedAmount":10,"kind":"INTERACTIVE","priority":"CRITICAL"}
				""").andExpect(jsonPath("$.decision").value("ADMIT")).andExpect(jsonPath("$.retryAt").doesNotExist());
		this.api.post("/teams/platform/admission", """
				{"poolId":"weekly","estimatedAmount":10,"kind":"INTERACTIVE","priority":"HIGH"}
				""")
			.andExpect(jsonPath("$.decision").value("DEFER"))
			.andExpect(jsonPath("$.message", startsWith("Conserving: weekly quota has 9% left (below 10%)")));
	}

	@Test
	void theTeamsOwnCapIsAppliedWhenLower() throws Exception {
		this.api.put("/teams/platform", """
				{"name":"platform","timezone":"America/Los_Angeles","automationCapPercent":50}
				""").andExpect(status().isOk());
		used(450, "2026-11-25T11:00:00Z");
		this.api.post("/teams/platform/admission", """
				{"poolId":"weekly","estimatedAmount":60,"kind":"AUTOMATED"}
				""")
			.andExpect(jsonPath("$.decision").value("DEFER"))
			.andExpect(jsonPath("$.pools[0].automationCapPercent").value(50))
			.andExpect(jsonPath("$.message", containsString("would pass the configured max of 50%")));
	}

	@Test
	void aRollingPoolDefersUntilEnoughUsageRollsOff() throws Exception {
		used(500, "2026-11-25T08:00:00Z");
		used(300, "2026-11-25T11:30:00Z");
		// 200 left; 300 more fit once the 08:00 usage stops counting at 13:01.
		this.api.post("/teams/platform/admission", """
				{"poolId":"session","estimatedAmount":300,"kind":"INTERACTIVE","priority":"CRITICAL"}
				""")
			.andExpect(jsonPath("$.decision").value("DEFER"))
			.andExpect(jsonPath("$.retryAt").value("2026-11-25T13:01:00Z"))
			.andExpect(jsonPath("$.message").value(
					"Not enough: needs ~300 MESSAGES, ~200 MESSAGES left in the 5-hour quota. Retry at 05:01 America/Los_Angeles."));
		this.clock.set(java.time.Instant.parse("2026-11-25T13:01:00Z"));
		this.api.post("/teams/platform/admission", """
				{"poolId":"session","estimatedAmount":300,"kind":"INTERACTIVE","priority":"CRITICAL"}
				""").andExpect(jsonPath("$.decision").value("ADMIT"));
	}

	@Test
	void lowPriorityWorkWaitsWhenThePoolRunsLow() throws Exception {
		used(650, "2026-11-25T11:00:00Z");
		this.api.post("/teams/platform/admission", """
				{"poolId":"session","estimatedAmount":10,"kind":"INTERACTIVE","priority":"LOW"}
				""")
			.andExpect(jsonPath("$.decision").value("DEFER"))
			.andExpect(jsonPath("$.retryAt").value("2026-11-25T16:01:00Z"));
		this.api.post("/teams/platform/admission", """
				{"poolId":"session","estimatedAmount":10,"kind":"INTERACTIVE"}
				""").andExpect(jsonPath("$.decision").value("ADMIT")).andExpect(jsonPath("$.priority").value("MEDIUM"));
	}

	@Test
	void aPlanSaysHowManyOfItsTasksFit() throws Exception {
		used(180, "2026-11-25T11:00:00Z");
		this.api
			.post("/teams/platform/admission",
					"""
							{"poolId":"session","kind":"INTERACTIVE","priority":"HIGH","planTasks":[30,30,30,30,30,30,30,30,30,30,20,20]}
							""")
			.andExpect(jsonPath("$.decision").value("ADMIT"))
			.andExpect(jsonPath("$.estimatedAmount").value(340))
			.andExpect(jsonPath("$.plan.tasks").value(12))
			.andExpect(jsonPath("$.plan.fittingTasks").value(12))
			.andExpect(jsonPath("$.message")
				.value("This plan has 12 tasks, estimated ~340 MESSAGES, remaining ~820 MESSAGES: go."));
		this.api.post("/teams/platform/admission", """
				{"poolId":"session","kind":"INTERACTIVE","priority":"CRITICAL","planTasks":[300,300,300]}
				""")
			.andExpect(jsonPath("$.decision").value("DEFER"))
			.andExpect(jsonPath("$.plan.fittingTasks").value(2))
			.andExpect(jsonPath("$.plan.fittingAmount").value(600))
			.andExpect(jsonPath("$.retryAt").value("2026-11-25T16:01:00Z"))
			.andExpect(jsonPath("$.message").value("This plan has 3 tasks, estimated ~900 MESSAGES, remaining ~820 "
					+ "MESSAGES: only the first 2 tasks (~600 MESSAGES) fit now; all of it fits from 08:01 America/Los_Angeles."));
	}

	@Test
	void aTaskLargerThanThePoolIsDenied() throws Exception {
		this.api.post("/teams/platform/admission", """
				{"poolId":"session","estimatedAmount":1001,"kind":"INTERACTIVE"}
				""")
			.andExpect(jsonPath("$.decision").value("DENY"))
			.andExpect(jsonPath("$.retryAt").doesNotExist())
			.andExpect(jsonPath("$.message", startsWith("Never fits")));
	}

	@Test
	void byModelEveryPoolTheModelCountsAgainstMustAdmit() throws Exception {
		used(910, "2026-11-25T11:00:00Z");
		// The session pool has room; the weekly pool holds automated work back.
		this.api.post("/teams/platform/admission", """
				{"model":"claude-opus-4","estimatedAmount":5,"kind":"AUTOMATED","priority":"CRITICAL"}
				""")
			.andExpect(jsonPath("$.decision").value("DEFER"))
			.andExpect(jsonPath("$.pools", hasSize(2)))
			.andExpect(jsonPath("$.pools[?(@.poolId == 'weekly')].decision", hasItem("DEFER")))
			.andExpect(jsonPath("$.message", startsWith("Stopping: weekly quota usage at 91%")))
			.andExpect(jsonPath("$.retryAt").value("2026-11-30T09:00:00Z"));
		this.api.post("/teams/platform/admission", """
				{"model":"gpt-4o","estimatedAmount":5,"kind":"AUTOMATED"}
				""").andExpect(jsonPath("$.decision").value("ADMIT")).andExpect(jsonPath("$.pools", hasSize(0)));
	}

	@Test
	void anAdmittedTaskCanBeHeldInTheSameCallAndADeferredOneHoldsNothing() throws Exception {
		this.api
			.post("/teams/platform/admission",
					"""
							{"poolId":"session","estimatedAmount":400,"kind":"AUTOMATED","hold":true,"ttl":"PT1H","description":"nightly"}
							""")
			.andExpect(jsonPath("$.decision").value("ADMIT"))
			.andExpect(jsonPath("$.reservations", hasSize(1)))
			.andExpect(jsonPath("$.reservations[0].status").value("HELD"))
			.andExpect(jsonPath("$.reservations[0].amount").value(400))
			.andExpect(jsonPath("$.reservations[0].expiresAt").value("2026-11-25T13:00:00Z"));
		this.api.get("/teams/platform/availability?pool=session").andExpect(jsonPath("$.pools[0].reserved").value(400));
		// Held quota counts: 400 held + 550 would pass the cap of 900.
		this.api.post("/teams/platform/admission", """
				{"poolId":"session","estimatedAmount":550,"kind":"AUTOMATED","hold":true}
				""").andExpect(jsonPath("$.decision").value("DEFER")).andExpect(jsonPath("$.reservations", hasSize(0)));
		assertThat(this.jdbc.sql("select count(*) from reservations").query(Long.class).single()).isEqualTo(1);
		this.clock.advance(Duration.ofHours(1));
	}

	@Test
	void badRequestsAreRefusedNamingTheField() throws Exception {
		this.api.post("/teams/platform/admission", "{\"estimatedAmount\":5,\"kind\":\"AUTOMATED\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("poolId"));
		this.api.post("/teams/platform/admission", "{\"poolId\":\"session\",\"kind\":\"AUTOMATED\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("estimatedAmount"));
		this.api.post("/teams/platform/admission", "{\"poolId\":\"session\",\"estimatedAmount\":5}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("kind"));
		this.api
			.post("/teams/platform/admission",
					"{\"poolId\":\"session\",\"estimatedAmount\":5,\"kind\":\"AUTOMATED\",\"planTasks\":[1,2]}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("estimatedAmount"));
		this.api
			.post("/teams/platform/admission", "{\"poolId\":\"session\",\"kind\":\"AUTOMATED\",\"planTasks\":[1,-2]}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("planTasks[1]"));
		this.api.post("/teams/platform/admission",
				"{\"poolId\":\"session\",\"estimatedAmount\":5,\"kind\":\"AUTOMATED\",\"hold\":true,\"ttl\":\"P2D\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("ttl"));
		this.api.post("/teams/platform/admission", "{\"poolId\":\"nope\",\"estimatedAmount\":5,\"kind\":\"AUTOMATED\"}")
			.andExpect(status().isNotFound());
		this.api.post("/teams/ghost/admission", "{\"poolId\":\"session\",\"estimatedAmount\":5,\"kind\":\"AUTOMATED\"}")
			.andExpect(status().isNotFound());
		assertThat(this.jdbc.sql("select count(*) from reservations").query(Long.class).single()).isZero();
	}

	// ---- the team's automation window (#14) -----------------------------------

	@Test
	void automatedWorkOutsideTheTeamsAutomationWindowIsDeferredToItsStart() throws Exception {
		this.api.put("/teams/platform", WINDOW_AND_ANA)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.automationWindow").value("22:00-06:00"));
		// Ana works at 07:00 in Los Angeles and used the whole session then a week ago:
		// nothing is idle at 15:00 UTC, so the window holds.
		peopleNeedTheSessionAt("2026-11-18T15:10:00Z");
		String automated = """
				{"poolId":"session","estimatedAmount":10,"kind":"AUTOMATED","hold":true}
				""";
		// 12:00 UTC is 04:00 in Los Angeles: inside last night's window.
		this.api.post("/teams/platform/admission", automated)
			.andExpect(jsonPath("$.decision").value("ADMIT"))
			.andExpect(jsonPath("$.reservations", hasSize(1)));
		// 07:00 in Los Angeles: automated work waits for 22:00 PST (06:00 UTC), holds
		// nothing; a person's work is not held to the window.
		this.clock.set(java.time.Instant.parse("2026-11-25T15:00:00Z"));
		this.api.post("/teams/platform/admission", automated)
			.andExpect(jsonPath("$.decision").value("DEFER"))
			.andExpect(jsonPath("$.retryAt").value("2026-11-26T06:00:00Z"))
			.andExpect(jsonPath("$.message", startsWith(
					"Outside the automation window: team 'platform' starts automated work from 22:00 to 06:00 America/Los_Angeles. Retry at 22:00 America/Los_Angeles")))
			.andExpect(jsonPath("$.reservations", hasSize(0)));
		this.api.post("/teams/platform/admission", """
				{"poolId":"session","estimatedAmount":10,"kind":"INTERACTIVE"}
				""").andExpect(jsonPath("$.decision").value("ADMIT"));
	}

	@Test
	void theAutomationWindowFollowsTheTeamsDstChange() throws Exception {
		this.api.put("/teams/platform", WINDOW_AND_ANA).andExpect(status().isOk());
		String automated = """
				{"poolId":"session","estimatedAmount":10,"kind":"AUTOMATED"}
				""";
		// Los Angeles springs forward on Sunday 2027-03-14: 22:00 is 06:00 UTC the night
		// before (PST) and 05:00 UTC that night (PDT).
		this.clock.set(java.time.Instant.parse("2027-03-13T20:00:00Z"));
		// Ana (working then) used the whole session at these hours a week before: no
		// idle capacity lets the work in early.
		peopleNeedTheSessionAt("2027-03-06T20:10:00Z");
		peopleNeedTheSessionAt("2027-03-07T20:10:00Z");
		this.api.post("/teams/platform/admission", automated)
			.andExpect(jsonPath("$.retryAt").value("2027-03-14T06:00:00Z"));
		this.clock.set(java.time.Instant.parse("2027-03-14T20:00:00Z"));
		this.api.post("/teams/platform/admission", automated)
			.andExpect(jsonPath("$.retryAt").value("2027-03-15T05:00:00Z"));
	}

	/** The team's window, and Ana, who works 07:00-19:00 in Los Angeles. */
	private static final String WINDOW_AND_ANA = """
			{"name":"platform","timezone":"America/Los_Angeles","automationWindow":"22:00-06:00",
			 "members":[{"id":"ana","timezone":"America/Los_Angeles","workingHours":"07:00-19:00"}]}
			""";

	/**
	 * The team used four sessions' worth in that hour (a week or more ago): a mean of one
	 * whole session expected in the same hour of the week since.
	 */
	private void peopleNeedTheSessionAt(String occurredAt) throws Exception {
		this.api.usage("busy-" + occurredAt, "platform", "claude-opus", occurredAt, 4000).andExpect(status().isOk());
	}

	@Test
	void idleCapacityOfTheFollowTheSunPlanAdmitsAutomatedWorkOutsideTheWindow() throws Exception {
		this.api.put("/teams/platform", """
				{"name":"platform","timezone":"America/Los_Angeles","automationWindow":"22:00-06:00"}
				""").andExpect(status().isOk());
		this.api.put("/teams/research", """
				{"name":"research","timezone":"Europe/Berlin",
				 "members":[{"id":"eva","timezone":"Europe/Berlin","workingHours":"09:00-17:00"}]}
				""").andExpect(status().is2xxSuccessful());
		this.api.allocate("session", "research");
		// Research used 3000 in the Wednesday 15:00 UTC hour a week ago: 750 expected
		// then (a mean over four weeks), and Eva works then (16:00 in Berlin).
		this.api.usage("r-1", "research", "claude-opus", "2026-11-18T15:10:00Z", 3000).andExpect(status().isOk());
		// 07:00 in Los Angeles, outside platform's window: 1000 - 100 buffer - 750 = 150
		// idle.
		this.clock.set(java.time.Instant.parse("2026-11-25T15:00:00Z"));
		this.api.get("/pools/session/coordination")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.slices[0].idle").value(150));
		String automated = """
				{"poolId":"session","estimatedAmount":100,"kind":"AUTOMATED","hold":true}
				""";
		this.api.post("/teams/platform/admission", automated)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.decision").value("ADMIT"))
			.andExpect(jsonPath("$.retryAt").doesNotExist())
			.andExpect(jsonPath("$.message", containsString(
					"Outside the automation window of team 'platform' (22:00 to 06:00 America/Los_Angeles), but the follow-the-sun plan has ~150 MESSAGES idle this hour")))
			.andExpect(jsonPath("$.reservations", hasSize(1)));
		// The hold took 100 of it: 50 idle no longer covers the next 100, which waits for
		// 22:00 in Los Angeles and holds nothing.
		this.api.post("/teams/platform/admission", automated)
			.andExpect(jsonPath("$.decision").value("DEFER"))
			.andExpect(jsonPath("$.retryAt").value("2026-11-26T06:00:00Z"))
			.andExpect(jsonPath("$.message", startsWith("Outside the automation window")))
			.andExpect(jsonPath("$.reservations", hasSize(0)));
		assertThat(this.jdbc.sql("select count(*) from reservations").query(Long.class).single()).isOne();
		// Without Eva's hour of demand (an hour later she is off), all of it is idle.
		this.clock.set(java.time.Instant.parse("2026-11-25T16:30:00Z"));
		this.api.post("/teams/platform/admission", automated).andExpect(jsonPath("$.decision").value("ADMIT"));
	}

}
