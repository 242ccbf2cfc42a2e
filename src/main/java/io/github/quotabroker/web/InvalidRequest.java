package io.github.quotabroker.web;

import java.util.List;

/** The request is well-formed JSON but some fields break the rules. */
public class InvalidRequest extends ApiException {

	public InvalidRequest(List<FieldError> errors) {
		super(ProblemType.VALIDATION, describe(errors), errors);
	}

	public InvalidRequest(String field, String message) {
		this(List.of(FieldError.of(field, message)));
	}

	private static String describe(List<FieldError> errors) {
		if (errors.size() == 1) {
			FieldError e = errors.get(0);
			String where = (e.index() != null) ? "item " + e.index() + ", " : "";
			return where + ((e.field() != null) ? e.field() + ": " : "") + e.message();
		}
		return errors.size() + " fields are invalid; see errors";
	}

}
