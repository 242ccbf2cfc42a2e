package io.github.quotabroker.forecast;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Fitted projections kept per pool until new usage moves them: each is fit once on the
 * complete hours before {@code hour}, and reused while the hour and the fingerprint of
 * the recent hour buckets stay the same, so a hundred teams asking cost one read of
 * history per pool and one fit per team per hour. Usage in the current hour does not move
 * a fit (it only fits complete hours); usage landing late in a complete hour does.
 * Memoisation only: each instance fits for itself, no decision depends on it.
 */
final class FittedPools {

	/** The history of one pool and the projections fit on it. */
	record Fitted(Instant hour, List<Long> fingerprint, Map<String, double[]> teams, double[] pool,
			Map<String, HourlyProjection> projections) {

		static final String POOL = "";

		HourlyProjection projection(String teamId, int steps) {
			return this.projections.computeIfAbsent((teamId != null) ? teamId : POOL, (k) -> {
				double[] own = (teamId != null) ? this.teams.getOrDefault(teamId, new double[this.pool.length])
						: this.pool;
				return HourlyForecaster.project(own, this.pool, steps);
			});
		}

	}

	private final Map<String, Fitted> byPool = new ConcurrentHashMap<>();

	/**
	 * The pool's fitted history for {@code hour}, read anew by {@code read} when the hour
	 * or the fingerprint changed.
	 */
	Fitted get(String poolId, Instant hour, List<Long> fingerprint, Supplier<Fitted> read) {
		Fitted cached = this.byPool.get(poolId);
		if (cached != null && cached.hour().equals(hour) && cached.fingerprint().equals(fingerprint)) {
			return cached;
		}
		Fitted fresh = read.get();
		this.byPool.put(poolId, fresh);
		return fresh;
	}

	void forget(String poolId) {
		this.byPool.remove(poolId);
	}

}
