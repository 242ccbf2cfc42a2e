package io.github.quotabroker.audit;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/** One recorded change: who, what, when, and the resource before and after. */
public record AuditEntry(long id, Instant at, String actorKeyId, String actorRole, String action, String resourceType,
		String resourceId, JsonNode before, JsonNode after) {
}
