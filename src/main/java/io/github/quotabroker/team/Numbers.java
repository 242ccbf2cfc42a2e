package io.github.quotabroker.team;

import java.math.BigDecimal;

final class Numbers {

	private Numbers() {
	}

	/** {@code 2.0000} as {@code 2}, without switching to exponent notation. */
	static BigDecimal plain(BigDecimal value) {
		BigDecimal stripped = value.stripTrailingZeros();
		return (stripped.scale() < 0) ? stripped.setScale(0) : stripped;
	}

}
