package io.github.quotabroker.pool;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class UnitTest {

	@ParameterizedTest(name = "{0} {1} is {2} base units")
	@CsvSource({ "MESSAGES, 1, 1", "MESSAGES, 1000, 1000", "MESSAGES, 1.5, 2", "MESSAGES, 0.0001, 1", "MESSAGES, 0, 0",
			"TOKENS, 250000, 250000", "TOKENS, 1E+3, 1000", "TOKENS, 2.01, 3", "COST_USD, 1, 1000000",
			"COST_USD, 12.5, 12500000", "COST_USD, 0.000001, 1", "COST_USD, 0.0000001, 1", "COST_USD, 0.0000015, 2",
			"COST_USD, 0.1234564, 123457", "COST_USD, 100000, 100000000000", "COST_USD, 0, 0", "COST_USD, 1E-6, 1" })
	void toBaseConvertsAnApiAmountRoundingAFractionOfABaseUnitUp(Unit unit, BigDecimal amount, long base) {
		assertThat(unit.toBase(amount)).isEqualTo(base);
	}

	@ParameterizedTest(name = "{1} base units of {0} render as {2}")
	@CsvSource({ "MESSAGES, 0, 0", "MESSAGES, 100, 100", "TOKENS, 1000000, 1000000", "TOKENS, 10, 10", "COST_USD, 0, 0",
			"COST_USD, 1, 0.000001", "COST_USD, 10, 0.00001", "COST_USD, 1000000, 1", "COST_USD, 100000000000, 100000",
			"COST_USD, 1500000, 1.5", "COST_USD, 1230000, 1.23", "COST_USD, 123456789, 123.456789",
			"TOKENS, 9223372036854775807, 9223372036854775807" })
	void fromBaseRendersAPlainNumberWithoutExponentOrTrailingZeros(Unit unit, long base, String rendered) {
		BigDecimal value = unit.fromBase(base);

		assertThat(value.toString()).isEqualTo(rendered).doesNotContainIgnoringCase("e");
		assertThat(value.toPlainString()).isEqualTo(rendered);
	}

	@ParameterizedTest
	@EnumSource(Unit.class)
	void everyBaseAmountSurvivesARoundTrip(Unit unit) {
		for (long base : new long[] { 0, 1, 9, 10, 100, 999_999, 1_000_000, 1_000_001, 10_000_000, 123_456_789_000L,
				1_000_000_000_000_000L, Long.MAX_VALUE }) {
			assertThat(unit.toBase(unit.fromBase(base))).as("%s base %d", unit, base).isEqualTo(base);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "1", "0.5", "0.000001", "12.345678", "100000", "1E+2", "7.10" })
	void aCostWithAtMostSixDecimalsSurvivesARoundTrip(String amount) {
		BigDecimal value = new BigDecimal(amount);

		assertThat(Unit.COST_USD.fromBase(Unit.COST_USD.toBase(value))).isEqualByComparingTo(value);
	}

	@Test
	void wholeUnitsSurviveARoundTrip() {
		for (Unit unit : Unit.values()) {
			assertThat(unit.fromBase(unit.toBase(new BigDecimal("42")))).as("%s", unit).isEqualTo(new BigDecimal("42"));
		}
	}

}
