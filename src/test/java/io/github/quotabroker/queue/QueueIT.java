package io.github.quotabroker.queue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.github.quotabroker.support.IntegrationTestBase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The priority queue of a pool over the API, against PostgreSQL, with the test clock. */
class QueueIT extends IntegrationTestBase {

	@Autowired
	QueueDispatcher dispatcher;

	@Autowired
	QueueDepth depth;

	@Autowired
	MeterRegistry registry;

	@BeforeEach
	void setUp() throws Exception {
		this.api.rollingPool("session", 100, "PT5H", "claude-*");
		this.api.team("alpha", "UTC");
		this.api.team("beta", "UTC");
		// Shares do not bind here (FairShareIT and the preemption test cover them).
		this.api.put("/pools/session/allocations/alpha", "{\"borrowLimitPercent\":null}")
			.andExpect(status().is2xxSuccessful());
		this.api.put("/pools/session/allocations/beta", "{\"borrowLimitPercent\":null}")
			.andExpect(status().is2xxSuccessful());
	}

	private String hold(String team, long amount, String extra) throws Exception {
		return JsonPath.read(this.api.post("/reservations", """
				{"teamId":"%s","poolId":"session","amount":%d%s}
				""".formatted(team, amount, extra))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString(), "$.id");
	}

	private String queue(String team, long amount, String priority, String extra) throws Exception {
		return JsonPath.read(this.api.post("/reservations", """
				{"teamId":"%s","poolId":"session","amount":%d,"priority":"%s","queue":true%s}
				""".formatted(team, amount, priority, extra))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.status").value("QUEUED"))
			.andReturn()
			.getResponse()
			.getContentAsString(), "$.id");
	}

	private String statusOf(String id) throws Exception {
		return JsonPath.read(this.api.get("/reservations/" + id).andReturn().getResponse().getContentAsString(),
				"$.status");
	}

	@Test
	void aRequestThatDoesNotFitWaitsAndIsGrantedWhenAHoldIsReleased() throws Exception {
		String big = hold("alpha", 80, "");
		this.api.post("/reservations", """
				{"teamId":"beta","poolId":"session","amount":50,"queue":true,"ttl":"PT10M"}
				""")
			.andExpect(status().isAccepted())
			.andExpect(header().string("Location", containsString("/reservations/res-")))
			.andExpect(jsonPath("$.status").value("QUEUED"))
			.andExpect(jsonPath("$.position").value(1))
			// alpha's hold may be used until 12:30 and such usage counts 5 h.
			.andExpect(jsonPath("$.estimatedGrantAt").value("2026-11-25T17:30:00Z"))
			.andExpect(jsonPath("$.queuedAt").value("2026-11-25T12:00:00Z"))
			.andExpect(jsonPath("$.deadline").value("2026-11-26T12:00:00Z"))
			.andExpect(jsonPath("$.held").value(0))
			.andExpect(jsonPath("$.startsAt").doesNotExist());
		String waiting = JsonPath.read(this.api.get("/teams/beta/reservations?status=QUEUED")
			.andExpect(jsonPath("$", hasSize(1)))
			.andReturn()
			.getResponse()
			.getContentAsString(), "$[0].id");
		this.api.get("/pools/session/queue")
			.andExpect(jsonPath("$.size").value(1))
			.andExpect(jsonPath("$.requests[0].id").value(waiting))
			.andExpect(jsonPath("$.requests[0].position").value(1));

		this.clock.advance(Duration.ofMinutes(3));
		this.api.post("/reservations/" + big + "/release", "").andExpect(status().isOk());

		// Released quota dispatches the queue right after commit; the long poll sees it.
		this.api.get("/reservations/" + waiting + "?waitFor=HELD&timeout=PT10S")
			.andExpect(jsonPath("$.status").value("HELD"))
			.andExpect(jsonPath("$.held").value(50))
			.andExpect(jsonPath("$.startsAt").value("2026-11-25T12:03:00Z"))
			.andExpect(jsonPath("$.expiresAt").value("2026-11-25T12:13:00Z"))
			.andExpect(jsonPath("$.reason", containsString("granted from the queue after waiting PT3M")));
		this.api.get("/pools/session/queue").andExpect(jsonPath("$.size").value(0));
	}

