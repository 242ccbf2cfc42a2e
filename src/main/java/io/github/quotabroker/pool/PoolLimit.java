package io.github.quotabroker.pool;

/**
 * Where a pool's limit comes from: the configured amount, and, for a
 * {@link LimitMode#CALIBRATED} pool, the calibrated estimate. {@link #effective()} is the
 * one amount every decision, answer and forecast uses (the pool's {@link Pool#limit()}).
 *
 * @param configured the limit an admin set, in base units, positive
 * @param calibrated the last estimate good enough to decide with (base units);
 * {@code null}: none yet
 * @param allowAboveConfigured whether the estimate may raise the limit above
 * {@code configured}
 */
public record PoolLimit(long configured, LimitMode mode, boolean allowAboveConfigured, Long calibrated) {

	public PoolLimit {
		if (configured <= 0) {
			throw new IllegalArgumentException("configured limit must be positive");
		}
		if (mode == null) {
			throw new IllegalArgumentException("mode is required");
		}
		if (calibrated != null && calibrated <= 0) {
			throw new IllegalArgumentException("calibrated limit must be positive");
		}
	}

	/** A configured limit, without calibration. */
	public static PoolLimit configured(long limit) {
		return new PoolLimit(limit, LimitMode.CONFIGURED, false, null);
	}

	/** The limit decisions use. */
	public long effective() {
		if (this.mode != LimitMode.CALIBRATED || this.calibrated == null) {
			return this.configured;
		}
		return this.allowAboveConfigured ? this.calibrated : Math.min(this.calibrated, this.configured);
	}

	/** The same setting with another calibrated estimate. */
	public PoolLimit withCalibrated(Long estimate) {
		return new PoolLimit(this.configured, this.mode, this.allowAboveConfigured, estimate);
	}

}
