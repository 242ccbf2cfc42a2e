package io.github.quotabroker.web;

import java.time.Instant;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Builds the RFC 9457 problem details that every error of the service answers with. */
public final class Problems {

	/** What a 503 asks clients to wait: outages we answer 503 for last about a second. */
	public static final String RETRY_AFTER_SECONDS = "1";

	private Problems() {
	}

	public static ProblemDetail of(ProblemType type, String detail) {
		return of(type, type.status(), detail);
	}

	public static ProblemDetail of(ProblemType type, HttpStatus status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type.type());
		problem.setTitle(type.title());
		problem.setProperty("retryable", type.status().is5xxServerError());
		return problem;
	}

	public static ProblemDetail of(ApiException ex) {
		ProblemDetail problem = of(ex.problemType(), ex.getMessage());
		problem.setProperty("retryable", ex.retryable());
		Instant retryAt = ex.retryAt();
		if (retryAt != null) {
			problem.setProperty("retryAt", retryAt.toString());
		}
		if (!ex.errors().isEmpty()) {
			problem.setProperty("errors", ex.errors());
		}
		ex.properties().forEach(problem::setProperty);
		return problem;
	}

	/**
	 * The problem as a response; every 503 says {@code Retry-After}, so that clients back
	 * off instead of hammering a recovering service (issue #17).
	 */
	public static ResponseEntity<ProblemDetail> response(ProblemDetail problem) {
		ResponseEntity.BodyBuilder builder = ResponseEntity.status(problem.getStatus())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
			builder.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		}
		return builder.body(problem);
	}

}
