package io.github.quotabroker.web;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class LoadSheddingTest {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final LoadShedding filter = new LoadShedding(
			new WebProperties(DataSize.ofMegabytes(1), 2, Duration.ofMillis(50), 1), JsonMapper.builder().build(),
			this.registry);

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final CountDownLatch release = new CountDownLatch(1);

	private final CountDownLatch entered = new CountDownLatch(2);

	private final FilterChain slow = (request, response) -> {
		this.entered.countDown();
		try {
			this.release.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		((jakarta.servlet.http.HttpServletResponse) response).setStatus(200);
	};

	@AfterEach
	void stop() {
		this.release.countDown();
		this.threads.shutdownNow();
	}

	private Future<MockHttpServletResponse> call(String path, FilterChain chain) {
		return this.threads.submit(() -> {
			MockHttpServletResponse response = new MockHttpServletResponse();
			this.filter.doFilter(new MockHttpServletRequest("POST", path), response, chain);
			return response;
		});
	}

	@Test
	void beyondTheLimitARequestWaitsItsTimeThenGets503WithRetryAfter() throws Exception {
		Future<MockHttpServletResponse> first = call("/usage-events", this.slow);
		Future<MockHttpServletResponse> second = call("/reservations", this.slow);
		assertThat(this.entered.await(5, TimeUnit.SECONDS)).isTrue();

		long started = System.nanoTime();
		MockHttpServletResponse third = call("/usage-events", (req, res) -> {
		}).get(5, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(45));
		assertThat(third.getStatus()).isEqualTo(503);
		assertThat(third.getHeader("Retry-After")).isEqualTo("1");
		assertThat(third.getContentType()).isEqualTo("application/problem+json");
		assertThat(third.getContentAsString()).contains("\"status\":503").contains("2 requests in progress");
		assertThat(this.registry.get("quota.web.requests.shed").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("quota.web.requests.in.progress").gauge().value()).isEqualTo(2);

		this.release.countDown();
		assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
		assertThat(second.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
		assertThat(this.registry.get("quota.web.requests.in.progress").gauge().value()).isZero();
		// Room again: the next request is served.
		assertThat(call("/usage-events", this.slow).get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
	}

	@Test
	void beyondTheWaitersBoundARequestIsRefusedAtOnce() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		LoadShedding patient = new LoadShedding(
				new WebProperties(DataSize.ofMegabytes(1), 2, Duration.ofSeconds(30), 1), JsonMapper.builder().build(),
				registry);
		FilterChain served = (req, res) -> ((jakarta.servlet.http.HttpServletResponse) res).setStatus(200);
		java.util.function.BiFunction<String, FilterChain, Future<MockHttpServletResponse>> callPatient = (path,
				chain) -> this.threads.submit(() -> {
					MockHttpServletResponse response = new MockHttpServletResponse();
					patient.doFilter(new MockHttpServletRequest("POST", path), response, chain);
					return response;
				});
		Future<MockHttpServletResponse> first = callPatient.apply("/usage-events", this.slow);
		Future<MockHttpServletResponse> second = callPatient.apply("/usage-events", this.slow);
		assertThat(this.entered.await(5, TimeUnit.SECONDS)).isTrue();
		// The one waiter allowed waits (up to 30 s) ...
		Future<MockHttpServletResponse> waiter = callPatient.apply("/usage-events", served);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (patient.queuedNow() < 1 && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		assertThat(patient.queuedNow()).isEqualTo(1);
		// ... and the next one is refused without waiting.
		long started = System.nanoTime();
		MockHttpServletResponse refused = callPatient.apply("/reservations", served).get(5, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		assertThat(refused.getStatus()).isEqualTo(503);
		assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
		assertThat(waiter.isDone()).isFalse();
		assertThat(registry.get("quota.web.requests.shed").counter().count()).isEqualTo(1);

		this.release.countDown();
		assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
		assertThat(second.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
		assertThat(waiter.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
		assertThat(patient.queuedNow()).isZero();
	}

	@Test
	void healthMetricsAndEventStreamsAreServedWhileItSheds() throws Exception {
		call("/usage-events", this.slow);
		call("/usage-events", this.slow);
		assertThat(this.entered.await(5, TimeUnit.SECONDS)).isTrue();
		for (String path : new String[] { "/actuator/health", "/actuator/prometheus", "/teams/platform/events",
				"/imports/claude-code" }) {
			MockHttpServletResponse response = call(path,
					(req, res) -> ((jakarta.servlet.http.HttpServletResponse) res).setStatus(200))
				.get(5, TimeUnit.SECONDS);
			assertThat(response.getStatus()).as(path).isEqualTo(200);
		}
		assertThat(this.registry.get("quota.web.requests.shed").counter().count()).isZero();
	}

	@Test
	void aFailingRequestGivesItsPlaceBack() throws Exception {
		for (int i = 0; i < 5; i++) {
			Future<MockHttpServletResponse> failing = call("/usage-events", (req, res) -> {
				throw new IllegalStateException("boom");
			});
			assertThat(failing).failsWithin(Duration.ofSeconds(5));
		}
		assertThat(this.registry.get("quota.web.requests.in.progress").gauge().value()).isZero();
	}

}
