package io.github.quotabroker.availability;

import io.github.quotabroker.support.IntegrationTestBase;
import io.github.quotabroker.support.TestBeans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class AvailabilityIT extends IntegrationTestBase {

	@BeforeEach
	void setUp() throws Exception {
		this.api.team("platform", "America/New_York");
		this.api.rollingPool("session", 100, "PT5H", "claude-*");
		this.api.allocate("session", "platform");
	}

	@Test
	void thePoolFilterShowsOnlyThatPool() throws Exception {
		this.api.calendarPool("weekly", 500, "WEEKLY", "00:00", "SUNDAY", "America/New_York", "*");
		this.api.allocate("weekly", "platform");
		this.api.get("/teams/platform/availability").andExpect(jsonPath("$.pools", hasSize(2)));
		this.api.get("/teams/platform/availability?pool=weekly")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.pools", hasSize(1)))
			.andExpect(jsonPath("$.pools[0].poolId").value("weekly"))
			.andExpect(jsonPath("$.pools[0].limit").value(500));
	}

	@Test
	void askingForAPoolTheTeamIsNotAllocatedToIsNotFound() throws Exception {
		this.api.rollingPool("elsewhere", 10, "PT1H", "*");
		this.api.get("/teams/platform/availability?pool=elsewhere")
			.andExpect(status().isNotFound())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.detail", containsString("elsewhere")));
		this.api.get("/teams/platform/availability?pool=missing").andExpect(status().isNotFound());
		this.api.get("/teams/nobody/availability")
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.detail", containsString("nobody")));
	}

	@Test
	void asOfAPastInstantOnlyUsageUpToThatInstantCounts() throws Exception {
		this.api.usage("a", "platform", "claude-sonnet-4", "2026-11-25T11:00:10Z", 5).andExpect(status().isOk());
		this.api.usage("b", "platform", "claude-sonnet-4", "2026-11-25T11:30:20Z", 7).andExpect(status().isOk());
		// Same minute as the instant asked about, but after it.
		this.api.usage("c", "platform", "claude-sonnet-4", "2026-11-25T11:30:40Z", 11).andExpect(status().isOk());
		this.api.get("/teams/platform/availability").andExpect(jsonPath("$.pools[0].used").value(23));
		this.api.get("/teams/platform/availability?at=2026-11-25T11:30:30Z")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.at").value("2026-11-25T11:30:30Z"))
			.andExpect(jsonPath("$.pools[0].used").value(12))
			.andExpect(jsonPath("$.pools[0].teamUsed").value(12))
			.andExpect(jsonPath("$.pools[0].remaining").value(88))
			.andExpect(jsonPath("$.pools[0].windowStart").value("2026-11-25T06:30:00Z"))
			// Everything used as of then comes back in the 16:00Z hour, and nothing more.
			.andExpect(jsonPath("$.pools[0].recovery", hasSize(1)))
			.andExpect(jsonPath("$.pools[0].recovery[0].amount").value(12))
			.andExpect(jsonPath("$.pools[0].recovery[0].remainingAfter").value(100));
		this.api.get("/teams/platform/availability?at=2026-11-25T11:30:40Z")
			.andExpect(jsonPath("$.pools[0].used").value(23));
		this.api.get("/teams/platform/availability?at=2026-11-25T11:00:09Z")
			.andExpect(jsonPath("$.pools[0].used").value(0))
			.andExpect(jsonPath("$.pools[0].recovery").isEmpty());
	}

	@Test
	void asOfAPastInstantAWindowThatHasSinceMovedOnStillCounts() throws Exception {
		this.api.usage("a", "platform", "claude-sonnet-4", "2026-11-25T11:00:10Z", 5).andExpect(status().isOk());
		this.clock.set(TestBeans.START.plusSeconds(6 * 3600));
		this.api.get("/teams/platform/availability").andExpect(jsonPath("$.pools[0].used").value(0));
		this.api.get("/teams/platform/availability?at=2026-11-25T12:00:00Z")
			.andExpect(jsonPath("$.pools[0].used").value(5));
	}

	@Test
	void anInstantInTheFutureIsRefused() throws Exception {
		this.api.get("/teams/platform/availability?at=2026-11-25T12:00:01Z")
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.errors[0].field").value("at"));
		this.api.get("/teams/platform/availability?at=2026-11-25T12:00:00Z").andExpect(status().isOk());
		this.api.get("/teams/platform/availability?at=not-a-time")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("at"));
	}

	@Test
	void aRollingPoolShowsWhenUsedQuotaComesBackHourByHourInTheTeamsZone() throws Exception {
		this.api.usage("a", "platform", "claude-sonnet-4", "2026-11-25T10:15:30Z", 10).andExpect(status().isOk());
		this.api.usage("b", "platform", "claude-sonnet-4", "2026-11-25T10:45:00Z", 20).andExpect(status().isOk());
		this.api.usage("c", "platform", "claude-sonnet-4", "2026-11-25T11:30:00Z", 5).andExpect(status().isOk());
		this.api.get("/teams/platform/availability")
			.andExpect(jsonPath("$.timezone").value("America/New_York"))
			.andExpect(jsonPath("$.pools[0].used").value(35))
			.andExpect(jsonPath("$.pools[0].remaining").value(65))
			.andExpect(jsonPath("$.pools[0].nextReset").doesNotExist())
			.andExpect(jsonPath("$.pools[0].recovery", hasSize(2)))
			.andExpect(jsonPath("$.pools[0].recovery[0].hour").value("2026-11-25T15:00:00Z"))
			.andExpect(jsonPath("$.pools[0].recovery[0].hourLocal").value("2026-11-25T10:00:00-05:00"))
			.andExpect(jsonPath("$.pools[0].recovery[0].freedBy").value("2026-11-25T15:46:00Z"))
			.andExpect(jsonPath("$.pools[0].recovery[0].freedByLocal").value("2026-11-25T10:46:00-05:00"))
			.andExpect(jsonPath("$.pools[0].recovery[0].amount").value(30))
			.andExpect(jsonPath("$.pools[0].recovery[0].remainingAfter").value(95))
			.andExpect(jsonPath("$.pools[0].recovery[1].hour").value("2026-11-25T16:00:00Z"))
			.andExpect(jsonPath("$.pools[0].recovery[1].hourLocal").value("2026-11-25T11:00:00-05:00"))
			.andExpect(jsonPath("$.pools[0].recovery[1].freedBy").value("2026-11-25T16:31:00Z"))
			.andExpect(jsonPath("$.pools[0].recovery[1].amount").value(5))
			.andExpect(jsonPath("$.pools[0].recovery[1].remainingAfter").value(100));
		// Once the first hour's quota is back, the timeline starts with the second.
		this.clock.set(java.time.Instant.parse("2026-11-25T15:46:00Z"));
		this.api.get("/teams/platform/availability")
			.andExpect(jsonPath("$.pools[0].used").value(5))
			.andExpect(jsonPath("$.pools[0].recovery", hasSize(1)))
			.andExpect(jsonPath("$.pools[0].recovery[0].amount").value(5));
	}

	@Test
	void statusColoursFollowThePoolsOwnThresholds() throws Exception {
		this.api.pool("colours", """
				{"name":"Colours","unit":"MESSAGES","limit":100,"window":{"type":"ROLLING","duration":"PT5H"},
				 "models":["*"],"thresholds":{"yellow":10,"orange":20,"red":30}}
				""");
		this.api.allocate("colours", "platform");
		use("s1", 9, "GREEN");
		use("s2", 1, "YELLOW");
		use("s3", 9, "YELLOW");
		use("s4", 1, "ORANGE");
		use("s5", 9, "ORANGE");
		use("s6", 1, "RED");
		use("s7", 80, "RED");
		this.api.get("/teams/platform/availability?pool=colours")
			.andExpect(jsonPath("$.pools[0].used").value(110))
			.andExpect(jsonPath("$.pools[0].remaining").value(0))
			.andExpect(jsonPath("$.pools[0].percentUsed").value(110.0));
	}

	@Test
	void teamUsedIsTheTeamsShareOfWhatAllTeamsUsed() throws Exception {
		this.api.team("research", "Europe/Berlin");
		this.api.allocate("session", "research");
		this.api.usage("p1", "platform", "claude-sonnet-4", "2026-11-25T11:00:00Z", 10).andExpect(status().isOk());
		this.api.usage("r1", "research", "claude-sonnet-4", "2026-11-25T11:10:00Z", 25).andExpect(status().isOk());
		this.api.usage("r2", "research", "claude-opus-4", "2026-11-25T11:20:00Z", 5).andExpect(status().isOk());
		this.api.get("/teams/platform/availability")
			.andExpect(jsonPath("$.pools[0].used").value(40))
			.andExpect(jsonPath("$.pools[0].teamUsed").value(10))
			.andExpect(jsonPath("$.pools[0].remaining").value(60));
		this.api.get("/teams/research/availability")
			.andExpect(jsonPath("$.timezone").value("Europe/Berlin"))
			.andExpect(jsonPath("$.pools[0].used").value(40))
			.andExpect(jsonPath("$.pools[0].teamUsed").value(30));
		this.api.get("/teams/research/availability?at=2026-11-25T11:15:00Z")
			.andExpect(jsonPath("$.pools[0].used").value(35))
			.andExpect(jsonPath("$.pools[0].teamUsed").value(25));
	}

	private void use(String eventId, long messages, String status) throws Exception {
		this.api.usage(eventId, "platform", "gpt-5", "2026-11-25T11:00:00Z", messages).andExpect(status().isOk());
		this.api.get("/teams/platform/availability?pool=colours")
			.andExpect(jsonPath("$.pools[0].status").value(status));
	}

}
