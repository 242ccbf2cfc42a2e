package io.github.quotabroker.webhook;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.github.quotabroker.support.IntegrationTestBase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Deliveries to a real HTTP receiver on 127.0.0.1: signed, identified by their event id,
 * tried again after failures and timeouts with backoff (the test moves the clock), given
 * up after the last attempt.
 */
class WebhookDeliveryIT extends IntegrationTestBase {

	private static final String SECRET = "whsec-0123456789abcdef0123456789";

	@Autowired
	DeliveryWorker worker;

	@Autowired
	Notices notices;

	@Autowired
	MeterRegistry registry;

	private Receiver receiver;

	@BeforeEach
	void receiverAndWebhook() throws Exception {
		this.receiver = new Receiver();
		this.api.rollingPool("session", 100, "PT5H", "claude-*");
		this.api.team("alpha", "UTC");
		this.api.allocate("session", "alpha");
		webhook("JSON");
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.close();
	}

	private void webhook(String format) throws Exception {
		this.api.put("/teams/alpha/webhooks/ops", """
				{"url":"%s","events":["ANOMALY"],"secret":"%s","format":"%s"}
				""".formatted(this.receiver.url("/hooks/quota"), SECRET, format)).andExpect(status().is2xxSuccessful());
	}

	private Notice anomaly(String hour) {
		return new Notice(NoticeType.ANOMALY, "alpha", "session", "alpha/session/" + hour,
				"Usage of alpha in session is 5 times the usual.", this.clock.instant(), Map.of("factor", 5));
	}

	private String column(String column) {
		return this.jdbc.sql("select " + column + "::text from webhook_deliveries").query(String.class).single();
	}

	private double count(String outcome) {
		Counter counter = this.registry.find("quota.webhook.deliveries").tag("outcome", outcome).counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void aDeliveryIsSignedAndCarriesItsEventIdAndIsMarkedDelivered() throws Exception {
		assertThat(this.notices.record(anomaly("11:00"))).isEqualTo(1);
		double delivered = count("delivered");
		assertThat(this.worker.deliverDue()).isEqualTo(1);
		Receiver.Received r = this.receiver.received().get(0);
		assertThat(r.path()).isEqualTo("/hooks/quota");
		assertThat(r.header("Content-Type")).isEqualTo("application/json");
		assertThat(Signature.verify(SECRET, r.header("X-Quota-Signature"), r.body(), this.clock.instant())).isTrue();
		assertThat(Signature.verify("another-secret-of-length", r.header("X-Quota-Signature"), r.body(),
				this.clock.instant()))
			.isFalse();
		assertThat(r.header("X-Quota-Event-Id")).isEqualTo(anomaly("11:00").eventId())
			.isEqualTo(JsonPath.read(r.body(), "$.id"));
		assertThat(r.header("X-Quota-Event-Type")).isEqualTo("ANOMALY");
		assertThat((String) JsonPath.read(r.body(), "$.teamId")).isEqualTo("alpha");
		assertThat((Integer) JsonPath.read(r.body(), "$.details.factor")).isEqualTo(5);
		assertThat(count("delivered")).isEqualTo(delivered + 1);
		this.api.get("/teams/alpha/webhooks/ops/deliveries")
			.andExpect(jsonPath("$", hasSize(1)))
			.andExpect(jsonPath("$[0].status").value("DELIVERED"))
			.andExpect(jsonPath("$[0].attempts").value(1))
			.andExpect(jsonPath("$[0].lastStatus").value(200))
			.andExpect(jsonPath("$[0].deliveredAt").value("2026-11-25T12:00:00Z"))
			.andExpect(jsonPath("$[0].eventId").value(anomaly("11:00").eventId()));
		assertThat(this.worker.deliverDue()).isZero();
		assertThat(this.receiver.received()).hasSize(1);
	}

	@Test
	void theReadmesShellCheckAcceptsTheSignature() throws Exception {
		Path openssl = Path.of("/usr/bin/openssl");
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(openssl), "openssl is not installed");
		this.notices.record(anomaly("11:00"));
		this.worker.deliverDue();
		Receiver.Received r = this.receiver.received().get(0);
		String header = r.header("X-Quota-Signature");
		String t = header.replaceAll("^t=([0-9]+),v1=.*$", "$1");
		String v1 = header.replaceAll("^.*v1=([0-9a-f]+)$", "$1");
		Path body = Files.createTempFile("webhook-body", ".json");
		Files.writeString(body, r.body(), StandardCharsets.UTF_8);
		// The README's check: printf '%s.' "$t" | cat - body | openssl dgst -sha256 -hmac
		// "$secret" -r
		ProcessBuilder pb = new ProcessBuilder("sh", "-c",
				"printf '%s.' \"$T\" | cat - \"$BODY\" | openssl dgst -sha256 -hmac \"$SECRET\" -r | cut -d' ' -f1");
		pb.environment().put("T", t);
		pb.environment().put("BODY", body.toString());
		pb.environment().put("SECRET", SECRET);
		Process check = pb.redirectErrorStream(true).start();
		String computed = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		assertThat(check.waitFor()).isZero();
		assertThat(computed).isEqualTo(v1);
		Files.delete(body);
	}

