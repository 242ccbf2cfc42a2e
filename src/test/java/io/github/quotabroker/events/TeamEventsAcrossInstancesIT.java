package io.github.quotabroker.events;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.jayway.jsonpath.JsonPath;
import io.github.quotabroker.QuotaBrokerApplication;
import io.github.quotabroker.support.Http;
import io.github.quotabroker.support.HttpIntegrationTestBase;
import io.github.quotabroker.support.MutableClock;
import io.github.quotabroker.support.SseClient;
import io.github.quotabroker.support.SseClient.Message;
import io.github.quotabroker.support.TestBeans;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one database: events published on one reach event streams and
 * long-polls on the other, on commit only; the stream endpoint's access rules, heartbeat
 * and cap; the listener's recovery from a lost connection.
 */
@TestPropertySource(properties = { "quota.events.heartbeat=PT0.2S", "quota.events.max-streams=3",
		"quota.events.recheck=PT30S", "quota.events.stream-timeout=PT20S" })
class TeamEventsAcrossInstancesIT extends HttpIntegrationTestBase {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static ConfigurableApplicationContext second;

	@Autowired
	Environment environment;

	@Autowired
	TeamEvents events;

	@Autowired
	TeamEventStreams streams;

	@Autowired
	TeamEventListener listener;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	MeterRegistry registry;

	private int secondPort;

	@BeforeEach
	void twoInstancesAndTwoTeams() throws Exception {
		if (second == null) {
			second = new SpringApplicationBuilder(QuotaBrokerApplication.class, TestBeans.class).run("--server.port=0",
					"--quota.metrics.refresh-interval=PT1H", "--quota.reservations.sweep-interval=PT1H",
					"--quota.queue.poll-interval=PT1H", "--quota.security.admin-token=" + TestBeans.ADMIN_TOKEN,
					"--quota.security.requests-per-second=1000000", "--quota.security.burst=1000000",
					"--quota.events.heartbeat=PT0.2S", "--quota.events.recheck=PT30S",
					"--spring.datasource.hikari.maximum-pool-size=4", "--spring.datasource.hikari.minimum-idle=1",
					"--spring.datasource.url=" + this.environment.getProperty("spring.datasource.url"),
					"--spring.datasource.username=" + this.environment.getProperty("spring.datasource.username"),
					"--spring.datasource.password=" + this.environment.getProperty("spring.datasource.password", ""));
		}
		second.getBean(MutableClock.class).set(this.clock.instant());
		this.secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
		this.api.team("platform", "UTC");
		this.api.team("research", "UTC");
	}

	@AfterAll
	static void stopSecond() {
		if (second != null) {
			second.close();
			second = null;
		}
	}

	// ---------------------------------------------------------------- delivery

	@Test
	void anEventCommittedOnOneInstanceReachesAStreamOnTheOtherOnlyOnCommit() throws Exception {
		try (SseClient stream = connected(this.secondPort, TestBeans.ADMIN_TOKEN, "platform")) {
			new TransactionTemplate(this.transactionManager).executeWithoutResult((tx) -> {
				this.events.publish(event(TeamEventType.GRANTED, "platform", "inside"));
				// Published and committed while the first transaction is still open: it
				// arrives first, so the first was not delivered before its commit.
				CompletableFuture
					.runAsync(() -> this.events.publish(event(TeamEventType.QUEUED, "platform", "outside")))
					.join();
				assertThat(eventsUntil(stream, "outside")).hasSize(1);
			});
			Message inside = stream.nextEvent(WAIT);
			assertThat(inside).isNotNull();
			assertThat(inside.name()).isEqualTo("GRANTED");
			assertThat(Long.parseLong(inside.id())).isPositive();
			assertThat(JsonPath.<String>read(inside.data(), "$.type")).isEqualTo("GRANTED");
			assertThat(JsonPath.<String>read(inside.data(), "$.teamId")).isEqualTo("platform");
			assertThat(JsonPath.<String>read(inside.data(), "$.poolId")).isEqualTo("session");
			assertThat(JsonPath.<String>read(inside.data(), "$.reservationId")).isEqualTo("inside");
			assertThat(JsonPath.<String>read(inside.data(), "$.status")).isEqualTo("HELD");
			assertThat(JsonPath.<String>read(inside.data(), "$.message")).isEqualTo("Reservation 'inside' is HELD");
			assertThat(JsonPath.<String>read(inside.data(), "$.at")).isEqualTo("2026-11-25T12:00:00Z");
		}
	}

