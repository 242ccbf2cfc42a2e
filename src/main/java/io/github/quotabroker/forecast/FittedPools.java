package io.github.quotabroker.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Fitted projections kept per pool until new usage moves them: each is fit once on the
 * complete hours before {@code hour}, and reused while the hour and the fingerprint of
 * the recent hour buckets stay the same, so a hundred teams asking cost one read of
 * history per pool and one fit per team per hour. Usage in the current hour does not move
 * a fit (it only fits complete hours); usage landing late in a complete hour does.
 * <p>
 * The fingerprint itself is read at most once per recheck interval, or at once after
 * {@link #suspect()} (usage for a complete hour recorded through this instance); so
 * between two checks a forecast reads no history at all. Memoisation only: each instance
 * fits for itself, no decision depends on it.
 */
final class FittedPools {

	/**
	 * The history of one pool and what was fit on it: projections and workflow runs per
	 * team, each computed on first use.
	 */
	record Fitted(Instant hour, List<Long> fingerprint, Map<String, double[]> teams, double[] pool,
			Map<String, HourlyProjection> projections, Map<String, List<Long>> workflows) {

		static final String POOL = "";

		Fitted(Instant hour, List<Long> fingerprint, Map<String, double[]> teams, double[] pool) {
			this(hour, fingerprint, teams, pool, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
		}

		HourlyProjection projection(String teamId, int steps) {
			return this.projections.computeIfAbsent((teamId != null) ? teamId : POOL, (k) -> {
				double[] own = (teamId != null) ? this.teams.getOrDefault(teamId, new double[this.pool.length])
						: this.pool;
				return HourlyForecaster.project(own, this.pool, steps);
			});
		}

		/** The team's workflow runs before {@code hour}, read by {@code read} once. */
		List<Long> workflowRuns(String teamId, Supplier<List<Long>> read) {
			return this.workflows.computeIfAbsent(teamId, (k) -> read.get());
		}

	}

	private record Entry(Fitted fitted, Instant checkedAt, long suspicion) {
	}

	private final Map<String, Entry> byPool = new ConcurrentHashMap<>();

	private final Map<String, Object> locks = new ConcurrentHashMap<>();

	private final AtomicLong suspicion = new AtomicLong();

	private final Duration recheck;

	/**
	 * @param recheck how long a fit is reused without reading its fingerprint again
	 */
	FittedPools(Duration recheck) {
		this.recheck = recheck;
	}

	/**
	 * The pool's fitted history for {@code hour}: the kept one while the hour and the
	 * fingerprint are the same, else read anew by {@code read} (given the fingerprint
	 * read before it, so usage landing meanwhile moves the fit at the next check).
	 * Concurrent callers for one pool wait for one read rather than all reading.
	 */
	Fitted get(String poolId, Instant hour, Instant now, Supplier<List<Long>> fingerprint,
			Function<List<Long>, Fitted> read) {
		long suspected = this.suspicion.get();
		Entry entry = this.byPool.get(poolId);
		if (fresh(entry, hour, now, suspected)) {
			return entry.fitted();
		}
		synchronized (this.locks.computeIfAbsent(poolId, (k) -> new Object())) {
			entry = this.byPool.get(poolId);
			if (fresh(entry, hour, now, suspected)) {
				return entry.fitted();
			}
			List<Long> current = fingerprint.get();
			Fitted fitted = (entry != null && entry.fitted().hour().equals(hour)
					&& entry.fitted().fingerprint().equals(current)) ? entry.fitted() : read.apply(current);
			this.byPool.put(poolId, new Entry(fitted, now, suspected));
			return fitted;
		}
	}

	private boolean fresh(Entry entry, Instant hour, Instant now, long suspected) {
		return entry != null && entry.fitted().hour().equals(hour) && entry.suspicion() == suspected
				&& !now.isBefore(entry.checkedAt()) && now.isBefore(entry.checkedAt().plus(this.recheck));
	}

	/** Usage may have landed in a complete hour: check every fingerprint on next use. */
	void suspect() {
		this.suspicion.incrementAndGet();
	}

	void forget(String poolId) {
		this.byPool.remove(poolId);
	}

}
