package io.github.quotabroker.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.quotabroker.QuotaBrokerApplication;
import io.github.quotabroker.support.IntegrationTestBase;
import io.github.quotabroker.support.MutableClock;
import io.github.quotabroker.support.TestBeans;
import io.github.quotabroker.usage.UsageEvent;
import io.github.quotabroker.usage.UsageIngestService;
import io.github.quotabroker.usage.UsageKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Two instances on one database deliver one outbox: each row is sent by one instance
 * only, and a row whose instance dies mid-delivery is delivered by the other once its
 * lease runs out, with the same event id.
 */
class WebhookInstancesIT extends IntegrationTestBase {

	private static final String SECRET = "whsec-0123456789abcdef0123456789";

	private static ConfigurableApplicationContext second;

	@Autowired
	Environment environment;

	@Autowired
	DeliveryWorker worker;

	@Autowired
	Notices notices;

	private Receiver receiver;

	@BeforeEach
	void secondInstanceReceiverAndWebhook() throws Exception {
		if (second == null) {
			second = startSecond();
		}
		second.getBean(MutableClock.class).set(TestBeans.START);
		this.receiver = new Receiver();
		this.api.rollingPool("session", 100, "PT5H", "claude-*");
		this.api.team("alpha", "UTC");
		this.api.put("/teams/alpha/webhooks/ops", """
				{"url":"%s","events":["ANOMALY"],"secret":"%s"}
				""".formatted(this.receiver.url("/hook"), SECRET)).andExpect(status().isCreated());
	}

	private ConfigurableApplicationContext startSecond() {
		return new SpringApplicationBuilder(QuotaBrokerApplication.class, TestBeans.class).run("--server.port=0",
				"--quota.metrics.refresh-interval=PT1H", "--quota.reservations.sweep-interval=PT1H",
				"--quota.queue.poll-interval=PT1H", "--quota.webhooks.poll-interval=PT1H",
				"--quota.security.admin-token=" + TestBeans.ADMIN_TOKEN,
				"--spring.datasource.hikari.maximum-pool-size=4", "--spring.datasource.hikari.minimum-idle=1",
				"--spring.datasource.url=" + this.environment.getProperty("spring.datasource.url"),
				"--spring.datasource.username=" + this.environment.getProperty("spring.datasource.username"),
				"--spring.datasource.password=" + this.environment.getProperty("spring.datasource.password", ""));
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.close();
	}

	@AfterAll
	static void stopSecond() {
		if (second != null) {
			second.close();
			second = null;
		}
	}

