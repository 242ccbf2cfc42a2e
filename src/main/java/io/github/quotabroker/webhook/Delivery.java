package io.github.quotabroker.webhook;

import java.time.Instant;

/**
 * One row of the outbox: an event for one webhook, and how its delivery went.
 *
 * @param eventId the idempotency key, the same on every attempt
 * @param status {@code PENDING} (not yet delivered; tried again at
 * {@code nextAttemptAt}), {@code DELIVERED} or {@code FAILED} (given up after the last
 * attempt)
 * @param attempts attempts started so far
 * @param lastStatus the HTTP status of the last attempt; {@code null} when it got no
 * answer
 * @param lastError why the last attempt failed
 */
record Delivery(long id, long webhookKey, String eventId, NoticeType eventType, String body, String status,
		int attempts, Instant nextAttemptAt, Integer lastStatus, String lastError, Instant createdAt,
		Instant deliveredAt) {
}
