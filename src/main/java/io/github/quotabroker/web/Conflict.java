package io.github.quotabroker.web;

import java.util.List;

/** The request contradicts what the service already holds. */
public class Conflict extends ApiException {

	public Conflict(String detail) {
		super(ProblemType.CONFLICT, detail);
	}

	public Conflict(String detail, List<FieldError> errors) {
		super(ProblemType.CONFLICT, detail, errors);
	}

}
