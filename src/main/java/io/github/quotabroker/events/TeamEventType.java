package io.github.quotabroker.events;

/**
 * What happened to a team's reservation, to the colour of one of its pools, or what the
 * forecast found unusual in its usage.
 */
public enum TeamEventType {

	/**
	 * A reservation was granted: it holds quota now ({@code HELD}) or later
	 * ({@code SCHEDULED}).
	 */
	GRANTED,

	/** A reservation request waits in its pool's queue for room. */
	QUEUED,

	/** A held reservation was taken back to make room for more important work. */
	PREEMPTED,

	/** A reservation's time ran out; what it had not used went back. */
	EXPIRED,

	/** A reservation was given back before its end. */
	RELEASED,

	/** The work of a reservation is done and what it used is recorded. */
	COMMITTED,

	/** A scheduled reservation, or a queued request, was called off. */
	CANCELLED,

	/** A pool the team is allocated changed colour (GREEN, YELLOW, ORANGE, RED). */
	STATUS_CHANGED,

	/**
	 * The forecast found an anomaly in the team's usage of a pool: an hour far above its
	 * seasonal expectation, a lasting shift of the daily mean, a large workflow or a low
	 * cache-read share; the status is its severity (WARNING or ANOMALY).
	 */
	ANOMALY

}
