package io.github.quotabroker.web;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

/** Validates IANA timezone ids at the edge. */
public final class Zones {

	private Zones() {
	}

	/**
	 * Parses an IANA zone id such as {@code America/New_York} (or {@code UTC}); fixed
	 * offsets and abbreviations are refused because they do not follow DST. Adds an error
	 * and returns {@code null} when the id is missing or unknown.
	 */
	public static ZoneId parse(String field, String id, List<FieldError> errors) {
		if (id == null || (!id.contains("/") && !"UTC".equals(id)) || id.length() > 64) {
			errors.add(FieldError.of(field, "is required, an IANA timezone such as America/New_York"));
			return null;
		}
		try {
			return ZoneId.of(id);
		}
		catch (DateTimeException ex) {
			errors.add(FieldError.of(field, "is not a known IANA timezone"));
			return null;
		}
	}

}
