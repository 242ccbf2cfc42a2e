package io.github.quotabroker.reservation;

import java.time.Clock;
import java.time.Instant;

import io.github.quotabroker.usage.RetentionProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes reservations that ended longer than {@code quota.retention.reservations} (90
 * days) ago: every hold, window and queued request leaves a row, and refused holds are
 * rows too, so without this the table grows with every request. Every
 * {@code quota.retention.interval}, every instance deletes in batches of
 * {@code batch-size}, each batch its own transaction, for at most {@code max-run};
 * {@code SKIP LOCKED} keeps two instances off each other's rows, and deleting a row twice
 * cannot happen. Nothing a decision counts is touched: held, scheduled and queued rows
 * stay whatever their age (the sweeper ends them first).
 */
@Component
class ReservationRetention {

	private static final Logger log = LoggerFactory.getLogger(ReservationRetention.class);

	private final ReservationStore store;

	private final RetentionProperties properties;

	private final Clock clock;

	private final Counter deleted;

	ReservationRetention(ReservationStore store, RetentionProperties properties, Clock clock, MeterRegistry registry) {
		this.store = store;
		this.properties = properties;
		this.clock = clock;
		this.deleted = Counter.builder("quota.retention.rows.deleted")
			.description("Rows deleted by retention, by table")
			.tag("table", "reservations")
			.register(registry);
	}

	@Scheduled(fixedDelayString = "${quota.retention.interval:PT15M}",
			initialDelayString = "${quota.retention.interval:PT15M}")
	void scheduled() {
		try {
			long rows = runOnce();
			if (rows > 0) {
				log.info("Retention: {} ended reservations deleted", rows);
			}
		}
		catch (RuntimeException ex) {
			// The next run deletes what this one left.
			log.warn("Reservation retention failed: {}", ex.getMessage());
		}
	}

	/** One run: batch after batch until one comes back short or {@code max-run} is up. */
	long runOnce() {
		Instant before = this.clock.instant().minus(this.properties.reservations());
		int batch = this.properties.batchSize();
		long deadline = System.nanoTime() + this.properties.maxRun().toNanos();
		long rows = 0;
		while (true) {
			int n = this.store.deleteEnded(before, batch);
			rows += n;
			this.deleted.increment(n);
			if (n < batch || System.nanoTime() - deadline > 0) {
				return rows;
			}
		}
	}

}
