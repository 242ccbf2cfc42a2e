package io.github.quotabroker.usage;

import java.util.List;

/** Answer of {@code POST /usage-events}: one outcome per event, in request order. */
public record IngestAnswer(int recorded, int duplicates, List<EventOutcome> events) {
}
