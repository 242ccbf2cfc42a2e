package io.github.quotabroker.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A webhook as answered: everything but its secret.
 *
 * @param teamId set for a team's webhook
 * @param poolId set for a pool's webhook
 */
record WebhookResponse(String id, String teamId, String poolId, String url, List<String> events,
		List<Integer> thresholds, String queueWaitAbove, String format, boolean secretSet, Instant createdAt,
		Instant updatedAt) {

	static WebhookResponse of(Webhook w) {
		return new WebhookResponse(w.id(), w.teamId(), w.poolId(), w.url(),
				w.events().stream().map(Enum::name).toList(), w.thresholds(), w.queueWaitAbove().toString(),
				w.format().name(), w.secret() != null && !w.secret().isEmpty(), w.createdAt(), w.updatedAt());
	}

}
