package io.github.quotabroker.usage;

import java.util.Set;

/**
 * New usage was counted against these pools: published inside the transaction that
 * records it, before it commits, so that a listener's own writes (a webhook's threshold
 * crossing) commit with the usage or not at all. Listeners must be cheap: this is the
 * ingest hot path, once per group commit.
 */
public record UsageCounted(Set<String> poolIds) {
}
