package io.github.quotabroker.web;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sheds load instead of queueing it without bound: at most
 * {@code quota.web.max-concurrent-requests} API requests are served at once; one that
 * finds no room within {@code quota.web.max-queue-wait}, or finds
 * {@code quota.web.max-queued-requests} already waiting, is answered 503 with
 * {@code Retry-After} before it costs a database connection, so that under ten times the
 * sustainable load the requests that are admitted keep their normal latency. The bound on
 * waiters matters as much as the permits: a waiting request holds one of the server's
 * threads, and if every excess request waited its full time, the server's threads would
 * refuse only a few per second while the rest queued, unanswered, in front of them.
 * Health and metrics, event streams (long-lived by design) and streamed imports are not
 * counted: an operator must still see the service while it sheds.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class LoadShedding extends OncePerRequestFilter {

	private final Semaphore permits;

	private final int capacity;

	private final long waitNanos;

	private final int maxQueued;

	private final AtomicInteger queued = new AtomicInteger();

	private final JsonMapper jsonMapper;

	private final Counter shed;

	LoadShedding(WebProperties properties, JsonMapper jsonMapper, MeterRegistry registry) {
		this.capacity = properties.maxConcurrentRequests();
		this.permits = new Semaphore(this.capacity);
		this.waitNanos = properties.maxQueueWait().toNanos();
		this.maxQueued = properties.maxQueuedRequests();
		this.jsonMapper = jsonMapper;
		this.shed = Counter.builder("quota.web.requests.shed")
			.description("API requests answered 503 because quota.web.max-concurrent-requests were in progress")
			.register(registry);
		Gauge.builder("quota.web.requests.in.progress", this, (s) -> s.capacity - s.permits.availablePermits())
			.description("API requests being served, of quota.web.max-concurrent-requests")
			.register(registry);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		return path.startsWith("/actuator/") || path.endsWith("/events") || path.startsWith("/imports/")
				|| path.startsWith("/assets/") || "/".equals(path) || "/favicon.ico".equals(path);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.permits.tryAcquire() && !awaitPermit()) {
			refuse(request, response);
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.permits.release();
		}
	}

	/** Requests waiting for a place now. */
	int queuedNow() {
		return this.queued.get();
	}

	/** Waits for a permit, unless too many already wait: then it is refused at once. */
	private boolean awaitPermit() {
		if (this.queued.incrementAndGet() > this.maxQueued) {
			this.queued.decrementAndGet();
			return false;
		}
		try {
			return this.permits.tryAcquire(this.waitNanos, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.queued.decrementAndGet();
		}
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.shed.increment();
		ProblemDetail problem = Problems.of(ProblemType.UNAVAILABLE, "The service is at its limit of " + this.capacity
				+ " requests in progress; retry after the time in Retry-After");
		problem.setInstance(java.net.URI.create(request.getRequestURI()));
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setHeader(HttpHeaders.RETRY_AFTER, Problems.RETRY_AFTER_SECONDS);
		this.jsonMapper.writeValue(response.getOutputStream(), problem);
	}

}
