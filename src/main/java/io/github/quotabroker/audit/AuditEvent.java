package io.github.quotabroker.audit;

/**
 * Published, inside the changing transaction, by every capability that changes something
 * admins must be able to trace; {@link AuditLog} records it with the acting key.
 *
 * @param before the resource before the change ({@code null} when created)
 * @param after the resource after the change ({@code null} when deleted)
 */
public record AuditEvent(String action, String resourceType, String resourceId, Object before, Object after) {
}
