package io.github.quotabroker.forecast;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class WrittenAnswersTest {

	private final JsonMapper json = JsonMapper.builder().build();

	private final WrittenAnswers written = new WrittenAnswers(this.json);

	private static TeamForecast answer(String team) {
		return new TeamForecast(team, "UTC", Instant.parse("2026-12-08T01:00:00Z"), "PT168H", "PT1H", List.of());
	}

	@Test
	void theSameAnswerIsWrittenOnce() {
		TeamForecast answer = answer("platform");

		byte[] first = this.written.of("platform|null|null|null", answer);

		assertThat(this.written.of("platform|null|null|null", answer)).isSameAs(first);
		assertThat(first).isEqualTo(this.json.writeValueAsBytes(answer));
	}

	@Test
	void aNewAnswerObjectIsWrittenAgainEvenWhenEqual() {
		byte[] first = this.written.of("k", answer("platform"));
		TeamForecast next = answer("platform");

		byte[] second = this.written.of("k", next);

		assertThat(second).isNotSameAs(first).isEqualTo(first);
		assertThat(this.written.of("k", answer("other"))).isEqualTo(this.json.writeValueAsBytes(answer("other")));
	}

}
