package io.github.quotabroker.calibration;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Calibration settings ({@code quota.calibration.*}); see {@link LimitEstimator}.
 *
 * @param minPercent readings below this percent are too coarse to estimate from
 * @param maxAge readings older than this are not used (and deleted after twice as long)
 * @param halfLife a reading's weight halves with each
 * @param clusterBand provider windows whose implied limit is within this share of the
 * densest cluster's make the estimate
 * @param minHalfWidth the 95 % interval is at least this share of the estimate on each
 * side (the resolution of whole-percent readings and their lag)
 * @param minReadings a {@code CALIBRATED} pool decides with the estimate only once at
 * least this many readings made it
 * @param minWindows ... from at least this many provider windows
 * @param maxRelativeHalfWidth ... and its 95 % interval is at most this wide on each
 * side, relative to the estimate
 * @param maxReadings the most recent readings used per pool
 * @param recomputeEvery how often, at most, an instance estimates a pool again as
 * observations arrive (a {@code GET} of the calibration always does)
 * @param freshFor how long a reading without a reset time counts as the provider's
 * percent now
 */
@ConfigurationProperties("quota.calibration")
@Validated
public record CalibrationProperties(@DefaultValue("5") double minPercent, @DefaultValue("P14D") Duration maxAge,
		@DefaultValue("P3D") Duration halfLife, @DefaultValue("0.04") double clusterBand,
		@DefaultValue("0.015") double minHalfWidth, @DefaultValue("8") int minReadings,
		@DefaultValue("3") int minWindows, @DefaultValue("0.05") double maxRelativeHalfWidth,
		@DefaultValue("5000") int maxReadings, @DefaultValue("PT1M") Duration recomputeEvery,
		@DefaultValue("PT15M") Duration freshFor) {

	public CalibrationProperties {
		if (minPercent < 0 || minPercent >= 100) {
			throw new IllegalArgumentException("quota.calibration.min-percent must be from 0 to below 100");
		}
		if (clusterBand <= 0 || minHalfWidth < 0 || minReadings < 1 || minWindows < 1 || maxRelativeHalfWidth <= 0
				|| maxReadings < 1) {
			throw new IllegalArgumentException(
					"quota.calibration: cluster-band, min-readings, min-windows, max-relative-half-width and max-readings must be positive");
		}
	}

	LimitEstimator.Settings settings() {
		return new LimitEstimator.Settings(this.minPercent, this.maxAge, this.halfLife, this.clusterBand,
				this.minHalfWidth);
	}

}
