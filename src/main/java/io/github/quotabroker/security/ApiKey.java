package io.github.quotabroker.security;

import java.time.Instant;

import io.github.quotabroker.web.Role;

/**
 * An API key's metadata; the secret itself is never stored, only its SHA-256.
 *
 * @param teamId {@code null} for ADMIN keys
 */
public record ApiKey(String id, String name, Role role, String teamId, Instant createdAt, String createdBy,
		Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {

	/** Whether the key may be used at {@code now}. */
	public boolean activeAt(Instant now) {
		return this.revokedAt == null && (this.expiresAt == null || this.expiresAt.isAfter(now));
	}

}
