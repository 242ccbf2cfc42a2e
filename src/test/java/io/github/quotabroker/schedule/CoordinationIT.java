package io.github.quotabroker.schedule;

import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code GET /pools/{poolId}/coordination} against PostgreSQL with the test clock
 * (Wednesday 2026-11-25 12:00 UTC): demand measured by hour of the week, who works in
 * their own zone, budgets, roll-off returning, and bad input.
 */
class CoordinationIT extends IntegrationTestBase {

	@BeforeEach
	void setUp() throws Exception {
		this.api.rollingPool("session", 100, "PT5H", "claude-*");
		this.api.put("/teams/research", """
				{"name":"research","timezone":"Europe/Berlin",
				 "members":[{"id":"eva","timezone":"Europe/Berlin","workingHours":"09:00-17:00"}]}
				""").andExpect(status().is2xxSuccessful());
		this.api.put("/teams/platform", """
				{"name":"platform","timezone":"America/New_York",
				 "members":[{"id":"alice","timezone":"America/New_York","workingHours":"09:00-17:00"}]}
				""").andExpect(status().is2xxSuccessful());
		this.api.allocate("session", "research");
		this.api.allocate("session", "platform");
		// Research used 40 in the Wednesday 14:00 UTC hour a week ago: 10 expected then
		// (a mean over four weeks); 50 today at 10:00, back at 15:01.
		this.api.usage("h-1", "research", "claude-opus", "2026-11-18T14:10:00Z", 40).andExpect(status().isOk());
		this.api.usage("u-1", "research", "claude-opus", "2026-11-25T10:00:00Z", 50).andExpect(status().isOk());
	}

	@Test
	void todaysPlanStartsWithTheHourUnderWayAndShowsWhoWorksWhere() throws Exception {
		this.api.get("/pools/session/coordination")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.from").value("2026-11-25T12:00:00Z"))
			.andExpect(jsonPath("$.to").value("2026-11-26T00:00:00Z"))
			.andExpect(jsonPath("$.slices", hasSize(12)))
			// 14:00 UTC: 15:00 in Berlin (eva works), 09:00 in New York (alice starts).
			.andExpect(jsonPath("$.slices[2].start").value("2026-11-25T14:00:00Z"))
			.andExpect(jsonPath("$.slices[2].teams[?(@.teamId=='research')].localStart")
				.value("2026-11-25T15:00:00+01:00"))
			.andExpect(jsonPath("$.slices[2].teams[?(@.teamId=='research')].membersWorking[0]").value("eva"))
			.andExpect(jsonPath("$.slices[2].teams[?(@.teamId=='research')].expectedDemand").value(10))
			.andExpect(jsonPath("$.slices[2].teams[?(@.teamId=='research')].budget").value(10))
			.andExpect(jsonPath("$.slices[2].teams[?(@.teamId=='platform')].working").value(true))
			.andExpect(jsonPath("$.slices[2].teams[?(@.teamId=='platform')].membersLocal[0].localStart")
				.value("2026-11-25T09:00:00-05:00"))
			// 100 - 10 buffer - 50 used; then what research is given at 14:00 counts on.
			.andExpect(jsonPath("$.slices[0].available").value(40))
			.andExpect(jsonPath("$.slices[2].available").value(40))
			.andExpect(jsonPath("$.slices[3].returning").value(50))
			.andExpect(jsonPath("$.slices[4].available").value(80))
			// 20:00 UTC: Berlin's evening, New York's afternoon; nobody expects demand,
			// and
			// what research was given at 14:00 stopped counting at 20:00.
			.andExpect(jsonPath("$.slices[8].teams[?(@.teamId=='research')].working").value(false))
			.andExpect(jsonPath("$.slices[8].idle").value(90))
			.andExpect(jsonPath("$.slices[8].conflict").value(false));
	}

	@Test
	void aLaterDateIsPlannedWholeAndBadInputIsNamed() throws Exception {
		this.api.get("/pools/session/coordination?date=2026-11-27&days=2")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.from").value("2026-11-27T00:00:00Z"))
			.andExpect(jsonPath("$.slices", hasSize(48)));
		for (String query : new String[] { "date=2026-11-24", "date=tomorrow", "days=0", "days=8",
				"date=2027-01-30" }) {
			this.api.get("/pools/session/coordination?" + query)
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
				.andExpect(jsonPath("$.errors[0].field").value(query.substring(0, query.indexOf('='))));
		}
		this.api.get("/pools/nowhere/coordination")
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.detail", containsString("nowhere")));
	}

	@Test
	void inTheWeekBerlinAndNewYorkDisagreeEachMemberWorksByHerOwnClock() throws Exception {
		// Wednesday 2027-03-17: New York is on EDT since the 14th, Berlin on CET until
		// the
		// 28th. Eva's 09:00-17:00 is 08:00-16:00 UTC; Alice's is 13:00-21:00 UTC, an hour
		// earlier than in the rest of the winter.
		this.clock.set(java.time.Instant.parse("2027-03-17T00:00:00Z"));
		this.api.get("/pools/session/coordination?date=2027-03-17")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.slices", hasSize(24)))
			.andExpect(jsonPath("$.slices[7].teams[?(@.teamId=='research')].working").value(false))
			.andExpect(jsonPath("$.slices[8].teams[?(@.teamId=='research')].working").value(true))
			.andExpect(jsonPath("$.slices[8].teams[?(@.teamId=='research')].membersLocal[0].localStart")
				.value("2027-03-17T09:00:00+01:00"))
			.andExpect(jsonPath("$.slices[15].teams[?(@.teamId=='research')].working").value(true))
			.andExpect(jsonPath("$.slices[16].teams[?(@.teamId=='research')].working").value(false))
			.andExpect(jsonPath("$.slices[12].teams[?(@.teamId=='platform')].working").value(false))
			.andExpect(jsonPath("$.slices[13].teams[?(@.teamId=='platform')].working").value(true))
			.andExpect(jsonPath("$.slices[13].teams[?(@.teamId=='platform')].membersLocal[0].localStart")
				.value("2027-03-17T09:00:00-04:00"))
			.andExpect(jsonPath("$.slices[13].teams[?(@.teamId=='platform')].localStart")
				.value("2027-03-17T09:00:00-04:00"))
			.andExpect(jsonPath("$.slices[20].teams[?(@.teamId=='platform')].working").value(true))
			.andExpect(jsonPath("$.slices[21].teams[?(@.teamId=='platform')].working").value(false));
		// Two weeks later Berlin is on CEST too: Eva starts at 07:00 UTC.
		this.clock.set(java.time.Instant.parse("2027-03-31T00:00:00Z"));
		this.api.get("/pools/session/coordination?date=2027-03-31")
			.andExpect(jsonPath("$.slices[7].teams[?(@.teamId=='research')].working").value(true))
			.andExpect(jsonPath("$.slices[7].teams[?(@.teamId=='research')].membersLocal[0].localStart")
				.value("2027-03-31T09:00:00+02:00"));
	}

}
