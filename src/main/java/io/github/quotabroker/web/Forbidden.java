package io.github.quotabroker.web;

/** A valid key acting outside its role or team. */
public class Forbidden extends ApiException {

	public Forbidden(String detail) {
		super(ProblemType.FORBIDDEN, detail);
	}

}
