package io.github.quotabroker.usage;

import java.util.List;
import java.util.function.BiConsumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the other shapes {@code POST /usage-events} accepts into the canonical usage
 * event object, before it is validated like any other:
 * <ul>
 * <li>{@code "format": "openai"} with an OpenAI {@code usage} object
 * ({@code prompt_tokens}, {@code completion_tokens},
 * {@code prompt_tokens_details.cached_tokens}; or the Responses API's
 * {@code input_tokens}, {@code output_tokens},
 * {@code input_tokens_details.cached_tokens}). OpenAI counts cached tokens inside the
 * prompt, so {@code inputTokens} is the prompt minus the cached part;</li>
 * <li>{@code "format": "anthropic"} with an Anthropic Messages API {@code usage} object
 * ({@code input_tokens}, {@code output_tokens}, {@code cache_read_input_tokens},
 * {@code cache_creation_input_tokens}), whose input already excludes the cache;</li>
 * <li>a CloudEvents 1.0 event in structured mode: {@code id} becomes {@code eventId},
 * {@code time} the default {@code occurredAt}, {@code subject} the default
 * {@code teamId}, and {@code data} holds the rest of the event (in any of the formats
 * above).</li>
 * </ul>
 * Problems are reported through {@code errors} with the field's path in the sender's own
 * shape ({@code usage.prompt_tokens}, {@code data.model}); the answer is then
 * {@code null}.
 */
final class UsageFormats {

	static final String CANONICAL = "quota-broker";

	static final List<String> FORMATS = List.of(CANONICAL, "openai", "anthropic");

	private static final List<String> TOKEN_FIELDS = List.of("inputTokens", "outputTokens", "cacheReadTokens",
			"cacheCreationTokens");

	private UsageFormats() {
	}

	/**
	 * The canonical event for an item that may name a {@code format}; the item itself
	 * when it names none.
	 */
	static JsonNode canonical(JsonNode item, BiConsumer<String, String> errors) {
		return canonical(item, "", errors);
	}

	/** The canonical event of one CloudEvent in structured mode. */
	static JsonNode fromCloudEvent(JsonNode event, BiConsumer<String, String> errors) {
		if (!event.isObject()) {
			errors.accept(null, "must be a CloudEvent object");
			return null;
		}
		boolean ok = true;
		JsonNode specversion = event.get("specversion");
		if (specversion == null || !specversion.isString() || !"1.0".equals(specversion.stringValue())) {
			errors.accept("specversion", "must be \"1.0\"");
			ok = false;
		}
		for (String attribute : List.of("id", "source", "type")) {
			JsonNode value = event.get(attribute);
			if (value == null || !value.isString() || value.stringValue().isEmpty()) {
				errors.accept(attribute, "is a required CloudEvents attribute (a non-empty string)");
				ok = false;
			}
		}
		for (String attribute : List.of("time", "subject", "datacontenttype")) {
			JsonNode value = event.get(attribute);
			if (value != null && !value.isNull() && !value.isString()) {
				errors.accept(attribute, "must be a string");
				ok = false;
			}
		}
		JsonNode contentType = event.get("datacontenttype");
		if (contentType != null && contentType.isString() && !contentType.stringValue().contains("json")) {
			errors.accept("datacontenttype", "must be JSON (application/json) for a usage event");
			ok = false;
		}
		JsonNode data = event.get("data");
		if (data == null || !data.isObject()) {
			errors.accept("data", "must be the usage event object (without eventId)");
			return null;
		}
		if (data.has("eventId")) {
			errors.accept("data.eventId", "must be absent: the CloudEvent id is the event id");
			ok = false;
		}
		if (!ok) {
			return null;
		}
		ObjectNode merged = ((ObjectNode) data).deepCopy();
		merged.put("eventId", event.get("id").stringValue());
		JsonNode time = event.get("time");
		if (!merged.has("occurredAt") && time != null && time.isString()) {
			merged.put("occurredAt", time.stringValue());
		}
		JsonNode subject = event.get("subject");
		if (!merged.has("teamId") && subject != null && subject.isString()) {
			merged.put("teamId", subject.stringValue());
		}
		return canonical(merged, "data.", errors);
	}