	private List<Notice> anomalies(int count) {
		List<Notice> list = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			list.add(new Notice(NoticeType.ANOMALY, "alpha", "session", "alpha/session/" + i, "Anomaly " + i,
					this.clock.instant(), Map.of("n", i)));
		}
		return list;
	}

	@Test
	void twoInstancesNeverDeliverTheSameRowTwice() throws Exception {
		assertThat(this.notices.record(anomalies(120))).isEqualTo(120);
		DeliveryWorker other = second.getBean(DeliveryWorker.class);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<Integer>> claimed = new ArrayList<>();
			CountDownLatch start = new CountDownLatch(1);
			for (int i = 0; i < 4; i++) {
				DeliveryWorker claimer = (i % 2 == 0) ? this.worker : other;
				claimed.add(pool.submit(() -> {
					start.await();
					int total = 0;
					int got;
					while ((got = claimer.deliverDue()) > 0) {
						total += got;
					}
					return total;
				}));
			}
			start.countDown();
			int total = 0;
			List<Integer> perClaimer = new ArrayList<>();
			for (Future<Integer> f : claimed) {
				int n = f.get(120, TimeUnit.SECONDS);
				perClaimer.add(n);
				total += n;
			}
			assertThat(total).as("claims per claimer %s", perClaimer).isEqualTo(120);
		}
		finally {
			pool.shutdownNow();
		}
		Map<String, Long> perEvent = this.receiver.received()
			.stream()
			.collect(Collectors.groupingBy((r) -> r.header("X-Quota-Event-Id"), Collectors.counting()));
		assertThat(perEvent).hasSize(120);
		assertThat(perEvent.values()).containsOnly(1L);
		assertThat(this.jdbc.sql("select count(*) from webhook_deliveries where status = 'DELIVERED' and attempts = 1")
			.query(Long.class)
			.single()).isEqualTo(120);
	}

	@Test
	void aDeliveryCutOffByItsInstanceDyingIsDeliveredByTheOtherWithTheSameKey() throws Exception {
		CountDownLatch firstArrived = new CountDownLatch(1);
		CountDownLatch letFirstAnswer = new CountDownLatch(1);
		Function<Receiver.Received, Integer> hang = (r) -> {
			firstArrived.countDown();
			try {
				letFirstAnswer.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return 200;
		};
		this.receiver.then(hang);
		this.notices.record(anomalies(1));
		ConfigurableApplicationContext dying = second;
		second = null;
		DeliveryWorker doomed = dying.getBean(DeliveryWorker.class);
		Thread delivering = new Thread(doomed::deliverDue, "doomed-delivery");
		delivering.start();
		try {
			assertThat(firstArrived.await(30, TimeUnit.SECONDS)).isTrue();
			// The instance goes away while its request is in flight: its outcome is never
			// recorded.
			dying.close();
			// The lease still stands: nobody else may send the row yet.
			assertThat(this.worker.deliverDue()).isZero();
			this.clock.advance(Duration.ofSeconds(61));
			assertThat(this.worker.deliverDue()).isEqualTo(1);
		}
		finally {
			letFirstAnswer.countDown();
			delivering.join(30_000);
		}
		List<Receiver.Received> got = this.receiver.received();
		assertThat(got).hasSize(2);
		assertThat(got.get(1).header("X-Quota-Event-Id")).isEqualTo(got.get(0).header("X-Quota-Event-Id"));
		assertThat(got.get(1).body()).isEqualTo(got.get(0).body());
		assertThat(got).extracting((r) -> r.header("X-Quota-Attempt")).containsExactly("1", "2");
		assertThat(
				this.jdbc.sql("select status || ':' || attempts from webhook_deliveries").query(String.class).single())
			.isEqualTo("DELIVERED:2");
		assertThat(Signature.verify(SECRET, got.get(1).header("X-Quota-Signature"), got.get(1).body(),
				Instant.parse("2026-11-25T12:01:01Z")))
			.isTrue();
	}

	@Test
	void aCrossingPartlyCountedByTheOtherInstanceIsAnnouncedByTheRecheck() throws Exception {
		this.api.put("/pools/session/webhooks/fill", """
				{"url":"%s","events":["THRESHOLD_CROSSED"],"thresholds":[50],"secret":"%s"}
				""".formatted(this.receiver.url("/fill"), SECRET)).andExpect(status().isCreated());
		second.getBean(Subscriptions.class).reload();
		this.api.usage("here-1", "alpha", "claude-x", "2026-11-25T11:59:00Z", 40).andExpect(status().isOk());
		assertThat(second.getBean(UsageIngestService.class)
			.ingest(List.of(new UsageEvent("there-1", "alpha", null, null, "claude-x",
					Instant.parse("2026-11-25T11:59:00Z"), 100, 50, 0, 0, 5, null, UsageKind.INTERACTIVE, null))))
			.hasSize(1);
		// 40 read here, 5 counted there, 5 more here: 50 % reached, but this instance's
		// bound (40 + 5) says it cannot have been, so its group commit reads nothing.
		this.api.usage("here-2", "alpha", "claude-x", "2026-11-25T11:59:00Z", 5).andExpect(status().isOk());
		assertThat(crossings()).isEmpty();
		this.clock.advance(Duration.ofSeconds(4));
		this.worker.round();
		assertThat(crossings()).isEmpty();
		this.clock.advance(Duration.ofSeconds(1));
		this.worker.round();
		assertThat(crossings()).containsExactly("50:50");
	}

	private List<String> crossings() {
		return this.jdbc
			.sql("""
					select body::json -> 'details' ->> 'thresholdPercent' || ':' || (body::json -> 'details' ->> 'usedPercent')
					from webhook_deliveries where event_type = 'THRESHOLD_CROSSED'
					""")
			.query(String.class)
			.list();
	}

}
