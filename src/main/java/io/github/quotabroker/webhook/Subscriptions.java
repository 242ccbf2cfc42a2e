package io.github.quotabroker.webhook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.quotabroker.pool.PoolChanged;
import io.github.quotabroker.team.AllocationChanged;
import io.github.quotabroker.team.Allocation;
import io.github.quotabroker.team.TeamService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * This instance's copy of who listens to what, so that the hot paths (usage ingest,
 * reservation decisions) pay nothing when no webhook wants their facts: they ask this
 * cache, not the database. Reloaded after every change made on this instance and every
 * {@code quota.webhooks.subscriptions-refresh} for changes made on others; until then a
 * webhook created on another instance may miss the facts of this one.
 */
@Component
class Subscriptions implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

	/** Who listens, by pool and by team. */
	record Snapshot(Map<String, List<Webhook>> ofPool, Map<String, List<Webhook>> ofTeam,
			Map<String, Set<String>> teamsOfPool) {

		static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of(), Map.of());

		boolean isEmpty() {
			return this.ofPool.isEmpty() && this.ofTeam.isEmpty();
		}

		/**
		 * The webhooks told about {@code type} concerning the team (may be {@code null})
		 * in the pool (may be {@code null}): the pool's own webhooks and the team's; for
		 * a fact about a whole pool, the webhooks of every team allocated the pool.
		 */
		List<Webhook> wanting(NoticeType type, String teamId, String poolId) {
			if (isEmpty()) {
				return List.of();
			}
			List<Webhook> found = new ArrayList<>();
			if (poolId != null) {
				add(found, this.ofPool.get(poolId), type);
			}
			if (teamId != null) {
				add(found, this.ofTeam.get(teamId), type);
			}
			else if (poolId != null) {
				for (String team : this.teamsOfPool.getOrDefault(poolId, Set.of())) {
					add(found, this.ofTeam.get(team), type);
				}
			}
			return found;
		}

		/** Every pool some webhook may watch: its own, or one of a team allocated it. */
		Set<String> thresholdPools() {
			Set<String> pools = new java.util.HashSet<>(this.ofPool.keySet());
			this.teamsOfPool.forEach((pool, teams) -> {
				if (teams.stream().anyMatch(this.ofTeam::containsKey)) {
					pools.add(pool);
				}
			});
			return pools;
		}

		private static void add(List<Webhook> found, List<Webhook> candidates, NoticeType type) {
			if (candidates != null) {
				for (Webhook w : candidates) {
					if (w.wants(type)) {
						found.add(w);
					}
				}
			}
		}

	}

	private final WebhookStore store;

	private final TeamService teams;

	private final WebhookProperties properties;

	private volatile Snapshot snapshot = Snapshot.EMPTY;

	private ScheduledExecutorService executor;

	Subscriptions(WebhookStore store, TeamService teams, WebhookProperties properties) {
		this.store = store;
		this.teams = teams;
		this.properties = properties;
	}

	Snapshot current() {
		return this.snapshot;
	}

	/** Reads the webhooks and allocations again. */
	void reload() {
		List<Webhook> all = this.store.all();
		if (all.isEmpty()) {
			this.snapshot = Snapshot.EMPTY;
			return;
		}
		Map<String, List<Webhook>> ofPool = new HashMap<>();
		Map<String, List<Webhook>> ofTeam = new HashMap<>();
		for (Webhook w : all) {
			if (w.poolId() != null) {
				ofPool.computeIfAbsent(w.poolId(), (k) -> new ArrayList<>()).add(w);
			}
			else {
				ofTeam.computeIfAbsent(w.teamId(), (k) -> new ArrayList<>()).add(w);
			}
		}
		Map<String, Set<String>> teamsOfPool = new HashMap<>();
		if (!ofTeam.isEmpty()) {
			for (Allocation a : this.teams.allAllocations()) {
				if (ofTeam.containsKey(a.teamId())) {
					teamsOfPool.computeIfAbsent(a.poolId(), (k) -> new HashSet<>()).add(a.teamId());
				}
			}
		}
		this.snapshot = new Snapshot(ofPool, ofTeam, teamsOfPool);
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(WebhooksChanged changed) {
		reload();
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(AllocationChanged changed) {
		if (!this.snapshot.ofTeam().isEmpty()) {
			reload();
		}
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(PoolChanged changed) {
		if (!this.snapshot.isEmpty()) {
			reload();
		}
	}

	private void reloadSafely() {
		try {
			reload();
		}
		catch (RuntimeException ex) {
			log.warn("Could not reload webhook subscriptions: {}", ex.getMessage());
		}
	}

	@Override
	public void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread thread = new Thread(r, "webhook-subscriptions");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.properties.subscriptionsRefresh().toMillis();
		this.executor.scheduleWithFixedDelay(this::reloadSafely, 0, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.executor.shutdownNow();
		this.executor = null;
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

}
