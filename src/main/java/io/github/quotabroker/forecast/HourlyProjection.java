package io.github.quotabroker.forecast;

/**
 * Projected usage per hour from the hour after the history, with 80 % and 95 % prediction
 * intervals (never below zero).
 *
 * @param model the model used
 * @param reason why that model, in plain words
 * @param calibrated whether the intervals were calibrated on enough held-out errors; if
 * not, they are the largest error seen
 */
public record HourlyProjection(ForecastModel model, String reason, boolean calibrated, double[] mean, double[] lower80,
		double[] upper80, double[] lower95, double[] upper95) {

	public int steps() {
		return this.mean.length;
	}

}
