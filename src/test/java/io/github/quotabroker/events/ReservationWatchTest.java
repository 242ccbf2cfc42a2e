package io.github.quotabroker.events;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The long-poll's waiting, without a database: notifications are handed to it the way the
 * listener does. Waits are real time, kept short.
 */
class ReservationWatchTest {

	private static final Duration LONG = Duration.ofSeconds(30);

	@Test
	void answersAtOnceWhenTheFirstReadAlreadySatisfies() {
		ReservationWatch watch = watch(LONG, LONG);
		AtomicInteger reads = new AtomicInteger();
		String answer = watch.await("r", "HELD"::equals, LONG, () -> {
			reads.incrementAndGet();
			return "HELD";
		});
		assertThat(answer).isEqualTo("HELD");
		assertThat(reads.get()).isEqualTo(1);
		assertThat(watch.waiting()).isZero();
	}

	@Test
	void wakesAndRereadsWhenAnEventAboutTheReservationArrives() throws Exception {
		ReservationWatch watch = watch(LONG, LONG);
		AtomicReference<String> status = new AtomicReference<>("QUEUED");
		CompletableFuture<String> answer = CompletableFuture
			.supplyAsync(() -> watch.await("r", "HELD"::equals, LONG, status::get));
		awaitWaiting(watch);
		watch.deliver(notification("other"));
		status.set("HELD");
		watch.deliver(notification("r"));
		assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("HELD");
	}

	@Test
	void rereadsOnItsOwnEveryRecheckSoAMissedEventCostsLittle() throws Exception {
		ReservationWatch watch = watch(LONG, Duration.ofMillis(50));
		AtomicReference<String> status = new AtomicReference<>("QUEUED");
		long started = System.nanoTime();
		CompletableFuture<String> answer = CompletableFuture
			.supplyAsync(() -> watch.await("r", "HELD"::equals, LONG, status::get));
		awaitWaiting(watch);
		status.set("HELD");
		assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("HELD");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void answersTheLastReadWhenTheTimeoutPasses() {
		ReservationWatch watch = watch(LONG, Duration.ofMillis(40));
		AtomicInteger reads = new AtomicInteger();
		long started = System.nanoTime();
		String answer = watch.await("r", "HELD"::equals, Duration.ofMillis(200),
				() -> "QUEUED#" + reads.incrementAndGet());
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		assertThat(answer).isEqualTo("QUEUED#" + reads.get());
		assertThat(reads.get()).isGreaterThan(2);
		assertThat(watch.waiting()).isZero();
	}

	@Test
	void neverWaitsLongerThanMaxWait() {
		ReservationWatch watch = watch(Duration.ofMillis(100), LONG);
		long started = System.nanoTime();
		assertThat(watch.await("r", "HELD"::equals, Duration.ofHours(1), () -> "QUEUED")).isEqualTo("QUEUED");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(100),
				Duration.ofSeconds(5));
	}

	@Test
	void aZeroOrNegativeTimeoutReadsOnce() {
		ReservationWatch watch = watch(LONG, LONG);
		AtomicInteger reads = new AtomicInteger();
		assertThat(watch.await("r", "HELD"::equals, Duration.ofSeconds(-1), () -> "QUEUED#" + reads.incrementAndGet()))
			.isEqualTo("QUEUED#1");
		assertThat(watch.await("r", "HELD"::equals, Duration.ZERO, () -> "QUEUED#" + reads.incrementAndGet()))
			.isEqualTo("QUEUED#2");
	}

	@Test
	void theListenerStoppingEndsEveryWait() throws Exception {
		ReservationWatch watch = watch(LONG, LONG);
		CompletableFuture<String> answer = CompletableFuture
			.supplyAsync(() -> watch.await("r", "HELD"::equals, LONG, () -> "QUEUED"));
		awaitWaiting(watch);
		watch.listenerStopped();
		assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("QUEUED");
	}

	private static ReservationWatch watch(Duration maxWait, Duration recheck) {
		EventsProperties properties = new EventsProperties(Duration.ofSeconds(15), 1000, Duration.ofMinutes(30),
				maxWait, recheck, Duration.ofMillis(500), Duration.ofSeconds(30));
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		TeamEventListener listener = new TeamEventListener(null, JsonMapper.builder().build(), properties, registry);
		return new ReservationWatch(listener, properties, registry);
	}

	private static TeamEventListener.Notification notification(String reservationId) {
		TeamEvent event = new TeamEvent(TeamEventType.GRANTED, "platform", "session", reservationId, "HELD", "granted",
				Instant.parse("2026-11-25T12:00:00Z"));
		return new TeamEventListener.Notification(event, "{}");
	}

	private static void awaitWaiting(ReservationWatch watch) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (watch.waiting() == 0 && System.nanoTime() < deadline) {
			Thread.sleep(2);
		}
		assertThat(watch.waiting()).isEqualTo(1);
	}

}
