package io.github.quotabroker.webhook;

import java.util.List;

/**
 * Body of {@code PUT /teams/{teamId}/webhooks/{id}} and {@code PUT
 * /pools/{poolId}/webhooks/{id}}.
 *
 * @param url where deliveries are POSTed ({@code http} or {@code https})
 * @param events names of {@link NoticeType}s
 * @param thresholds percents of a pool's limit for {@code THRESHOLD_CROSSED} (default 80
 * and 95)
 * @param queueWaitAbove ISO-8601 duration for {@code QUEUE_WAIT_EXCEEDED} (default
 * {@code PT15M})
 * @param secret the HMAC key, 16 to 200 characters; required when the webhook is created,
 * kept when omitted on a replacement
 * @param format {@code JSON} (default) or {@code SLACK}
 */
record WebhookRequest(String url, List<String> events, List<Integer> thresholds, String queueWaitAbove, String secret,
		String format) {
}
