package io.github.quotabroker.usage;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the body of {@code POST /usage-events} (one object or an array; usage events in
 * any of {@link UsageFormats}, or CloudEvents) into validated events. Every bad item is
 * reported by index and field, and nothing is accepted unless all items are valid.
 */
final class UsageEventParser {

	private static final List<String> WHOLE_NUMBER_FIELDS = List.of("inputTokens", "outputTokens", "cacheReadTokens",
			"cacheCreationTokens", "messages");

	private static final List<String> TEXT_FIELDS = List.of("eventId", "teamId", "memberId", "agentId", "model",
			"occurredAt", "kind", "reservationId", "workflowId", "taskType");

	private final JsonMapper jsonMapper;

	private final IngestProperties properties;

	private final Clock clock;

	UsageEventParser(JsonMapper jsonMapper, IngestProperties properties, Clock clock) {
		this.jsonMapper = jsonMapper;
		this.properties = properties;
		this.clock = clock;
	}

	/** How the body of {@code POST /usage-events} is framed, from its content type. */
	enum Envelope {

		/**
		 * {@code application/json}: one usage event (in any format) or an array of them.
		 */
		EVENTS,

		/** {@code application/cloudevents+json}: one CloudEvent in structured mode. */
		CLOUD_EVENT,

		/** {@code application/cloudevents-batch+json}: an array of CloudEvents. */
		CLOUD_EVENT_BATCH

	}

	List<UsageEvent> parse(JsonNode body) {
		return parse(body, Envelope.EVENTS);
	}

