package io.github.quotabroker.usage;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import io.github.quotabroker.pool.Consumption;

/**
 * A validated usage event, ready for the ledger. {@code occurredAt} is truncated to the
 * microsecond, the ledger's precision, so that a re-delivery compares equal.
 * {@code workflowId} and {@code taskType} are optional labels (null when absent); they
 * are stored in the ledger and never used as metric tags.
 */
public record UsageEvent(String eventId, String teamId, String memberId, String agentId, String model,
		Instant occurredAt, long inputTokens, long outputTokens, long cacheReadTokens, long cacheCreationTokens,
		long messages, BigDecimal costUsd, UsageKind kind, String reservationId, String workflowId, String taskType) {

	/** An event without workflow labels. */
	public UsageEvent(String eventId, String teamId, String memberId, String agentId, String model, Instant occurredAt,
			long inputTokens, long outputTokens, long cacheReadTokens, long cacheCreationTokens, long messages,
			BigDecimal costUsd, UsageKind kind, String reservationId) {
		this(eventId, teamId, memberId, agentId, model, occurredAt, inputTokens, outputTokens, cacheReadTokens,
				cacheCreationTokens, messages, costUsd, kind, reservationId, null, null);
	}

	public Consumption consumption() {
		return new Consumption(this.inputTokens, this.outputTokens, this.cacheReadTokens, this.cacheCreationTokens,
				this.messages, this.costUsd);
	}

	/**
	 * SHA-256 over every field, in hex. Two deliveries of one {@code eventId} are the
	 * same event exactly when their hashes are equal.
	 */
	public String contentHash() {
		String canonical = String.join("\u0001", this.eventId, this.teamId, String.valueOf(this.memberId),
				String.valueOf(this.agentId), this.model, this.occurredAt.toString(), Long.toString(this.inputTokens),
				Long.toString(this.outputTokens), Long.toString(this.cacheReadTokens),
				Long.toString(this.cacheCreationTokens), Long.toString(this.messages),
				(this.costUsd != null) ? this.costUsd.stripTrailingZeros().toPlainString() : "null", this.kind.name(),
				String.valueOf(this.reservationId));
		// Appended only when present: events older than these labels keep their hash.
		// A re-delivery of them is then still a duplicate, not a conflict.
		if (this.workflowId != null || this.taskType != null) {
			canonical = String.join("\u0001", canonical, String.valueOf(this.workflowId),
					String.valueOf(this.taskType));
		}
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
