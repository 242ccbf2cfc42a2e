package io.github.quotabroker.forecast;

/**
 * Projected usage per hour from the hour after the history, with 80 % and 95 % prediction
 * intervals (never below zero).
 *
 * @param model the model used
 * @param reason why that model, in plain words
 * @param calibrated whether the intervals were calibrated on enough held-out errors; if
 * not, they rest on fewer errors than that, or are the largest error seen
 * @param lowerPath80 hourly amounts whose sum over the first hours is the lower end of
 * the 80 % interval of that sum (calibrated on held-out sums, so narrower than the sum of
 * {@code lower80}): what exhaustion instants and the total at reset use
 * @param upperPath80 the same for the upper end
 */
public record HourlyProjection(ForecastModel model, String reason, boolean calibrated, double[] mean, double[] lower80,
		double[] upper80, double[] lower95, double[] upper95, double[] lowerPath80, double[] upperPath80) {

	public int steps() {
		return this.mean.length;
	}

}
