package io.github.quotabroker.reservation;

import java.time.Duration;
import java.time.Instant;

import io.github.quotabroker.capacity.CapacityRequest;
import io.github.quotabroker.queue.Priority;

/**
 * A checked request for a reservation, in base units, not yet decided.
 *
 * @param id chosen by the client (to retry safely) or by the service
 * @param clientNamed whether the client chose the id; only then is a rejection kept
 * @param requestHash identifies what was asked, to tell a retry from a different request
 * @param queue whether the request waits in the pool's queue when it cannot be granted
 * now
 * @param preemptible {@code null}: as the team's allocation says
 * @param deadline when a queued request gives up
 */
public record ReservationDraft(String id, boolean clientNamed, String teamId, String poolId, String memberId,
		String description, Priority priority, ReservationKind kind, long amount, Instant startsAt, Instant expiresAt,
		byte[] requestHash, String createdBy, boolean queue, Boolean preemptible, Instant deadline) {

	/** How long a hold lasts once it begins. */
	Duration ttl() {
		return Duration.between(this.startsAt, this.expiresAt);
	}

	/** What a capacity check needs of it. */
	public CapacityRequest capacityRequest() {
		return new CapacityRequest(this.teamId, this.amount, this.startsAt, this.expiresAt,
				this.kind == ReservationKind.WINDOW);
	}

}
