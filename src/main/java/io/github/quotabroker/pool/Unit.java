package io.github.quotabroker.pool;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a pool counts. Amounts are stored as whole numbers of the unit's base: messages,
 * tokens, or micro-dollars for {@code COST_USD}, so quota arithmetic never uses floating
 * point.
 */
public enum Unit {

	MESSAGES(0), TOKENS(0), COST_USD(6);

	private final int scale;

	Unit(int scale) {
		this.scale = scale;
	}

	/** Converts an API amount to base units, rounding a fraction of a base unit up. */
	public long toBase(BigDecimal amount) {
		return amount.movePointRight(this.scale).setScale(0, RoundingMode.CEILING).longValueExact();
	}

	/** Converts base units back to the API's number. */
	public BigDecimal fromBase(long base) {
		BigDecimal value = BigDecimal.valueOf(base, this.scale).stripTrailingZeros();
		return (value.scale() < 0) ? value.setScale(0) : value;
	}

}
