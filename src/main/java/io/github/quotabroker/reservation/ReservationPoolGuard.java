package io.github.quotabroker.reservation;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolUsageProbe;

import org.springframework.stereotype.Component;

/**
 * A pool with active reservations is in use: deleting it or changing its unit would
 * strand what they hold.
 */
@Component
class ReservationPoolGuard implements PoolUsageProbe {

	private final ReservationStore store;

	private final java.time.Clock clock;

	ReservationPoolGuard(ReservationStore store, java.time.Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	@Override
	public boolean hasUsageInCurrentWindow(Pool pool) {
		return this.store.anyActive(pool.id(), this.clock.instant());
	}

}
