package io.github.quotabroker.team;

import java.math.BigDecimal;

/** Body of {@code PUT /pools/{poolId}/allocations/{teamId}}; weight defaults to 1. */
public record AllocationRequest(BigDecimal weight) {
}
