package io.github.quotabroker.forecast;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PercentilesTest {

	@Test
	void nearestRankPicksTheObservedValueOfRankCeilPN() {
		List<Long> sorted = List.of(1L, 5L, 10L);

		assertThat(Percentiles.nearestRank(sorted, 0.5)).isEqualTo(5);
		assertThat(Percentiles.nearestRank(sorted, 0.9)).isEqualTo(10);
		assertThat(Percentiles.nearestRank(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), 0.9)).isEqualTo(9);
		assertThat(Percentiles.nearestRank(List.of(7L), 0.5)).isEqualTo(7);
	}

	@Test
	void anEmptySampleHasNoPercentile() {
		assertThatIllegalArgumentException().isThrownBy(() -> Percentiles.nearestRank(List.of(), 0.5));
	}

}
