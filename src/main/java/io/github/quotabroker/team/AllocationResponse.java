package io.github.quotabroker.team;

import java.math.BigDecimal;
import java.time.Instant;

public record AllocationResponse(String poolId, String teamId, BigDecimal weight, Instant createdAt,
		Instant updatedAt) {

	static AllocationResponse of(Allocation a) {
		return new AllocationResponse(a.poolId(), a.teamId(), Numbers.plain(a.weight()), a.createdAt(), a.updatedAt());
	}

}
