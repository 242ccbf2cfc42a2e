package io.github.quotabroker.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses bodies over {@code quota.web.max-body-size} with a 413 problem: at once when
 * the declared length is too large, and while reading when a chunked body grows past it.
 * Streamed imports ({@code /imports/...}) are exempt: they bound each line instead.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodySizeLimitFilter extends OncePerRequestFilter {

	private final long limit;

	private final JsonMapper jsonMapper;

	private final Counter usageRejected;

	BodySizeLimitFilter(WebProperties properties, JsonMapper jsonMapper, MeterRegistry registry) {
		this.limit = properties.maxBodySize().toBytes();
		this.jsonMapper = jsonMapper;
		// Same meter as the usage capability's rejections: one panel shows every reason.
		this.usageRejected = Counter.builder("quota.usage.events.rejected")
			.description("Usage events refused, by reason")
			.tag("reason", "too_large")
			.register(registry);
	}

	private void countIfUsage(HttpServletRequest request) {
		if ("/usage-events".equals(request.getRequestURI())) {
			this.usageRejected.increment();
		}
	}

	/**
	 * Imports are streamed line by line, whatever their size: no limit on the whole body.
	 */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getRequestURI().startsWith("/imports/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.limit) {
			countIfUsage(request);
			ProblemDetail problem = Problems.of(ProblemType.BODY_TOO_LARGE,
					"The request body exceeds the limit of " + this.limit + " bytes");
			problem.setInstance(java.net.URI.create(request.getRequestURI()));
			response.setStatus(problem.getStatus());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setHeader("Connection", "close");
			this.jsonMapper.writeValue(response.getOutputStream(), problem);
			return;
		}
		chain.doFilter(new LimitedRequest(request, this.limit, () -> countIfUsage(request)), response);
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private final Runnable onTooLarge;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long limit, Runnable onTooLarge) {
			super(request);
			this.limit = limit;
			this.onTooLarge = onTooLarge;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new CountingStream(super.getInputStream(), this.limit, this.onTooLarge);
			}
			return this.stream;
		}

	}

	private static final class CountingStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long limit;

		private final Runnable onTooLarge;

		private long count;

		private boolean reported;

		CountingStream(ServletInputStream delegate, long limit, Runnable onTooLarge) {
			this.delegate = delegate;
			this.limit = limit;
			this.onTooLarge = onTooLarge;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws BodyTooLarge {
			this.count += n;
			if (this.count > this.limit) {
				if (!this.reported) {
					this.reported = true;
					this.onTooLarge.run();
				}
				throw new BodyTooLarge(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
