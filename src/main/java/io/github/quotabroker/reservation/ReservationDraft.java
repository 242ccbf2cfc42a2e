package io.github.quotabroker.reservation;

import java.time.Instant;

/**
 * A checked request for a reservation, in base units, not yet decided.
 *
 * @param id chosen by the client (to retry safely) or by the service
 * @param clientNamed whether the client chose the id; only then is a rejection kept
 * @param requestHash identifies what was asked, to tell a retry from a different request
 */
public record ReservationDraft(String id, boolean clientNamed, String teamId, String poolId, String memberId,
		String description, Priority priority, ReservationKind kind, long amount, Instant startsAt, Instant expiresAt,
		byte[] requestHash, String createdBy) {
}
