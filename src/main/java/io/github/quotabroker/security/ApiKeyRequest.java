package io.github.quotabroker.security;

import java.time.Instant;

import io.github.quotabroker.web.Role;

/**
 * Body of {@code POST /api-keys}.
 *
 * @param teamId required for TEAM_LEAD and AGENT keys, absent for ADMIN keys
 * @param expiresAt optional; the key stops working then
 */
public record ApiKeyRequest(String name, Role role, String teamId, Instant expiresAt) {
}