	@Test
	void higherTiersGoFirstAndWaitingRequestsAgeIntoHigherTiers() throws Exception {
		String big = hold("alpha", 100, ",\"ttl\":\"PT24H\"");
		String low = queue("beta", 30, "LOW", "");
		this.clock.advance(Duration.ofMinutes(10));
		String critical = queue("beta", 30, "CRITICAL", "");
		this.clock.advance(Duration.ofMinutes(10));
		String medium = queue("beta", 30, "MEDIUM", "");
		this.api.get("/pools/session/queue")
			.andExpect(jsonPath("$.requests[0].id").value(critical))
			.andExpect(jsonPath("$.requests[1].id").value(medium))
			.andExpect(jsonPath("$.requests[2].id").value(low));
		// At 15:00 the LOW request has waited three aging intervals: it is in the top
		// tier, and being the oldest there, first; a fresh HIGH request waits behind
		// all three.
		this.clock.set(java.time.Instant.parse("2026-11-25T15:00:00Z"));
		String high = queue("beta", 30, "HIGH", "");
		this.api.get("/pools/session/queue")
			.andExpect(jsonPath("$.requests[0].id").value(low))
			.andExpect(jsonPath("$.requests[1].id").value(critical))
			.andExpect(jsonPath("$.requests[2].id").value(medium))
			.andExpect(jsonPath("$.requests[3].id").value(high))
			.andExpect(jsonPath("$.requests[3].position").value(4));
		this.api.post("/reservations/" + big + "/release", "").andExpect(status().isOk());
		this.api.get("/reservations/" + medium + "?waitFor=HELD&timeout=PT10S")
			.andExpect(jsonPath("$.status").value("HELD"));
		assertThat(statusOf(low)).isEqualTo("HELD");
		assertThat(statusOf(critical)).isEqualTo("HELD");
		assertThat(statusOf(high)).isEqualTo("QUEUED");
	}

	@Test
	void smallRequestsMayPassABlockedHeadOnlyIfTheHeadIsNotDelayed() throws Exception {
		// 40 used now (stops counting at 17:01); 50 held until 12:30 (counts until
		// 17:30).
		this.api.usage("u1", "alpha", "claude-opus", "2026-11-25T12:00:00Z", 40).andExpect(status().isOk());
		String held = hold("alpha", 50, "");
		String head = queue("beta", 60, "HIGH", "");
		this.api.get("/reservations/" + head).andExpect(jsonPath("$.estimatedGrantAt").value("2026-11-25T17:30:00Z"));
		// 10 fits now and would free again long before 17:30 (its own usage counts until
		// 17:10): the head is not delayed, so it passes.
		this.api.post("/reservations", """
				{"teamId":"alpha","poolId":"session","amount":10,"priority":"LOW","ttl":"PT10M"}
				""").andExpect(status().isCreated());
		// Another 0 is left now; nothing more passes.
		this.api.post("/reservations", """
				{"teamId":"alpha","poolId":"session","amount":5,"priority":"LOW","ttl":"PT10M"}
				""").andExpect(status().isConflict());
		this.api.post("/reservations/" + held + "/release", "").andExpect(status().isOk());
		// 50 free again, but the head needs 60: a 45 behind it would take what the head
		// needs at 17:01, when the usage goes. It must not pass.
		this.api.post("/reservations", """
				{"teamId":"alpha","poolId":"session","amount":45,"priority":"LOW","ttl":"PT6H"}
				""")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail", containsString("queued request is ahead")));
		assertThat(statusOf(head)).isEqualTo("QUEUED");
	}

