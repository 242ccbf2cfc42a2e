package io.github.quotabroker.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The body of a delivery in a webhook's format. Written once, with the outbox row: every
 * attempt sends the same bytes.
 */
final class NoticeBodies {

	private NoticeBodies() {
	}

	static String body(JsonMapper json, Notice notice, Webhook webhook) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (webhook.format() == WebhookFormat.SLACK) {
			body.put("text", "Quota Broker: " + notice.message());
			return json.writeValueAsString(body);
		}
		body.put("id", notice.eventId());
		body.put("type", notice.type().name());
		body.put("teamId", notice.teamId());
		body.put("poolId", notice.poolId());
		body.put("message", notice.message());
		body.put("at", notice.at().toString());
		body.put("webhook", webhook.path());
		body.put("details", new java.util.TreeMap<>(notice.details()));
		return json.writeValueAsString(body);
	}

}
