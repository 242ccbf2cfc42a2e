package io.github.quotabroker.webhook;

/** The shape of a delivery's body. */
public enum WebhookFormat {

	/** The event as JSON: id, type, team, pool, message, time and details. */
	JSON,

	/**
	 * What a Slack incoming webhook accepts: {@code {"text": "..."}} with the message.
	 */
	SLACK

}
