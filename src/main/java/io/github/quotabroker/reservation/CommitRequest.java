package io.github.quotabroker.reservation;

import java.math.BigDecimal;

/**
 * Body of {@code POST /reservations/{id}/commit}.
 *
 * @param amount what the work used in all, in the pool's unit; may be more than was held
 */
public record CommitRequest(BigDecimal amount) {
}
