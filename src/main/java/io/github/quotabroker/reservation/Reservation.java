package io.github.quotabroker.reservation;

import java.time.Instant;

/**
 * Quota held or earmarked for one team's work in one pool. Amounts are base units of the
 * pool's unit.
 *
 * @param consumed usage recorded against it so far (events carrying its id, and its
 * commit)
 * @param status as stored; {@link #statusAt(Instant)} also accounts for time that passed
 * since the sweeper last looked
 * @param expiresAt when a hold gives back what it has not used (for a window reservation,
 * the end of its window)
 * @param committedAmount what the work used in all, once committed
 * @param overrun how much more than {@code amount} it used, once committed
 */
public record Reservation(String id, String teamId, String poolId, String memberId, String description,
		Priority priority, ReservationKind kind, long amount, long consumed, ReservationStatus status, Instant startsAt,
		Instant expiresAt, Long committedAmount, Long overrun, String reason, String createdBy, Instant createdAt,
		Instant updatedAt) {

	/** The status at {@code now}, whether or not the sweeper has caught up with it. */
	public ReservationStatus statusAt(Instant now) {
		if (this.status.active() && !now.isBefore(this.expiresAt)) {
			return ReservationStatus.EXPIRED;
		}
		if (this.status == ReservationStatus.SCHEDULED && !now.isBefore(this.startsAt)) {
			return ReservationStatus.HELD;
		}
		return this.status;
	}

	/**
	 * What it takes from the pool now: the part not yet used, while held (a scheduled
	 * reservation takes its amount only from its start).
	 */
	public long heldAt(Instant now) {
		return (statusAt(now) == ReservationStatus.HELD) ? Math.max(0, this.amount - this.consumed) : 0;
	}

}
