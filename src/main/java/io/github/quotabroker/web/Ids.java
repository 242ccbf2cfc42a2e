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

	public static boolean isResourceId(String value) {
		return value != null && RESOURCE_ID.matcher(value).matches();
	}

	/** Checks a path id, answering 400 naming the parameter when it is malformed. */
	public static String requireResourceId(String parameter, String value) {
		if (!isResourceId(value)) {
			throw new InvalidRequest(parameter, RESOURCE_ID_RULE);
		}
		return value;
	}

}
