package io.github.quotabroker.web;

import java.io.IOException;

/** Thrown while reading a request body that grows past the configured limit. */
class BodyTooLarge extends IOException {

	BodyTooLarge(long limit) {
		super("The request body exceeds the limit of " + limit + " bytes");
	}

	static BodyTooLarge findIn(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof BodyTooLarge tooLarge) {
				return tooLarge;
			}
		}
		return null;
	}

}