	@Test
	void failedAttemptsAreTriedAgainAfterBackoffWithTheSameEventId() throws Exception {
		this.receiver.thenStatus(500).thenStatus(503);
		this.notices.record(anomaly("11:00"));
		double retries = count("retry");
		assertThat(this.worker.deliverDue()).isEqualTo(1);
		assertThat(column("status")).isEqualTo("PENDING");
		Instant next = Instant
			.parse(column("to_char(next_attempt_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"));
		// First pause: 10 s with jitter, so from 5 to 10 s.
		assertThat(next).isBetween(this.clock.instant().plusSeconds(5), this.clock.instant().plusSeconds(10));
		assertThat(this.worker.deliverDue()).as("not due yet").isZero();
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.worker.deliverDue()).isEqualTo(1);
		assertThat(column("last_status")).isEqualTo("503");
		this.clock.advance(Duration.ofSeconds(20));
		assertThat(this.worker.deliverDue()).isEqualTo(1);
		assertThat(column("status")).isEqualTo("DELIVERED");
		List<Receiver.Received> got = this.receiver.received();
		assertThat(got).hasSize(3);
		assertThat(got).extracting((r) -> r.header("X-Quota-Event-Id")).containsOnly(anomaly("11:00").eventId());
		assertThat(got).extracting((r) -> r.header("X-Quota-Attempt")).containsExactly("1", "2", "3");
		assertThat(got).extracting(Receiver.Received::body).containsOnly(got.get(0).body());
		// Each attempt is signed at its own time.
		assertThat(Signature.verify(SECRET, got.get(2).header("X-Quota-Signature"), got.get(2).body(),
				this.clock.instant()))
			.isTrue();
		assertThat(count("retry")).isEqualTo(retries + 2);
		this.api.get("/teams/alpha/webhooks/ops/deliveries")
			.andExpect(jsonPath("$[0].attempts").value(3))
			.andExpect(jsonPath("$[0].lastError").doesNotExist());
	}

	@Test
	void aReceiverThatDoesNotAnswerInTimeIsTriedAgain() throws Exception {
		this.receiver.thenSlow(this.worker.requestTimeout().toMillis() + 2000);
		this.notices.record(anomaly("11:00"));
		long started = System.nanoTime();
		assertThat(this.worker.deliverDue()).isEqualTo(1);
		assertThat(Duration.ofNanos(System.nanoTime() - started))
			.isLessThan(this.worker.requestTimeout().plusSeconds(5));
		assertThat(column("status")).isEqualTo("PENDING");
		assertThat(column("last_error")).containsIgnoringCase("timed out");
		assertThat(column("coalesce(last_status::text, 'none')")).isEqualTo("none");
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.worker.deliverDue()).isEqualTo(1);
		assertThat(column("status")).isEqualTo("DELIVERED");
		assertThat(this.receiver.received()).extracting((r) -> r.header("X-Quota-Event-Id"))
			.hasSize(2)
			.containsOnly(anomaly("11:00").eventId());
	}

	@Test
	void aDeliveryIsGivenUpAfterTheLastAttempt() throws Exception {
		for (int i = 0; i < 10; i++) {
			this.receiver.thenStatus(500);
		}
		this.notices.record(anomaly("11:00"));
		double failed = count("failed");
		for (int attempt = 1; attempt <= 10; attempt++) {
			assertThat(this.worker.deliverDue()).as("attempt %d", attempt).isEqualTo(1);
			this.clock.advance(Duration.ofHours(1));
		}
		assertThat(this.worker.deliverDue()).isZero();
		assertThat(column("status")).isEqualTo("FAILED");
		assertThat(this.receiver.received()).hasSize(10);
		assertThat(count("failed")).isEqualTo(failed + 1);
		this.api.get("/teams/alpha/webhooks/ops/deliveries")
			.andExpect(jsonPath("$[0].status").value("FAILED"))
			.andExpect(jsonPath("$[0].attempts").value(10))
			.andExpect(jsonPath("$[0].lastStatus").value(500))
			.andExpect(jsonPath("$[0].lastError").value("HTTP 500"))
			.andExpect(jsonPath("$[0].nextAttemptAt").doesNotExist());
	}

	@Test
	void aSlackWebhookGetsATextBody() throws Exception {
		webhook("SLACK");
		this.notices.record(anomaly("11:00"));
		this.worker.deliverDue();
		String body = this.receiver.received().get(0).body();
		assertThat(JsonPath.<Map<String, Object>>read(body, "$")).containsOnlyKeys("text");
		assertThat((String) JsonPath.read(body, "$.text"))
			.isEqualTo("Quota Broker: Usage of alpha in session is 5 times the usual.");
	}

	@Test
	void aDeletedWebhooksDeliveriesAreNotSent() throws Exception {
		this.notices.record(anomaly("11:00"));
		this.api.delete("/teams/alpha/webhooks/ops").andExpect(status().isNoContent());
		assertThat(this.worker.deliverDue()).isZero();
		assertThat(this.receiver.received()).isEmpty();
	}

}
