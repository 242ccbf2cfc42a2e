package io.github.quotabroker.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.quotabroker.support.Api;
import io.github.quotabroker.support.Http;
import io.github.quotabroker.support.HttpIntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #17, connections cut: agents that retry what was not acknowledged keep posting
 * usage while the test terminates every session of the test database, again and again
 * (pg_terminate_backend, mid-transaction for some). Every event ends in the ledger
 * exactly once, the buckets still sum to the ledger, no client ever sees a 500 (a cut is
 * a 503 with {@code Retry-After}), and health is UP again within 10 s.
 */
class ConnectionCutIT extends HttpIntegrationTestBase {

	private static final int AGENTS = 4;

	private static final int ROUNDS = 15;

	@Autowired
	Environment environment;

	@BeforeEach
	void setUp() throws Exception {
		this.api.rollingPool("session", 1_000_000_000L, "PT5H", "claude-*");
		this.api.team("platform", "UTC");
		this.api.allocate("session", "platform");
	}

	@Test
	void agentsRetryingThroughCutConnectionsCountEveryEventOnceAndNeverSeeA500() throws Exception {
		Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
		List<String> acknowledged = new CopyOnWriteArrayList<>();
		List<String> unavailableWithoutRetryAfter = new CopyOnWriteArrayList<>();
		AtomicBoolean cutting = new AtomicBoolean(true);
		ExecutorService agents = Executors.newFixedThreadPool(AGENTS);
		int terminated = 0;
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int a = 0; a < AGENTS; a++) {
				int agent = a;
				running.add(agents.submit(() -> {
					Http http = new Http(this.port);
					// Every other request is a batch of 5; each is retried until it is
					// acknowledged.
					for (int n = 0; cutting.get() || n < 10; n++) {
						List<String> ids = new ArrayList<>();
						int size = (n % 2 == 0) ? 1 : 5;
						StringBuilder body = new StringBuilder((size == 1) ? "" : "[");
						for (int i = 0; i < size; i++) {
							String id = "agent" + agent + "-" + n + "-" + i;
							ids.add(id);
							body.append((i == 0) ? "" : ",")
								.append(Api.event(id, "platform", "claude-sonnet", "2026-03-02T09:00:00Z", 1).strip());
						}
						String json = body.append((size == 1) ? "" : "]").toString();
						postUntilAcknowledged(http, json, statuses, unavailableWithoutRetryAfter);
						acknowledged.addAll(ids);
						// Agents read too: reads go to the database on their own
						// connections.
						read(http, (n % 2 == 0) ? "/teams/platform/availability" : "/pools/session/usage", statuses,
								unavailableWithoutRetryAfter);
					}
					return null;
				}));
			}
			for (int round = 0; round < ROUNDS; round++) {
				Thread.sleep(200);
				terminated += terminateSessions();
			}
			cutting.set(false);
			for (Future<?> agent : running) {
				agent.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			cutting.set(false);
			agents.shutdownNow();
		}
		System.out.println("[connection cut] " + terminated + " sessions terminated in " + ROUNDS + " rounds, "
				+ acknowledged.size() + " events acknowledged, answers by status " + statuses);
		assertThat(terminated).as("sessions terminated").isGreaterThan(ROUNDS);
		assertThat(statuses).as("answers by status").doesNotContainKey(500).containsKey(200);
		assertThat(statuses.keySet()).as("answers by status " + statuses).isSubsetOf(Set.of(200, 503));
		assertThat(unavailableWithoutRetryAfter).isEmpty();
		assertThat(healthUpWithin(Duration.ofSeconds(10))).as("health UP within 10 s").isTrue();

		long distinct = acknowledged.stream().distinct().count();
		assertThat(distinct).isEqualTo(acknowledged.size());
		assertThat(this.ledger.events()).isEqualTo(acknowledged.size());
		for (String id : acknowledged.subList(0, Math.min(50, acknowledged.size()))) {
			assertThat(this.ledger.hasEvent(id)).as(id).isTrue();
		}
		long ledgerMessages = this.jdbc.sql("select coalesce(sum(messages), 0) from usage_events")
			.query(Long.class)
			.single();
		assertThat(ledgerMessages).isEqualTo(acknowledged.size());
		assertThat(this.ledger.bucketAmount("minute", "session")).isEqualTo(ledgerMessages);
		assertThat(this.ledger.bucketEvents("minute", "session")).isEqualTo(ledgerMessages);
		assertThat(this.ledger.bucketAmount("hour", "session")).isEqualTo(ledgerMessages);
	}

	private static void postUntilAcknowledged(Http http, String json, Map<Integer, Integer> statuses,
			List<String> unavailableWithoutRetryAfter) throws InterruptedException {
		for (int attempt = 1;; attempt++) {
			try {
				HttpResponse<String> response = http.post("/usage-events", json);
				statuses.merge(response.statusCode(), 1, Integer::sum);
				if (response.statusCode() == 200) {
					return;
				}
				if (response.statusCode() == 503 && !response.headers().firstValue("Retry-After").isPresent()) {
					unavailableWithoutRetryAfter.add(response.body());
				}
			}
			catch (IOException ex) {
				// Not answered: an agent sends the same events again.
				statuses.merge(-1, 1, Integer::sum);
			}
			assertThat(attempt).as("attempts for one request").isLessThan(200);
			// Retry-After says 1 s; the test waits less to keep the cuts busy.
			Thread.sleep(50);
		}
	}

	private static void read(Http http, String path, Map<Integer, Integer> statuses,
			List<String> unavailableWithoutRetryAfter) {
		try {
			HttpResponse<String> response = http.get(path);
			statuses.merge(response.statusCode(), 1, Integer::sum);
			if (response.statusCode() == 503 && !response.headers().firstValue("Retry-After").isPresent()) {
				unavailableWithoutRetryAfter.add(path + " " + response.body());
			}
		}
		catch (IOException ex) {
			statuses.merge(-1, 1, Integer::sum);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Terminates every other session on the test database; answers how many. */
	private int terminateSessions() throws Exception {
		String url = this.environment.getProperty("spring.datasource.url");
		try (Connection c = DriverManager.getConnection(url, this.environment.getProperty("spring.datasource.username"),
				this.environment.getProperty("spring.datasource.password", ""));
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("select count(*) filter (where pg_terminate_backend(pid)) "
						+ "from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()")) {
			rs.next();
			return rs.getInt(1);
		}
	}

	private boolean healthUpWithin(Duration limit) throws Exception {
		Http http = new Http(this.port, null);
		long deadline = System.nanoTime() + limit.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				HttpResponse<String> health = http.get("/actuator/health");
				if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
					return true;
				}
			}
			catch (IOException ex) {
				// not answering yet
			}
			Thread.sleep(100);
		}
		return false;
	}

}