	@Test
	void anEventOfARolledBackTransactionReachesNobody() throws Exception {
		try (SseClient onSecond = connected(this.secondPort, TestBeans.ADMIN_TOKEN, "platform");
				SseClient onFirst = connected(this.port, TestBeans.ADMIN_TOKEN, "platform")) {
			new TransactionTemplate(this.transactionManager).executeWithoutResult((tx) -> {
				this.events.publish(event(TeamEventType.GRANTED, "platform", "rolled-back"));
				tx.setRollbackOnly();
			});
			this.events.publish(event(TeamEventType.RELEASED, "platform", "marker"));
			for (SseClient stream : List.of(onSecond, onFirst)) {
				List<Message> received = stream.eventsUntil("marker", WAIT);
				assertThat(received).extracting(Message::data).noneMatch((data) -> data.contains("rolled-back"));
				assertThat(received).hasSize(1);
			}
		}
	}

	@Test
	void aStreamCarriesItsOwnTeamsEventsOnlyInOrderWithGrowingIds() throws Exception {
		try (SseClient stream = connected(this.secondPort, TestBeans.ADMIN_TOKEN, "platform")) {
			this.events.publish(event(TeamEventType.GRANTED, "platform", "one"));
			this.events.publish(event(TeamEventType.GRANTED, "research", "theirs"));
			second.getBean(TeamEvents.class).publish(event(TeamEventType.EXPIRED, "platform", "two"));
			List<Message> received = stream.eventsUntil("two", WAIT);
			assertThat(received).extracting(Message::name).containsExactly("GRANTED", "EXPIRED");
			assertThat(Long.parseLong(received.get(1).id())).isGreaterThan(Long.parseLong(received.get(0).id()));
		}
	}

	@Test
	void aMessageTooLongForANotificationArrivesShortened() throws Exception {
		try (SseClient stream = connected(this.secondPort, TestBeans.ADMIN_TOKEN, "platform")) {
			this.events.publish(new TeamEvent(TeamEventType.PREEMPTED, "platform", "session", "long", "PREEMPTED",
					"é".repeat(20_000), this.clock.instant()));
			Message received = stream.eventsUntil("long", WAIT).get(0);
			String message = JsonPath.read(received.data(), "$.message");
			assertThat(message).startsWith("éé").endsWith("…");
			assertThat(received.data().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
				.isLessThanOrEqualTo(TeamEvents.MAX_PAYLOAD_BYTES);
		}
	}

	@Test
	void publishedEventsAreCountedByTypeOnCommitOnly() {
		double before = published("COMMITTED");
		new TransactionTemplate(this.transactionManager).executeWithoutResult((tx) -> {
			this.events.publish(event(TeamEventType.COMMITTED, "platform", "counted-not"));
			tx.setRollbackOnly();
		});
		assertThat(published("COMMITTED")).isEqualTo(before);
		new TransactionTemplate(this.transactionManager)
			.executeWithoutResult((tx) -> this.events.publish(event(TeamEventType.COMMITTED, "platform", "counted")));
		this.events.publish(event(TeamEventType.COMMITTED, "platform", "counted-too"));
		assertThat(published("COMMITTED")).isEqualTo(before + 2);
	}

	// ---------------------------------------------------------------- long-poll

	@Test
	void aLongPollOnOneInstanceReturnsAsSoonAsAnEventOnTheOtherIsPublished() throws Exception {
		ReservationWatch watch = second.getBean(ReservationWatch.class);
		AtomicReference<String> status = new AtomicReference<>("QUEUED");
		AtomicInteger reads = new AtomicInteger();
		long started = System.nanoTime();
		CompletableFuture<String> answer = CompletableFuture
			.supplyAsync(() -> watch.await("r-1", "HELD"::equals, Duration.ofSeconds(40), () -> {
				reads.incrementAndGet();
				return status.get();
			}));
		awaitWaiting(watch, 1);
		// Nobody re-reads on their own here (quota.events.recheck=PT30S): only the event
		// can wake the waiter.
		status.set("HELD");
		new TransactionTemplate(this.transactionManager)
			.executeWithoutResult((tx) -> this.events.publish(event(TeamEventType.GRANTED, "platform", "r-1")));
		assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("HELD");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
		assertThat(reads.get()).isEqualTo(2);
		assertThat(watch.waiting()).isZero();
	}

	@Test
	void aLongPollIgnoresEventsOfOtherReservationsAndTimesOutWithTheLastRead() throws Exception {
		ReservationWatch watch = second.getBean(ReservationWatch.class);
		AtomicInteger reads = new AtomicInteger();
		long started = System.nanoTime();
		CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> watch.await("r-2", "HELD"::equals,
				Duration.ofMillis(1500), () -> "QUEUED#" + reads.incrementAndGet()));
		awaitWaiting(watch, 1);
		this.events.publish(event(TeamEventType.GRANTED, "platform", "r-other"));
		// Read at once and once more when the time ran out: the other event woke nobody.
		assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("QUEUED#2");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
		assertThat(watch.waiting()).isZero();
	}

