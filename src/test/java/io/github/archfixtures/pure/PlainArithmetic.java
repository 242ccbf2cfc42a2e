package io.github.archfixtures.pure;

import java.time.Instant;

/** Keeps the rule: values in, values out. */
public final class PlainArithmetic {

	private PlainArithmetic() {
	}

	public static long free(long limit, long used, Instant now) {
		return Math.max(0, limit - used);
	}

}
