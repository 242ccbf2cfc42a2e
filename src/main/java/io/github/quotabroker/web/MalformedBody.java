package io.github.quotabroker.web;

/** The body is not valid JSON, or is JSON of the wrong shape. */
public class MalformedBody extends ApiException {

	public MalformedBody(Throwable cause) {
		super(ProblemType.MALFORMED_BODY, ProblemHandler.JsonErrors.describe(cause));
	}

}
