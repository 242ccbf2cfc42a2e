package io.github.quotabroker.reservation;

import java.util.List;

/**
 * Reservations of these pools were granted, used, given back or expired: capacity answers
 * computed before are stale. Published inside the transaction that made the change;
 * listen after commit.
 */
public record ReservationsChanged(List<String> poolIds) {
}
