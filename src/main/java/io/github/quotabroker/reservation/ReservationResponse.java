package io.github.quotabroker.reservation;

import java.math.BigDecimal;
import java.time.Instant;

import io.github.quotabroker.queue.Priority;

import io.github.quotabroker.pool.Unit;

/**
 * A reservation as the API shows it, amounts in the pool's unit.
 *
 * @param consumed usage recorded against it so far
 * @param held what it still takes from the pool now
 * @param status as of the answer (a hold past its time is EXPIRED even before the sweeper
 * marks it)
 * @param preemptible whether an urgent request of a team below its share may take its
 * unused part back
 * @param queuedAt when it entered its pool's queue (absent if it never waited)
 * @param deadline while queued: when it gives up
 * @param position while queued: its place in the pool's queue (1: next)
 * @param estimatedGrantAt while queued: when it can expect its grant if nothing more is
 * used and the requests ahead hold their full ttl (absent: not before its deadline)
 */
public record ReservationResponse(String id, String teamId, String poolId, String memberId, String description,
		Priority priority, ReservationKind kind, Unit unit, BigDecimal amount, BigDecimal consumed, BigDecimal held,
		ReservationStatus status, Instant startsAt, Instant expiresAt, BigDecimal committedAmount, BigDecimal overrun,
		String reason, Boolean preemptible, Instant queuedAt, Instant deadline, Integer position,
		Instant estimatedGrantAt, Instant createdAt, Instant updatedAt) {

	static ReservationResponse of(Reservation r, Unit unit, Instant now) {
		return queued(r, unit, now, null, null);
	}

	static ReservationResponse queued(Reservation r, Unit unit, Instant now, Integer position,
			Instant estimatedGrantAt) {
		ReservationStatus status = r.statusAt(now);
		boolean waiting = status == ReservationStatus.QUEUED;
		return new ReservationResponse(r.id(), r.teamId(), r.poolId(), r.memberId(), r.description(), r.priority(),
				r.kind(), unit, unit.fromBase(r.amount()), unit.fromBase(r.consumed()), unit.fromBase(r.heldAt(now)),
				status, waiting ? null : r.startsAt(), waiting ? null : r.expiresAt(),
				(r.committedAmount() != null) ? unit.fromBase(r.committedAmount()) : null,
				(r.overrun() != null) ? unit.fromBase(r.overrun()) : null, r.reasonAt(now), r.preemptible(),
				r.queuedAt(), waiting ? r.expiresAt() : null, waiting ? position : null,
				waiting ? estimatedGrantAt : null, r.createdAt(), r.updatedAt());
	}

}
