package io.github.quotabroker.imports;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class TranscriptLinesTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static TranscriptLines.Read read(String json) {
		return TranscriptLines.read(JSON.readTree(json.replace('\'', '"')));
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

}
