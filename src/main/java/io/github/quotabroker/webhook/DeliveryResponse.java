package io.github.quotabroker.webhook;

import java.time.Instant;

/**
 * One delivery as answered by {@code GET .../webhooks/{id}/deliveries}.
 *
 * @param eventId the idempotency key sent as {@code X-Quota-Event-Id}
 * @param status {@code PENDING}, {@code DELIVERED} or {@code FAILED}
 * @param nextAttemptAt when a pending delivery is tried next
 */
record DeliveryResponse(String eventId, String type, String status, int attempts, Instant nextAttemptAt,
		Integer lastStatus, String lastError, Instant createdAt, Instant deliveredAt) {

	static DeliveryResponse of(Delivery d) {
		return new DeliveryResponse(d.eventId(), d.eventType().name(), d.status(), d.attempts(),
				"PENDING".equals(d.status()) ? d.nextAttemptAt() : null, d.lastStatus(), d.lastError(), d.createdAt(),
				d.deliveredAt());
	}

}
