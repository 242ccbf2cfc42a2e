package io.github.quotabroker.availability;

import java.time.Instant;
import java.util.List;

/**
 * Answer of {@code GET /teams/{teamId}/availability}: every pool the team may draw on.
 */
public record TeamAvailability(String teamId, String timezone, Instant at, List<PoolAvailability> pools) {
}
