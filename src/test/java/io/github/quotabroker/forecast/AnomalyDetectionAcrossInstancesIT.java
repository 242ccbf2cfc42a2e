package io.github.quotabroker.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.jayway.jsonpath.JsonPath;
import io.github.quotabroker.QuotaBrokerApplication;
import io.github.quotabroker.support.MutableClock;
import io.github.quotabroker.support.HttpIntegrationTestBase;
import io.github.quotabroker.support.SseClient;
import io.github.quotabroker.support.SseClient.Message;
import io.github.quotabroker.support.TestBeans;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Two instances on one database look for anomalies at the same moment: each anomaly is
 * recorded once, goes out once on the team's event stream, is counted once in
 * {@code quota.forecast.anomalies} summed over the instances, and is published once as
 * {@link AnomalyDetected}.
 */
class AnomalyDetectionAcrossInstancesIT extends HttpIntegrationTestBase {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Autowired
	Environment environment;

	@Autowired
	AnomalyDetection detection;

	@Autowired
	MeterRegistry registry;

	private ConfigurableApplicationContext second;

	@BeforeEach
	void twoInstancesAndFourWeeksOfHistoryWithASpikeAndALargeWorkflow() throws Exception {
		// The workflow's 2.8 M tokens are above the warning size; its cache reads keep
		// the
		// day's share above 50 %.
		this.api.rollingPool("session", 100000, "PT5H", "claude-*");
		this.api.team("platform", "UTC");
		this.api.allocate("session", "platform");
		List<String> events = new ArrayList<>(AnomalyIT.history("platform", AnomalyIT.NOW, 4 * 168, null, 1));
		events.add(AnomalyIT.event("spike", "platform", Instant.parse("2026-11-25T10:20:00Z"), 300, "alice", "ci-bot",
				"nightly-7", 100, 0));
		events.add(AnomalyIT.event("big", "platform", Instant.parse("2026-11-25T11:10:00Z"), 1, "alice", "ci-bot",
				"big-run", 1_200_000, 1_600_000));
		for (int i = 0; i < events.size(); i += 500) {
			this.api
				.post("/usage-events",
						"[" + String.join(",", events.subList(i, Math.min(events.size(), i + 500))) + "]")
				.andExpect(status().isOk());
		}
		this.second = new SpringApplicationBuilder(QuotaBrokerApplication.class, TestBeans.class).run("--server.port=0",
				"--quota.metrics.refresh-interval=PT1H", "--quota.reservations.sweep-interval=PT1H",
				"--quota.queue.poll-interval=PT1H", "--quota.forecast.anomalies.interval=PT1H",
				"--quota.security.admin-token=" + TestBeans.ADMIN_TOKEN,
				"--spring.datasource.hikari.maximum-pool-size=4",
				"--spring.datasource.url=" + this.environment.getProperty("spring.datasource.url"),
				"--spring.datasource.username=" + this.environment.getProperty("spring.datasource.username"),
				"--spring.datasource.password=" + this.environment.getProperty("spring.datasource.password", ""));
		this.second.getBean(MutableClock.class).set(this.clock.instant());
	}

	@AfterEach
	void stopSecond() {
		if (this.second != null) {
			this.second.close();
		}
	}

	@Test
	void eachAnomalyIsRecordedAnnouncedCountedAndPublishedOnceAcrossInstances() throws Exception {
		AnomalyDetection other = this.second.getBean(AnomalyDetection.class);
		MeterRegistry otherRegistry = this.second.getBean(MeterRegistry.class);
		try (SseClient stream = SseClient.open(this.port, TestBeans.ADMIN_TOKEN, "/teams/platform/events")) {
			assertThat(stream.next(WAIT)).isNotNull();

			List<AnomalyDetected> published = lookOnBothAtOnce(other);

			assertThat(published).extracting(AnomalyDetected::kind)
				.containsExactlyInAnyOrder(AnomalyKind.HOURLY_USAGE, AnomalyKind.WORKFLOW_SIZE);
			assertThat(this.jdbc.sql("select kind || ' ' || severity || ' ' || hour from forecast_anomalies order by 1")
				.query(String.class)
				.list()).containsExactly("HOURLY_USAGE ANOMALY 2026-11-25 10:00:00+00",
						"WORKFLOW_SIZE WARNING 2026-11-25 11:00:00+00");
			List<Message> announced = new ArrayList<>();
			Message m;
			while ((m = stream.next(Duration.ofSeconds(3), (x) -> !x.isComment())) != null) {
				announced.add(m);
			}
			assertThat(announced).hasSize(2);
			assertThat(announced).extracting(Message::name).containsOnly("ANOMALY");
			Message spike = announced.stream()
				.filter((x) -> x.data().contains("in the hour from"))
				.findFirst()
				.orElseThrow();
			assertThat(JsonPath.<String>read(spike.data(), "$.teamId")).isEqualTo("platform");
			assertThat(JsonPath.<String>read(spike.data(), "$.poolId")).isEqualTo("session");
			assertThat(JsonPath.<String>read(spike.data(), "$.status")).isEqualTo("ANOMALY");
			assertThat(JsonPath.<String>read(spike.data(), "$.message"))
				.startsWith("ANOMALY: 400 messages used in pool 'session' in the hour from Wed 25 Nov 10:00 UTC")
				.contains("most from member alice, agent ci-bot");
			assertThat(counted("ANOMALY", this.registry) + counted("ANOMALY", otherRegistry)).isEqualTo(1);
			assertThat(counted("WARNING", this.registry) + counted("WARNING", otherRegistry)).isEqualTo(1);

			// Looking again finds the same anomalies: nothing new goes out.
			assertThat(lookOnBothAtOnce(other)).isEmpty();
			assertThat(stream.next(Duration.ofSeconds(2), (x) -> !x.isComment())).isNull();
			assertThat(counted("ANOMALY", this.registry) + counted("ANOMALY", otherRegistry)).isEqualTo(1);
		}
		// The answer tells when each went out.
		this.api.get("/teams/platform/anomalies")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.anomalies[0].kind").value("HOURLY_USAGE"))
			.andExpect(jsonPath("$.anomalies[0].announcedAt").value("2026-11-25T12:00:00Z"))
			.andExpect(jsonPath("$.anomalies[1].kind").value("WORKFLOW_SIZE"))
			.andExpect(jsonPath("$.anomalies[1].announcedAt").value("2026-11-25T12:00:00Z"));
	}

	private List<AnomalyDetected> lookOnBothAtOnce(AnomalyDetection other) {
		CompletableFuture<List<AnomalyDetected>> first = CompletableFuture.supplyAsync(this.detection::detectNow);
		CompletableFuture<List<AnomalyDetected>> second = CompletableFuture.supplyAsync(other::detectNow);
		List<AnomalyDetected> all = new ArrayList<>(first.join());
		all.addAll(second.join());
		return all;
	}

	private static double counted(String severity, MeterRegistry registry) {
		Counter counter = registry.find("quota.forecast.anomalies")
			.tags("pool", "session", "team", "platform", "severity", severity)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
