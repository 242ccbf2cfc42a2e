package io.github.quotabroker.schedule;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.github.quotabroker.pool.Unit;

/**
 * Answer of {@code POST /teams/{teamId}/plans/feasibility}. Amounts are in each pool's
 * unit.
 *
 * @param feasible whether every pool has room for what the sprint needs of it
 * @param pointsFit how many points fit every pool at once (with the uncertainty); null
 * for tasks
 * @param runsOutOn the first day (in the team's zone) any pool runs out; null if none
 * @param baselineSource how the team's expected use was measured
 */
public record FeasibilityResponse(String teamId, String timezone, Instant from, Instant to, BigDecimal uncertainty,
		BigDecimal storyPoints, boolean feasible, Long pointsFit, LocalDate runsOutOn, String baselineSource,
		List<PoolView> pools) {

	/**
	 * One pool.
	 *
	 * @param costPerPoint null for tasks
	 * @param costSource {@code request}, {@code history} (with the runs learnt from),
	 * {@code default}, or {@code tasks}
	 * @param needed what the sprint needs, with the uncertainty
	 * @param available what the team may use for the sprint over it, beyond its baseline
	 * @param baseline what the team is expected to use anyway over the sprint
	 * @param shortfall what an even pace still needs at the sprint's end
	 * @param runsOutAt the first hour an even pace finds too little room
	 */
	public record PoolView(String poolId, Unit unit, String window, BigDecimal costPerPoint, String costSource,
			BigDecimal needed, BigDecimal available, BigDecimal baseline, boolean feasible, BigDecimal shortfall,
			Instant runsOutAt, LocalDate runsOutOn, Long pointsFit) {
	}

}
