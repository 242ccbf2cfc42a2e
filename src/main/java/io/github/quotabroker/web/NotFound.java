package io.github.quotabroker.web;

import java.util.List;

/** A named resource (pool, team, ...) does not exist. */
public class NotFound extends ApiException {

	public NotFound(String detail) {
		super(ProblemType.NOT_FOUND, detail);
	}

	public NotFound(String detail, List<FieldError> errors) {
		super(ProblemType.NOT_FOUND, detail, errors);
	}

}
