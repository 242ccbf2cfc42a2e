package io.github.quotabroker.reservation;

import java.math.BigDecimal;
import java.util.List;

import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.web.FieldError;

/** Reads amounts that clients give in a pool's unit into base units. */
public final class Amounts {

	/** No reservation or estimate may exceed this many base units (as pool limits). */
	static final long MAX = 1_000_000_000_000_000L;

	private Amounts() {
	}

	/**
	 * The amount in base units, or -1 with an error added when it is missing, not
	 * positive (or negative, with {@code zeroAllowed}), fractional for whole units, or
	 * too large.
	 */
	public static long toBase(String field, BigDecimal amount, Unit unit, boolean zeroAllowed,
			List<FieldError> errors) {
		if (amount == null || amount.signum() < 0 || (!zeroAllowed && amount.signum() == 0)) {
			errors.add(FieldError.of(field,
					zeroAllowed ? "is required and must not be negative" : "is required and must be positive"));
			return -1;
		}
		if (unit != Unit.COST_USD && amount.stripTrailingZeros().scale() > 0) {
			errors.add(FieldError.of(field, "must be a whole number of " + unit));
			return -1;
		}
		if (amount.stripTrailingZeros().scale() > 6) {
			errors.add(FieldError.of(field, "may have at most 6 decimals"));
			return -1;
		}
		if (amount.compareTo(unit.fromBase(MAX)) > 0) {
			errors.add(FieldError.of(field, "must be at most " + unit.fromBase(MAX).toPlainString()));
			return -1;
		}
		return unit.toBase(amount);
	}

}
