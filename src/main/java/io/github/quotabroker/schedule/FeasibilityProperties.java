package io.github.quotabroker.schedule;

import java.math.BigDecimal;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sprint feasibility settings ({@code quota.plans.feasibility.*}).
 *
 * @param uncertainty the factor needs are multiplied by when a request names none (issue
 * #14: 1.3)
 * @param minRuns how many workflow runs of the team in a pool (over the last 28 days) are
 * enough to learn its cost per point from
 * @param runsPerPoint how many workflow runs one story point takes, to turn the mean run
 * into a cost per point
 * @param defaultCostPerPoint the cost of a point in a pool's unit when there is too
 * little history and the request names none
 * @param costPerPoint per pool id, in that pool's unit: overrides
 * {@code defaultCostPerPoint}
 */
@ConfigurationProperties("quota.plans.feasibility")
public record FeasibilityProperties(@DefaultValue("1.3") BigDecimal uncertainty, @DefaultValue("10") int minRuns,
		@DefaultValue("1") BigDecimal runsPerPoint, @DefaultValue("50000") BigDecimal defaultCostPerPoint,
		Map<String, BigDecimal> costPerPoint) {

	public FeasibilityProperties {
		if (uncertainty.compareTo(BigDecimal.ONE) < 0 || uncertainty.compareTo(BigDecimal.TEN) > 0) {
			throw new IllegalArgumentException("quota.plans.feasibility.uncertainty lies between 1 and 10");
		}
		if (minRuns < 1) {
			throw new IllegalArgumentException("quota.plans.feasibility.min-runs is at least 1");
		}
		if (runsPerPoint.signum() <= 0 || defaultCostPerPoint.signum() <= 0) {
			throw new IllegalArgumentException(
					"quota.plans.feasibility.runs-per-point and default-cost-per-point are positive");
		}
		costPerPoint = (costPerPoint != null) ? Map.copyOf(costPerPoint) : Map.of();
	}

}