	private static JsonNode canonical(JsonNode item, String prefix, BiConsumer<String, String> errors) {
		JsonNode format = item.get("format");
		if (format == null || !item.isObject()) {
			return item;
		}
		if (!format.isString() || !FORMATS.contains(format.stringValue())) {
			errors.accept(prefix + "format", "must be one of " + String.join(", ", FORMATS));
			return null;
		}
		ObjectNode copy = ((ObjectNode) item).deepCopy();
		copy.remove("format");
		if (CANONICAL.equals(format.stringValue())) {
			return copy;
		}
		JsonNode usage = copy.remove("usage");
		if (usage == null || !usage.isObject()) {
			errors.accept(prefix + "usage", "is required with format " + format.stringValue()
					+ ": the provider's usage object as the API returned it");
			return null;
		}
		for (String field : TOKEN_FIELDS) {
			if (copy.has(field)) {
				errors.accept(prefix + field, "must be absent with format " + format.stringValue()
						+ ": the tokens come from the usage object");
				return null;
			}
		}
		Tokens t = new Tokens(usage, prefix + "usage.", errors);
		if ("openai".equals(format.stringValue())) {
			// Chat Completions names them prompt/completion; the Responses API
			// input/output.
			boolean responses = usage.has("input_tokens") && !usage.has("prompt_tokens");
			String in = responses ? "input_tokens" : "prompt_tokens";
			String out = responses ? "output_tokens" : "completion_tokens";
			String details = responses ? "input_tokens_details" : "prompt_tokens_details";
			long prompt = t.required(in);
			long completion = t.required(out);
			long cached = t.nested(details, "cached_tokens");
			if (!t.ok) {
				return null;
			}
			if (cached > prompt) {
				errors.accept(prefix + "usage." + details + ".cached_tokens", "must not exceed " + in);
				return null;
			}
			copy.put("inputTokens", prompt - cached);
			copy.put("outputTokens", completion);
			copy.put("cacheReadTokens", cached);
		}
		else {
			long input = t.required("input_tokens");
			long output = t.required("output_tokens");
			long cacheRead = t.optional("cache_read_input_tokens");
			long cacheCreation = t.optional("cache_creation_input_tokens");
			if (!t.ok) {
				return null;
			}
			copy.put("inputTokens", input);
			copy.put("outputTokens", output);
			copy.put("cacheReadTokens", cacheRead);
			copy.put("cacheCreationTokens", cacheCreation);
		}
		return copy;
	}

	/** Reads whole, non-negative token counts of a provider's usage object. */
	private static final class Tokens {

		private final JsonNode usage;

		private final String prefix;

		private final BiConsumer<String, String> errors;

		boolean ok = true;

		Tokens(JsonNode usage, String prefix, BiConsumer<String, String> errors) {
			this.usage = usage;
			this.prefix = prefix;
			this.errors = errors;
		}

		long required(String field) {
			JsonNode value = this.usage.get(field);
			if (value == null || value.isNull()) {
				this.errors.accept(this.prefix + field, "is required");
				this.ok = false;
				return 0;
			}
			return count(value, this.prefix + field);
		}

		long optional(String field) {
			JsonNode value = this.usage.get(field);
			return (value == null || value.isNull()) ? 0 : count(value, this.prefix + field);
		}

		long nested(String object, String field) {
			JsonNode parent = this.usage.get(object);
			if (parent == null || parent.isNull()) {
				return 0;
			}
			if (!parent.isObject()) {
				this.errors.accept(this.prefix + object, "must be an object");
				this.ok = false;
				return 0;
			}
			JsonNode value = parent.get(field);
			return (value == null || value.isNull()) ? 0 : count(value, this.prefix + object + "." + field);
		}

		private long count(JsonNode value, String path) {
			if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
				this.errors.accept(path, "must be a whole number of at least 0");
				this.ok = false;
				return 0;
			}
			return value.longValue();
		}

	}

}
