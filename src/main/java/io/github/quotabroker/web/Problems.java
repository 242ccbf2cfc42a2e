package io.github.quotabroker.web;

import java.time.Instant;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Builds the RFC 9457 problem details that every error of the service answers with. */
public final class Problems {

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

	public static ResponseEntity<ProblemDetail> response(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
