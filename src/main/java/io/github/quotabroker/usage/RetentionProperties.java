package io.github.quotabroker.usage;

import java.time.Duration;
import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of retention and compaction of the usage tables ({@code quota.retention.*},
 * issue #17). What each setting keeps is a minimum: {@link RetentionPlan} keeps more
 * where a window, an as-of read or a re-delivered event still needs it.
 *
 * @param ledger how long ledger rows are kept (calendar months in UTC); at least
 * {@code quota.ingest.max-event-age} plus a day is kept whatever this says
 * @param minuteBuckets how long minute buckets are kept before they are compacted into
 * their hour buckets
 * @param hourBuckets how long hour buckets are kept
 * @param margin kept beyond the oldest instant a pool's window in force reads, so that a
 * window never reads a compacted minute however the clock moves during a run
 * @param interval how often each instance tries to run retention; one instance at a time
 * runs it (a lease in the database), the first run one interval after start
 * @param batchSize most rows deleted in one transaction
 * @param maxRun how long one run may work before it leaves the rest to the next run (also
 * how long its lease lasts, plus a minute)
 * @param reservations how long a reservation is kept once it ended (committed, released,
 * expired, cancelled, refused or preempted) or its window passed, counted from its expiry
 * and its last change; deleted by {@code reservation.ReservationRetention}
 */
@ConfigurationProperties("quota.retention")
public record RetentionProperties(@DefaultValue("P13M") Period ledger, @DefaultValue("P8D") Duration minuteBuckets,
		@DefaultValue("P13M") Period hourBuckets, @DefaultValue("P1D") Duration margin,
		@DefaultValue("PT15M") Duration interval, @DefaultValue("2000") int batchSize,
		@DefaultValue("PT5M") Duration maxRun, @DefaultValue("P90D") Duration reservations) {

	public RetentionProperties {
		if (ledger.isNegative() || ledger.isZero() || hourBuckets.isNegative() || hourBuckets.isZero()) {
			throw new IllegalArgumentException("quota.retention.ledger and hour-buckets must be positive");
		}
		if (minuteBuckets.compareTo(Duration.ofHours(1)) < 0 || margin.isNegative()) {
			throw new IllegalArgumentException(
					"quota.retention.minute-buckets must be at least PT1H and margin must not be negative");
		}
		if (interval.isNegative() || interval.isZero() || maxRun.isNegative() || maxRun.isZero()) {
			throw new IllegalArgumentException("quota.retention.interval and max-run must be positive");
		}
		if (reservations.compareTo(Duration.ofDays(1)) < 0) {
			throw new IllegalArgumentException("quota.retention.reservations must be at least P1D");
		}
		if (batchSize < 1 || batchSize > 100_000) {
			throw new IllegalArgumentException("quota.retention.batch-size must be from 1 to 100000");
		}
	}

	/** How long a run's claim lasts: a run that dies is taken over after it. */
	Duration lease() {
		return this.maxRun.plusMinutes(1);
	}

}
