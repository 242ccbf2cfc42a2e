package io.github.quotabroker.events;

import java.util.List;

/**
 * Team events were just published, inside the transaction that caused them (or at once
 * without one): a listener that writes rows of its own in the same transaction, such as
 * the webhook outbox, stands or falls with the change it reports.
 */
public record TeamEventsPublished(List<TeamEvent> events) {
}