	// ---------------------------------------------------------------- the endpoint

	@Test
	void aStreamNeedsAKeyOfTheTeam() throws Exception {
		Http admin = new Http(this.port);
		String platformAgent = JsonPath.read(
				admin.post("/api-keys", "{\"name\":\"runner\",\"role\":\"AGENT\",\"teamId\":\"platform\"}").body(),
				"$.secret");
		try (SseClient none = SseClient.open(this.secondPort, null, "/teams/platform/events")) {
			assertThat(none.status()).isEqualTo(401);
			assertThat(none.contentType()).startsWith("application/problem+json");
			assertThat(JsonPath.<String>read(none.errorBody(), "$.type"))
				.isEqualTo("https://quota-broker.github.io/problems/unauthorized");
		}
		try (SseClient other = SseClient.open(this.secondPort, platformAgent, "/teams/research/events")) {
			assertThat(other.status()).isEqualTo(403);
			assertThat(other.contentType()).startsWith("application/problem+json");
			assertThat(JsonPath.<String>read(other.errorBody(), "$.detail"))
				.isEqualTo("This key acts for team 'platform' only");
		}
		try (SseClient unknown = SseClient.open(this.secondPort, TestBeans.ADMIN_TOKEN, "/teams/nobody/events")) {
			assertThat(unknown.status()).isEqualTo(404);
			assertThat(unknown.contentType()).startsWith("application/problem+json");
		}
		// The agent's own team: a stream, through the async dispatch, events and all.
		try (SseClient own = connected(this.secondPort, platformAgent, "platform")) {
			assertThat(own.contentType()).startsWith("text/event-stream");
			this.events.publish(event(TeamEventType.GRANTED, "platform", "for-the-agent"));
			assertThat(own.eventsUntil("for-the-agent", WAIT)).hasSize(1);
		}
	}

	@Test
	void anOpenStreamGetsHeartbeats() throws Exception {
		try (SseClient stream = connected(this.secondPort, TestBeans.ADMIN_TOKEN, "platform")) {
			assertThat(stream.next(WAIT, (m) -> "heartbeat".equals(m.comment()))).isNotNull();
			assertThat(stream.next(WAIT, (m) -> "heartbeat".equals(m.comment()))).isNotNull();
		}
	}

