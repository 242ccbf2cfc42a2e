package io.github.quotabroker.capacity;

import java.util.List;

/**
 * Quota of these pools came back before its time (a hold released, committed for less,
 * cancelled or expired): their queues may be able to grant more. Published inside the
 * transaction that freed it; listen after commit.
 */
public record QuotaFreed(List<String> poolIds) {
}
