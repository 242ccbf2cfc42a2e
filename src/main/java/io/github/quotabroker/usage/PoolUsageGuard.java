package io.github.quotabroker.usage;

import java.time.Clock;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolDeleted;
import io.github.quotabroker.pool.PoolUsageProbe;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells the pool capability whether a pool's window holds usage, and drops a deleted
 * pool's buckets.
 */
@Component
class PoolUsageGuard implements PoolUsageProbe {

	private final UsageQueries queries;

	private final UsageLedger ledger;

	private final Clock clock;

	PoolUsageGuard(UsageQueries queries, UsageLedger ledger, Clock clock) {
		this.queries = queries;
		this.ledger = ledger;
		this.clock = clock;
	}

	@Override
	public boolean hasUsageInCurrentWindow(Pool pool) {
		return this.queries.hasUsageSince(pool.id(), pool.window().boundsAt(this.clock.instant()).countsFrom());
	}

	/** Runs inside the deleting transaction, so the pool and its buckets go together. */
	@EventListener
	void poolDeleted(PoolDeleted event) {
		this.ledger.deleteBuckets(event.poolId());
	}

}
