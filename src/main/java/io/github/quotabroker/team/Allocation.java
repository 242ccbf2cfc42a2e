package io.github.quotabroker.team;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Permission for a team to draw on a pool, with its fair-share weight. Guaranteed
 * minimums and borrowing limits join it with fair share.
 */
public record Allocation(String poolId, String teamId, BigDecimal weight, Instant createdAt, Instant updatedAt) {
}
