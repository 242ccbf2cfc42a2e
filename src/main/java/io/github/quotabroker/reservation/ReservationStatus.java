package io.github.quotabroker.reservation;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a reservation is in its life. Only {@link #HELD} and {@link #SCHEDULED} take
 * quota; every other status is final.
 */
public enum ReservationStatus {

	/**
	 * Waiting in its pool's queue for quota to come back; becomes {@link #HELD} when
	 * granted, {@link #EXPIRED} at its deadline.
	 */
	QUEUED,

	/** Quota is held from {@code startsAt} until committed, released or expired. */
	HELD,

	/** Quota is earmarked for a future interval; becomes {@link #HELD} at its start. */
	SCHEDULED,

	/** The work is done and what it used is recorded; the rest went back. */
	COMMITTED,

	/** Given back before its end; usage already recorded against it stays. */
	RELEASED,

	/** Its time ran out; what it had not used went back. */
	EXPIRED,

	/** A scheduled reservation called off before it began. */
	CANCELLED,

	/** Could not be granted (kept only when the client named the reservation). */
	REJECTED,

	/**
	 * Its unused part was taken back for an urgent request of a team below its share;
	 * usage already recorded against it stays.
	 */
	PREEMPTED;

	private static final Map<ReservationStatus, Set<ReservationStatus>> NEXT = Map.of(QUEUED,
			EnumSet.of(HELD, CANCELLED, EXPIRED), SCHEDULED, EnumSet.of(HELD, CANCELLED, EXPIRED), HELD,
			EnumSet.of(COMMITTED, RELEASED, EXPIRED, PREEMPTED), PREEMPTED, EnumSet.noneOf(ReservationStatus.class),
			COMMITTED, EnumSet.noneOf(ReservationStatus.class), RELEASED, EnumSet.noneOf(ReservationStatus.class),
			EXPIRED, EnumSet.noneOf(ReservationStatus.class), CANCELLED, EnumSet.noneOf(ReservationStatus.class),
			REJECTED, EnumSet.noneOf(ReservationStatus.class));

	/** Whether a reservation in this status can never change again. */
	public boolean ended() {
		return NEXT.get(this).isEmpty();
	}

	/** Whether a reservation in this status takes quota. */
	public boolean active() {
		return this == HELD || this == SCHEDULED;
	}

	public boolean canBecome(ReservationStatus next) {
		return NEXT.get(this).contains(next);
	}

}
