package io.github.quotabroker.reservation;

import java.time.Instant;

import io.github.quotabroker.queue.Priority;

/**
 * Quota held or earmarked for one team's work in one pool. Amounts are base units of the
 * pool's unit.
 *
 * @param consumed usage recorded against it so far (events carrying its id, and its
 * commit)
 * @param status as stored; {@link #statusAt(Instant)} also accounts for time that passed
 * since the sweeper last looked
 * @param startsAt when it began to take quota (while queued: when it entered the queue)
 * @param expiresAt when a hold gives back what it has not used (for a window reservation,
 * the end of its window; while queued, its deadline)
 * @param committedAmount what the work used in all, once committed
 * @param overrun how much more than {@code amount} it used, once committed
 * @param preemptible whether an urgent request of a team below its share may take its
 * unused part back
 * @param ttlSeconds a queued hold's ttl, applied from its grant
 * @param queuedAt when it entered its pool's queue ({@code null}: never queued)
 */
public record Reservation(String id, String teamId, String poolId, String memberId, String description,
		Priority priority, ReservationKind kind, long amount, long consumed, ReservationStatus status, Instant startsAt,
		Instant expiresAt, Long committedAmount, Long overrun, String reason, String createdBy, Instant createdAt,
		Instant updatedAt, boolean preemptible, Long ttlSeconds, Instant queuedAt) {

	static final String QUEUED_DEADLINE_PASSED = "its deadline passed while it was queued";

	static final String WINDOW_ENDED = "its window ended before it was swept";

	static final String TIME_RAN_OUT = "its time ran out; the unused part went back to the pool";

	/** The status at {@code now}, whether or not the sweeper has caught up with it. */
	public ReservationStatus statusAt(Instant now) {
		// A queued request's expiresAt is its deadline.
		if ((this.status.active() || this.status == ReservationStatus.QUEUED) && !now.isBefore(this.expiresAt)) {
			return ReservationStatus.EXPIRED;
		}
		if (this.status == ReservationStatus.SCHEDULED && !now.isBefore(this.startsAt)) {
			return ReservationStatus.HELD;
		}
		return this.status;
	}

	/**
	 * The reason at {@code now}: when time alone changed the status since the sweeper
	 * last looked, the reason the sweeper will write, so that a reader does not see an
	 * EXPIRED reservation without one just because it read before the sweep committed.
	 */
	public String reasonAt(Instant now) {
		if (statusAt(now) != ReservationStatus.EXPIRED || this.status == ReservationStatus.EXPIRED) {
			return this.reason;
		}
		return switch (this.status) {
			case QUEUED -> QUEUED_DEADLINE_PASSED;
			case SCHEDULED -> WINDOW_ENDED;
			default -> TIME_RAN_OUT;
		};
	}

	/**
	 * What it takes from the pool now: the part not yet used, while held (a scheduled
	 * reservation takes its amount only from its start).
	 */
	/** The same reservation in another status, at {@code now}. */
	Reservation to(ReservationStatus next, long newConsumed, Long committed, Long over, String why, Instant now) {
		// As stored, or as time made it since the sweeper looked:
		// a scheduled one that began is held; a queued one past its deadline expires.
		if (!this.status.canBecome(next) && !statusAt(now).canBecome(next)) {
			throw new IllegalStateException(
					"Reservation " + this.id + " is " + this.status + " and cannot become " + next);
		}
		return new Reservation(this.id, this.teamId, this.poolId, this.memberId, this.description, this.priority,
				this.kind, this.amount, newConsumed, next, this.startsAt, this.expiresAt, committed, over, why,
				this.createdBy, this.createdAt, now, this.preemptible, this.ttlSeconds, this.queuedAt);
	}

	/** A queued request granted at {@code now}: held for its ttl from now. */
	Reservation grantedAt(Instant now, String why) {
		if (!this.status.canBecome(ReservationStatus.HELD)) {
			throw new IllegalStateException("Reservation " + this.id + " is " + this.status + " and cannot be granted");
		}
		return new Reservation(this.id, this.teamId, this.poolId, this.memberId, this.description, this.priority,
				this.kind, this.amount, this.consumed, ReservationStatus.HELD, now, now.plusSeconds(this.ttlSeconds),
				null, null, why, this.createdBy, this.createdAt, now, this.preemptible, this.ttlSeconds, this.queuedAt);
	}

	public long heldAt(Instant now) {
		// QUEUED and ended statuses hold nothing.
		return (statusAt(now) == ReservationStatus.HELD) ? Math.max(0, this.amount - this.consumed) : 0;
	}

}
