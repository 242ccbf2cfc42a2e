package io.github.quotabroker.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.InvalidRequest;

/**
 * Checks a {@link WebhookRequest} field by field and turns it into what is stored; every
 * broken rule is reported with its field.
 */
final class WebhookDefinitions {

	static final List<Integer> DEFAULT_THRESHOLDS = List.of(80, 95);

	static final Duration DEFAULT_QUEUE_WAIT = Duration.ofMinutes(15);

	static final Duration MAX_QUEUE_WAIT = Duration.ofDays(7);

	static final int MAX_THRESHOLDS = 10;

	static final int MAX_URL_LENGTH = 2000;

	static final int MIN_SECRET_LENGTH = 16;

	static final int MAX_SECRET_LENGTH = 200;

	/** A checked request. {@code secret} is {@code null} when the request kept it. */
	record Definition(String url, Set<NoticeType> events, List<Integer> thresholds, Duration queueWaitAbove,
			String secret, WebhookFormat format) {
	}

	private WebhookDefinitions() {
	}

	/**
	 * @param creating whether no webhook of that id exists yet (the secret is then
	 * required)
	 */
	static Definition check(WebhookRequest request, boolean creating) {
		if (request == null) {
			throw new InvalidRequest(null, "a JSON object is required");
		}
		List<FieldError> errors = new ArrayList<>();
		String url = checkUrl(request.url(), errors);
		Set<NoticeType> events = checkEvents(request.events(), errors);
		List<Integer> thresholds = checkThresholds(request.thresholds(), errors);
		Duration wait = checkQueueWait(request.queueWaitAbove(), errors);
		String secret = request.secret();
		if (secret == null) {
			if (creating) {
				errors.add(FieldError.of("secret", "is required when a webhook is created (16 to 200 characters)"));
			}
		}
		else if (secret.length() < MIN_SECRET_LENGTH || secret.length() > MAX_SECRET_LENGTH
				|| secret.chars().anyMatch((c) -> c < 0x21 || c > 0x7e)) {
			errors.add(FieldError.of("secret",
					"must be 16 to 200 printable ASCII characters without spaces (for example from "
							+ "'openssl rand -hex 32')"));
		}
		WebhookFormat format = WebhookFormat.JSON;
		if (request.format() != null) {
			try {
				format = WebhookFormat.valueOf(request.format().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				errors.add(FieldError.of("format", "must be JSON or SLACK"));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		return new Definition(url, events, thresholds, wait, secret, format);
	}

	private static String checkUrl(String url, List<FieldError> errors) {
		if (url == null || url.isBlank()) {
			errors.add(FieldError.of("url", "is required"));
			return null;
		}
		if (url.length() > MAX_URL_LENGTH) {
			errors.add(FieldError.of("url", "must be at most " + MAX_URL_LENGTH + " characters"));
			return null;
		}
		try {
			URI uri = new URI(url);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if (!scheme.equals("http") && !scheme.equals("https")) {
				errors.add(FieldError.of("url", "must be an http or https URL"));
				return null;
			}
			if (uri.getHost() == null || uri.getHost().isEmpty()) {
				errors.add(FieldError.of("url", "must name a host"));
				return null;
			}
			if (uri.getFragment() != null) {
				errors.add(FieldError.of("url", "must not have a fragment (#...)"));
				return null;
			}
			return url;
		}
		catch (URISyntaxException ex) {
			errors.add(FieldError.of("url", "is not a valid URL: " + ex.getReason()));
			return null;
		}
	}

	private static Set<NoticeType> checkEvents(List<String> names, List<FieldError> errors) {
		if (names == null || names.isEmpty()) {
			errors.add(FieldError.of("events", "must name at least one of " + EnumSet.allOf(NoticeType.class)));
			return Set.of();
		}
		Set<NoticeType> events = EnumSet.noneOf(NoticeType.class);
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			try {
				events.add(NoticeType.valueOf(String.valueOf(name).toUpperCase(Locale.ROOT)));
			}
			catch (IllegalArgumentException ex) {
				errors.add(new FieldError(null, "events[" + i + "]",
						"'" + name + "' is not an event; use one of " + EnumSet.allOf(NoticeType.class)));
			}
		}
		return events;
	}

	private static List<Integer> checkThresholds(List<Integer> thresholds, List<FieldError> errors) {
		if (thresholds == null) {
			return DEFAULT_THRESHOLDS;
		}
		if (thresholds.isEmpty() || thresholds.size() > MAX_THRESHOLDS) {
			errors.add(FieldError.of("thresholds", "must list 1 to " + MAX_THRESHOLDS + " percents"));
			return List.of();
		}
		TreeSet<Integer> sorted = new TreeSet<>();
		for (int i = 0; i < thresholds.size(); i++) {
			Integer percent = thresholds.get(i);
			if (percent == null || percent < 1 || percent > 100) {
				errors.add(FieldError.of("thresholds[" + i + "]", "must be a percent from 1 to 100"));
			}
			else if (!sorted.add(percent)) {
				errors.add(FieldError.of("thresholds[" + i + "]", percent + " is listed twice"));
			}
		}
		return List.copyOf(sorted);
	}

	private static Duration checkQueueWait(String text, List<FieldError> errors) {
		if (text == null) {
			return DEFAULT_QUEUE_WAIT;
		}
		try {
			Duration wait = Duration.parse(text);
			if (wait.compareTo(Duration.ofMinutes(1)) < 0 || wait.compareTo(MAX_QUEUE_WAIT) > 0) {
				errors.add(FieldError.of("queueWaitAbove", "must be from PT1M to P7D"));
			}
			return wait;
		}
		catch (DateTimeParseException ex) {
			errors.add(FieldError.of("queueWaitAbove", "must be an ISO-8601 duration such as PT15M"));
			return null;
		}
	}

}
