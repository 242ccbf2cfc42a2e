package io.github.quotabroker.calibration;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;
import tools.jackson.databind.JsonNode;

/**
 * Reads a body of {@code POST /pools/{poolId}/observations} into the {@link Observation}s
 * that count for the pool, and says why the others do not.
 *
 * <p>
 * What the caller owes us (the body's shape, {@code observedAt}, the status line's
 * numbers) is checked strictly: a 400 names the field. Provider headers are read
 * defensively, because some are undocumented and change: a header that cannot be read is
 * reported as ignored, never refused.
 */
final class ObservationParser {

	/** How far ahead of the server's clock an {@code observedAt} may be. */
	static final Duration MAX_SKEW = Duration.ofMinutes(5);

	/** The largest number of headers read from one body. */
	static final int MAX_HEADERS = 200;

	private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

	private static final Map<String, Duration> STATUS_LINE_WINDOWS = Map.of("five_hour", ProviderWindows.FIVE_HOURS,
			"seven_day", ProviderWindows.SEVEN_DAYS);

	private ObservationParser() {
	}

	/** What a body said that counts for the pool, and what it said that does not. */
	record Parsed(List<Observation> observations, List<IgnoredReading> ignored) {
	}

	static Parsed parse(JsonNode body, Pool pool, Instant now) {
		if (body == null || !body.isObject()) {
			throw new InvalidRequest(null, "the body must be a JSON object");
		}
		List<FieldError> errors = new ArrayList<>();
		String source = text(body, "source");
		String memberId = text(body, "memberId");
		if (body.has("memberId") && !body.get("memberId").isNull()
				&& (memberId == null || !Ids.isResourceId(memberId))) {
			errors.add(FieldError.of("memberId", Ids.RESOURCE_ID_RULE));
		}
		List<Observation> observations = new ArrayList<>();
		List<IgnoredReading> ignored = new ArrayList<>();
		if (source == null) {
			errors.add(FieldError.of("source", "is required: status-line, http-headers or limit-hit"));
		}
		else {
			switch (source) {
				case Observation.STATUS_LINE -> statusLine(body, memberId, now, errors, observations, ignored);
				case Observation.HTTP_HEADERS -> headers(body, memberId, now, errors, observations, ignored);
				case Observation.LIMIT_HIT -> limitHit(body, memberId, now, errors, observations);
				default -> errors.add(FieldError.of("source", "must be status-line, http-headers or limit-hit"));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		List<Observation> counting = new ArrayList<>();
		for (Observation o : observations) {
			Unit statedUnit = (o.statedLimit() != null) ? statedUnit(o.signal()) : null;
			String why = ProviderWindows.mismatch(pool, o.window(), statedUnit);
			if (why == null && o.window() == null && o.resetsAt() != null) {
				// A limit hit says when it resets, not which window it was: one that
				// resets after more than the pool's window was another window's limit.
				Duration length = ProviderWindows.lengthOf(pool);
				if (length == null || Duration.between(o.observedAt(), o.resetsAt()).compareTo(length) > 0) {
					why = "it resets after more than the pool's " + pool.window().label() + " window";
				}
			}
			if (why == null && o.window() == null && ProviderWindows.lengthOf(pool) == null) {
				why = "the pool's window (" + pool.window().label() + ") matches no provider window";
			}
			if (why == null && o.resetsAt() != null && !o.resetsAt().isAfter(o.observedAt())) {
				why = "its window had already reset when it was observed (stale)";
			}
			if (why != null) {
				ignored.add(new IgnoredReading(o.signal(), why));
			}
			else {
				counting.add(o);
			}
		}
		return new Parsed(counting, ignored);
	}

	private static void statusLine(JsonNode body, String memberId, Instant now, List<FieldError> errors,
			List<Observation> out, List<IgnoredReading> ignored) {
		Instant observedAt = observedAt(body, now, true, errors);
		String field = body.has("rateLimits") ? "rateLimits" : "rate_limits";
		JsonNode limits = body.get(field);
		if (limits == null || limits.isNull()) {
			// Absent before a session's first response and on plans without them.
			return;
		}
		if (!limits.isObject()) {
			errors.add(FieldError.of(field, "must be an object such as {\"five_hour\": {...}, \"seven_day\": {...}}"));
			return;
		}
		for (Map.Entry<String, JsonNode> e : limits.properties()) {
			String key = e.getKey();
			String at = field + "." + key;
			Duration window = STATUS_LINE_WINDOWS.get(key);
			JsonNode entry = e.getValue();
			if (entry == null || entry.isNull()) {
				continue;
			}
			if (window == null) {
				ignored.add(new IgnoredReading(key, "not a window this service knows (five_hour, seven_day)"));
				continue;
			}
			if (!entry.isObject()) {
				errors.add(FieldError.of(at, "must be an object with used_percentage and resets_at"));
				continue;
			}
			BigDecimal percent = percent(entry.get("used_percentage"), at + ".used_percentage", errors);
			Instant resetsAt = epochSeconds(entry.get("resets_at"), at + ".resets_at", errors);
			if (percent != null && observedAt != null) {
				out.add(new Observation(Observation.STATUS_LINE, key, memberId, observedAt, window, percent, resetsAt,
						null, null));
			}
		}
	}

	private static void limitHit(JsonNode body, String memberId, Instant now, List<FieldError> errors,
			List<Observation> out) {
		Instant observedAt = observedAt(body, now, true, errors);
		Instant resetsAt = null;
		JsonNode value = body.get("resetsAt");
		if (value != null && !value.isNull()) {
			resetsAt = value.isNumber() ? epochSeconds(value, "resetsAt", errors) : rfc3339(value, "resetsAt", errors);
		}
		if (observedAt != null) {
			out.add(new Observation(Observation.LIMIT_HIT, Observation.LIMIT_HIT, memberId, observedAt, null,
					BigDecimal.valueOf(100), resetsAt, null, null));
		}
	}

	private static void headers(JsonNode body, String memberId, Instant now, List<FieldError> errors,
			List<Observation> out, List<IgnoredReading> ignored) {
		Instant observedAt = observedAt(body, now, false, errors);
		JsonNode node = body.get("headers");
		if (node == null || !node.isObject()) {
			errors.add(FieldError.of("headers", "is required: an object of response header names to values"));
			return;
		}
		if (node.size() > MAX_HEADERS) {
			errors.add(FieldError.of("headers", "at most " + MAX_HEADERS + " headers"));
			return;
		}
		Map<String, String> h = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> e : node.properties()) {
			JsonNode v = e.getValue();
			String text = (v == null || v.isNull()) ? null
					: (v.isArray() && !v.isEmpty()) ? v.get(0).asString() : v.isValueNode() ? v.asString() : null;
			if (text != null) {
				h.put(e.getKey().toLowerCase(Locale.ROOT), text.strip());
			}
		}
		if (observedAt == null) {
			return;
		}
		for (String window : List.of("5h", "7d")) {
			unified(h, window, memberId, observedAt, out, ignored);
		}
		for (String kind : List.of("primary", "secondary")) {
			codex(h, kind, memberId, observedAt, out, ignored);
		}
		for (String dimension : List.of("requests", "tokens", "input-tokens", "output-tokens")) {
			anthropicStated(h, dimension, memberId, observedAt, out, ignored);
		}
		for (String dimension : List.of("requests", "tokens")) {
			openAiStated(h, dimension, memberId, observedAt, out, ignored);
		}
		if (out.isEmpty() && ignored.isEmpty()) {
			ignored.add(new IgnoredReading("headers", "no anthropic-ratelimit-*, x-ratelimit-* or x-codex-* header"));
		}
	}

	/**
	 * {@code anthropic-ratelimit-unified-{5h,7d}-{utilization,reset,status}}:
	 * undocumented; utilization a fraction (a value above 1 and at most 100 is taken as a
	 * percent), reset in epoch seconds (milliseconds and RFC 3339 are read too).
	 */
	private static void unified(Map<String, String> h, String window, String memberId, Instant observedAt,
			List<Observation> out, List<IgnoredReading> ignored) {
		String prefix = "anthropic-ratelimit-unified-" + window + "-";
		String signal = "unified-" + window;
		String utilization = h.get(prefix + "utilization");
		if (utilization == null) {
			return;
		}
		BigDecimal value = decimal(utilization);
		if (value == null || value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
			ignored.add(new IgnoredReading(signal, "utilization '" + utilization + "' is not a fraction from 0 to 1"));
			return;
		}
		BigDecimal percent = (value.compareTo(BigDecimal.ONE) <= 0) ? value.movePointRight(2) : value;
		out.add(new Observation(Observation.HTTP_HEADERS, signal, memberId, observedAt,
				window.equals("5h") ? ProviderWindows.FIVE_HOURS : ProviderWindows.SEVEN_DAYS, percent,
				lenientInstant(h.get(prefix + "reset")), null, null));
	}

	/**
	 * {@code x-codex-{primary,secondary}-{used-percent,window-minutes,reset-at}}: a
	 * percent, the window's length in minutes, the reset in epoch seconds (or
	 * {@code reset-after-seconds}).
	 */
	private static void codex(Map<String, String> h, String kind, String memberId, Instant observedAt,
			List<Observation> out, List<IgnoredReading> ignored) {
		String prefix = "x-codex-" + kind + "-";
		String signal = "codex-" + kind;
		String used = h.get(prefix + "used-percent");
		if (used == null) {
			return;
		}
		BigDecimal percent = decimal(used);
		Long minutes = whole(h.get(prefix + "window-minutes"));
		if (percent == null || percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
			ignored.add(new IgnoredReading(signal, "used-percent '" + used + "' is not a percent from 0 to 100"));
			return;
		}
		if (minutes == null || minutes <= 0) {
			ignored.add(new IgnoredReading(signal, "no window-minutes: which window it is about is unknown"));
			return;
		}
		Instant resetsAt = lenientInstant(h.get(prefix + "reset-at"));
		Long after = whole(h.get(prefix + "reset-after-seconds"));
		if (resetsAt == null && after != null && after >= 0) {
			resetsAt = observedAt.plusSeconds(after);
		}
		out.add(new Observation(Observation.HTTP_HEADERS, signal, memberId, observedAt, Duration.ofMinutes(minutes),
				percent, resetsAt, null, null));
	}

	/**
	 * Anthropic's documented
	 * {@code anthropic-ratelimit-{requests,tokens,...}-{limit,remaining,reset}}:
	 * per-minute API rate limits (reset in RFC 3339), which only a 1-minute pool models.
	 */
	private static void anthropicStated(Map<String, String> h, String dimension, String memberId, Instant observedAt,
			List<Observation> out, List<IgnoredReading> ignored) {
		String prefix = "anthropic-ratelimit-" + dimension + "-";
		stated(h.get(prefix + "limit"), h.get(prefix + "remaining"), "anthropic-" + dimension, memberId, observedAt,
				lenientInstant(h.get(prefix + "reset")), out, ignored);
	}

	/**
	 * OpenAI's {@code x-ratelimit-{limit,remaining,reset}-{requests,tokens}}, the reset a
	 * duration such as {@code 6m0s} or {@code 20ms}.
	 */
	private static void openAiStated(Map<String, String> h, String dimension, String memberId, Instant observedAt,
			List<Observation> out, List<IgnoredReading> ignored) {
		Duration reset = goDuration(h.get("x-ratelimit-reset-" + dimension));
		stated(h.get("x-ratelimit-limit-" + dimension), h.get("x-ratelimit-remaining-" + dimension),
				"openai-" + dimension, memberId, observedAt, (reset != null) ? observedAt.plus(reset) : null, out,
				ignored);
	}

	private static void stated(String limitText, String remainingText, String signal, String memberId,
			Instant observedAt, Instant resetsAt, List<Observation> out, List<IgnoredReading> ignored) {
		if (limitText == null) {
			return;
		}
		Long limit = whole(limitText);
		Long remaining = whole(remainingText);
		if (limit == null || remaining == null || limit <= 0 || remaining < 0) {
			ignored.add(new IgnoredReading(signal, "limit '" + limitText + "' and remaining '" + remainingText
					+ "' are not whole numbers with 0 <= remaining and 0 < limit"));
			return;
		}
		BigDecimal percent = BigDecimal.valueOf(Math.max(0, limit - remaining))
			.multiply(BigDecimal.valueOf(100))
			.divide(BigDecimal.valueOf(limit), 4, java.math.RoundingMode.HALF_UP)
			.min(BigDecimal.valueOf(100));
		out.add(new Observation(Observation.HTTP_HEADERS, signal, memberId, observedAt, ProviderWindows.ONE_MINUTE,
				percent, resetsAt, limit, remaining));
	}

	/** The unit a stated limit is in: requests are messages, the rest tokens. */
	static Unit statedUnit(String signal) {
		return signal.endsWith("requests") ? Unit.MESSAGES : Unit.TOKENS;
	}

	// ---- strict reading of what the caller owes ------------------------------

	private static Instant observedAt(JsonNode body, Instant now, boolean required, List<FieldError> errors) {
		JsonNode value = body.get("observedAt");
		if (value == null || value.isNull()) {
			if (required) {
				errors.add(FieldError.of("observedAt", "is required, an RFC 3339 timestamp"));
				return null;
			}
			return now;
		}
		Instant at = rfc3339(value, "observedAt", errors);
		if (at != null && at.isAfter(now.plus(MAX_SKEW))) {
			errors.add(FieldError.of("observedAt", "must not be in the future"));
			return null;
		}
		return at;
	}

	private static Instant rfc3339(JsonNode value, String field, List<FieldError> errors) {
		if (value.isString()) {
			try {
				return OffsetDateTime.parse(value.asString()).toInstant();
			}
			catch (DateTimeParseException ex) {
				// reported below
			}
		}
		errors.add(FieldError.of(field, "must be an RFC 3339 timestamp such as 2026-12-07T14:00:00Z"));
		return null;
	}

	private static BigDecimal percent(JsonNode value, String field, List<FieldError> errors) {
		if (value == null || value.isNull() || !value.isNumber()) {
			errors.add(FieldError.of(field, "is required, a number from 0 to 100"));
			return null;
		}
		BigDecimal percent = value.decimalValue();
		if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
			errors.add(FieldError.of(field, "must be from 0 to 100"));
			return null;
		}
		return percent.setScale(Math.min(Math.max(percent.scale(), 0), 4), java.math.RoundingMode.HALF_UP);
	}

