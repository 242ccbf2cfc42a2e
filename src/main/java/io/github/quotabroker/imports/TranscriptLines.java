package io.github.quotabroker.imports;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import io.github.quotabroker.web.Ids;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one line of a Claude Code transcript
 * ({@code ~/.claude/projects/<project>/<session>.jsonl}) into the model call it records,
 * or the reason it records none. What counts as a call follows ccusage, the reference
 * tool: a line with {@code message.usage} holding numeric {@code input_tokens} and
 * {@code output_tokens} and a {@code timestamp}, whatever its {@code type}. Pure: no
 * Spring, no I/O.
 * <p>
 * {@link #read(JsonNode)} states the rules on a parsed tree. The import uses
 * {@link #read(JsonMapper, byte[], int)}, which applies the same rules while streaming
 * over the line, keeping only the dozen values it needs (a tree of every line was two
 * thirds of the import's server CPU); {@code TranscriptLinesTest} holds the two to the
 * same answers.
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
	 * Reads one line (its first {@code length} bytes) as {@link #read(JsonNode)} reads
	 * its tree, without building the tree: values it does not need are skipped (still
	 * checked to be well-formed JSON), so a line is malformed exactly when its tree would
	 * not parse.
	 */
	static Read read(JsonMapper json, byte[] line, int length) {
		if (length > json.tokenStreamFactory().streamReadConstraints().getMaxStringLength()) {
			// A skipped string is not held to the parser's length limit, which makes the
			// tree refuse the line: only a line this long can hold a string that long.
			return readTree(json, line, length);
		}
		Fields fields = new Fields();
		try (JsonParser parser = json.createParser(line, 0, length)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return Read.skip(SkipReason.MALFORMED);
			}
			readLine(parser, fields);
			if (parser.nextToken() != null) {
				// Trailing content: the tree reader refuses it too.
				return Read.skip(SkipReason.MALFORMED);
			}
		}
		catch (JacksonException ex) {
			return Read.skip(SkipReason.MALFORMED);
		}
		if (fields.messageId == null && fields.uuid == null && fields.usageObject && fields.inputTokens != null
				&& fields.outputTokens != null && fields.messageObject) {
			// The rare line keyed by its whole content: read its tree for that.
			return readTree(json, line, length);
		}
		return fields.read();
	}

	private static Read readTree(JsonMapper json, byte[] line, int length) {
		JsonNode tree;
		try {
			tree = json.readTree(line, 0, length);
		}
		catch (JacksonException ex) {
			return Read.skip(SkipReason.MALFORMED);
		}
		return read(tree);
	}

	/** The values of one line that the rules look at, as the stream passes them. */
	private static final class Fields {

		boolean messageObject;

		boolean usageObject;

		String messageId;

		String model;

		Number inputTokens;

		Number outputTokens;

		Number cacheReadTokens;

		Number cacheCreationTokens;

		String speed;

		String timestamp;

		String requestId;

		String uuid;

		String sessionId;

		String agentId;

		Number cost;

		/** {@code isSidechain}: a Boolean, or the tree of any other value. */
		Object sidechain;

		boolean sidechain() {
			// Anything but a boolean: whatever the tree's asBoolean() makes of it.
			return (this.sidechain instanceof JsonNode node) ? node.asBoolean() : Boolean.TRUE.equals(this.sidechain);
		}

		void newMessage(boolean isObject) {
			this.messageObject = isObject;
			this.messageId = null;
			this.model = null;
			newUsage(false);
		}

		void newUsage(boolean isObject) {
			this.usageObject = isObject;
			this.inputTokens = null;
			this.outputTokens = null;
			this.cacheReadTokens = null;
			this.cacheCreationTokens = null;
			this.speed = null;
		}

		Read read() {
			if (!this.usageObject || this.inputTokens == null || this.outputTokens == null) {
				return Read.skip(SkipReason.NO_USAGE);
			}
			String name = this.model;
			if (SYNTHETIC_MODEL.equals(name)) {
				return Read.skip(SkipReason.SYNTHETIC);
			}
			if (name == null) {
				name = UNKNOWN_MODEL;
			}
			if ("fast".equals(this.speed)) {
				name = name + "-fast";
			}
			Instant at = timestamp(this.timestamp);
			long input = tokens(this.inputTokens);
			long output = tokens(this.outputTokens);
			long cacheRead = tokens(this.cacheReadTokens);
			long cacheCreation = tokens(this.cacheCreationTokens);
			BigDecimal costUsd = cost(this.cost);
			if (at == null || input < 0 || output < 0 || cacheRead < 0 || cacheCreation < 0 || !Ids.isModel(name)
					|| (costUsd != null && costUsd.signum() < 0)) {
				return Read.skip(SkipReason.INVALID);
			}
			String key;
			if (this.messageId != null) {
				key = "cc:" + this.messageId + ((this.requestId != null) ? ":" + this.requestId : "");
			}
			else {
				key = "cc:line:" + this.uuid;
			}
			key = Ids.isClientId(key) ? key : "cc:sha256:" + digest(key);
			return new Read(new TranscriptCall(key, name, at, input, output, cacheRead, cacheCreation, costUsd,
					sidechain(), clientId(this.sessionId), clientId(this.agentId)), null);
		}

	}

	/**
	 * A number token as the tree holds it; {@link #NOT_A_NUMBER} for any other value,
	 * null for JSON null.
	 */
	private static final Number NOT_A_NUMBER = Double.valueOf(Double.NaN);

	private static void readLine(JsonParser parser, Fields fields) {
		String name;
		while ((name = parser.nextName()) != null) {
			JsonToken token = parser.nextToken();
			switch (name) {
				case "message" -> {
					fields.newMessage(token == JsonToken.START_OBJECT);
					if (token == JsonToken.START_OBJECT) {
						readMessage(parser, fields);
					}
					else {
						parser.skipChildren();
					}
				}
				case "timestamp" -> fields.timestamp = string(parser, token);
				case "requestId" -> fields.requestId = string(parser, token);
				case "uuid" -> fields.uuid = string(parser, token);
				case "sessionId" -> fields.sessionId = string(parser, token);
				case "agentId" -> fields.agentId = string(parser, token);
				case "costUSD" -> fields.cost = number(parser, token);
				case "isSidechain" -> fields.sidechain = switch (token) {
					case VALUE_TRUE -> Boolean.TRUE;
					case VALUE_FALSE -> Boolean.FALSE;
					default -> parser.readValueAsTree();
				};
				default -> parser.skipChildren();
			}
		}
	}

	private static void readMessage(JsonParser parser, Fields fields) {
		String name;
		while ((name = parser.nextName()) != null) {
			JsonToken token = parser.nextToken();
			switch (name) {
				case "id" -> fields.messageId = string(parser, token);
				case "model" -> fields.model = string(parser, token);
				case "usage" -> {
					fields.newUsage(token == JsonToken.START_OBJECT);
					if (token == JsonToken.START_OBJECT) {
						readUsage(parser, fields);
					}
					else {
						parser.skipChildren();
					}
				}
				default -> parser.skipChildren();
			}
		}
	}

	private static void readUsage(JsonParser parser, Fields fields) {
		String name;
		while ((name = parser.nextName()) != null) {
			JsonToken token = parser.nextToken();
			switch (name) {
				case "input_tokens" -> fields.inputTokens = numberOrNull(parser, token);
				case "output_tokens" -> fields.outputTokens = numberOrNull(parser, token);
				case "cache_read_input_tokens" -> fields.cacheReadTokens = number(parser, token);
				case "cache_creation_input_tokens" -> fields.cacheCreationTokens = number(parser, token);
				case "speed" -> fields.speed = string(parser, token);
				default -> parser.skipChildren();
			}
		}
	}

	/** A non-empty string value, else null (other values are skipped). */
	private static String string(JsonParser parser, JsonToken token) {
		if (token == JsonToken.VALUE_STRING) {
			String value = parser.getString();
			return value.isEmpty() ? null : value;
		}
		parser.skipChildren();
		return null;
	}

	/** The number, null for JSON null, {@link #NOT_A_NUMBER} for anything else. */
	private static Number number(JsonParser parser, JsonToken token) {
		if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
			// A float is kept as the tree keeps it: a double.
			return (token == JsonToken.VALUE_NUMBER_INT) ? parser.getNumberValue() : parser.getDoubleValue();
		}
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		parser.skipChildren();
		return NOT_A_NUMBER;
	}

	/** The number, or null for anything else: a required count that is not a number. */
	private static Number numberOrNull(JsonParser parser, JsonToken token) {
		Number n = number(parser, token);
		return (n == NOT_A_NUMBER) ? null : n;
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

	/** {@link #tokens(JsonNode)} of a streamed value. */
	private static long tokens(Number number) {
		if (number == null) {
			return 0;
		}
		if (number == NOT_A_NUMBER) {
			return -1;
		}
		if (number instanceof Integer || number instanceof Long) {
			return number.longValue();
		}
		if (number instanceof BigInteger big) {
			return (big.bitLength() < 64) ? big.longValue() : -1;
		}
		double value = number.doubleValue();
		return (value == Math.rint(value) && value >= 0 && value < Long.MAX_VALUE) ? (long) value : -1;
	}

	/** {@link #cost(JsonNode)} of a streamed value. */
	private static BigDecimal cost(Number number) {
		if (number == null || number == NOT_A_NUMBER || !Double.isFinite(number.doubleValue())) {
			return null;
		}
		BigDecimal value;
		if (number instanceof BigInteger big) {
			value = new BigDecimal(big);
		}
		else if (number instanceof Double d) {
			value = BigDecimal.valueOf(d);
		}
		else {
			value = BigDecimal.valueOf(number.longValue());
		}
		return value.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
	}

	private static BigDecimal cost(JsonNode node) {
		if (node == null || !node.isNumber() || !Double.isFinite(node.doubleValue())) {
			return null;
		}
		return node.decimalValue().setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
	}

	static Instant timestamp(String text) {
		if (text == null) {
			return null;
		}
		Instant fast = utcTimestamp(text);
		if (fast != null) {
			return fast;
		}
		try {
			return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MICROS);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * The form Claude Code writes, {@code 2026-11-20T09:15:02.123Z} (1-9 fraction digits
	 * or none), read without the general parser; null for anything else (which the
	 * general parser then reads or refuses).
	 */
	private static Instant utcTimestamp(String text) {
		int n = text.length();
		if (n < 20 || n > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
				|| text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(n - 1) != 'Z') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 7);
		int day = digits(text, 8, 10);
		int hour = digits(text, 11, 13);
		int minute = digits(text, 14, 16);
		int second = digits(text, 17, 19);
		int nanos = 0;
		if (n > 20) {
			if (text.charAt(19) != '.' || n == 21) {
				return null;
			}
			int fraction = digits(text, 20, n - 1);
			if (fraction < 0) {
				return null;
			}
			nanos = fraction;
			for (int i = n - 1 - 20; i < 9; i++) {
				nanos *= 10;
			}
		}
		if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
				|| second < 0 || second > 59 || day > YearMonth.of(year, month).lengthOfMonth()) {
			return null;
		}
		long epochSecond = LocalDate.of(year, month, day).toEpochDay() * 86_400 + hour * 3_600 + minute * 60 + second;
		return Instant.ofEpochSecond(epochSecond, nanos - nanos % 1_000);
	}

	/**
	 * The decimal number of {@code text[from, to)}, or -1 when a character is no digit.
	 */
	private static int digits(String text, int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
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
