package io.github.quotabroker.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Where to tell a team, or a pool's admins, what happened: exactly one of {@code teamId}
 * and {@code poolId} is set.
 *
 * @param key the row's surrogate key
 * @param id chosen by the caller, unique per team or per pool
 * @param thresholds percents of a pool's limit announced by
 * {@link NoticeType#THRESHOLD_CROSSED}, ascending
 * @param queueWaitAbove the wait announced by {@link NoticeType#QUEUE_WAIT_EXCEEDED}
 * @param secret the HMAC key of the signatures; never answered
 */
record Webhook(long key, String id, String teamId, String poolId, String url, Set<NoticeType> events,
		List<Integer> thresholds, Duration queueWaitAbove, String secret, WebhookFormat format, Instant createdAt,
		Instant updatedAt) {

	boolean wants(NoticeType type) {
		return this.events.contains(type);
	}

	/** The path of this webhook in the API. */
	String path() {
		return (this.teamId != null) ? "/teams/" + this.teamId + "/webhooks/" + this.id
				: "/pools/" + this.poolId + "/webhooks/" + this.id;
	}

}