	@Test
	void anInstanceServesAtMostMaxStreamsAndCountsThem() throws Exception {
		awaitOpenStreams(0);
		try (SseClient one = connected(this.port, TestBeans.ADMIN_TOKEN, "platform");
				SseClient two = connected(this.port, TestBeans.ADMIN_TOKEN, "platform");
				SseClient three = connected(this.port, TestBeans.ADMIN_TOKEN, "research")) {
			assertThat(this.registry.get("quota.events.streams").gauge().value()).isEqualTo(3);
			try (SseClient four = SseClient.open(this.port, TestBeans.ADMIN_TOKEN, "/teams/platform/events")) {
				assertThat(four.status()).isEqualTo(503);
				assertThat(four.contentType()).startsWith("application/problem+json");
				assertThat(JsonPath.<String>read(four.errorBody(), "$.type"))
					.isEqualTo("https://quota-broker.github.io/problems/unavailable");
				assertThat(JsonPath.<Boolean>read(four.errorBody(), "$.retryable")).isTrue();
			}
			// The other instance has room of its own.
			try (SseClient elsewhere = connected(this.secondPort, TestBeans.ADMIN_TOKEN, "platform")) {
				assertThat(elsewhere.status()).isEqualTo(200);
			}
			two.close();
			// The heartbeat finds the closed client and frees its place.
			awaitOpenStreams(2);
			try (SseClient again = connected(this.port, TestBeans.ADMIN_TOKEN, "platform")) {
				assertThat(again.status()).isEqualTo(200);
			}
		}
		awaitOpenStreams(0);
	}

	// ---------------------------------------------------------------- the listener

	@Test
	void theListenerReconnectsAfterItsConnectionIsKilledAndDeliversAgain() throws Exception {
		TeamEventListener secondListener = second.getBean(TeamEventListener.class);
		try (SseClient stream = connected(this.secondPort, TestBeans.ADMIN_TOKEN, "platform")) {
			Set<Integer> killed = Set.of(this.listener.backendPid(), secondListener.backendPid());
			for (int pid : killed) {
				assertThat(this.jdbc.sql("select pg_terminate_backend(?)").param(pid).query(Boolean.class).single())
					.isTrue();
			}
			long deadline = System.nanoTime() + WAIT.toNanos();
			while ((killed.contains(this.listener.backendPid()) || killed.contains(secondListener.backendPid())
					|| !this.listener.listening() || !secondListener.listening()) && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			assertThat(this.listener.listening()).isTrue();
			assertThat(secondListener.listening()).isTrue();
			this.events.publish(event(TeamEventType.GRANTED, "platform", "after-the-outage"));
			assertThat(stream.eventsUntil("after-the-outage", WAIT)).hasSize(1);
		}
	}

	// ---------------------------------------------------------------- helpers

	private TeamEvent event(TeamEventType type, String teamId, String reservationId) {
		return new TeamEvent(type, teamId, "session", reservationId, "HELD",
				"Reservation '" + reservationId + "' is HELD", this.clock.instant());
	}

	/** A stream of the team's events, once the server said it is open. */
	private static SseClient connected(int port, String key, String teamId) throws Exception {
		SseClient stream = SseClient.open(port, key, "/teams/" + teamId + "/events");
		assertThat(stream.status()).as("status of the stream, %s", stream.errorBody()).isEqualTo(200);
		assertThat(stream.next(WAIT, (m) -> "connected".equals(m.comment()))).isNotNull();
		return stream;
	}

	private static List<Message> eventsUntil(SseClient stream, String marker) {
		try {
			return stream.eventsUntil(marker, WAIT);
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void awaitWaiting(ReservationWatch watch, int count) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (watch.waiting() != count && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		assertThat(watch.waiting()).isEqualTo(count);
	}

	private void awaitOpenStreams(int count) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (this.streams.openStreams() != count && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(this.streams.openStreams()).isEqualTo(count);
	}

	private double published(String type) {
		Counter counter = this.registry.find("quota.events.published").tag("type", type).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
