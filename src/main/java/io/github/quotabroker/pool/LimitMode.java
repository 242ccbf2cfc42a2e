package io.github.quotabroker.pool;

/**
 * Which limit a pool's decisions use: the one an admin configured, or the one calibrated
 * from what the provider says (issue #16).
 */
public enum LimitMode {

	/** Decisions use the configured limit. */
	CONFIGURED,

	/**
	 * Decisions use the calibrated estimate once there is one, capped at the configured
	 * limit unless the pool allows going above it.
	 */
	CALIBRATED

}
