package io.github.quotabroker.team;

import java.math.BigDecimal;

import tools.jackson.databind.JsonNode;

/**
 * Body of {@code PUT /pools/{poolId}/allocations/{teamId}}. Left out, {@code weight} is
 * 1, {@code guaranteed} 0, {@code borrowLimitPercent} 20 and {@code preemptible} false.
 *
 * @param guaranteed in the pool's unit
 * @param borrowLimitPercent as sent, to tell a JSON {@code null} (without limit) from a
 * field left out (the default)
 */
public record AllocationRequest(BigDecimal weight, BigDecimal guaranteed, JsonNode borrowLimitPercent,
		Boolean preemptible) {

	public AllocationRequest(BigDecimal weight) {
		this(weight, null, null, null);
	}

}
