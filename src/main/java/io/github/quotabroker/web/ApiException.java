package io.github.quotabroker.web;

import java.time.Instant;
import java.util.Map;
import java.util.List;

/**
 * Base of the domain exceptions that map to a problem detail. Subclasses name the failure
 * ({@code UnknownTeam}, {@code PoolInUse}, ...).
 */
public abstract class ApiException extends RuntimeException {

	private final ProblemType problemType;

	private final List<FieldError> errors;

	protected ApiException(ProblemType problemType, String detail) {
		this(problemType, detail, List.of());
	}

	protected ApiException(ProblemType problemType, String detail, List<FieldError> errors) {
		super(detail);
		this.problemType = problemType;
		this.errors = List.copyOf(errors);
	}

	public ProblemType problemType() {
		return this.problemType;
	}

	public List<FieldError> errors() {
		return this.errors;
	}

	/** Whether sending the same request again may succeed. */
	public boolean retryable() {
		return false;
	}

	/** Earliest instant a retry may succeed, when known. */
	public Instant retryAt() {
		return null;
	}

	/** Further members of the problem detail, in the order given. */
	public Map<String, Object> properties() {
		return Map.of();
	}

}
