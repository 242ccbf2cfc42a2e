package io.github.quotabroker.usage;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retention and compaction of the usage tables (issue #17): every
 * {@code quota.retention.interval}, the instance that holds the lease in
 * {@code usage_retention} moves the horizons to {@link RetentionPlan}'s cutoffs, then
 * deletes minute buckets (their hour buckets already hold them) and hour buckets before
 * them, {@code batch-size} rows per transaction, and drops the ledger's monthly
 * partitions that lie wholly before the ledger's cutoff (V16). Each batch renews the
 * lease in its own transaction, so a batch of an instance that lost its lease commits
 * nothing. Readers never miss a deleted minute: they read minute buckets only from the
 * committed horizon on, and the ledger before it ({@code usage_minutes} in V15).
 */
@Component
class UsageRetention implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(UsageRetention.class);

	private final RetentionStore store;

	private final PoolService pools;

	private final RetentionProperties properties;

	private final IngestProperties ingest;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final String instance = UUID.randomUUID().toString();

	private final Counter minutesCompacted;

	private final Counter hoursDeleted;

	private final Counter ledgerDeleted;

	private final AtomicLong lastRunNanos = new AtomicLong();

	UsageRetention(RetentionStore store, PoolService pools, RetentionProperties properties, IngestProperties ingest,
			PlatformTransactionManager transactionManager, Clock clock, MeterRegistry registry) {
		this.store = store;
		this.pools = pools;
		this.properties = properties;
		this.ingest = ingest;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
		this.minutesCompacted = Counter.builder("quota.retention.minute.buckets.compacted")
			.description("Minute buckets compacted into their hour buckets (deleted: the hour already holds them)")
			.register(registry);
		this.hoursDeleted = Counter.builder("quota.retention.rows.deleted")
			.description("Rows deleted by retention, by table")
			.tag("table", "usage_hour_buckets")
			.register(registry);
		this.ledgerDeleted = Counter.builder("quota.retention.rows.deleted")
			.description("Rows deleted by retention, by table")
			.tag("table", "usage_events")
			.register(registry);
		Gauge.builder("quota.retention.last.run", this.lastRunNanos, (n) -> n.get() / 1e9)
			.description("Duration of this instance's last retention run that held the lease")
			.baseUnit("seconds")
			.register(registry);
	}

	/** What one run did. */
	record Run(boolean ran, long minutesCompacted, long hoursDeleted, long ledgerDeleted, boolean complete) {

		static final Run SKIPPED = new Run(false, 0, 0, 0, false);

	}

	@Scheduled(fixedDelayString = "${quota.retention.interval:PT15M}",
			initialDelayString = "${quota.retention.interval:PT15M}")
	void scheduled() {
		try {
			Run run = runOnce();
			if (run.minutesCompacted() + run.hoursDeleted() + run.ledgerDeleted() > 0) {
				log.info("Retention: {} minute buckets compacted, {} hour buckets and {} ledger rows deleted{}",
						run.minutesCompacted(), run.hoursDeleted(), run.ledgerDeleted(),
						run.complete() ? "" : " (more left for the next run)");
			}
		}
		catch (RuntimeException ex) {
			// The next run takes up where this one stopped; nothing depends on it.
			log.warn("Retention run failed: {}", ex.getMessage());
		}
	}

	/**
	 * One run: nothing when another instance holds the lease, else until everything due
	 * is deleted or {@code max-run} has passed.
	 */
	Run runOnce() {
		String owner = this.instance + "/" + UUID.randomUUID();
		Instant now = this.clock.instant();
		if (!this.store.claim(owner, now, now.plus(this.properties.lease()))) {
			return Run.SKIPPED;
		}
		long started = System.nanoTime();
		long deadline = started + this.properties.maxRun().toNanos();
		try {
			List<Pool> all = this.pools.all();
			RetentionPlan.Cutoffs cutoffs = RetentionPlan.cutoffs(this.properties, this.ingest.maxEventAge(), now,
					all.stream().map(Pool::window).toList());
			// Committed before any delete below the new horizons: from then on readers
			// take those minutes from the ledger.
			if (!inLease(owner, () -> {
				this.store.advance(cutoffs);
				return 0;
			})) {
				return Run.SKIPPED;
			}
			int batch = this.properties.batchSize();
			long minutes = 0;
			long hours = 0;
			long ledger = 0;
			boolean complete = true;
			for (Pool pool : all) {
				Batches b = batches(owner, deadline,
						() -> this.store.deleteMinutes(pool.id(), cutoffs.minutesBefore(), batch));
				minutes += b.rows();
				this.minutesCompacted.increment(b.rows());
				complete &= b.complete();
			}
			for (Pool pool : all) {
				Batches b = batches(owner, deadline,
						() -> this.store.deleteHours(pool.id(), cutoffs.hoursBefore(), batch));
				hours += b.rows();
				this.hoursDeleted.increment(b.rows());
				complete &= b.complete();
			}
			// The ledger goes a month at a time, once the whole month is past its cutoff.
			ensurePartitions(now);
			Instant kept = cutoffs.ledgerBefore();
			for (RetentionStore.LedgerMonth month : this.store.ledgerMonths()) {
				if (month.to().isAfter(cutoffs.ledgerBefore())) {
					kept = month.from().isBefore(kept) ? month.from() : kept;
					continue;
				}
				if (System.nanoTime() - deadline > 0 || !inLease(owner, () -> 0)) {
					return new Run(true, minutes, hours, ledger, false);
				}
				long rows = this.store.dropMonth(month);
				ledger += rows;
				this.ledgerDeleted.increment(rows);
			}
			// Then the ids of the events of the months dropped (in this run or before).
			Instant idsBefore = kept;
			Batches b = batches(owner, deadline, () -> this.store.deleteEventIds(idsBefore, batch));
			complete &= b.complete();
			return new Run(true, minutes, hours, ledger, complete);
		}
		finally {
			this.lastRunNanos.set(System.nanoTime() - started);
			this.store.release(owner, this.clock.instant());
		}
	}

	/**
	 * Creates the ledger's monthly partitions from the oldest month an event is still
	 * accepted for to {@link #MONTHS_AHEAD} months ahead, on every instance when it
	 * starts and on every run: an insert into a month without a partition would fail.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		ensurePartitions(this.clock.instant());
	}

	static final int MONTHS_AHEAD = 3;

	private void ensurePartitions(Instant now) {
		Instant oldest = now.minus(this.ingest.maxEventAge()).minus(RetentionPlan.REDELIVERY_GUARD);
		int created = this.store.createPartitions(oldest,
				now.atZone(ZoneOffset.UTC).plusMonths(MONTHS_AHEAD).toInstant());
		if (created > 0) {
			log.info("Ledger: {} monthly partitions created", created);
		}
	}

	private record Batches(long rows, boolean complete) {
	}

	/**
	 * Deletes batch after batch until one comes back short, time is up or the lease is
	 * lost.
	 */
	private Batches batches(String owner, long deadline, IntSupplier delete) {
		long rows = 0;
		int batch = this.properties.batchSize();
		while (true) {
			if (System.nanoTime() - deadline > 0) {
				return new Batches(rows, false);
			}
			int[] deleted = { 0 };
			if (!inLease(owner, () -> deleted[0] = delete.getAsInt())) {
				return new Batches(rows, false);
			}
			rows += deleted[0];
			if (deleted[0] < batch) {
				return new Batches(rows, true);
			}
		}
	}

	/**
	 * Runs the work in one transaction with the lease renewed first; rolls it back (and
	 * answers false) when the lease was lost.
	 */
	private boolean inLease(String owner, IntSupplier work) {
		Boolean done = this.transactions.execute((tx) -> {
			Instant now = this.clock.instant();
			if (!this.store.renew(owner, now, now.plus(this.properties.lease()))) {
				tx.setRollbackOnly();
				return false;
			}
			work.getAsInt();
			return true;
		});
		return Boolean.TRUE.equals(done);
	}

}
