package io.github.quotabroker.fairshare;

import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Weighted fair share with guarantees and borrowing limits, over the API. */
class FairShareIT extends IntegrationTestBase {

	@BeforeEach
	void setUp() throws Exception {
		this.api.rollingPool("session", 1000, "PT5H", "claude-*");
		this.api.team("alpha", "UTC");
		this.api.team("beta", "UTC");
		this.api.team("gamma", "UTC");
	}

	private void allocate(String team, String body) throws Exception {
		this.api.put("/pools/session/allocations/" + team, body).andExpect(status().is2xxSuccessful());
	}

	@Test
	void allocationsCarryTheirTermsWithDefaultsAndNullMeaningNoBorrowingLimit() throws Exception {
		this.api.put("/pools/session/allocations/alpha", "{}")
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.weight").value(1))
			.andExpect(jsonPath("$.guaranteed").value(0))
			.andExpect(jsonPath("$.borrowLimitPercent").value(20))
			.andExpect(jsonPath("$.preemptible").value(false));
		this.api
			.put("/pools/session/allocations/alpha",
					"{\"weight\":2,\"guaranteed\":150,\"borrowLimitPercent\":null,\"preemptible\":true}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.weight").value(2))
			.andExpect(jsonPath("$.guaranteed").value(150))
			.andExpect(jsonPath("$.borrowLimitPercent").value(nullValue()))
			.andExpect(content().string(containsString("\"borrowLimitPercent\":null")))
			.andExpect(jsonPath("$.preemptible").value(true));
		this.api.get("/pools/session/allocations")
			.andExpect(jsonPath("$[0].guaranteed").value(150))
			.andExpect(content().string(containsString("\"borrowLimitPercent\":null")));
	}

	@Test
	void badTermsAreRefusedNamingTheField() throws Exception {
		this.api.put("/pools/session/allocations/alpha", "{\"borrowLimitPercent\":-1}")
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].field").value("borrowLimitPercent"));
		this.api.put("/pools/session/allocations/alpha", "{\"borrowLimitPercent\":\"lots\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("borrowLimitPercent"));
		this.api.put("/pools/session/allocations/alpha", "{\"guaranteed\":1001}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("guaranteed"));
		this.api.put("/pools/session/allocations/alpha", "{\"guaranteed\":0.5}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("guaranteed"));
	}

	@Test
	void guaranteesOfAPoolNeverTotalMoreThanItsLimitAndTheLimitCannotDropBelowThem() throws Exception {
		allocate("alpha", "{\"guaranteed\":600}");
		this.api.put("/pools/session/allocations/beta", "{\"guaranteed\":500}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("guaranteed"))
			.andExpect(jsonPath("$.errors[0].message", containsString("at most 400 MESSAGES")));
		allocate("beta", "{\"guaranteed\":400}");
		// Replacing alpha's own guarantee does not count it twice.
		allocate("alpha", "{\"guaranteed\":600}");
		this.api
			.put("/pools/session",
					"""
							{"name":"session","unit":"MESSAGES","limit":900,"window":{"type":"ROLLING","duration":"PT5H"},"models":["claude-*"]}
							""")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("limit"))
			.andExpect(jsonPath("$.errors[0].message", containsString("at least 1000 MESSAGES")));
		this.api
			.put("/pools/session",
					"""
							{"name":"session","unit":"TOKENS","limit":1000,"window":{"type":"ROLLING","duration":"PT5H"},"models":["claude-*"]}
							""")
			.andExpect(status().isConflict());
		this.api
			.put("/pools/session",
					"""
							{"name":"session","unit":"MESSAGES","limit":2000,"window":{"type":"ROLLING","duration":"PT5H"},"models":["claude-*"]}
							""")
			.andExpect(status().isOk());
	}

	@Test
	void availabilityReportsShareCapGuaranteeBorrowingAndWhatTheTeamMayTake() throws Exception {
		allocate("alpha", "{\"weight\":2}");
		allocate("beta", "{\"weight\":1,\"guaranteed\":200}");
		allocate("gamma", "{\"weight\":1,\"borrowLimitPercent\":null}");
		this.api.usage("a1", "alpha", "claude-opus", "2026-11-25T11:00:00Z", 550).andExpect(status().isOk());

		// alpha: share 500, cap 600, uses 550: borrows 50, may take 50 more.
		this.api.get("/teams/alpha/availability")
			.andExpect(jsonPath("$.pools[0].share").value(500))
			.andExpect(jsonPath("$.pools[0].cap").value(600))
			.andExpect(jsonPath("$.pools[0].guaranteed").value(0))
			.andExpect(jsonPath("$.pools[0].borrowing").value(50))
			.andExpect(jsonPath("$.pools[0].available").value(50));
		// gamma: no cap, but beta's unused guarantee (200) is kept from it: 1000 - 550 -
		// 200.
		this.api.get("/teams/gamma/availability")
			.andExpect(jsonPath("$.pools[0].share").value(250))
			.andExpect(jsonPath("$.pools[0].cap").doesNotExist())
			.andExpect(jsonPath("$.pools[0].borrowing").value(0))
			.andExpect(jsonPath("$.pools[0].available").value(250));
		// beta: cap 300 and the pool's 450 left.
		this.api.get("/teams/beta/availability")
			.andExpect(jsonPath("$.pools[0].guaranteed").value(200))
			.andExpect(jsonPath("$.pools[0].available").value(300));
		// Answers as of a past instant report no shares.
		this.api.get("/teams/beta/availability?at=2026-11-25T11:30:00Z")
			.andExpect(jsonPath("$.pools[0].share").doesNotExist());
	}

	@Test
	void holdsStayWithinTheTeamsCapAndNeverTakeAnotherTeamsGuarantee() throws Exception {
		allocate("alpha", "{\"weight\":1}");
		allocate("beta", "{\"weight\":1,\"guaranteed\":300,\"borrowLimitPercent\":null}");
		this.api.usage("a1", "alpha", "claude-opus", "2026-11-25T11:00:00Z", 500).andExpect(status().isOk());

		// alpha: share 500, cap 600 (default 20 % borrowing), uses 500: 100 more.
		this.api.post("/reservations", """
				{"teamId":"alpha","poolId":"session","amount":150}
				""")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("https://quota-broker.github.io/problems/quota-exceeded"))
			.andExpect(jsonPath("$.available").value(100))
			.andExpect(jsonPath("$.detail", containsString("Only 100 MESSAGES can be held by team 'alpha' now")))
			.andExpect(jsonPath("$.detail", containsString("up to 600 MESSAGES with borrowing")))
			// Its usage stops counting at 16:01; nothing else would keep it then.
			.andExpect(jsonPath("$.fitsFrom").value("2026-11-25T16:01:00Z"));
		this.api.post("/reservations", """
				{"teamId":"alpha","poolId":"session","amount":100}
				""").andExpect(status().isCreated());
		// beta may borrow without limit but alpha's use leaves it 400; its guarantee was
		// never lent away: alpha could not have taken it.
		this.api.post("/reservations", """
				{"teamId":"beta","poolId":"session","amount":400}
				""").andExpect(status().isCreated());
	}

	@Test
	void aGuaranteeIsKeptEvenFromATeamThatMayBorrowWithoutLimit() throws Exception {
		allocate("alpha", "{\"weight\":1,\"borrowLimitPercent\":null}");
		allocate("beta", "{\"weight\":1,\"guaranteed\":300}");

		this.api.post("/reservations", """
				{"teamId":"alpha","poolId":"session","amount":800}
				""")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.available").value(700))
			.andExpect(
					jsonPath("$.detail", containsString("300 MESSAGES are kept for other teams' guaranteed minimums")))
			.andExpect(jsonPath("$.fitsFrom").doesNotExist());
		this.api.post("/reservations", """
				{"teamId":"alpha","poolId":"session","amount":700}
				""").andExpect(status().isCreated());
		// The future: windows keep every other team's guarantee whole.
		this.api
			.post("/reservations",
					"""
							{"teamId":"alpha","poolId":"session","amount":750,"startsAt":"2026-11-26T12:00:00Z","endsAt":"2026-11-26T13:00:00Z"}
							""")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail", containsString("other teams' guaranteed minimums keep 300 MESSAGES")));
	}

	@Test
	void admissionDefersWorkBeyondTheTeamsShareUntilItsUsageComesBack() throws Exception {
		allocate("alpha", "{\"weight\":1}");
		allocate("beta", "{\"weight\":1}");
		this.api.usage("a1", "alpha", "claude-opus", "2026-11-25T11:00:00Z", 550).andExpect(status().isOk());
		this.api.usage("a2", "alpha", "claude-opus", "2026-11-25T11:30:00Z", 30).andExpect(status().isOk());

		// Cap 600, uses 580: 20 more now; 40 needs the 11:00 usage back (16:01).
		this.api.post("/teams/alpha/admission", """
				{"poolId":"session","estimatedAmount":40,"kind":"INTERACTIVE","priority":"HIGH"}
				""")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.decision").value("DEFER"))
			.andExpect(jsonPath("$.message", containsString("Fair share: team 'alpha' may take ~20 MESSAGES more")))
			.andExpect(jsonPath("$.retryAt").value("2026-11-25T16:01:00Z"));
		this.api.post("/teams/alpha/admission", """
				{"poolId":"session","estimatedAmount":20,"kind":"INTERACTIVE","priority":"HIGH"}
				""").andExpect(jsonPath("$.decision").value("ADMIT"));
		this.api.post("/teams/alpha/admission", """
				{"poolId":"session","estimatedAmount":700,"kind":"INTERACTIVE","priority":"HIGH"}
				""")
			.andExpect(jsonPath("$.decision").value("DENY"))
			.andExpect(jsonPath("$.message", containsString("more than team 'alpha' may use")));
		// beta is untouched by alpha's borrowing.
		this.api.post("/teams/beta/admission", """
				{"poolId":"session","estimatedAmount":400,"kind":"INTERACTIVE","priority":"HIGH"}
				""").andExpect(jsonPath("$.decision").value("ADMIT"));
	}

}
