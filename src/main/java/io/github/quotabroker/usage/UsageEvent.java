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
 */
public record UsageEvent(String eventId, String teamId, String memberId, String agentId, String model,
		Instant occurredAt, long inputTokens, long outputTokens, long cacheReadTokens, long cacheCreationTokens,
		long messages, BigDecimal costUsd, UsageKind kind, String reservationId) {

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
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
