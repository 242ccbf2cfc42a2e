package io.github.quotabroker.forecast;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.quotabroker.pool.Unit;

/**
 * A team's workflow runs in a pool over a recent span (issue #12: 7 days), and how many
 * more such runs fit in what the team may still use. Amounts are in the pool's unit. Pure
 * arithmetic.
 *
 * @param span the span the runs were taken from, ISO-8601
 * @param runs how many workflows ran (a run is the events sharing one {@code workflowId})
 * @param mean what a run used on average; null without runs
 * @param p90 the 90th percentile (nearest rank) of what a run used; null without runs
 * @param moreAtMean how many more runs of the mean size fit in the team's
 * {@code available}; null when no run used anything
 * @param moreAtP90 the same for runs of the P90 size
 * @param basis what the numbers compare, in words
 */
public record WorkflowRuns(String span, int runs, BigDecimal mean, BigDecimal p90, Long moreAtMean, Long moreAtP90,
		String basis) {

	/**
	 * @param sorted what each run used, in base units, smallest first
	 * @param available what the team may still use now, in base units
	 * @param nextReset the calendar window's reset, or null for a rolling window
	 */
	static WorkflowRuns of(List<Long> sorted, long available, Instant nextReset, Duration span, Unit unit) {
		if (sorted.isEmpty()) {
			return new WorkflowRuns(span.toString(), 0, null, null, null, null,
					"no workflow runs in the last " + span.toDays() + " days");
		}
		long total = sorted.stream().mapToLong(Long::longValue).sum();
		long p90 = Percentiles.nearestRank(sorted, 0.9);
		BigDecimal mean = unit.fromBase(total)
			.divide(BigDecimal.valueOf(sorted.size()), 6, RoundingMode.HALF_UP)
			.stripTrailingZeros();
		if (mean.scale() < 0) {
			mean = mean.setScale(0);
		}
		long left = Math.max(0, available);
		// available / (total / runs), in integers: whole runs only.
		Long moreAtMean = (total > 0) ? BigDecimal.valueOf(left)
			.multiply(BigDecimal.valueOf(sorted.size()))
			.divide(BigDecimal.valueOf(total), 0, RoundingMode.FLOOR)
			.longValueExact() : null;
		Long moreAtP90 = (p90 > 0) ? left / p90 : null;
		String until = (nextReset != null) ? "until the reset at " + nextReset
				: "in the rolling window now (more as usage rolls off)";
		return new WorkflowRuns(span.toString(), sorted.size(), mean, unit.fromBase(p90), moreAtMean, moreAtP90,
				"runs of the last " + span.toDays()
						+ " complete days' hours, a run being one workflowId's events; more: "
						+ "what the team may use now (available) " + until + ", over the mean and the P90 run");
	}

}
