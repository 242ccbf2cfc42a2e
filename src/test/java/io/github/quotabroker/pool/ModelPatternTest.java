package io.github.quotabroker.pool;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ModelPatternTest {

	@ParameterizedTest(name = "{0} matches {1}")
	@CsvSource({ "claude-opus-*, claude-opus-4", "claude-opus-*, claude-opus-4-1-20250805",
			"claude-opus-*, claude-opus-", "claude-opus-*, Claude-Opus-4", "CLAUDE-OPUS-*, claude-opus-4", "*, gpt-5",
			"*, a", "*opus*, claude-opus-4", "gpt-?, gpt-5", "gpt-?-mini, gpt-5-mini", "??, ab", "gpt-4.1, gpt-4.1",
			"gpt-4.1*, GPT-4.1-mini", "a+b, a+b", "openai/gpt-5, openai/gpt-5", "model(1), model(1)", "x[ab]y, x[ab]y",
			"a^b$c, a^b$c", "'a\\Eb*', 'a\\Ebc'", "'a\\Q*', 'a\\Qxyz'", "a|b, a|b", "a{2}, a{2}" })
	void aGlobMatches(String glob, String model) {
		assertThat(ModelPattern.of(glob).matches(model)).isTrue();
	}

	@ParameterizedTest(name = "{0} does not match {1}")
	@CsvSource({ "claude-opus-*, claude-sonnet-4", "claude-opus-*, xclaude-opus-4", "claude-opus-*, claude-opus",
			"gpt-?, gpt-", "gpt-?, gpt-55", "??, a", "??, abc", "gpt-4.1, gpt-401", "gpt-4.1, gpt-4x1", "a+b, aab",
			"a+b, ab", "a+b, aaab", "x[ab]y, xay", "a|b, a", "a|b, b", "a{2}, aa", "model(1), model1", "a^b$c, abc",
			"claude, claude-opus", "claude, xclaude", "'a\\Eb*', 'ab'" })
	void aGlobDoesNotMatch(String glob, String model) {
		assertThat(ModelPattern.of(glob).matches(model)).isFalse();
	}

	@ParameterizedTest
	@CsvSource({ "claude-opus-*", "*", "gpt-?.1" })
	void theGlobIsKeptAsWritten(String glob) {
		assertThat(ModelPattern.of(glob).glob()).isEqualTo(glob);
	}

}
