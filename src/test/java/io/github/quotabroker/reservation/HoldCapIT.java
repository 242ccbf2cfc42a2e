package io.github.quotabroker.reservation;

import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Caps on holds in force at once (issue #16, "Concurrent agents"). */
class HoldCapIT extends IntegrationTestBase {

	private static final String HOLD = "{\"teamId\":\"platform\",\"poolId\":\"session\",\"amount\":1}";

	@BeforeEach
	void cappedPool() throws Exception {
		this.api.pool("session", """
				{"name":"session","unit":"MESSAGES","limit":1000,"window":{"type":"ROLLING","duration":"PT5H"},
				 "models":["claude-*"],"maxActiveHolds":2}
				""");
		this.api.team("platform", "UTC");
		this.api.allocate("session", "platform");
	}

	@Test
	void aHoldBeyondThePoolsCapIsRefusedOrWaitsInTheQueue() throws Exception {
		this.api.post("/reservations", HOLD).andExpect(status().isCreated());
		this.api.post("/reservations", HOLD).andExpect(status().isCreated());
		this.api.post("/reservations", HOLD)
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail", containsString("2 of its 2 concurrent holds (maxActiveHolds)")));
		this.api.post("/reservations", "{\"teamId\":\"platform\",\"poolId\":\"session\",\"amount\":1,\"queue\":true}")
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.status").value("QUEUED"));
		this.api.get("/teams/platform/availability")
			.andExpect(jsonPath("$.pools[0].activeHolds").value(2))
			.andExpect(jsonPath("$.pools[0].maxActiveHolds").value(2));
		this.api
			.post("/teams/platform/admission",
					"{\"poolId\":\"session\",\"estimatedAmount\":1,\"kind\":\"INTERACTIVE\"}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.decision").value("DEFER"))
			.andExpect(jsonPath("$.message", containsString("maxActiveHolds")));
	}

	@Test
	void aTeamsCapCountsItsOwnHoldsOnThePool() throws Exception {
		this.api.pool("session", """
				{"name":"session","unit":"MESSAGES","limit":1000,"window":{"type":"ROLLING","duration":"PT5H"},
				 "models":["claude-*"]}
				""");
		this.api.put("/teams/platform", "{\"name\":\"platform\",\"timezone\":\"UTC\",\"maxActiveHolds\":1}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.maxActiveHolds").value(1));
		this.api.team("research", "UTC");
		this.api.allocate("session", "research");
		this.api.post("/reservations", HOLD).andExpect(status().isCreated());
		this.api.post("/reservations", HOLD)
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail", containsString("Team 'platform' already has 1 of its 1")));
		this.api.post("/reservations", "{\"teamId\":\"research\",\"poolId\":\"session\",\"amount\":1}")
			.andExpect(status().isCreated());
		this.api.put("/teams/platform", "{\"name\":\"platform\",\"timezone\":\"UTC\",\"maxActiveHolds\":0}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("maxActiveHolds"));
	}

}