	List<UsageEvent> parse(JsonNode body, Envelope envelope) {
		if (envelope == Envelope.CLOUD_EVENT && (body == null || !body.isObject())) {
			throw new InvalidRequest(null, "the body must be one CloudEvent object (application/cloudevents+json); "
					+ "send an array as application/cloudevents-batch+json");
		}
		if (envelope == Envelope.CLOUD_EVENT_BATCH && (body == null || !body.isArray())) {
			throw new InvalidRequest(null, "the body must be an array of CloudEvents");
		}
		boolean array = body != null && body.isArray();
		List<JsonNode> items = new ArrayList<>();
		if (array) {
			body.forEach(items::add);
			if (items.isEmpty()) {
				throw new InvalidRequest(null, "send at least one event");
			}
			if (items.size() > this.properties.maxBatchSize()) {
				throw new InvalidRequest(null, "at most " + this.properties.maxBatchSize() + " events per request");
			}
		}
		else if (body != null && body.isObject()) {
			items.add(body);
		}
		else {
			throw new InvalidRequest(null, "the body must be a usage event object or an array of them");
		}
		Instant now = this.clock.instant();
		List<FieldError> errors = new ArrayList<>();
		List<UsageEvent> events = new ArrayList<>(items.size());
		for (int i = 0; i < items.size(); i++) {
			Integer index = array ? i : null;
			Errors itemErrors = new Errors(index, errors);
			JsonNode item = (envelope == Envelope.EVENTS) ? UsageFormats.canonical(items.get(i), itemErrors::add)
					: UsageFormats.fromCloudEvent(items.get(i), itemErrors::add);
			// A CloudEvent's fields are reported where its sender wrote them.
			UsageEvent event = (item == null) ? null
					: item(item, now, (envelope == Envelope.EVENTS) ? itemErrors : itemErrors.inCloudEvent());
			if (event != null) {
				events.add(event);
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		return events;
	}

	/** Collects one item's errors under its index. */
	private static class Errors {

		private final Integer index;

		private final List<FieldError> sink;

		private int count;

		Errors(Integer index, List<FieldError> sink) {
			this.index = index;
			this.sink = sink;
		}

		void add(String field, String message) {
			this.count++;
			this.sink.add(new FieldError(this.index, field, message));
		}

		/** The same sink, naming fields as a CloudEvent carries them. */
		Errors inCloudEvent() {
			Errors outer = this;
			return new Errors(this.index, this.sink) {

				@Override
				void add(String field, String message) {
					outer.add((field == null) ? null : "eventId".equals(field) ? "id" : "data." + field, message);
					super.count++;
				}

			};
		}

	}

	private UsageEvent item(JsonNode node, Instant now, Errors errors) {
		if (!node.isObject()) {
			errors.add(null, "must be a usage event object");
			return null;
		}
		int before = count(errors);
		// Jackson would silently turn false or 12 into "false" or "12", and "12" into 12.
		for (String field : TEXT_FIELDS) {
			JsonNode value = node.get(field);
			if (value != null && !value.isNull() && !value.isString()) {
				add(errors, field, "has the wrong type or is out of range");
			}
		}
		for (String field : WHOLE_NUMBER_FIELDS) {
			JsonNode value = node.get(field);
			if (value != null && !value.isNull() && !value.isNumber()) {
				add(errors, field, "has the wrong type or is out of range");
			}
		}
		JsonNode costValue = node.get("costUsd");
		if (costValue != null && !costValue.isNull() && !costValue.isNumber()) {
			add(errors, "costUsd", "has the wrong type or is out of range");
		}
		if (count(errors) > before) {
			return null;
		}
		for (String field : WHOLE_NUMBER_FIELDS) {
			JsonNode value = node.get(field);
			// 1e400 is read as an infinite double, which has no decimal value.
			if (value != null && value.isNumber() && !value.isIntegralNumber() && !value.isBigDecimal()
					&& !Double.isFinite(value.doubleValue())) {
				add(errors, field, "has the wrong type or is out of range");
			}
			// Jackson would silently truncate 1.5 to 1.
			else if (value != null && value.isNumber() && !value.isIntegralNumber()
					&& value.decimalValue().stripTrailingZeros().scale() > 0) {
				add(errors, field, "must be a whole number");
			}
		}
		if (count(errors) > before) {
			return null;
		}
		UsageEventRequest r;
		try {
			r = this.jsonMapper.treeToValue(node, UsageEventRequest.class);
		}
		catch (JacksonException ex) {
			errors.add(fieldOf(ex), (ex instanceof tools.jackson.databind.exc.UnrecognizedPropertyException)
					? "is not a field of a usage event" : "has the wrong type or is out of range");
			return null;
		}
		String eventId = r.eventId();
		if (eventId == null || !Ids.isClientId(eventId)) {
			add(errors, "eventId",
					"is required: 1-200 letters, digits or . _ : @ / + = -, starting with a letter or digit");
		}
		if (!Ids.isResourceId(r.teamId())) {
			add(errors, "teamId", "is required; " + Ids.RESOURCE_ID_RULE);
		}
		if (r.memberId() != null && !Ids.isResourceId(r.memberId())) {
			add(errors, "memberId", Ids.RESOURCE_ID_RULE);
		}
		if (r.agentId() != null && !Ids.isClientId(r.agentId())) {
			add(errors, "agentId", "must be 1-200 letters, digits or . _ : @ / + = -");
		}
		if (r.reservationId() != null && !Ids.isResourceId(r.reservationId())) {
			add(errors, "reservationId", Ids.RESOURCE_ID_RULE);
		}
		if (r.workflowId() != null && !Ids.isClientId(r.workflowId())) {
			add(errors, "workflowId",
					"must be 1-200 letters, digits or . _ : @ / + = -, starting with a letter or digit");
		}
		if (r.taskType() != null && !Ids.isClientId(r.taskType())) {
			add(errors, "taskType",
					"must be 1-200 letters, digits or . _ : @ / + = -, starting with a letter or digit");
		}
		if (r.model() == null || !Ids.isModel(r.model())) {
			add(errors, "model", "is required: 1-200 letters, digits or . _ : @ / + -");
		}
		Instant occurredAt = occurredAt(r.occurredAt(), now, errors);
		long max = this.properties.maxTokensPerEvent();
		long input = amount(errors, "inputTokens", r.inputTokens(), 0, max);
		long output = amount(errors, "outputTokens", r.outputTokens(), 0, max);
		long cacheRead = amount(errors, "cacheReadTokens", r.cacheReadTokens(), 0, max);
		long cacheCreation = amount(errors, "cacheCreationTokens", r.cacheCreationTokens(), 0, max);
		long messages = amount(errors, "messages", r.messages(), 1, this.properties.maxMessagesPerEvent());
		BigDecimal cost = r.costUsd();
		if (cost != null && (cost.signum() < 0 || cost.compareTo(this.properties.maxCostUsdPerEvent()) > 0
				|| cost.stripTrailingZeros().scale() > 6)) {
			add(errors, "costUsd",
					"must be from 0 to " + this.properties.maxCostUsdPerEvent() + " with at most 6 decimals");
		}
		UsageKind kind = UsageKind.INTERACTIVE;
		if (r.kind() != null) {
			try {
				kind = UsageKind.valueOf(r.kind());
			}
			catch (IllegalArgumentException ex) {
				add(errors, "kind", "must be INTERACTIVE or AUTOMATED");
			}
		}
		if (count(errors) > before) {
			return null;
		}
		return new UsageEvent(eventId, r.teamId(), r.memberId(), r.agentId(), r.model(), occurredAt, input, output,
				cacheRead, cacheCreation, messages, cost, kind, r.reservationId(), r.workflowId(), r.taskType());
	}

	private Instant occurredAt(String text, Instant now, Errors errors) {
		if (text == null) {
			add(errors, "occurredAt", "is required, an RFC 3339 timestamp such as 2026-11-25T14:03:00Z");
			return null;
		}
		Instant at;
		try {
			at = OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MICROS);
		}
		catch (DateTimeParseException ex) {
			add(errors, "occurredAt", "must be an RFC 3339 timestamp with offset, such as 2026-11-25T14:03:00Z");
			return null;
		}
		if (at.isAfter(now.plus(this.properties.maxClockSkew()))) {
			add(errors, "occurredAt", "is more than " + this.properties.maxClockSkew().toMinutes()
					+ " minutes in the future (server time " + now + ")");
		}
		else if (at.isBefore(now.minus(this.properties.maxEventAge()))) {
			add(errors, "occurredAt", "is more than " + this.properties.maxEventAge().toDays() + " days in the past");
		}
		return at;
	}

	private static long amount(Errors errors, String field, Long value, long fallback, long max) {
		if (value == null) {
			return fallback;
		}
		if (value < 0 || value > max) {
			add(errors, field, "must be from 0 to " + max);
			return fallback;
		}
		return value;
	}

	private static void add(Errors errors, String field, String message) {
		errors.add(field, message);
	}

	private static int count(Errors errors) {
		return errors.count;
	}

	private static String fieldOf(JacksonException ex) {
		// Not only DatabindException: a number out of range of its type is a
		// StreamReadException, which carries the path as well.
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference ref : ex.getPath()) {
			if (ref.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
			}
		}
		return path.isEmpty() ? null : path.toString();
	}

}
