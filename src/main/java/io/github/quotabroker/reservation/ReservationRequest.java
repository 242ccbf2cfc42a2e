package io.github.quotabroker.reservation;

import java.math.BigDecimal;
import java.time.Instant;

import io.github.quotabroker.queue.Priority;

/**
 * Body of {@code POST /reservations}: a hold ({@code ttl}, or nothing for the default) or
 * a window ({@code startsAt} and {@code endsAt}).
 *
 * @param id optional, chosen by the client so that a retry cannot reserve twice
 * @param amount in the pool's unit
 * @param priority defaults to MEDIUM
 * @param ttl ISO-8601 duration of a hold, default PT30M, at most PT24H
 * @param queue wait in the pool's queue when the hold cannot be granted now
 * @param deadline when a queued hold gives up (default:
 * {@code quota.reservations.max-queue-wait} from now)
 * @param preemptible whether an urgent request of a team below its share may take the
 * hold's unused part back (default: the team's allocation's {@code preemptible})
 */
public record ReservationRequest(String id, String teamId, String poolId, BigDecimal amount, Priority priority,
		String memberId, String description, String ttl, Instant startsAt, Instant endsAt, Boolean queue,
		Instant deadline, Boolean preemptible) {

	public ReservationRequest(String id, String teamId, String poolId, BigDecimal amount, Priority priority,
			String memberId, String description, String ttl, Instant startsAt, Instant endsAt) {
		this(id, teamId, poolId, amount, priority, memberId, description, ttl, startsAt, endsAt, null, null, null);
	}

}
