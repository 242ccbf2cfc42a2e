package io.github.quotabroker.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.github.quotabroker.forecast.AnomalyDetected;
import io.github.quotabroker.forecast.AnomalyKind;
import io.github.quotabroker.forecast.AnomalySeverity;
import io.github.quotabroker.forecast.ExhaustionForecast;
import io.github.quotabroker.reservation.Sweeps;
import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The webhook API and the outbox rows written with the facts that cause them: threshold
 * crossings in the usage ingest (once per window), reservations granted, preempted and
 * expired in their decisions, queue waits past a bound.
 */
class WebhookIT extends IntegrationTestBase {

	private static final String SECRET = "0123456789abcdef0123456789abcdef";

	@Autowired
	DeliveryWorker worker;

	@Autowired
	Notices notices;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	ApplicationContext context;

	@BeforeEach
	void poolAndTeams() throws Exception {
		this.api.rollingPool("session", 100, "PT5H", "claude-*");
		this.api.team("alpha", "UTC");
		this.api.team("beta", "UTC");
		this.api.put("/pools/session/allocations/alpha", "{\"borrowLimitPercent\":null}")
			.andExpect(status().is2xxSuccessful());
		this.api.put("/pools/session/allocations/beta", "{\"borrowLimitPercent\":null}")
			.andExpect(status().is2xxSuccessful());
	}

	private void webhook(String path, String events, String extra) throws Exception {
		this.api.put(path, """
				{"url":"http://127.0.0.1:9/hook","events":%s,"secret":"%s"%s}
				""".formatted(events, SECRET, extra)).andExpect(status().is2xxSuccessful());
	}

	private List<String> rows(String column) {
		return this.jdbc.sql("select " + column + " from webhook_deliveries order by id").query(String.class).list();
	}