	@Test
	void aTeamBeyondItsShareDoesNotPassTheHeadOfATeamBelowIts() throws Exception {
		// Shares 50 / 50. Alpha holds 60 (counts until 18:00), beta 30 (until 17:30).
		hold("alpha", 60, ",\"ttl\":\"PT1H\"");
		hold("beta", 30, ",\"ttl\":\"PT30M\"");
		String head = queue("beta", 20, "MEDIUM", "");
		this.api.get("/reservations/" + head).andExpect(jsonPath("$.estimatedGrantAt").value("2026-11-25T17:30:00Z"));
		// 5 fits now and would not delay the head (it counts until 17:10), but alpha is
		// beyond its share while beta, below its own, waits: beta is served first.
		this.api.post("/reservations", """
				{"teamId":"alpha","poolId":"session","amount":5,"ttl":"PT10M"}
				""").andExpect(status().isConflict()).andExpect(jsonPath("$.detail", containsString("ahead")));
		// Beta itself may still use what its head cannot.
		this.api.post("/reservations", """
				{"teamId":"beta","poolId":"session","amount":5,"ttl":"PT10M"}
				""").andExpect(status().isCreated());
		assertThat(statusOf(head)).isEqualTo("QUEUED");
	}

	@Test
	void withinATierTheTeamWithTheLowerDominantShareAcrossItsPoolsGoesFirst() throws Exception {
		// Alpha uses 90 % of another pool, 1.8 times its share there; here both hold 40
		// of their 50.
		this.api.rollingPool("other", 100, "PT5H", "gpt-*");
		this.api.put("/pools/other/allocations/alpha", "{\"borrowLimitPercent\":null}")
			.andExpect(status().is2xxSuccessful());
		this.api.put("/pools/other/allocations/beta", "{\"borrowLimitPercent\":null}")
			.andExpect(status().is2xxSuccessful());
		this.api.post("/reservations", """
				{"teamId":"alpha","poolId":"other","amount":90}
				""").andExpect(status().isCreated());
		hold("alpha", 40, "");
		hold("beta", 40, "");
		String first = queue("alpha", 30, "MEDIUM", "");
		this.clock.advance(Duration.ofSeconds(1));
		String second = queue("beta", 30, "MEDIUM", "");
		// Equal here, but alpha's dominant share is 1.8 and beta's 0.8: beta goes first.
		this.api.get("/pools/session/queue")
			.andExpect(jsonPath("$.requests[0].id").value(second))
			.andExpect(jsonPath("$.requests[1].id").value(first));
	}

	@Test
	void theQueueReportsItsDepthAndHowLongEachGrantedRequestWaited() throws Exception {
		this.api.rollingPool("quiet", 10, "PT5H", "gpt-*");
		String big = hold("alpha", 100, "");
		String small = queue("beta", 10, "MEDIUM", "");
		String larger = queue("beta", 20, "MEDIUM", "");
		this.depth.refreshNow();
		assertThat(depthOf("session")).isEqualTo(2);
		assertThat(depthOf("quiet")).isZero();
		Timer before = this.registry.find("quota.queue.wait").tag("pool", "session").timer();
		long countBefore = (before != null) ? before.count() : 0;
		double secondsBefore = (before != null) ? before.totalTime(TimeUnit.SECONDS) : 0;

		this.clock.advance(Duration.ofSeconds(90));
		this.api.post("/reservations/" + big + "/release", "").andExpect(status().isOk());
		for (String id : List.of(small, larger)) {
			this.api.get("/reservations/" + id + "?waitFor=HELD&timeout=PT10S")
				.andExpect(jsonPath("$.status").value("HELD"));
		}

		Timer waited = this.registry.get("quota.queue.wait").tag("pool", "session").timer();
		assertThat(waited.count() - countBefore).isEqualTo(2);
		assertThat(waited.totalTime(TimeUnit.SECONDS) - secondsBefore).isCloseTo(180.0, within(0.001));
		this.depth.refreshNow();
		assertThat(depthOf("session")).isZero();
	}

	private double depthOf(String poolId) {
		return this.registry.get("quota.queue.depth").tag("pool", poolId).gauge().value();
	}

