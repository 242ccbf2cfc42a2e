package io.github.quotabroker.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.github.quotabroker.pool.Window;

/**
 * Which usage rows retention may delete now: pure arithmetic over the settings, the clock
 * and the pools' windows. Every cutoff is on the hour, so an hour bucket is either wholly
 * before a cutoff or wholly after it, and every cutoff keeps what a read still needs:
 * <ul>
 * <li>minute buckets go once older than {@code minute-buckets} and than the start of
 * every rolling window in force, less the margin (a rolling window reads each of its
 * minutes for its recovery timeline);</li>
 * <li>hour buckets go once older than {@code hour-buckets}, than the start of every
 * window in force less the margin, and than the minute cutoff;</li>
 * <li>ledger rows go once older than {@code ledger}, than the minute cutoff (the ledger
 * answers minute reads before it), and than {@code quota.ingest.max-event-age} plus a
 * day, so that an event re-delivered after its row went is refused as too old instead of
 * being counted again (the day covers clocks a little apart).</li>
 * </ul>
 */
final class RetentionPlan {

	/**
	 * Room between the oldest event ingest accepts and the oldest row retention deletes.
	 */
	static final Duration REDELIVERY_GUARD = Duration.ofDays(1);

	private RetentionPlan() {
	}

	/** Delete rows strictly before these instants. */
	record Cutoffs(Instant minutesBefore, Instant hoursBefore, Instant ledgerBefore) {
	}

	static Cutoffs cutoffs(RetentionProperties settings, Duration maxEventAge, Instant now, List<Window> windows) {
		Instant rollingFrom = now;
		Instant windowsFrom = now;
		for (Window window : windows) {
			Instant from = window.boundsAt(now).countsFrom();
			windowsFrom = earliest(windowsFrom, from);
			if (window.slides()) {
				rollingFrom = earliest(rollingFrom, from);
			}
		}
		Instant minutes = hour(earliest(now.minus(settings.minuteBuckets()), rollingFrom.minus(settings.margin())));
		Instant hours = hour(earliest(earliest(monthsAgo(now, settings.hourBuckets()), minutes),
				windowsFrom.minus(settings.margin())));
		Instant ledger = hour(earliest(earliest(monthsAgo(now, settings.ledger()), minutes),
				now.minus(maxEventAge).minus(REDELIVERY_GUARD)));
		return new Cutoffs(minutes, hours, ledger);
	}

	private static Instant monthsAgo(Instant now, java.time.Period period) {
		return now.atZone(ZoneOffset.UTC).minus(period).toInstant();
	}

	private static Instant hour(Instant t) {
		return t.truncatedTo(ChronoUnit.HOURS);
	}

	private static Instant earliest(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

}
