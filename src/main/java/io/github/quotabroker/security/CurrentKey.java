package io.github.quotabroker.security;

import io.github.quotabroker.web.Role;

/**
 * Answer of {@code GET /api-keys/current}: the key that made the request.
 *
 * @param keyId the key's id ({@code admin-token} for the configured admin token)
 * @param teamId absent for ADMIN keys
 */
record CurrentKey(String keyId, Role role, String teamId) {
}
