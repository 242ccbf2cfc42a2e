package io.github.quotabroker.web;

/**
 * One offending field of a request, reported in a problem's {@code errors} member.
 *
 * @param index position in a JSON array body, {@code null} for a single object
 * @param field the JSON field (dotted path), or {@code null} for the whole item
 * @param message what is wrong, in plain words
 */
public record FieldError(Integer index, String field, String message) {

	public static FieldError of(String field, String message) {
		return new FieldError(null, field, message);
	}

}
