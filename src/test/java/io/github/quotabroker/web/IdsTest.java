package io.github.quotabroker.web;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {

	private static final String ALPHABET = "aZ09._-:@/+=* '\";<>\u00e9\u0000\n";

	@Test
	void handWrittenChecksAgreeWithTheDocumentedPatternsOnRandomStrings() {
		Random random = new Random(42);
		for (int n = 0; n < 50_000; n++) {
			int length = random.nextInt(210);
			// Half the samples use only characters some pattern allows, so both answers
			// occur.
			String alphabet = (n % 2 == 0) ? ALPHABET : "aZ09._-:@/+=";
			StringBuilder s = new StringBuilder();
			for (int i = 0; i < length; i++) {
				s.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			String value = s.toString();
			assertThat(Ids.isResourceId(value)).as(value).isEqualTo(Ids.RESOURCE_ID.matcher(value).matches());
			assertThat(Ids.isClientId(value)).as(value).isEqualTo(Ids.CLIENT_ID.matcher(value).matches());
			assertThat(Ids.isModel(value)).as(value).isEqualTo(Ids.MODEL.matcher(value).matches());
		}
	}

	@Test
	void typicalIdsPassAndHostileOnesFail() {
		assertThat(Ids.isClientId("run-42/step-3")).isTrue();
		assertThat(Ids.isClientId("'; drop table usage_events; --")).isFalse();
		assertThat(Ids.isModel("claude-opus-4-1")).isTrue();
		assertThat(Ids.isModel("<script>")).isFalse();
		assertThat(Ids.isResourceId("platform")).isTrue();
		assertThat(Ids.isResourceId("a".repeat(65))).isFalse();
		assertThat(Ids.isResourceId(null)).isFalse();
	}

}
