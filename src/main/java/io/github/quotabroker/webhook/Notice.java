package io.github.quotabroker.webhook;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something worth a webhook call: what happened, to whom, and the key that makes it one
 * event however often it is recorded.
 *
 * @param type what happened
 * @param teamId the team concerned; {@code null} for a fact about a whole pool
 * @param poolId the pool concerned; {@code null} for a fact about a team only
 * @param subject what makes this event itself, not another of its type: for example
 * {@code "shared/2026-11-25T10:00:00Z/80"} for a crossing of 80 % in the window that
 * began then. Recording the same type and subject twice for a webhook delivers once.
 * @param message what happened, as a plain sentence (the Slack text)
 * @param at when it happened, by the service's clock
 * @param details further members of the JSON body (numbers, ids, times)
 */
public record Notice(NoticeType type, String teamId, String poolId, String subject, String message, Instant at,
		Map<String, Object> details) {

	public Notice {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(subject, "subject");
		Objects.requireNonNull(message, "message");
		Objects.requireNonNull(at, "at");
		if (teamId == null && poolId == null) {
			throw new IllegalArgumentException("a notice concerns a team, a pool or both");
		}
		details = (details != null) ? Map.copyOf(details) : Map.of();
	}

	/**
	 * The idempotency key of this event: the same for every recording of the same type
	 * and subject, and sent with every attempt to deliver it.
	 */
	public String eventId() {
		return java.util.UUID
			.nameUUIDFromBytes(
					(this.type.name() + "|" + this.subject).getBytes(java.nio.charset.StandardCharsets.UTF_8))
			.toString();
	}

}
