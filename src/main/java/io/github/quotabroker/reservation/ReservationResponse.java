package io.github.quotabroker.reservation;

import java.math.BigDecimal;
import java.time.Instant;

import io.github.quotabroker.pool.Unit;

/**
 * A reservation as the API shows it, amounts in the pool's unit.
 *
 * @param consumed usage recorded against it so far
 * @param held what it still takes from the pool now
 * @param status as of the answer (a hold past its time is EXPIRED even before the sweeper
 * marks it)
 */
public record ReservationResponse(String id, String teamId, String poolId, String memberId, String description,
		Priority priority, ReservationKind kind, Unit unit, BigDecimal amount, BigDecimal consumed, BigDecimal held,
		ReservationStatus status, Instant startsAt, Instant expiresAt, BigDecimal committedAmount, BigDecimal overrun,
		String reason, Instant createdAt, Instant updatedAt) {

	static ReservationResponse of(Reservation r, Unit unit, Instant now) {
		return new ReservationResponse(r.id(), r.teamId(), r.poolId(), r.memberId(), r.description(), r.priority(),
				r.kind(), unit, unit.fromBase(r.amount()), unit.fromBase(r.consumed()), unit.fromBase(r.heldAt(now)),
				r.statusAt(now), r.startsAt(), r.expiresAt(),
				(r.committedAmount() != null) ? unit.fromBase(r.committedAmount()) : null,
				(r.overrun() != null) ? unit.fromBase(r.overrun()) : null, r.reason(), r.createdAt(), r.updatedAt());
	}

}
