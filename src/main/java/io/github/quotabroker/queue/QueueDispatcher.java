package io.github.quotabroker.queue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.quotabroker.pool.PoolChanged;
import io.github.quotabroker.capacity.QuotaFreed;
import io.github.quotabroker.team.AllocationChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Grants queued requests when capacity appears. Quota freed through this instance (a
 * release, a smaller commit, an expiry, a cancelled window, a raised limit, changed
 * allocations) dispatches the pool's queue right after commit; time-driven capacity
 * (usage rolling off, calendar resets, holds ending, deadlines) is found by polling each
 * pool's wake-up time, which any instance may take (a pool locked by another is skipped:
 * that one is dispatching it). So a crashed instance's queues are picked up by the others
 * at their next poll.
 */
@Component
class QueueDispatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(QueueDispatcher.class);

	private final QueueGrants reservations;

	private final QueueProperties properties;

	private final QueueMetrics metrics;

	/** Pools with a dispatch submitted and not yet begun: one is enough. */
	private final Set<String> pending = ConcurrentHashMap.newKeySet();

	private ScheduledExecutorService poller;

	private ExecutorService dispatchers;

	private volatile boolean running;

	QueueDispatcher(QueueGrants reservations, QueueProperties properties, QueueMetrics metrics) {
		this.reservations = reservations;
		this.properties = properties;
		this.metrics = metrics;
	}

	@TransactionalEventListener(fallbackExecution = true)
	void quotaFreed(QuotaFreed event) {
		event.poolIds().forEach(this::submit);
	}

	@TransactionalEventListener(fallbackExecution = true)
	void poolChanged(PoolChanged event) {
		submit(event.poolId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	void allocationChanged(AllocationChanged event) {
		submit(event.poolId());
	}

	private void submit(String poolId) {
		if (!this.running || !this.pending.add(poolId)) {
			return;
		}
		try {
			this.dispatchers.execute(() -> {
				this.pending.remove(poolId);
				try {
					if (this.reservations.hasQueue(poolId)) {
						this.metrics.granted(dispatch(List.of(poolId)));
					}
				}
				catch (RuntimeException ex) {
					// The pool's wake-up time makes the next poll try again.
					log.warn("Dispatching the queue of pool {} failed: {}", poolId, ex.getMessage());
				}
			});
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			this.pending.remove(poolId);
		}
	}

	private int dispatch(List<String> poolIds) {
		long started = System.nanoTime();
		int granted = 0;
		for (String poolId : poolIds) {
			granted += this.reservations.dispatch(poolId);
		}
		this.metrics.dispatched(System.nanoTime() - started);
		return granted;
	}

	/** One poll: dispatches the queues that are due. Package-private for tests. */
	int poll() {
		long started = System.nanoTime();
		int granted = this.reservations.dispatchDue(this.properties.pollBatch());
		if (granted > 0) {
			this.metrics.dispatched(System.nanoTime() - started);
			this.metrics.granted(granted);
		}
		return granted;
	}

	private void pollSafely() {
		try {
			poll();
		}
		catch (RuntimeException ex) {
			log.warn("Looking for due queues failed: {}", ex.getMessage());
		}
	}

	@Override
	public void start() {
		this.dispatchers = Executors.newFixedThreadPool(this.properties.dispatchThreads(), (r) -> {
			Thread t = new Thread(r, "queue-dispatch");
			t.setDaemon(true);
			return t;
		});
		this.poller = Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread t = new Thread(r, "queue-poll");
			t.setDaemon(true);
			return t;
		});
		long interval = this.properties.pollInterval().toMillis();
		this.poller.scheduleWithFixedDelay(this::pollSafely, interval, interval, TimeUnit.MILLISECONDS);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.poller != null) {
			this.poller.shutdownNow();
		}
		if (this.dispatchers != null) {
			this.dispatchers.shutdown();
			try {
				this.dispatchers.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
