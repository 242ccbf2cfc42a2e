package io.github.quotabroker.reservation;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.quotabroker.capacity.QuotaFreed;
import io.github.quotabroker.events.TeamEvent;
import io.github.quotabroker.events.TeamEventType;
import io.github.quotabroker.events.TeamEvents;
import io.github.quotabroker.pool.UnknownPool;
import io.github.quotabroker.queue.QueueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Marks holds whose time ran out as EXPIRED and scheduled reservations whose window began
 * as HELD. Every instance sweeps; each row is claimed with {@code SKIP LOCKED}, so only
 * one instance changes a given reservation. Decisions never wait for the sweep (they
 * compare times themselves): it keeps statuses, listings and metrics current.
 */
@Component
class ExpirySweeper implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

	private final ReservationStore store;

	private final DecisionDefinitions definitions;

	private final QueueStore queueStore;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final ReservationMetrics metrics;

	private final TeamEvents teamEvents;

	private final ReservationProperties properties;

	private final Clock clock;

	private ScheduledExecutorService executor;

	ExpirySweeper(ReservationStore store, DecisionDefinitions definitions, QueueStore queueStore,
			PlatformTransactionManager transactionManager, ApplicationEventPublisher events, ReservationMetrics metrics,
			ReservationProperties properties, Clock clock, TeamEvents teamEvents) {
		this.definitions = definitions;
		this.queueStore = queueStore;
		this.teamEvents = teamEvents;
		this.store = store;
		this.transactions = new TransactionTemplate(transactionManager);
		this.events = events;
		this.metrics = metrics;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * One sweep, in batches until nothing is due. Answers the reservations it changed.
	 */
	int sweep() {
		int total = 0;
		while (true) {
			Instant now = this.clock.instant();
			List<Reservation> changed = this.transactions.execute((tx) -> {
				List<Reservation> rows = this.store.sweep(now, this.properties.sweepBatch());
				// Queued requests past their deadline left their queue: its stamp moves.
				this.queueStore.bumpQueueVersions(rows.stream()
					.filter((r) -> Reservation.QUEUED_DEADLINE_PASSED.equals(r.reason()))
					.map(Reservation::poolId)
					.toList());
				if (!rows.isEmpty()) {
					List<String> poolIds = rows.stream().map(Reservation::poolId).distinct().toList();
					this.events.publishEvent(new ReservationsChanged(poolIds));
					this.events.publishEvent(new QuotaFreed(poolIds));
					this.teamEvents.publishAll(rows.stream()
						.filter((r) -> r.status() == ReservationStatus.EXPIRED)
						.map((r) -> new TeamEvent(TeamEventType.EXPIRED, r.teamId(), r.poolId(), r.id(),
								r.status().name(), "Reservation " + r.id() + " expired: " + r.reason(), now))
						.toList());
				}
				return rows;
			});
			Map<ReservationStatus, Long> counts = new EnumMap<>(ReservationStatus.class);
			changed.forEach((r) -> counts.merge(r.status(), 1L, Long::sum));
			Long expired = counts.get(ReservationStatus.EXPIRED);
			if (expired != null) {
				this.metrics.ended(ReservationStatus.EXPIRED, expired);
			}
			total += changed.size();
			if (changed.size() < this.properties.sweepBatch()) {
				break;
			}
		}
		if (total > 0) {
			log.info("Reservation sweep: {} reservations expired or started", total);
		}
		this.metrics.held(inPoolUnits(this.store.heldByPool(this.clock.instant())));
		return total;
	}

	private Map<String, Double> inPoolUnits(Map<String, Long> baseByPool) {
		Map<String, Double> held = new HashMap<>();
		baseByPool.forEach((poolId, base) -> {
			try {
				held.put(poolId, this.definitions.pool(poolId).unit().fromBase(base).doubleValue());
			}
			catch (UnknownPool ex) {
				// deleted since: nothing to report
			}
		});
		return held;
	}

	private void sweepSafely() {
		try {
			sweep();
		}
		catch (RuntimeException ex) {
			// The next sweep tries again; decisions do not depend on it.
			log.warn("Reservation sweep failed: {}", ex.getMessage());
		}
	}

	@Override
	public void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread thread = new Thread(r, "reservation-sweeper");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.properties.sweepInterval().toMillis();
		this.executor.scheduleWithFixedDelay(this::sweepSafely, interval, interval, TimeUnit.MILLISECONDS);
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
