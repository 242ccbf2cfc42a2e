package io.github.quotabroker.web;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/** Where the authenticated {@link Caller} of the current HTTP request is kept. */
public final class Callers {

	public static final String ATTRIBUTE = Caller.class.getName();

	private Callers() {
	}

	/**
	 * The caller of the request being served on this thread, or {@code null} outside
	 * requests.
	 */
	public static Caller current() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return (attributes != null) ? (Caller) attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST)
				: null;
	}

}
