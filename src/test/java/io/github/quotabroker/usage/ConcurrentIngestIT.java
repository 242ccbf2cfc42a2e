package io.github.quotabroker.usage;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.github.quotabroker.QuotaBrokerApplication;
import io.github.quotabroker.support.Api;
import io.github.quotabroker.support.Http;
import io.github.quotabroker.support.HttpIntegrationTestBase;
import io.github.quotabroker.support.Ledger;
import io.github.quotabroker.support.TestBeans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

/**
 * Many clients re-delivering the same events at once, over real HTTP, to one instance and
 * to two instances sharing a database: every event counts exactly once.
 */
class ConcurrentIngestIT extends HttpIntegrationTestBase {

	private static final int EVENTS = 200;

	private static final int POSTERS = 10;

	private static final int BATCH = 20;

	@Autowired
	Environment environment;

	@BeforeEach
	void setUp() throws Exception {
		this.api.rollingPool("session", 1_000_000, "PT5H", "claude-*");
		this.api.team("platform", "UTC");
		this.api.team("research", "UTC");
		this.api.allocate("session", "platform");
		this.api.allocate("session", "research");
	}

	@Test
	void tenPostersSendingTheSameEventsAtOnceCountEachEventOnce() throws Exception {
		Http http = new Http(this.port);
		Map<String, List<String>> outcomes = postConcurrently(List.of(http));
		assertCountedOnce(outcomes);
	}

	@Test
	void twoInstancesOnOneDatabaseIngestingTheSameEventsAtOnceCountEachEventOnce() throws Exception {
		try (ConfigurableApplicationContext second = secondInstance()) {
			int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
			assertThat(secondPort).isNotEqualTo(this.port);
			Map<String, List<String>> outcomes = postConcurrently(List.of(new Http(this.port), new Http(secondPort)));
			assertCountedOnce(outcomes);
			String seenBySecond = new Http(secondPort).get("/teams/platform/availability").body();
			assertThat(((Number) JsonPath.read(seenBySecond, "$.pools[0].used")).longValue())
				.isEqualTo(totalMessages());
		}
	}

	/** A second application on the same database, with its own clock at the same time. */
	private ConfigurableApplicationContext secondInstance() {
		// Command-line arguments, so that they win over application.yml.
		return new SpringApplicationBuilder(QuotaBrokerApplication.class, TestBeans.class).run("--server.port=0",
				"--quota.metrics.refresh-interval=PT1H", "--quota.security.admin-token=" + TestBeans.ADMIN_TOKEN,
				"--quota.security.requests-per-second=1000000", "--quota.security.burst=1000000",
				"--spring.datasource.hikari.maximum-pool-size=10", "--spring.datasource.hikari.minimum-idle=2",
				"--spring.datasource.url=" + this.environment.getProperty("spring.datasource.url"),
				"--spring.datasource.username=" + this.environment.getProperty("spring.datasource.username"),
				"--spring.datasource.password=" + this.environment.getProperty("spring.datasource.password", ""));
	}

	/**
	 * Each poster sends every event, in its own shuffled order and in batches, to the
	 * instances in turn; all start together. Answers every event id's outcomes.
	 */
	private Map<String, List<String>> postConcurrently(List<Http> instances) throws Exception {
		Map<String, List<String>> outcomes = new ConcurrentHashMap<>();
		List<String> failures = new CopyOnWriteArrayList<>();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(POSTERS);
		try {
			List<Future<?>> posters = new ArrayList<>();
			for (int p = 0; p < POSTERS; p++) {
				int poster = p;
				posters.add(pool.submit(() -> {
					List<Integer> order = new ArrayList<>();
					for (int i = 0; i < EVENTS; i++) {
						order.add(i);
					}
					Collections.shuffle(order, new Random(poster));
					start.await();
					for (int from = 0; from < EVENTS; from += BATCH) {
						StringBuilder batch = new StringBuilder("[");
						for (int i = from; i < from + BATCH; i++) {
							batch.append((i == from) ? "" : ",").append(event(order.get(i)));
						}
						Http http = instances.get((poster + from / BATCH) % instances.size());
						HttpResponse<String> response = http.post("/usage-events", batch.append("]").toString());
						if (response.statusCode() != 200) {
							failures.add(response.statusCode() + " " + response.body());
							continue;
						}
						List<String> ids = JsonPath.read(response.body(), "$.events[*].eventId");
						List<String> statuses = JsonPath.read(response.body(), "$.events[*].status");
						for (int i = 0; i < ids.size(); i++) {
							outcomes.computeIfAbsent(ids.get(i), (k) -> new CopyOnWriteArrayList<>())
								.add(statuses.get(i));
						}
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> poster : posters) {
				poster.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(failures).isEmpty();
		return outcomes;
	}

	private void assertCountedOnce(Map<String, List<String>> outcomes) throws Exception {
		assertThat(outcomes).hasSize(EVENTS);
		outcomes.forEach((id, statuses) -> {
			assertThat(statuses).as(id).hasSize(POSTERS).allMatch((s) -> s.equals("RECORDED") || s.equals("DUPLICATE"));
			assertThat(statuses.stream().filter("RECORDED"::equals)).as(id).hasSize(1);
		});
		Ledger ledger = new Ledger(this.jdbc);
		assertThat(ledger.events()).isEqualTo(EVENTS);
		assertThat(ledger.bucketAmount("minute", "session")).isEqualTo(totalMessages());
		assertThat(ledger.bucketAmount("hour", "session")).isEqualTo(totalMessages());
		assertThat(ledger.bucketEvents("minute", "session")).isEqualTo(EVENTS);
		assertThat(ledger.bucketEvents("hour", "session")).isEqualTo(EVENTS);
		long platform = 0;
		for (int i = 0; i < EVENTS; i += 2) {
			platform += messages(i);
		}
		this.api.get("/teams/platform/availability")
			.andExpect(jsonPath("$.pools[0].used").value(totalMessages()))
			.andExpect(jsonPath("$.pools[0].teamUsed").value(platform));
	}

	/** Event {@code i}: the same content however often and by whomever it is sent. */
	private static String event(int i) {
		String occurredAt = TestBeans.START.minusSeconds(3600).plusSeconds(17L * i).toString();
		return Api
			.event("ev-%03d".formatted(i), (i % 2 == 0) ? "platform" : "research", "claude-sonnet-4", occurredAt,
					messages(i))
			.strip();
	}

	private static long messages(int i) {
		return 1 + i % 5;
	}

	private static long totalMessages() {
		long total = 0;
		for (int i = 0; i < EVENTS; i++) {
			total += messages(i);
		}
		return total;
	}

}
