package io.github.quotabroker.usage;

import java.time.Instant;

/** Pool-wide usage recorded in one minute bucket. */
public record MinuteUsage(Instant bucketStart, long amount) {
}
