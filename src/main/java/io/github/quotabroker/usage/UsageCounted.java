package io.github.quotabroker.usage;

import java.util.Map;
import java.util.Set;

/**
 * New usage was counted against these pools: published inside the transaction that
 * records it, before it commits, so that a listener's own writes (a webhook's threshold
 * crossing) commit with the usage or not at all. Listeners must be cheap: this is the
 * ingest hot path, once per group commit.
 *
 * @param added per pool, the base units the new events count in it (whether or not they
 * fall in its current window: an upper bound of what its window usage grew by)
 */
public record UsageCounted(Map<String, Long> added) {

	public UsageCounted {
		added = Map.copyOf(added);
	}

	public Set<String> poolIds() {
		return this.added.keySet();
	}

}
