package io.github.quotabroker.queue;

import java.util.Map;
import java.util.TreeMap;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Refreshes {@code quota.queue.depth} every {@code quota.metrics.refresh-interval}, with
 * every pool (zero when nothing waits), from the database: the queue is shared by all
 * instances, so each reports the same depth.
 */
@Component
class QueueDepth {

	private static final Logger log = LoggerFactory.getLogger(QueueDepth.class);

	private final QueueGrants reservations;

	private final PoolService pools;

	private final QueueMetrics metrics;

	QueueDepth(QueueGrants reservations, PoolService pools, QueueMetrics metrics) {
		this.reservations = reservations;
		this.pools = pools;
		this.metrics = metrics;
	}

	@Scheduled(initialDelayString = "PT5S", fixedDelayString = "${quota.metrics.refresh-interval:PT15S}")
	void refresh() {
		try {
			refreshNow();
		}
		catch (RuntimeException ex) {
			log.warn("Could not refresh the queue depth: {}", ex.getMessage());
		}
	}

	void refreshNow() {
		Map<String, Long> waiting = this.reservations.waitingByPool();
		Map<String, Long> depth = new TreeMap<>();
		for (Pool pool : this.pools.all()) {
			depth.put(pool.id(), waiting.getOrDefault(pool.id(), 0L));
		}
		this.metrics.depth(depth);
	}

}
