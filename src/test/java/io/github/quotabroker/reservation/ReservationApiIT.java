package io.github.quotabroker.reservation;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Holds and window reservations over the API, against PostgreSQL, with the test clock.
 */
class ReservationApiIT extends IntegrationTestBase {

	@Autowired
	ExpirySweeper sweeper;

	@BeforeEach
	void setUp() throws Exception {
		this.api.rollingPool("session", 1000, "PT5H", "claude-*");
		this.api.team("platform", "America/Los_Angeles");
		this.api.team("research", "UTC");
		// These tests are about the pool's capacity: both teams may borrow without limit,
		// so fair share (FairShareIT) never binds.
		this.api.put("/pools/session/allocations/platform", "{\"borrowLimitPercent\":null}")
			.andExpect(status().is2xxSuccessful());
		this.api.put("/pools/session/allocations/research", "{\"borrowLimitPercent\":null}")
			.andExpect(status().is2xxSuccessful());
	}

	private String hold(String team, long amount, String extra) throws Exception {
		String body = this.api.post("/reservations", """
				{"teamId":"%s","poolId":"session","amount":%d%s}
				""".formatted(team, amount, extra))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return JsonPath.read(body, "$.id");
	}

	@Test
	void aHoldTakesQuotaUntilReleasedAndAvailabilityShowsIt() throws Exception {
		this.api.post("/reservations", """
				{"teamId":"platform","poolId":"session","amount":300,"priority":"HIGH","description":"refactor"}
				""")
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", startsWith("/reservations/res-")))
			.andExpect(jsonPath("$.status").value("HELD"))
			.andExpect(jsonPath("$.kind").value("HOLD"))
			.andExpect(jsonPath("$.priority").value("HIGH"))
			.andExpect(jsonPath("$.amount").value(300))
			.andExpect(jsonPath("$.held").value(300))
			.andExpect(jsonPath("$.startsAt").value("2026-11-25T12:00:00Z"))
			.andExpect(jsonPath("$.expiresAt").value("2026-11-25T12:30:00Z"));
		this.api.get("/teams/research/availability")
			.andExpect(jsonPath("$.pools[0].remaining").value(1000))
			.andExpect(jsonPath("$.pools[0].reserved").value(300))
			.andExpect(jsonPath("$.pools[0].teamReserved").value(0))
			.andExpect(jsonPath("$.pools[0].available").value(700));
		this.api.post("/reservations", """
				{"teamId":"research","poolId":"session","amount":800}
				""")
			.andExpect(status().isConflict())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://quota-broker.github.io/problems/quota-exceeded"))
			// The other hold may be used until 12:30, and such usage counts for 5 h.
			.andExpect(jsonPath("$.detail")
				.value("Only 700 MESSAGES can be held until 17:30 UTC; 800 MESSAGES fit from 17:30 UTC."))
			.andExpect(jsonPath("$.available").value(700))
			.andExpect(jsonPath("$.fitsFrom").value("2026-11-25T17:30:00Z"))
			.andExpect(jsonPath("$.retryAt").value("2026-11-25T17:30:00Z"))
			.andExpect(jsonPath("$.retryable").value(true));
		String id = JsonPath.read(this.api.get("/teams/platform/reservations?status=HELD")
			.andExpect(jsonPath("$", hasSize(1)))
			.andReturn()
			.getResponse()
			.getContentAsString(), "$[0].id");
		this.api.post("/reservations/" + id + "/release", "")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("RELEASED"))
			.andExpect(jsonPath("$.held").value(0));
		// Releasing again answers the same; the quota is back.
		this.api.post("/reservations/" + id + "/release", "").andExpect(jsonPath("$.status").value("RELEASED"));
		this.api.get("/teams/research/availability")
			.andExpect(jsonPath("$.pools[0].reserved").value(0))
			.andExpect(jsonPath("$.pools[0].available").value(1000));
		hold("research", 800, "");
	}

	@Test
	void usageCarryingTheReservationIdDrawsTheHoldDownAndCommitRecordsTheRest() throws Exception {
		String id = hold("platform", 300, "");
		this.api
			.post("/usage-events",
					"""
							{"eventId":"e1","teamId":"platform","model":"claude-opus","occurredAt":"2026-11-25T12:00:00Z","messages":100,"reservationId":"%s"}
							"""
						.formatted(id))
			.andExpect(status().isOk());
		this.api.get("/reservations/" + id)
			.andExpect(jsonPath("$.consumed").value(100))
			.andExpect(jsonPath("$.held").value(200));
		// Used 100 + held 200: nothing counted twice.
		this.api.get("/teams/platform/availability")
			.andExpect(jsonPath("$.pools[0].used").value(100))
			.andExpect(jsonPath("$.pools[0].reserved").value(200))
			.andExpect(jsonPath("$.pools[0].available").value(700));
		this.api.post("/reservations/" + id + "/commit", "{\"amount\":150}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("COMMITTED"))
			.andExpect(jsonPath("$.committedAmount").value(150))
			.andExpect(jsonPath("$.consumed").value(150))
			.andExpect(jsonPath("$.overrun").value(0))
			.andExpect(jsonPath("$.held").value(0));
		this.api.get("/teams/platform/availability")
			.andExpect(jsonPath("$.pools[0].used").value(150))
			.andExpect(jsonPath("$.pools[0].reserved").value(0));
		assertThat(this.ledger.events()).isEqualTo(2);
		// A retried commit answers the same and records nothing more; another amount is
		// refused.
		this.api.post("/reservations/" + id + "/commit", "{\"amount\":150}").andExpect(status().isOk());
		assertThat(this.ledger.events()).isEqualTo(2);
		this.api.post("/reservations/" + id + "/commit", "{\"amount\":160}")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail", containsString("already committed with 150 MESSAGES")));
		// Usage against an ended reservation is plain usage.
		this.api
			.post("/usage-events",
					"""
							{"eventId":"e2","teamId":"platform","model":"claude-opus","occurredAt":"2026-11-25T12:00:00Z","messages":5,"reservationId":"%s"}
							"""
						.formatted(id))
			.andExpect(status().isOk());
		this.api.get("/reservations/" + id).andExpect(jsonPath("$.consumed").value(150));
		this.api.get("/teams/platform/availability").andExpect(jsonPath("$.pools[0].used").value(155));
	}

	@Test
	void committingMoreThanHeldRecordsItAsUsageAndReportsTheOverrun() throws Exception {
		String id = hold("platform", 100, ",\"memberId\":null");
		this.api.post("/reservations/" + id + "/commit", "{\"amount\":130}")
			.andExpect(jsonPath("$.overrun").value(30))
			.andExpect(
					jsonPath("$.reason").value("committed: 130 MESSAGES used of 100 MESSAGES held, 30 MESSAGES over"));
		this.api.get("/teams/platform/availability").andExpect(jsonPath("$.pools[0].used").value(130));
	}

	@Test
	void anExpiredHoldGivesItsQuotaBackAtOnceAndTheSweeperMarksIt() throws Exception {
		String id = hold("platform", 600, ",\"ttl\":\"PT10M\"");
		this.api.get("/reservations/" + id).andExpect(jsonPath("$.expiresAt").value("2026-11-25T12:10:00Z"));
		this.clock.advance(Duration.ofMinutes(10));
		// Before any sweep: the answer already says EXPIRED and the quota is back.
		this.api.get("/reservations/" + id)
			.andExpect(jsonPath("$.status").value("EXPIRED"))
			.andExpect(jsonPath("$.held").value(0));
		this.api.get("/teams/platform/availability").andExpect(jsonPath("$.pools[0].reserved").value(0));
		hold("research", 1000, "");
		assertThat(this.jdbc.sql("select status from reservations where id = ?").param(id).query(String.class).single())
			.isEqualTo("HELD");
		assertThat(this.sweeper.sweep()).isEqualTo(1);
		assertThat(this.jdbc.sql("select status from reservations where id = ?").param(id).query(String.class).single())
			.isEqualTo("EXPIRED");
		assertThat(this.sweeper.sweep()).isZero();
		this.api.post("/reservations/" + id + "/commit", "{\"amount\":10}")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail", containsString("is EXPIRED; only a HELD reservation can be committed")));
		this.api.post("/reservations/" + id + "/release", "").andExpect(status().isConflict());
	}

	@Test
	void aWindowReservationIsCheckedAtEveryInstantWithTheSafetyBufferAndBecomesAHold() throws Exception {
		// 5 h rolling: usage during 14:00-15:00 counts until 20:00.
		String window = JsonPath.read(this.api
			.post("/reservations",
					"""
							{"teamId":"platform","poolId":"session","amount":500,"startsAt":"2026-11-25T14:00:00Z","endsAt":"2026-11-25T15:00:00Z"}
							""")
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("SCHEDULED"))
			.andExpect(jsonPath("$.kind").value("WINDOW"))
			.andExpect(jsonPath("$.held").value(0))
			.andReturn()
			.getResponse()
			.getContentAsString(), "$.id");
		// 500 + 450 would leave less than the 10 % buffer (100) free at 16:00.
		this.api
			.post("/reservations",
					"""
							{"teamId":"research","poolId":"session","amount":450,"startsAt":"2026-11-25T16:00:00Z","endsAt":"2026-11-25T17:00:00Z"}
							""")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.available").value(400))
			.andExpect(jsonPath("$.fitsFrom").value("2026-11-25T20:00:00Z"))
			.andExpect(jsonPath("$.detail",
					containsString("Only 400 MESSAGES can be reserved from 16:00 UTC to 17:00 UTC")))
			.andExpect(jsonPath("$.detail", containsString("10% safety buffer of 100 MESSAGES")));
		this.api
			.post("/reservations",
					"""
							{"teamId":"research","poolId":"session","amount":400,"startsAt":"2026-11-25T16:00:00Z","endsAt":"2026-11-25T17:00:00Z"}
							""")
			.andExpect(status().isCreated());
		// A hold now must leave the scheduled reservations their quota: its usage
		// would count until 17:31.
		this.api.post("/reservations", """
				{"teamId":"research","poolId":"session","amount":200}
				""")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.available").value(100))
			.andExpect(jsonPath("$.detail", containsString("reservations from 16:00 UTC take the rest")));
		hold("research", 100, "");
		// Nothing is held yet; everything is promised.
		this.api.get("/teams/research/availability")
			.andExpect(jsonPath("$.pools[0].reserved").value(100))
			.andExpect(jsonPath("$.pools[0].available").value(0));
		this.api.get("/pools/session/capacity?step=PT1H&to=2026-11-25T18:00:00Z")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.steps", hasSize(6)))
			.andExpect(jsonPath("$.safetyBuffer").value(100))
			.andExpect(jsonPath("$.steps[0].free").value(900))
			.andExpect(jsonPath("$.steps[2].free").value(400))
			.andExpect(jsonPath("$.steps[2].tightestAt").value("2026-11-25T14:00:00Z"))
			.andExpect(jsonPath("$.steps[4].free").value(0))
			.andExpect(jsonPath("$.steps[4].reserved").value(1000))
			.andExpect(jsonPath("$.steps[4].reservable").value(0));
		this.api.delete("/reservations/" + window).andExpect(status().isOk());
		// Cancelled: its quota is free again.
		this.api.get("/pools/session/capacity?step=PT1H&to=2026-11-25T18:00:00Z")
			.andExpect(jsonPath("$.steps[2].free").value(900));
	}

	@Test
	void aScheduledReservationStartsAsAHoldAndCannotBeCancelledOnceStarted() throws Exception {
		String id = JsonPath.read(this.api
			.post("/reservations",
					"""
							{"teamId":"platform","poolId":"session","amount":200,"startsAt":"2026-11-25T13:00:00Z","endsAt":"2026-11-25T14:00:00Z"}
							""")
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString(), "$.id");
		this.api.post("/reservations/" + id + "/commit", "{\"amount\":1}")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail", containsString("is SCHEDULED")));
		this.clock.advance(Duration.ofHours(1));
		this.api.get("/reservations/" + id)
			.andExpect(jsonPath("$.status").value("HELD"))
			.andExpect(jsonPath("$.held").value(200));
		assertThat(this.sweeper.sweep()).isEqualTo(1);
		this.api.delete("/reservations/" + id)
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail", containsString("release or commit it")));
		this.api.get("/teams/platform/availability").andExpect(jsonPath("$.pools[0].reserved").value(200));
		this.api.post("/reservations/" + id + "/commit", "{\"amount\":50}")
			.andExpect(jsonPath("$.status").value("COMMITTED"));
		this.api.get("/teams/platform/reservations?status=COMMITTED").andExpect(jsonPath("$[*].id", hasItem(id)));
	}

	@Test
	void aRetryWithTheSameIdAnswersTheFirstReservationAndAnotherRequestWithItIsRefused() throws Exception {
		String body = """
				{"id":"nightly-42","teamId":"platform","poolId":"session","amount":100,"ttl":"PT1H"}
				""";
		this.api.post("/reservations", body)
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.id").value("nightly-42"));
		this.clock.advance(Duration.ofMinutes(1));
		this.api.post("/reservations", body)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.expiresAt").value("2026-11-25T13:00:00Z"));
		this.api.get("/teams/platform/availability").andExpect(jsonPath("$.pools[0].reserved").value(100));
		this.api.post("/reservations", body.replace("100", "101"))
			.andExpect(status().isConflict())
			.andExpect(
					jsonPath("$.detail").value("Reservation id 'nightly-42' was already used for a different request"));
		// A named request that is refused stays refused.
		String big = """
				{"id":"big-1","teamId":"platform","poolId":"session","amount":1000}
				""";
		this.api.post("/reservations", big)
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reservationId").value("big-1"));
		this.api.get("/reservations/big-1").andExpect(jsonPath("$.status").value("REJECTED"));
		this.api.post("/reservations", big).andExpect(status().isConflict());
	}

	@Test
	void badRequestsAreRefusedNamingEveryField() throws Exception {
		this.api.post("/reservations", """
				{"teamId":"platform","poolId":"session","amount":-1,"ttl":"PT25H","description":"%s"}
				""".formatted("x".repeat(501)))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[*].field", hasItem("amount")))
			.andExpect(jsonPath("$.errors[*].field", hasItem("ttl")))
			.andExpect(jsonPath("$.errors[*].field", hasItem("description")));
		this.api.post("/reservations", """
				{"teamId":"platform","poolId":"session","amount":1.5}
				""").andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("amount"));
		this.api
			.post("/reservations",
					"""
							{"teamId":"platform","poolId":"session","amount":1,"startsAt":"2026-11-25T11:00:00Z","endsAt":"2026-11-25T10:00:00Z","ttl":"PT1H"}
							""")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].field", hasItem("startsAt")))
			.andExpect(jsonPath("$.errors[*].field", hasItem("endsAt")))
			.andExpect(jsonPath("$.errors[*].field", hasItem("ttl")));
		this.api.post("/reservations", """
				{"teamId":"platform","poolId":"session","amount":1,"startsAt":"2026-11-25T13:00:00Z"}
				""").andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("endsAt"));
		this.api.post("/reservations", """
				{"teamId":"platform","poolId":"session","amount":1,"priority":"URGENT"}
				""").andExpect(status().isBadRequest());
		this.api.post("/reservations", """
				{"teamId":"platform","poolId":"session","amount":1,"memberId":"nobody"}
				""").andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("memberId"));
		this.api.post("/reservations", "{\"poolId\":\"session\",\"amount\":1}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("teamId"));
		this.api.post("/reservations", "{\"teamId\":\"ghost\",\"poolId\":\"session\",\"amount\":1}")
			.andExpect(status().isNotFound());
		this.api.put("/pools/other",
				"""
						{"name":"other","unit":"MESSAGES","limit":10,"window":{"type":"ROLLING","duration":"PT1H"},"models":["gpt-*"]}
						""");
		this.api.post("/reservations", "{\"teamId\":\"platform\",\"poolId\":\"other\",\"amount\":1}")
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.detail").value("Team 'platform' has no allocation in pool 'other'"));
		this.api.get("/reservations/nope").andExpect(status().isNotFound());
		this.api.get("/pools/session/capacity?step=PT10S")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("step"));
		this.api.get("/pools/session/capacity?from=2026-11-24T00:00:00Z")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("from"));
		this.api.get("/teams/platform/reservations?status=NOPE").andExpect(status().isBadRequest());
		assertThat(this.jdbc.sql("select count(*) from reservations").query(Long.class).single()).isZero();
	}

	@Test
	void aPoolWithActiveReservationsCannotBeDeleted() throws Exception {
		String id = hold("platform", 10, "");
		this.api.delete("/pools/session").andExpect(status().isConflict());
		this.api.post("/reservations/" + id + "/release", "").andExpect(status().isOk());
		this.api.delete("/pools/session").andExpect(status().isNoContent());
	}

	@Test
	void aCalendarWindowReservationIsFreedByTheReset() throws Exception {
		this.api.calendarPool("daily", 100, "DAILY", "00:00", null, "UTC", "gpt-*");
		this.api.allocate("daily", "platform");
		this.api
			.post("/reservations",
					"""
							{"teamId":"platform","poolId":"daily","amount":80,"startsAt":"2026-11-25T20:00:00Z","endsAt":"2026-11-25T22:00:00Z"}
							""")
			.andExpect(status().isCreated());
		// Its usage counts until midnight; after the reset everything is free again.
		this.api
			.post("/reservations",
					"""
							{"teamId":"platform","poolId":"daily","amount":80,"startsAt":"2026-11-25T23:00:00Z","endsAt":"2026-11-26T02:00:00Z"}
							""")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.fitsFrom").value("2026-11-26T00:00:00Z"));
		this.api
			.post("/reservations",
					"""
							{"teamId":"platform","poolId":"daily","amount":80,"startsAt":"2026-11-26T00:00:00Z","endsAt":"2026-11-26T02:00:00Z"}
							""")
			.andExpect(status().isCreated());
	}

	@Test
	void metricsCountDecisionsEndingsOverrunsAndWhatIsHeld() throws Exception {
		// Counters live as long as the shared test context: compare before and after.
		String granted = "quota_reservations_decisions_total\\{[^}]*kind=\"HOLD\"[^}]*outcome=\"granted\"[^}]*\\}";
		String rejected = "quota_reservations_decisions_total\\{[^}]*kind=\"HOLD\"[^}]*outcome=\"rejected\"[^}]*\\}";
		String committed = "quota_reservations_ended_total\\{[^}]*status=\"COMMITTED\"[^}]*\\}";
		String released = "quota_reservations_ended_total\\{[^}]*status=\"RELEASED\"[^}]*\\}";
		String overrun = "quota_reservations_overrun_total\\{[^}]*pool=\"session\"[^}]*\\}";
		String held = "quota_reservations_held\\{[^}]*pool=\"session\"[^}]*\\}";
		String admitted = "quota_admission_decisions_total\\{[^}]*decision=\"ADMIT\"[^}]*kind=\"AUTOMATED\"[^}]*priority=\"LOW\"[^}]*\\}";
		String before = scrape();

		String kept = hold("platform", 250, "");
		String over = hold("research", 100, "");
		this.api.post("/reservations", """
				{"teamId":"research","poolId":"session","amount":900}
				""").andExpect(status().isConflict());
		this.api.post("/reservations/" + over + "/commit", "{\"amount\":130}").andExpect(status().isOk());
		this.api.post("/teams/platform/admission", """
				{"poolId":"session","estimatedAmount":10,"kind":"AUTOMATED","priority":"LOW"}
				""").andExpect(status().isOk()).andExpect(jsonPath("$.decision").value("ADMIT"));
		this.sweeper.sweep();
		String after = scrape();

		assertThat(value(after, granted) - value(before, granted)).isEqualTo(2.0);
		assertThat(value(after, rejected) - value(before, rejected)).isEqualTo(1.0);
		assertThat(value(after, committed) - value(before, committed)).isEqualTo(1.0);
		assertThat(value(after, overrun) - value(before, overrun)).isEqualTo(30.0);
		assertThat(value(after, admitted) - value(before, admitted)).isEqualTo(1.0);
		assertThat(value(after, held)).isEqualTo(250.0);
		assertThat(after).contains("quota_reservations_decision_latency_seconds_bucket")
			.contains("quota_reservations_decision_batch_count");

		this.api.post("/reservations/" + kept + "/release", "").andExpect(status().isOk());
		this.sweeper.sweep();
		String end = scrape();
		assertThat(value(end, held)).isZero();
		assertThat(value(end, released) - value(after, released)).isEqualTo(1.0);
		assertThat(value(end, "quota_reservations_release_batch_count\\{[^}]*\\}")
				- value(after, "quota_reservations_release_batch_count\\{[^}]*\\}"))
			.isEqualTo(1.0);
	}

	private String scrape() throws Exception {
		return this.api.get("/actuator/prometheus").andReturn().getResponse().getContentAsString();
	}

	/** The value of the one series matching the pattern, 0 when it does not exist yet. */
	private static double value(String scrape, String series) {
		Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(scrape);
		return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
	}

}
