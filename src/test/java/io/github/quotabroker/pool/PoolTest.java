package io.github.quotabroker.pool;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PoolTest {

	static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

	static Pool pool(Unit unit, TokenWeights weights, String... globs) {
		return new Pool("opus", "Opus", unit, 1_000, new RollingWindow(Duration.ofHours(5)),
				List.of(globs).stream().map(ModelPattern::of).toList(), weights, StatusThresholds.DEFAULT,
				PoolPolicy.DEFAULT, CREATED, CREATED);
	}

	static Consumption consumption(long input, long output, long cacheRead, long cacheCreation, long messages,
			String cost) {
		return new Consumption(input, output, cacheRead, cacheCreation, messages,
				(cost != null) ? new BigDecimal(cost) : null);
	}

	@Test
	void aPoolCountsAModelThatAnyOfItsPatternsMatches() {
		Pool pool = pool(Unit.MESSAGES, TokenWeights.DEFAULT, "claude-opus-*", "gpt-5");

		assertThat(pool.counts("claude-opus-4-1")).isTrue();
		assertThat(pool.counts("GPT-5")).isTrue();
		assertThat(pool.counts("gpt-5-mini")).isFalse();
		assertThat(pool.counts("claude-sonnet-4")).isFalse();
	}

	@Test
	void aPoolWithoutPatternsCountsNothing() {
		assertThat(pool(Unit.MESSAGES, TokenWeights.DEFAULT).counts("claude-opus-4")).isFalse();
	}

	@Test
	void thePatternsAreCopiedSoLaterChangesToTheListDoNotLeakIn() {
		List<ModelPattern> patterns = new ArrayList<>(List.of(ModelPattern.of("a*")));
		Pool pool = new Pool("p", "P", Unit.MESSAGES, 1, new RollingWindow(Duration.ofHours(1)), patterns,
				TokenWeights.DEFAULT, StatusThresholds.DEFAULT, PoolPolicy.DEFAULT, CREATED, CREATED);
		patterns.add(ModelPattern.of("b*"));

		assertThat(pool.modelGlobs()).containsExactly("a*");
		assertThat(pool.counts("bert")).isFalse();
	}

	@Test
	void aMessagesPoolCountsMessages() {
		Pool pool = pool(Unit.MESSAGES, TokenWeights.DEFAULT, "*");

		assertThat(pool.amountOf(consumption(1_000, 2_000, 3_000, 4_000, 3, "1.5"))).isEqualTo(3);
	}

	@Test
	void aTokensPoolWithDefaultWeightsCountsEveryKindOfTokenInFull() {
		Pool pool = pool(Unit.TOKENS, TokenWeights.DEFAULT, "*");

		assertThat(pool.amountOf(consumption(1_000, 2_000, 300, 40, 1, null))).isEqualTo(3_340);
	}

	@Test
	void aTokensPoolAppliesEachWeight() {
		TokenWeights weights = new TokenWeights(new BigDecimal("1"), new BigDecimal("5"), new BigDecimal("0.1"),
				new BigDecimal("1.25"));
		Pool pool = pool(Unit.TOKENS, weights, "*");

		// 1000 + 5 * 200 + 0.1 * 3000 + 1.25 * 400 = 1000 + 1000 + 300 + 500
		assertThat(pool.amountOf(consumption(1_000, 200, 3_000, 400, 1, null))).isEqualTo(2_800);
	}

	@Test
	void aFractionOfAWeightedTokenRoundsUp() {
		TokenWeights weights = new TokenWeights(BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("0.1"),
				new BigDecimal("1.25"));
		Pool pool = pool(Unit.TOKENS, weights, "*");

		// 0.1 * 15 = 1.5 -> 2 ; 1.25 * 1 = 1.25 -> together 2.75 -> 3
		assertThat(pool.amountOf(consumption(0, 0, 15, 0, 1, null))).isEqualTo(2);
		assertThat(pool.amountOf(consumption(0, 0, 15, 1, 1, null))).isEqualTo(3);
		assertThat(pool.amountOf(consumption(0, 0, 1, 0, 1, null))).isEqualTo(1);
	}

	@Test
	void aZeroWeightIgnoresThatKindOfToken() {
		TokenWeights weights = new TokenWeights(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ZERO);
		Pool pool = pool(Unit.TOKENS, weights, "*");

		assertThat(pool.amountOf(consumption(10, 20, 1_000_000, 1_000_000, 1, null))).isEqualTo(30);
	}

	@Test
	void aTokensPoolHandlesTheLargestAllowedEvent() {
		Pool pool = pool(Unit.TOKENS, TokenWeights.DEFAULT, "*");

		assertThat(pool.amountOf(consumption(100_000_000, 100_000_000, 100_000_000, 100_000_000, 1, null)))
			.isEqualTo(400_000_000);
	}

	@Test
	void aCostPoolCountsMicroDollars() {
		Pool pool = pool(Unit.COST_USD, TokenWeights.DEFAULT, "*");

		assertThat(pool.amountOf(consumption(1, 1, 1, 1, 1, "0.012345"))).isEqualTo(12_345);
		assertThat(pool.amountOf(consumption(1, 1, 1, 1, 1, "3"))).isEqualTo(3_000_000);
	}

	@Test
	void aCostPoolRoundsAFractionOfAMicroDollarUp() {
		Pool pool = pool(Unit.COST_USD, TokenWeights.DEFAULT, "*");

		assertThat(pool.amountOf(consumption(0, 0, 0, 0, 1, "0.0000001"))).isEqualTo(1);
	}

	@Test
	void aCostPoolCountsAnUnknownCostAsZero() {
		Pool pool = pool(Unit.COST_USD, TokenWeights.DEFAULT, "*");

		assertThat(pool.amountOf(consumption(1_000, 1_000, 0, 0, 5, null))).isZero();
	}

}
