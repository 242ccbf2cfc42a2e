package io.github.quotabroker.security;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.github.quotabroker.web.ApiException;
import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.Callers;
import io.github.quotabroker.web.Forbidden;
import io.github.quotabroker.web.ProblemType;
import io.github.quotabroker.web.Problems;
import io.github.quotabroker.web.Unauthorized;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every request but the public paths by its bearer API key, applies the
 * per-key rate limit, and leaves the {@link Caller} in a request attribute. Answers 401
 * and 429 itself, as problem details, since no controller runs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class ApiKeyFilter extends OncePerRequestFilter {

	private final ApiKeyService keys;

	private final JsonMapper jsonMapper;

	private final List<String> publicPaths;

	private final RateLimiter rateLimiter;

	private final AntPathMatcher matcher = new AntPathMatcher();

	private final MeterRegistry registry;

	ApiKeyFilter(ApiKeyService keys, JsonMapper jsonMapper, SecurityProperties properties, Clock clock,
			MeterRegistry registry) {
		this.keys = keys;
		this.jsonMapper = jsonMapper;
		this.publicPaths = properties.publicPaths();
		this.rateLimiter = new RateLimiter(properties.requestsPerSecond(), properties.burst(), clock);
		this.registry = registry;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		// The URI is matched as sent, not normalized: one with dot segments, path
		// parameters or escapes is never public, so that '/assets/../teams' or
		// '/actuator/health/../metrics' cannot pass for a public path.
		if (path.contains("..") || path.contains(";") || path.contains("%")) {
			return false;
		}
		return this.publicPaths.stream().anyMatch((pattern) -> this.matcher.match(pattern, path));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() > 512) {
			refuse(request, response, new Unauthorized("Send an API key as 'Authorization: Bearer <key>'"), "missing");
			return;
		}
		Caller caller;
		try {
			caller = this.keys.authenticate(header.substring(7).strip());
		}
		catch (Unauthorized ex) {
			refuse(request, response, ex, "invalid");
			return;
		}
		Duration wait = this.rateLimiter.acquire(caller.keyId());
		if (!wait.isZero()) {
			long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
			ProblemDetail problem = Problems.of(ProblemType.TOO_MANY_REQUESTS,
					"This key sent more than its rate limit allows; retry in " + seconds + " s");
			problem.setProperty("retryable", true);
			Counter.builder("quota.security.requests.refused")
				.description("Requests refused by authentication or the rate limit")
				.tag("reason", "rate_limited")
				.register(this.registry)
				.increment();
			write(request, response, problem);
			return;
		}
		// Actuator endpoints are not controllers, so the access table does not see them:
		// those that are not public are for admins.
		if (request.getRequestURI().startsWith("/actuator") && !caller.isAdmin()) {
			write(request, response, Problems.of(new Forbidden("Only an ADMIN key may read this actuator endpoint")));
			return;
		}
		request.setAttribute(Callers.ATTRIBUTE, caller);
		chain.doFilter(request, response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, ApiException ex, String reason)
			throws IOException {
		Counter.builder("quota.security.requests.refused")
			.description("Requests refused by authentication or the rate limit")
			.tag("reason", reason)
			.register(this.registry)
			.increment();
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		write(request, response, Problems.of(ex));
	}

	private void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		problem.setInstance(URI.create(request.getRequestURI()));
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.jsonMapper.writeValue(response.getOutputStream(), problem);
	}

}
