package io.github.quotabroker.pool;

/**
 * Percent-used levels at which a pool turns YELLOW, ORANGE and RED; strictly increasing,
 * each from 1 to 100.
 */
public record StatusThresholds(int yellow, int orange, int red) {

	public static final StatusThresholds DEFAULT = new StatusThresholds(70, 85, 95);

	public StatusThresholds {
		if (yellow < 1 || red > 100 || !(yellow < orange && orange < red)) {
			throw new IllegalArgumentException("thresholds must satisfy 1 <= yellow < orange < red <= 100");
		}
	}

}
