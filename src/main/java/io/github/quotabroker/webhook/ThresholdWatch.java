package io.github.quotabroker.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.usage.UsageCounted;
import io.github.quotabroker.usage.UsageService;
import io.github.quotabroker.usage.WindowUsage;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Announces a pool's usage reaching a webhook's threshold, in the transaction that
 * records the usage (the ingest's group commit). Cheap by construction: pools nobody
 * watches cost a map look-up; a watched pool costs one read of its window usage per group
 * commit and one insert per threshold reached, which the outbox's unique key turns into a
 * no-op after the first time in a window ({@link ThresholdCrossing}).
 */
@Component
class ThresholdWatch {

	private final Notices notices;

	private final PoolService pools;

	private final UsageService usage;

	private final java.time.Clock clock;

	ThresholdWatch(Notices notices, PoolService pools, UsageService usage, java.time.Clock clock) {
		this.notices = notices;
		this.pools = pools;
		this.usage = usage;
		this.clock = clock;
	}

	@EventListener
	void on(UsageCounted counted) {
		Subscriptions.Snapshot snapshot = this.notices.subscriptions();
		if (snapshot.isEmpty()) {
			return;
		}
		Map<String, List<Webhook>> watched = new LinkedHashMap<>();
		for (String poolId : counted.poolIds()) {
			List<Webhook> webhooks = snapshot.wanting(NoticeType.THRESHOLD_CROSSED, null, poolId);
			if (!webhooks.isEmpty()) {
				watched.put(poolId, webhooks);
			}
		}
		if (watched.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		for (Pool pool : this.pools.byIds(List.copyOf(watched.keySet()))) {
			WindowUsage window = this.usage.windowUsage(pool, null, now, false);
			Instant windowStart = ThresholdCrossing.windowStart(pool.window(), now);
			Map<Integer, List<Webhook>> byThreshold = new HashMap<>();
			for (Webhook webhook : watched.get(pool.id())) {
				for (int percent : ThresholdCrossing.reached(webhook.thresholds(), window.used(), pool.limit())) {
					byThreshold.computeIfAbsent(percent, (k) -> new ArrayList<>()).add(webhook);
				}
			}
			byThreshold.forEach((percent, webhooks) -> this.notices.recordFor(webhooks,
					crossing(pool, percent, window, windowStart, now)));
		}
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