	@Test
	void aWebhookIsCreatedReplacedReadListedAndDeletedAndItsSecretNeverShown() throws Exception {
		this.api.put("/teams/alpha/webhooks/ops", """
				{"url":"https://hooks.example.com/quota","events":["THRESHOLD_CROSSED","RESERVATION_PREEMPTED"],
				 "thresholds":[95,50,80],"secret":"%s"}
				""".formatted(SECRET))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "/teams/alpha/webhooks/ops"))
			.andExpect(jsonPath("$.id").value("ops"))
			.andExpect(jsonPath("$.teamId").value("alpha"))
			.andExpect(jsonPath("$.poolId").doesNotExist())
			.andExpect(jsonPath("$.thresholds").value(org.hamcrest.Matchers.contains(50, 80, 95)))
			.andExpect(jsonPath("$.format").value("JSON"))
			.andExpect(jsonPath("$.queueWaitAbove").value("PT15M"))
			.andExpect(jsonPath("$.secretSet").value(true))
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString(SECRET))));
		// Replaced without a secret: the old one stays.
		this.api.put("/teams/alpha/webhooks/ops", """
				{"url":"https://hooks.slack.com/services/T/B/X","events":["ANOMALY"],"format":"SLACK"}
				""").andExpect(status().isOk()).andExpect(jsonPath("$.format").value("SLACK"));
		assertThat(this.jdbc.sql("select secret from webhooks").query(String.class).single()).isEqualTo(SECRET);
		this.api.get("/teams/alpha/webhooks/ops")
			.andExpect(jsonPath("$.events").value(org.hamcrest.Matchers.contains("ANOMALY")))
			.andExpect(jsonPath("$.thresholds").value(org.hamcrest.Matchers.contains(80, 95)));
		webhook("/pools/session/webhooks/ops", "[\"THRESHOLD_CROSSED\"]", "");
		this.api.get("/teams/alpha/webhooks").andExpect(jsonPath("$", hasSize(1)));
		this.api.get("/pools/session/webhooks").andExpect(jsonPath("$[0].poolId").value("session"));
		this.api.get("/teams/beta/webhooks").andExpect(jsonPath("$", hasSize(0)));
		this.api.get("/teams/alpha/webhooks/ops/deliveries").andExpect(jsonPath("$", hasSize(0)));
		this.api.delete("/teams/alpha/webhooks/ops").andExpect(status().isNoContent());
		this.api.get("/teams/alpha/webhooks/ops")
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"));
		this.api.get("/pools/session/webhooks/ops").andExpect(status().isOk());
		assertThat(this.jdbc.sql("select count(*) from audit_log where resource_type = 'webhook'")
			.query(Long.class)
			.single()).isEqualTo(4);
	}

	@Test
	void badInputIsRefusedNamingTheField() throws Exception {
		this.api.put("/teams/alpha/webhooks/ops", """
				{"url":"ftp://example.com","events":["THRESHOLD_CROSSED","SOMETHING"],"thresholds":[0,80,80],
				 "secret":"short","format":"XML","queueWaitAbove":"soon"}
				""")
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("url", "events[1]",
					"thresholds[0]", "thresholds[2]", "secret", "format", "queueWaitAbove")));
		this.api.put("/teams/alpha/webhooks/ops", "{\"url\":\"https://example.com/x\",\"events\":[\"ANOMALY\"]}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("secret"));
		this.api.put("/teams/alpha/webhooks/bad%20id", "{}").andExpect(status().isBadRequest());
		this.api.put("/teams/nobody/webhooks/ops", "{\"url\":\"https://example.com/x\",\"events\":[\"ANOMALY\"]}")
			.andExpect(status().isNotFound());
		this.api.get("/pools/nothing/webhooks").andExpect(status().isNotFound());
		webhook("/teams/alpha/webhooks/ops", "[\"ANOMALY\"]", "");
		this.api.get("/teams/alpha/webhooks/ops/deliveries?limit=0")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("limit"));
		assertThat(this.jdbc.sql("select count(*) from webhooks").query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void aThresholdCrossingIsWrittenOncePerWindowInTheIngestTransaction() throws Exception {
		webhook("/pools/session/webhooks/ops", "[\"THRESHOLD_CROSSED\"]", ",\"thresholds\":[50,80]");
		webhook("/teams/alpha/webhooks/lead", "[\"THRESHOLD_CROSSED\"]", ",\"thresholds\":[80]");
		webhook("/teams/beta/webhooks/other", "[\"RESERVATION_GRANTED\"]", "");
		this.api.usage("u1", "alpha", "claude-x", "2026-11-25T11:59:00Z", 40);
		assertThat(rows("event_type")).isEmpty();
		this.api.usage("u2", "beta", "claude-x", "2026-11-25T11:59:00Z", 20);
		assertThat(rows("body")).singleElement().satisfies((body) -> {
			assertThat((String) JsonPath.read(body, "$.type")).isEqualTo("THRESHOLD_CROSSED");
			assertThat((Integer) JsonPath.read(body, "$.details.thresholdPercent")).isEqualTo(50);
			assertThat((Integer) JsonPath.read(body, "$.details.usedPercent")).isEqualTo(60);
			assertThat((String) JsonPath.read(body, "$.details.windowStart")).isEqualTo("2026-11-25T12:00:00Z");
			assertThat((String) JsonPath.read(body, "$.webhook")).isEqualTo("/pools/session/webhooks/ops");
		});
		// More usage in the same window: nothing new until the next threshold.
		this.api.usage("u3", "beta", "claude-x", "2026-11-25T11:59:00Z", 5);
		this.api.usage("u3", "beta", "claude-x", "2026-11-25T11:59:00Z", 5);
		assertThat(rows("event_type")).hasSize(1);
		this.api.usage("u4", "alpha", "claude-x", "2026-11-25T11:59:00Z", 20);
		// 85 %: 80 % for the pool's webhook and for alpha's (allocated the pool), not
		// beta's.
		assertThat(rows("body")).hasSize(3);
		this.api.usage("u5", "alpha", "claude-x", "2026-11-25T11:59:00Z", 1);
		assertThat(rows("body")).hasSize(3);
		// The next window instance (17:00 to 22:00 UTC), after the usage rolled off: each
		// threshold is announced again, once.
		this.clock.set(Instant.parse("2026-11-25T17:00:00Z"));
		this.api.usage("u6", "alpha", "claude-x", "2026-11-25T16:59:00Z", 85).andExpect(status().isOk());
		this.api.usage("u7", "alpha", "claude-x", "2026-11-25T16:59:00Z", 1).andExpect(status().isOk());
		assertThat(rows("body")).hasSize(6);
		assertThat(this.jdbc
			.sql("select count(distinct event_id) from webhook_deliveries where body like '%2026-11-25T17:00:00Z%'")
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	@Test
	void aRolledBackFactWritesNoDelivery() throws Exception {
		webhook("/teams/alpha/webhooks/ops", "[\"ANOMALY\"]", "");
		TransactionTemplate tx = new TransactionTemplate(this.transactionManager);
		tx.executeWithoutResult((status) -> {
			assertThat(this.notices.record(anomaly("2026-11-25T11:00Z"))).isEqualTo(1);
			status.setRollbackOnly();
		});
		assertThat(rows("event_type")).isEmpty();
		tx.executeWithoutResult((status) -> this.notices.record(anomaly("2026-11-25T11:00Z")));
		// The same anomaly again is the same event.
		assertThat(this.notices.record(anomaly("2026-11-25T11:00Z"))).isZero();
		assertThat(rows("event_type")).containsExactly("ANOMALY");
	}

	static Notice anomaly(String hour) {
		return new Notice(NoticeType.ANOMALY, "alpha", "session", "alpha/session/" + hour,
				"Usage of alpha in session is 5 times the usual.", Instant.parse("2026-11-25T12:00:00Z"),
				java.util.Map.of("hour", hour));
	}

	@Test
	void reservationsGrantedPreemptedAndExpiredAreWrittenWithTheirDecisions() throws Exception {
		webhook("/teams/alpha/webhooks/ops",
				"[\"RESERVATION_GRANTED\",\"RESERVATION_PREEMPTED\",\"RESERVATION_EXPIRED\"]", "");
		webhook("/pools/session/webhooks/ops", "[\"RESERVATION_PREEMPTED\"]", "");
		this.api.put("/pools/session/allocations/alpha", "{\"borrowLimitPercent\":100,\"preemptible\":true}")
			.andExpect(status().is2xxSuccessful());
		this.api.put("/pools/session/allocations/beta", "{\"borrowLimitPercent\":100}")
			.andExpect(status().is2xxSuccessful());
		String older = hold("alpha", 40, ",\"priority\":\"HIGH\",\"ttl\":\"PT10M\"");
		this.clock.advance(Duration.ofMinutes(1));
		String newer = hold("alpha", 30, ",\"priority\":\"LOW\"");
		// Granted at once: the caller has its answer; nothing to announce.
		assertThat(rows("event_type")).isEmpty();
		this.api.post("/reservations", """
				{"teamId":"beta","poolId":"session","amount":50,"priority":"CRITICAL"}
				""").andExpect(status().isCreated());
		assertThat(rows("event_type")).containsExactly("RESERVATION_PREEMPTED", "RESERVATION_PREEMPTED");
		assertThat(rows("body").get(0)).contains(newer);
		String waiting = queue("alpha", 40);
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(Sweeps.sweep(this.context)).isEqualTo(1);
		assertThat(rows("event_type")).endsWith("RESERVATION_EXPIRED");
		assertThat(rows("body").get(2)).contains(older);
		// The sweep freed quota: the queue's dispatch (on another thread) grants the
		// request.
		awaitStatus(waiting, "HELD");
		assertThat(rows("event_type")).containsExactly("RESERVATION_PREEMPTED", "RESERVATION_PREEMPTED",
				"RESERVATION_EXPIRED", "RESERVATION_GRANTED");
		this.api.get("/teams/alpha/webhooks/ops/deliveries")
			.andExpect(jsonPath("$", hasSize(3)))
			.andExpect(jsonPath("$[0].type").value("RESERVATION_GRANTED"))
			.andExpect(jsonPath("$[0].status").value("PENDING"))
			.andExpect(jsonPath("$[0].attempts").value(0));
	}

	@Test
	void aRequestWaitingLongerThanTheBoundIsAnnouncedOnceAndOneGrantedSoonerNever() throws Exception {
		webhook("/teams/beta/webhooks/ops", "[\"QUEUE_WAIT_EXCEEDED\"]", ",\"queueWaitAbove\":\"PT10M\"");
		String big = hold("alpha", 80, ",\"ttl\":\"PT5M\"");
		String quick = queue("beta", 50);
		this.clock.advance(Duration.ofMinutes(1));
		String slow = queue("beta", 60);
		assertThat(this.jdbc.sql("select count(*) from webhook_queue_watches").query(Long.class).single()).isEqualTo(2);
		// alpha gives its hold back: the first request is granted and no longer watched.
		this.api.post("/reservations/" + big + "/release", "").andExpect(status().is2xxSuccessful());
		awaitStatus(quick, "HELD");
		assertThat(this.jdbc.sql("select reservation_id from webhook_queue_watches").query(String.class).list())
			.containsExactly(slow);
		this.clock.advance(Duration.ofMinutes(9));
		assertThat(this.worker.watchQueues()).isZero();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.worker.watchQueues()).isEqualTo(1);
		assertThat(this.worker.watchQueues()).isZero();
		assertThat(rows("body")).singleElement().satisfies((body) -> {
			assertThat((String) JsonPath.read(body, "$.type")).isEqualTo("QUEUE_WAIT_EXCEEDED");
			assertThat((String) JsonPath.read(body, "$.details.reservationId")).isEqualTo(slow);
		});
	}

	/** Waits for the queue's dispatcher thread, which grants after commit. */
	private void awaitStatus(String id, String expected) throws Exception {
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
		while (!expected.equals(statusOf(id)) && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(statusOf(id)).isEqualTo(expected);
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

	private String queue(String team, long amount) throws Exception {
		return JsonPath.read(this.api.post("/reservations", """
				{"teamId":"%s","poolId":"session","amount":%d,"queue":true}
				""".formatted(team, amount))
			.andExpect(status().isAccepted())
			.andReturn()
			.getResponse()
			.getContentAsString(), "$.id");
	}

	private String statusOf(String id) throws Exception {
		return JsonPath.read(this.api.get("/reservations/" + id).andReturn().getResponse().getContentAsString(),
				"$.status");
	}

	@Test
	void anAnomalyIsWrittenToTheOutboxInTheTransactionThatRecordsItAndOnlyIfItCommits() throws Exception {
		webhook("/teams/alpha/webhooks/ops", "[\"ANOMALY\"]", "");
		Instant hour = Instant.parse("2026-11-25T10:00:00Z");
		AnomalyDetected spike = new AnomalyDetected("alpha", "session", AnomalyKind.HOURLY_USAGE,
				AnomalySeverity.ANOMALY, hour, null, "ANOMALY: 400 messages used in pool 'session'", hour);
		TransactionTemplate tx = new TransactionTemplate(this.transactionManager);
		// Rolled back with the fact: nothing in the outbox.
		tx.executeWithoutResult((status) -> {
			this.context.publishEvent(spike);
			status.setRollbackOnly();
		});
		assertThat(rows("event_type")).isEmpty();
		tx.executeWithoutResult((status) -> this.context.publishEvent(spike));
		// The same anomaly again is the same event; another team's webhook is not told.
		tx.executeWithoutResult((status) -> this.context.publishEvent(spike));
		tx.executeWithoutResult((status) -> this.context.publishEvent(new AnomalyDetected("beta", "session",
				AnomalyKind.HOURLY_USAGE, AnomalySeverity.ANOMALY, hour, null, "beta's", hour)));
		assertThat(rows("event_type")).containsExactly("ANOMALY");
		assertThat(rows("body")).singleElement()
			.satisfies((body) -> assertThat(body).contains("\"severity\":\"ANOMALY\"").contains("HOURLY_USAGE"));
	}

	@Test
	void aForecastExhaustionBeforeTheResetIsOneEventPerResetHoweverOftenItIsForecast() throws Exception {
		webhook("/teams/alpha/webhooks/ops", "[\"FORECAST_EXHAUSTION_BEFORE_RESET\"]", "");
		Instant now = Instant.parse("2026-11-25T10:00:00Z");
		Instant reset = Instant.parse("2026-11-30T00:00:00Z");
		ExhaustionForecast forecast = new ExhaustionForecast("alpha", "session", Instant.parse("2026-11-27T15:00:00Z"),
				reset, "Forecast: team 'alpha' runs out of pool 'session' before the reset.", now);
		this.context.publishEvent(forecast);
		this.context.publishEvent(forecast);
		// The next window's forecast is a new event.
		this.context.publishEvent(new ExhaustionForecast("alpha", "session", Instant.parse("2026-12-05T15:00:00Z"),
				Instant.parse("2026-12-07T00:00:00Z"), "next window", now.plus(Duration.ofDays(7))));
		assertThat(rows("event_type")).containsExactly("FORECAST_EXHAUSTION_BEFORE_RESET",
				"FORECAST_EXHAUSTION_BEFORE_RESET");
		assertThat(rows("body").get(0)).contains("2026-11-30T00:00:00Z");
	}

}
