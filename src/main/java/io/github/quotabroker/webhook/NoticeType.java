package io.github.quotabroker.webhook;

/**
 * What a webhook can be told. Each notice has one type; a webhook subscribes to a set of
 * them.
 */
public enum NoticeType {

	/**
	 * A pool's usage in its window reached one of the webhook's percent thresholds; once
	 * per window and threshold.
	 */
	THRESHOLD_CROSSED,

	/**
	 * The forecast says a pool (or a team's share of it) runs out before the window
	 * resets. Raised by the forecast capability through {@link Notices#record}.
	 */
	FORECAST_EXHAUSTION_BEFORE_RESET,

	/** Usage far from its expected pattern. Raised through {@link Notices#record}. */
	ANOMALY,

	/** A reservation was granted (held now, or scheduled). */
	RESERVATION_GRANTED,

	/** A held reservation was taken back for more important work. */
	RESERVATION_PREEMPTED,

	/** A reservation's time ran out. */
	RESERVATION_EXPIRED,

	/** A request has waited in its pool's queue longer than the webhook's bound. */
	QUEUE_WAIT_EXCEEDED

}