	@Test
	void timeBringsCapacityBackAndAPollGrantsTheQueue() throws Exception {
		this.api.usage("u1", "alpha", "claude-opus", "2026-11-25T12:00:00Z", 90).andExpect(status().isOk());
		String waiting = queue("beta", 50, "MEDIUM", "");
		this.clock.advance(Duration.ofHours(5));
		assertThat(this.dispatcher.poll()).isZero();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.dispatcher.poll()).isEqualTo(1);
		assertThat(statusOf(waiting)).isEqualTo("HELD");
		assertThat(this.dispatcher.poll()).isZero();
	}

	@Test
	void aQueuedRequestExpiresAtItsDeadlineAndCanBeCancelled() throws Exception {
		hold("alpha", 100, "");
		String soon = queue("beta", 50, "MEDIUM", ",\"deadline\":\"2026-11-25T12:10:00Z\"");
		String other = queue("beta", 50, "MEDIUM", "");
		this.api.delete("/reservations/" + other)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("CANCELLED"));
		this.clock.advance(Duration.ofMinutes(11));
		// Past its deadline it reads EXPIRED at once; a poll writes it down.
		assertThat(statusOf(soon)).isEqualTo("EXPIRED");
		this.dispatcher.poll();
		this.api.get("/reservations/" + soon)
			.andExpect(jsonPath("$.status").value("EXPIRED"))
			.andExpect(jsonPath("$.reason").value("its deadline passed while it was queued"));
		this.api.post("/reservations", """
				{"teamId":"beta","poolId":"session","amount":5,"queue":true,"deadline":"2026-11-24T00:00:00Z"}
				""").andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("deadline"));
		this.api.post("/reservations", """
				{"teamId":"beta","poolId":"session","amount":5,"deadline":"2026-11-26T00:00:00Z"}
				""").andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("deadline"));
		this.api
			.post("/reservations",
					"""
							{"teamId":"beta","poolId":"session","amount":5,"queue":true,"startsAt":"2026-11-26T00:00:00Z","endsAt":"2026-11-26T01:00:00Z"}
							""")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("queue"));
	}

	@Test
	void anUrgentRequestOfATeamBelowItsShareTakesBackPreemptibleHoldsOfATeamAboveIt() throws Exception {
		// Shares 50 / 50 with borrowing up to 100 %; alpha's holds are preemptible.
		this.api.put("/pools/session/allocations/alpha", "{\"borrowLimitPercent\":100,\"preemptible\":true}")
			.andExpect(status().is2xxSuccessful());
		this.api.put("/pools/session/allocations/beta", "{\"borrowLimitPercent\":100}")
			.andExpect(status().is2xxSuccessful());
		String older = hold("alpha", 40, ",\"priority\":\"HIGH\"");
		this.clock.advance(Duration.ofMinutes(1));
		String newer = hold("alpha", 30, ",\"priority\":\"LOW\"");
		String kept = hold("alpha", 20, ",\"priority\":\"LOW\",\"preemptible\":false");
		// alpha uses 90 of its share of 50; beta (at 0) needs 30 and may not wait.
		this.api.post("/reservations", """
				{"teamId":"beta","poolId":"session","amount":30,"priority":"CRITICAL"}
				""").andExpect(status().isCreated());
		this.api.get("/reservations/" + newer)
			.andExpect(jsonPath("$.status").value("PREEMPTED"))
			.andExpect(jsonPath("$.held").value(0))
			.andExpect(jsonPath("$.reason", containsString("taken back for CRITICAL request")));
		assertThat(statusOf(older)).isEqualTo("HELD");
		assertThat(statusOf(kept)).isEqualTo("HELD");
		// A MEDIUM request may not preempt.
		this.api.post("/reservations", """
				{"teamId":"beta","poolId":"session","amount":20,"priority":"MEDIUM"}
				""").andExpect(status().isConflict());
	}

	@Test
	void aTeamAloneInAPoolIsEstimatedFromThePoolsRecoveryWithinItsOwnCap() throws Exception {
		// Default terms (cap = 120 % of a share that is the whole limit): the cap never
		// binds before the pool does, so the estimate is the pool's.
		this.api.rollingPool("solo", 100, "PT5H", "gpt-*");
		this.api.allocate("solo", "alpha");
		this.api.usage("u1", "alpha", "gpt-5", "2026-11-25T12:00:00Z", 70).andExpect(status().isOk());
		this.api.post("/reservations", """
				{"teamId":"alpha","poolId":"solo","amount":60,"queue":true}
				""")
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.estimatedGrantAt").value("2026-11-25T17:01:00Z"));
	}

}
