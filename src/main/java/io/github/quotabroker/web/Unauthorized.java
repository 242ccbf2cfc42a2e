package io.github.quotabroker.web;

/** No key, or a key that is unknown, expired or revoked. */
public class Unauthorized extends ApiException {

	public Unauthorized(String detail) {
		super(ProblemType.UNAUTHORIZED, detail);
	}

}
