package io.github.quotabroker.reservation;

/**
 * A hold takes quota from now on; a window reservation earmarks it for a future interval
 * and becomes a hold when the interval begins.
 */
public enum ReservationKind {

	HOLD, WINDOW

}
