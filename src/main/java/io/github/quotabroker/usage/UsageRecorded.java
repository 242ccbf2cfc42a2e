package io.github.quotabroker.usage;

import java.util.List;

/** Published after a group commit with the events it newly recorded. */
public record UsageRecorded(List<UsageEvent> events) {
}
