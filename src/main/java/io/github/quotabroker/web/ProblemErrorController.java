package io.github.quotabroker.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers errors raised outside controllers (filters, the container) with a problem
 * detail instead of Spring Boot's default error JSON.
 */
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping("/error")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		// A filter (the key look-up) that lost the database is an outage, not a bug.
		if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
				&& DatabaseOutage.causedBy(failure)) {
			return Problems.response(ProblemHandler.databaseUnavailable());
		}
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = HttpStatus.resolve((code instanceof Integer i) ? i : 500);
		if (status == null) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		ProblemType type = switch (status) {
			case NOT_FOUND -> ProblemType.NOT_FOUND;
			case CONTENT_TOO_LARGE -> ProblemType.BODY_TOO_LARGE;
			case METHOD_NOT_ALLOWED -> ProblemType.METHOD_NOT_ALLOWED;
			case SERVICE_UNAVAILABLE -> ProblemType.UNAVAILABLE;
			default -> status.is4xxClientError() ? ProblemType.MALFORMED_BODY : ProblemType.INTERNAL;
		};
		String detail = status.is5xxServerError() ? "An unexpected error occurred; it has been logged"
				: status.getReasonPhrase();
		return Problems.response(Problems.of(type, status, detail));
	}

}
