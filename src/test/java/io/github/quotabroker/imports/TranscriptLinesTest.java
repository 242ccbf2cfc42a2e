package io.github.quotabroker.imports;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class TranscriptLinesTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Reads the line both ways, streamed and as a tree, and asserts they agree. */
	static TranscriptLines.Read read(String json) {
		return readBothWays(json.replace('\'', '"'));
	}

	static TranscriptLines.Read readBothWays(String line) {
		return readBothWays(JSON, line);
	}

	static TranscriptLines.Read readBothWays(JsonMapper json, String line) {
		byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
		TranscriptLines.Read streamed = TranscriptLines.read(json, bytes, bytes.length);
		TranscriptLines.Read tree;
		try {
			tree = TranscriptLines.read(json.readTree(bytes));
		}
		catch (JacksonException ex) {
			tree = TranscriptLines.Read.skip(SkipReason.MALFORMED);
		}
		assertThat(streamed).as(line).isEqualTo(tree);
		return streamed;
	}

	static final String CALL = "{'type':'assistant','sessionId':'s-1','timestamp':'2026-11-20T09:15:02.123Z',"
			+ "'requestId':'req_1','isSidechain':false,'message':{'id':'msg_1','model':'claude-opus-4-1',"
			+ "'usage':{'input_tokens':12,'output_tokens':340,'cache_creation_input_tokens':2048,"
			+ "'cache_read_input_tokens':15000}}}";

	@Test
	void anAssistantLineWithUsageIsOneCallKeyedByMessageAndRequest() {
		TranscriptCall call = read(CALL).call();
		assertThat(call.key()).isEqualTo("cc:msg_1:req_1");
		assertThat(call.model()).isEqualTo("claude-opus-4-1");
		assertThat(call.timestamp()).isEqualTo(Instant.parse("2026-11-20T09:15:02.123Z"));
		assertThat(call.inputTokens()).isEqualTo(12);
		assertThat(call.outputTokens()).isEqualTo(340);
		assertThat(call.cacheCreationTokens()).isEqualTo(2048);
		assertThat(call.cacheReadTokens()).isEqualTo(15000);
		assertThat(call.totalTokens()).isEqualTo(17400);
		assertThat(call.sessionId()).isEqualTo("s-1");
		assertThat(call.sidechain()).isFalse();
		assertThat(call.costUsd()).isNull();
	}

	@Test
	void withoutRequestIdTheMessageIdAloneIsTheKey() {
		assertThat(read(CALL.replace("'requestId':'req_1',", "")).call().key()).isEqualTo("cc:msg_1");
	}

	@Test
	void withoutMessageIdTheLinesOwnUuidIsTheKey() {
		assertThat(read(CALL.replace("'id':'msg_1',", "").replace("'type':'assistant',", "'uuid':'u-9',")).call().key())
			.isEqualTo("cc:line:u-9");
	}

	@Test
	void aKeyThatIsNotAValidEventIdIsHashed() {
		String key = read(CALL.replace("msg_1", "msg with spaces")).call().key();
		assertThat(key).startsWith("cc:sha256:").hasSize("cc:sha256:".length() + 40);
	}

	@Test
	void aMissingModelIsUnknownAndFastModeIsNamedLikeCcusage() {
		assertThat(read(CALL.replace("'model':'claude-opus-4-1',", "")).call().model()).isEqualTo("unknown");
		assertThat(read(CALL.replace("'input_tokens':12", "'input_tokens':12,'speed':'fast'")).call().model())
			.isEqualTo("claude-opus-4-1-fast");
	}

	@Test
	void linesWithoutUsageSyntheticModelsAndBadValuesAreSkippedByReason() {
		assertThat(read("{'type':'user','message':{'role':'user','content':'hi'}}").skipped())
			.isEqualTo(SkipReason.NO_USAGE);
		assertThat(read("{'type':'summary','summary':'x'}").skipped()).isEqualTo(SkipReason.NO_USAGE);
		assertThat(read(CALL.replace("'output_tokens':340", "'output_tokens':'340'")).skipped())
			.isEqualTo(SkipReason.NO_USAGE);
		assertThat(read(CALL.replace("claude-opus-4-1", "<synthetic>")).skipped()).isEqualTo(SkipReason.SYNTHETIC);
		assertThat(read(CALL.replace("'output_tokens':340", "'output_tokens':-1")).skipped())
			.isEqualTo(SkipReason.INVALID);
		assertThat(read(CALL.replace("'output_tokens':340", "'output_tokens':3.5")).skipped())
			.isEqualTo(SkipReason.INVALID);
		assertThat(read(CALL.replace("2026-11-20T09:15:02.123Z", "yesterday")).skipped()).isEqualTo(SkipReason.INVALID);
		assertThat(read("[1,2]").skipped()).isEqualTo(SkipReason.MALFORMED);
	}

	@Test
	void aStatedCostIsKeptToTheMicroDollar() {
		assertThat(
				read(CALL.replace("'isSidechain':false", "'isSidechain':false,'costUSD':0.01234567")).call().costUsd())
			.isEqualByComparingTo(new BigDecimal("0.012346"));
	}

	@Test
	void theMainChainSupersedesASidechainReplayThenTheLargerTotalWins() {
		TranscriptCall main = read(CALL).call();
		TranscriptCall side = read(CALL.replace("'isSidechain':false", "'isSidechain':true")
			.replace("'output_tokens':340", "'output_tokens':900")).call();
		TranscriptCall grown = read(CALL.replace("'output_tokens':340", "'output_tokens':341")).call();
		assertThat(main.supersedes(side)).isTrue();
		assertThat(side.supersedes(main)).isFalse();
		assertThat(grown.supersedes(main)).isTrue();
		assertThat(main.supersedes(grown)).isFalse();
		assertThat(main.supersedes(read(CALL).call())).isFalse();
	}

	@Test
	void theStreamedReaderAnswersAsTheTreeReaderOnOddLines() {
		List<String> odd = List.of("", "   ", "null", "42", "\"text\"", "[1,2]", "{", "{}", "{} {}", "{}x", CALL + " ",
				CALL + "\n", CALL + "{}", CALL.substring(0, CALL.length() - 1),
				CALL.replace("'message':{", "'message':null,'message':{"),
				CALL.replace("'message':{", "'message':{'usage':{'input_tokens':1,'output_tokens':2},"),
				CALL.replace("'isSidechain':false", "'isSidechain':true"),
				CALL.replace("'isSidechain':false", "'isSidechain':null"),
				CALL.replace("'isSidechain':false", "'isSidechain':'true'"),
				CALL.replace("'isSidechain':false", "'isSidechain':1"),
				CALL.replace("'isSidechain':false", "'isSidechain':0"),
				CALL.replace("'isSidechain':false", "'isSidechain':true,'isSidechain':false"),
				CALL.replace("'requestId':'req_1'", "'requestId':''"),
				CALL.replace("'requestId':'req_1'", "'requestId':{}"), CALL.replace("'id':'msg_1',", "'id':null,"),
				CALL.replace("'id':'msg_1',", "'id':'',"), CALL.replace("'id':'msg_1',", ""),
				CALL.replace("'id':'msg_1',", "").replace("'type':'assistant',", "'uuid':'',"),
				CALL.replace("'id':'msg_1',", "").replace("'type':'assistant',", "'uuid':[1,{'a':2}],"),
				CALL.replace("'input_tokens':12", "'input_tokens':null"),
				CALL.replace("'input_tokens':12", "'input_tokens':[12]"),
				CALL.replace("'input_tokens':12", "'input_tokens':12.0"),
				CALL.replace("'input_tokens':12", "'input_tokens':1.2e1"),
				CALL.replace("'input_tokens':12", "'input_tokens':-0.0"),
				CALL.replace("'input_tokens':12", "'input_tokens':9223372036854775807"),
				CALL.replace("'input_tokens':12", "'input_tokens':9223372036854775808"),
				CALL.replace("'input_tokens':12", "'input_tokens':1e300"),
				CALL.replace("'cache_read_input_tokens':15000", "'cache_read_input_tokens':null"),
				CALL.replace("'cache_read_input_tokens':15000", "'cache_read_input_tokens':'15000'"),
				CALL.replace("'cache_read_input_tokens':15000", "'cache_read_input_tokens':{'a':[]}"),
				CALL.replace("'cache_creation_input_tokens':2048,", ""),
				CALL.replace("'usage':{", "'usage':[],'usage':{"), CALL.replace("'usage':{", "'usage':{},'usage':{"),
				CALL.replace("'usage':{", "'usage':{'speed':'fast',"),
				CALL.replace("'usage':{", "'usage':{'speed':['fast'],"),
				CALL.replace("'model':'claude-opus-4-1'", "'model':''"),
				CALL.replace("'model':'claude-opus-4-1'", "'model':7"),
				CALL.replace("'model':'claude-opus-4-1'", "'model':'bad model!'"),
				CALL.replace("'sessionId':'s-1'", "'sessionId':'not a client id'"),
				CALL.replace("'sessionId':'s-1'", "'sessionId':'s-1','agentId':'a-7'"),
				CALL.replace("'sessionId':'s-1'", "'sessionId':'s-1','costUSD':null"),
				CALL.replace("'sessionId':'s-1'", "'sessionId':'s-1','costUSD':'0.1'"),
				CALL.replace("'sessionId':'s-1'", "'sessionId':'s-1','costUSD':-0.1"),
				CALL.replace("'sessionId':'s-1'", "'sessionId':'s-1','costUSD':3"),
				CALL.replace("'sessionId':'s-1'", "'sessionId':'s-1','costUSD':0.1234565"),
				CALL.replace("'sessionId':'s-1'", "'sessionId':'s-1','costUSD':123456789012345678901234567890"),
				CALL.replace("'sessionId':'s-1'", "'sessionId':'s-1','costUSD':1e400"),
				CALL.replace("'sessionId':'s-1'", "'sessionId':'s-1','content':[{'text':'\\u0041\\n\u00e9'}]"),
				CALL.replace("'sessionId':'s-1'", "'sessionId':'s-1','x':'\\q'"),
				CALL.replace("'sessionId':'s-1'", "'sessionId':'s-1','x':[1,2"),
				CALL.replace("'sessionId':'s-1'", "'sessionId':'s-1','x':01"),
				CALL.replace("'sessionId':'s-1'",
						"'sessionId':'s-1','x':[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"),
				CALL.replace("'requestId'", "'\\u0072equestId'"), CALL.replace("'usage'", "'\\u0075sage'"),
				CALL.replace("'timestamp'", "'timestamp':1,'timestamp'"));
		for (String line : odd) {
			readBothWays(line.replace('\'', '"'));
		}
		// A string over the parser's limit makes the tree refuse the line; the streamed
		// reader must too, though it skips the string.
		JsonMapper strict = JsonMapper
			.builder(JsonFactory.builder()
				.streamReadConstraints(StreamReadConstraints.builder().maxStringLength(1_000).build())
				.build())
			.build();
		String huge = CALL.replace("'sessionId':'s-1'", "'sessionId':'s-1','content':'" + "x".repeat(1_001) + "'");
		assertThat(readBothWays(strict, huge.replace('\'', '"')).skipped()).isEqualTo(SkipReason.MALFORMED);
		String near = CALL.replace("'sessionId':'s-1'", "'sessionId':'s-1','content':'" + "x".repeat(900) + "'");
		assertThat(readBothWays(strict, near.replace('\'', '"')).call()).isNotNull();
	}

	@Test
	void timestampsAreReadAsTheGeneralParserReadsThem() {
		Random random = new Random(16);
		List<String> odd = List.of("2026-11-20T09:15:02Z", "2026-11-20T09:15Z", "2026-11-20T09:15:02.Z",
				"2026-11-20T09:15:02.1Z", "2026-11-20T09:15:02.123456789Z", "2026-11-20T09:15:02.1234567890Z",
				"2026-11-20t09:15:02.123z", "2026-11-20T09:15:02.123+01:00", "2026-02-29T09:15:02.123Z",
				"2028-02-29T09:15:02.123Z", "2026-04-31T00:00:00.000Z", "2026-13-01T00:00:00.000Z",
				"2026-00-01T00:00:00.000Z", "2026-01-00T00:00:00.000Z", "2026-01-01T24:00:00.000Z",
				"2026-01-01T23:60:00.000Z", "2026-01-01T23:59:60.000Z", "0000-01-01T00:00:00.000Z",
				"+2026-01-01T00:00:00.000Z", "2026-1-01T00:00:00.000Z", "2026-01-01T00:00:00.00aZ",
				"2026-01-01 00:00:00.000Z", "1969-12-31T23:59:59.999999Z");
		for (String text : odd) {
			assertThat(TranscriptLines.timestamp(text)).as(text).isEqualTo(general(text));
		}
		for (int i = 0; i < 20_000; i++) {
			String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d%sZ", random.nextInt(3000), random.nextInt(14),
					random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62),
					(random.nextInt(10) == 0) ? "" : "."
							+ String.format("%09d", random.nextInt(1_000_000_000)).substring(0, 1 + random.nextInt(9)));
			assertThat(TranscriptLines.timestamp(text)).as(text).isEqualTo(general(text));
		}
	}

	private static Instant general(String text) {
		try {
			return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MICROS);
		}
		catch (java.time.format.DateTimeParseException ex) {
			return null;
		}
	}

}
