package io.github.quotabroker.web;

/** The service cannot take the request right now; the same request may succeed later. */
public class Unavailable extends ApiException {

	public Unavailable(String detail) {
		super(ProblemType.UNAVAILABLE, detail);
	}

	@Override
	public boolean retryable() {
		return true;
	}

}
