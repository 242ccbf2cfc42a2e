package io.github.quotabroker.security;

import java.time.Instant;

import io.github.quotabroker.web.Role;

/**
 * A key as listed: never its secret.
 *
 * @param secret only in the answer to {@code POST /api-keys}, shown that once
 */
public record ApiKeyResponse(String id, String name, Role role, String teamId, Instant createdAt, String createdBy,
		Instant expiresAt, Instant revokedAt, Instant lastUsedAt, String secret) {

	static ApiKeyResponse of(ApiKey key) {
		return of(key, null);
	}

	static ApiKeyResponse of(ApiKey key, String secret) {
		return new ApiKeyResponse(key.id(), key.name(), key.role(), key.teamId(), key.createdAt(), key.createdBy(),
				key.expiresAt(), key.revokedAt(), key.lastUsedAt(), secret);
	}

}
