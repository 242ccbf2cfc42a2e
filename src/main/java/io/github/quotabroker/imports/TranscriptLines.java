package io.github.quotabroker.imports;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import io.github.quotabroker.web.Ids;
import tools.jackson.databind.JsonNode;

/**
 * Reads one line of a Claude Code transcript
 * ({@code ~/.claude/projects/<project>/<session>.jsonl}) into the model call it records,
 * or the reason it records none. What counts as a call follows ccusage, the reference
 * tool: a line with {@code message.usage} holding numeric {@code input_tokens} and
 * {@code output_tokens} and a {@code timestamp}, whatever its {@code type}. Pure: no
 * Spring, no I/O.
 */
final class TranscriptLines {

	static final String SYNTHETIC_MODEL = "<synthetic>";

	static final String UNKNOWN_MODEL = "unknown";

	private TranscriptLines() {
	}

	/** A line's call, or why it has none: exactly one of the two is set. */
	record Read(TranscriptCall call, SkipReason skipped) {

		static Read skip(SkipReason reason) {
			return new Read(null, reason);
		}

	}

	static Read read(JsonNode line) {
		if (line == null || !line.isObject()) {
			return Read.skip(SkipReason.MALFORMED);
		}
		JsonNode message = line.get("message");
		JsonNode usage = (message != null && message.isObject()) ? message.get("usage") : null;
		if (usage == null || !usage.isObject() || !isNumber(usage.get("input_tokens"))
				|| !isNumber(usage.get("output_tokens"))) {
			return Read.skip(SkipReason.NO_USAGE);
		}
		String model = text(message.get("model"));
		if (SYNTHETIC_MODEL.equals(model)) {
			return Read.skip(SkipReason.SYNTHETIC);
		}
		if (model == null) {
			model = UNKNOWN_MODEL;
		}
		if ("fast".equals(text(usage.get("speed")))) {
			model = model + "-fast";
		}
		Instant timestamp = timestamp(text(line.get("timestamp")));
		long input = tokens(usage.get("input_tokens"));
		long output = tokens(usage.get("output_tokens"));
		long cacheRead = tokens(usage.get("cache_read_input_tokens"));
		long cacheCreation = tokens(usage.get("cache_creation_input_tokens"));
		BigDecimal cost = cost(line.get("costUSD"));
		if (timestamp == null || input < 0 || output < 0 || cacheRead < 0 || cacheCreation < 0 || !Ids.isModel(model)
				|| (cost != null && cost.signum() < 0)) {
			return Read.skip(SkipReason.INVALID);
		}
		JsonNode sidechain = line.get("isSidechain");
		return new Read(new TranscriptCall(key(line, message), model, timestamp, input, output, cacheRead,
				cacheCreation, cost, sidechain != null && sidechain.asBoolean(), clientId(text(line.get("sessionId"))),
				clientId(text(line.get("agentId")))), null);
	}

	/**
	 * The call's event id: {@code cc:<message id>:<request id>}, or the message id alone
	 * when the request id is missing. A line without a message id can only be told apart
	 * by its own {@code uuid} (or, lacking that, its content).
	 */
	static String key(JsonNode line, JsonNode message) {
		String messageId = text(message.get("id"));
		String requestId = text(line.get("requestId"));
		String key;
		if (messageId != null) {
			key = "cc:" + messageId + ((requestId != null) ? ":" + requestId : "");
		}
		else {
			String uuid = text(line.get("uuid"));
			key = "cc:line:" + ((uuid != null) ? uuid : digest(line.toString()));
		}
		return Ids.isClientId(key) ? key : "cc:sha256:" + digest(key);
	}

	private static boolean isNumber(JsonNode node) {
		return node != null && node.isNumber();
	}

	/** A whole count, or -1 when it is not one; absent is 0. */
	private static long tokens(JsonNode node) {
		if (node == null || node.isNull()) {
			return 0;
		}
		if (!node.isNumber()) {
			return -1;
		}
		if (node.isIntegralNumber()) {
			return node.canConvertToLong() ? node.longValue() : -1;
		}
		double value = node.doubleValue();
		return (value == Math.rint(value) && value >= 0 && value < Long.MAX_VALUE) ? (long) value : -1;
	}

	private static BigDecimal cost(JsonNode node) {
		if (node == null || !node.isNumber() || !Double.isFinite(node.doubleValue())) {
			return null;
		}
		return node.decimalValue().setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
	}

	private static Instant timestamp(String text) {
		if (text == null) {
			return null;
		}
		try {
			return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MICROS);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static String text(JsonNode node) {
		return (node != null && node.isString() && !node.stringValue().isEmpty()) ? node.stringValue() : null;
	}

	private static String clientId(String value) {
		return (value != null && Ids.isClientId(value)) ? value : null;
	}

	private static String digest(String text) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 20);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