	private static Instant epochSeconds(JsonNode value, String field, List<FieldError> errors) {
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isNumber() || value.decimalValue().signum() <= 0
				|| value.decimalValue().compareTo(BigDecimal.valueOf(253402300799L)) > 0) {
			errors.add(FieldError.of(field, "must be epoch seconds, such as 1765000000"));
			return null;
		}
		return Instant.ofEpochSecond(value.decimalValue().longValue());
	}

	private static String text(JsonNode body, String field) {
		JsonNode value = body.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	// ---- lenient reading of provider headers ---------------------------------

	private static BigDecimal decimal(String text) {
		try {
			return (text == null || text.isEmpty() || text.length() > 40) ? null : new BigDecimal(text);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static Long whole(String text) {
		BigDecimal value = decimal(text);
		try {
			return (value != null) ? value.longValueExact() : null;
		}
		catch (ArithmeticException ex) {
			return null;
		}
	}

	/**
	 * Epoch seconds, epoch milliseconds (a value past the year 5138 in seconds) or RFC
	 * 3339; anything else: not said.
	 */
	static Instant lenientInstant(String text) {
		if (text == null || text.isEmpty()) {
			return null;
		}
		BigDecimal number = decimal(text);
		if (number != null) {
			long value = number.longValue();
			if (value <= 0) {
				return null;
			}
			return (value > 100_000_000_000L) ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
		}
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * A Go-style duration such as {@code 6m0s}, {@code 1s} or {@code 20ms}; else null.
	 */
	static Duration goDuration(String text) {
		if (text == null || text.isEmpty() || text.length() > 40) {
			return null;
		}
		Matcher m = GO_DURATION.matcher(text);
		Duration total = Duration.ZERO;
		int end = 0;
		while (m.find()) {
			if (m.start() != end) {
				return null;
			}
			end = m.end();
			BigDecimal amount = new BigDecimal(m.group(1));
			long millis = switch (m.group(2)) {
				case "h" -> amount.multiply(BigDecimal.valueOf(3_600_000)).longValue();
				case "m" -> amount.multiply(BigDecimal.valueOf(60_000)).longValue();
				case "s" -> amount.multiply(BigDecimal.valueOf(1000)).longValue();
				default -> amount.longValue();
			};
			total = total.plusMillis(millis);
		}
		return (end == text.length() && end > 0) ? total : null;
	}

}
