package io.github.quotabroker.calibration;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.github.quotabroker.pool.Pool;

/**
 * Sets provider readings against the ledger: each percent reading becomes a
 * {@link LimitEstimator.Sample} with what the ledger recorded in the provider's window up
 * to the reading. Pure: the ledger comes in as {@link LedgerSums}.
 */
final class Readings {

	private Readings() {
	}

	/**
	 * Where the provider window of a reading started: its reset less its length when the
	 * provider says (a 5-hour window starts at the session's first message, not 5 hours
	 * before the reading; a weekly one at the provider's own reset, wherever the pool's
	 * is), else the pool's own window at the reading.
	 */
	static Instant windowStart(Pool pool, Observation o) {
		Instant start = o.providerWindowStart();
		if (start == null && o.resetsAt() != null) {
			Duration length = ProviderWindows.lengthOf(pool);
			start = (length != null) ? o.resetsAt().minus(length) : null;
		}
		if (start == null || start.isAfter(o.observedAt())) {
			start = pool.window().boundsAt(o.observedAt()).countsFrom();
		}
		return start;
	}

	/** The earliest window start among the readings ({@code fallback} without any). */
	static Instant earliestStart(Pool pool, List<Observation> percents, Instant fallback) {
		Instant from = fallback;
		for (Observation o : percents) {
			Instant start = windowStart(pool, o);
			from = start.isBefore(from) ? start : from;
		}
		return from;
	}

	/**
	 * The readings of a used percent as samples; those of a stated limit are left out.
	 */
	static List<LimitEstimator.Sample> samples(Pool pool, List<Observation> readings, LedgerSums ledger) {
		List<LimitEstimator.Sample> samples = new ArrayList<>(readings.size());
		for (Observation o : readings) {
			if (o.statedLimit() != null) {
				continue;
			}
			Instant start = windowStart(pool, o);
			samples.add(new LimitEstimator.Sample(o.observedAt(), o.usedPercent().doubleValue(),
					ledger.between(start, o.observedAt()), start.truncatedTo(ChronoUnit.MINUTES).toString()));
		}
		return samples;
	}

}
