package io.github.quotabroker.usage;

import java.time.Duration;
import java.time.Instant;

import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.ProblemHandler;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

// Declared so that an unacceptable Accept header is refused before any work is done.
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class UsageController {

	private final UsageService usage;

	private final UsageMetrics metrics;

	private final ProblemHandler problems;

	UsageController(UsageService usage, UsageMetrics metrics, ProblemHandler problems) {
		this.usage = usage;
		this.metrics = metrics;
		this.problems = problems;
	}

	@PostMapping(path = "/usage-events", consumes = MediaType.APPLICATION_JSON_VALUE)
	IngestAnswer record(Caller caller, @RequestBody JsonNode body) {
		return this.usage.record(caller, body);
	}

	/**
	 * A body that is not JSON is counted as a refused usage report. One too large is
	 * counted by the size limit.
	 */
	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex, HttpServletRequest request) {
		ResponseEntity<ProblemDetail> answer = this.problems.unreadable(ex, request);
		if (answer.getStatusCode() == HttpStatus.BAD_REQUEST) {
			this.metrics.rejected("malformed", 1);
		}
		return answer;
	}

	@GetMapping("/pools/{poolId}/usage")
	UsageHistory history(Caller caller, @PathVariable String poolId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
			@RequestParam(required = false) String groupBy, @RequestParam(required = false) Duration step) {
		Ids.requireResourceId("poolId", poolId);
		return this.usage.history(caller, poolId, from, to, groupBy, step);
	}

}
