package io.github.quotabroker.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.usage.UsageCounted;
import io.github.quotabroker.usage.UsageService;
import io.github.quotabroker.usage.WindowUsage;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Announces a pool's usage reaching a webhook's threshold, in the transaction that
 * records the usage (the ingest's group commit). Cheap by construction: pools nobody
 * watches cost a map look-up; a watched pool's window usage is read only when what this
 * instance counted since its last reading could have reached a threshold
 * ({@link ThresholdGate}), and each threshold reached costs one insert, which the
 * outbox's unique key turns into a no-op after the first time in a window
 * ({@link ThresholdCrossing}). Usage this instance did not count (another instance's, or
 * a concurrent group commit's) is caught by {@link #recheck()}, at most
 * {@code quota.webhooks.threshold-recheck} later.
 */
@Component
class ThresholdWatch {

	private final Notices notices;

	private final PoolService pools;

	private final UsageService usage;

	private final java.time.Clock clock;

	private final Duration recheck;

	/** Per watched pool, its last reading on this instance. */
	private final Map<String, ThresholdGate> gates = new ConcurrentHashMap<>();

	ThresholdWatch(Notices notices, PoolService pools, UsageService usage, java.time.Clock clock,
			WebhookProperties properties) {
		this.notices = notices;
		this.pools = pools;
		this.usage = usage;
		this.clock = clock;
		this.recheck = properties.thresholdRecheck();
	}

	@EventListener
	void on(UsageCounted counted) {
		Map<String, List<Webhook>> watched = watched(counted.poolIds());
		if (watched.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		List<Pool> toRead = new ArrayList<>();
		for (Pool pool : this.pools.byIds(List.copyOf(watched.keySet()))) {
			Instant windowStart = ThresholdCrossing.windowStart(pool.window(), now);
			ThresholdGate gate = this.gates.computeIfPresent(pool.id(),
					(id, g) -> g.plus(counted.added().getOrDefault(id, 0L)));
			if (gate == null || gate.mustRead(windowStart, now, this.recheck, thresholds(watched.get(pool.id())),
					pool.limit())) {
				toRead.add(pool);
			}
		}
		for (Pool pool : toRead) {
			read(pool, watched.get(pool.id()), now);
		}
		forgetOnRollback(toRead);
	}

	/**
	 * Reads every watched pool whose last reading on this instance is
	 * {@code threshold-recheck} old, in the caller's transaction: run by the delivery
	 * worker's rounds.
	 * @return the pools read
	 */
	int recheck() {
		Map<String, List<Webhook>> watched = watched(this.notices.subscriptions().thresholdPools());
		Instant now = this.clock.instant();
		int read = 0;
		for (Pool pool : this.pools.byIds(List.copyOf(watched.keySet()))) {
			ThresholdGate gate = this.gates.get(pool.id());
			if (gate == null || gate.stale(now, this.recheck)) {
				read(pool, watched.get(pool.id()), now);
				read++;
			}
		}
		this.gates.keySet().retainAll(watched.keySet());
		return read;
	}

	/**
	 * Whether any webhook watches thresholds: without one a recheck has nothing to do.
	 */
	boolean watching() {
		return !this.notices.subscriptions().thresholdPools().isEmpty();
	}

	private Map<String, List<Webhook>> watched(Collection<String> poolIds) {
		Subscriptions.Snapshot snapshot = this.notices.subscriptions();
		Map<String, List<Webhook>> watched = new LinkedHashMap<>();
		if (snapshot.isEmpty()) {
			return watched;
		}
		for (String poolId : poolIds) {
			List<Webhook> webhooks = snapshot.wanting(NoticeType.THRESHOLD_CROSSED, null, poolId);
			if (!webhooks.isEmpty()) {
				watched.put(poolId, webhooks);
			}
		}
		return watched;
	}

	private void read(Pool pool, List<Webhook> webhooks, Instant now) {
		WindowUsage window = this.usage.windowUsage(pool, null, now, false);
		Instant windowStart = ThresholdCrossing.windowStart(pool.window(), now);
		Map<Integer, List<Webhook>> byThreshold = new HashMap<>();
		for (Webhook webhook : webhooks) {
			for (int percent : ThresholdCrossing.reached(webhook.thresholds(), window.used(), pool.limit())) {
				byThreshold.computeIfAbsent(percent, (k) -> new ArrayList<>()).add(webhook);
			}
		}
		byThreshold.forEach(
				(percent, list) -> this.notices.recordFor(list, crossing(pool, percent, window, windowStart, now)));
		this.gates.put(pool.id(), ThresholdGate.readAt(windowStart, window.used(), now));
	}

	/**
	 * A reading made in a transaction that rolls back saw usage that was never counted,
	 * and its announcements were never written: forget it, so the next group commit reads
	 * again.
	 */
	private void forgetOnRollback(List<Pool> read) {
		if (read.isEmpty() || !TransactionSynchronizationManager.isSynchronizationActive()) {
			return;
		}
		List<String> ids = read.stream().map(Pool::id).toList();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				if (status != STATUS_COMMITTED) {
					ids.forEach(ThresholdWatch.this.gates::remove);
				}
			}
		});
	}

	private static List<Integer> thresholds(List<Webhook> webhooks) {
		return webhooks.stream().flatMap((w) -> w.thresholds().stream()).distinct().sorted().toList();
	}

	static Notice crossing(Pool pool, int percent, WindowUsage window, Instant windowStart, Instant now) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("thresholdPercent", percent);
		details.put("usedPercent", ThresholdCrossing.percent(window.used(), pool.limit()));
		details.put("used", pool.unit().fromBase(window.used()));
		details.put("limit", pool.unit().fromBase(pool.limit()));
		details.put("unit", pool.unit().name());
		details.put("windowStart", windowStart.toString());
		if (window.bounds().nextReset() != null) {
			details.put("nextReset", window.bounds().nextReset().toString());
		}
		String message = "Pool " + pool.name() + " (" + pool.id() + ") reached " + percent + " % of its "
				+ pool.window().label() + " limit: " + ThresholdCrossing.percent(window.used(), pool.limit())
				+ " % used.";
		return new Notice(NoticeType.THRESHOLD_CROSSED, null, pool.id(), pool.id() + "/" + windowStart + "/" + percent,
				message, now, details);
	}

}
