package io.github.quotabroker.web;

import java.util.regex.Pattern;

/**
 * The safe shapes of identifiers in paths and bodies, checked at the edge so that nothing
 * else has to worry about odd characters.
 */
public final class Ids {

	/**
	 * Pool, team, member and reservation ids: a letter or digit, then letters, digits,
	 * {@code . _ -}.
	 */
	public static final Pattern RESOURCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	/** Event and agent ids are chosen by clients (UUIDs, {@code run-42/step-3}, ...). */
	public static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,199}");

	/**
	 * Model names as providers spell them ({@code claude-opus-4-1},
	 * {@code openai/gpt-5}).
	 */
	public static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/+-]{0,199}");

	public static final String RESOURCE_ID_RULE = "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";

	private Ids() {
	}

	// Hand-written equivalents of the patterns above.
	// Ids are checked on every usage event,
	// and a character loop costs a fraction of a regex match.

	public static boolean isResourceId(String value) {
		return matches(value, 64, "._-");
	}

	public static boolean isClientId(String value) {
		return matches(value, 200, "._:@/+=-");
	}

	public static boolean isModel(String value) {
		return matches(value, 200, "._:@/+-");
	}

	/**
	 * 1..max characters: a letter or digit first, then letters, digits or {@code extra}.
	 */
	private static boolean matches(String value, int max, String extra) {
		if (value == null || value.isEmpty() || value.length() > max || !isAsciiAlphanumeric(value.charAt(0))) {
			return false;
		}
		for (int i = 1; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!isAsciiAlphanumeric(c) && extra.indexOf(c) < 0) {
				return false;
			}
		}
		return true;
	}

	private static boolean isAsciiAlphanumeric(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	}

	/** Checks a path id, answering 400 naming the parameter when it is malformed. */
	public static String requireResourceId(String parameter, String value) {
		if (!isResourceId(value)) {
			throw new InvalidRequest(parameter, RESOURCE_ID_RULE);
		}
		return value;
	}

}
