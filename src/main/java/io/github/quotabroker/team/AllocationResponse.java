package io.github.quotabroker.team;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.quotabroker.pool.Unit;

/**
 * An allocation as the API shows it; {@code guaranteed} in the pool's unit, and
 * {@code borrowLimitPercent} always present ({@code null}: without limit).
 */
public record AllocationResponse(String poolId, String teamId, BigDecimal weight, BigDecimal guaranteed,
		@JsonInclude(JsonInclude.Include.ALWAYS) Integer borrowLimitPercent, boolean preemptible, Instant createdAt,
		Instant updatedAt) {

	static AllocationResponse of(Allocation a, Unit unit) {
		return new AllocationResponse(a.poolId(), a.teamId(), Numbers.plain(a.weight()), unit.fromBase(a.guaranteed()),
				a.borrowLimitPercent(), a.preemptible(), a.createdAt(), a.updatedAt());
	}

}
