package io.github.quotabroker.pool;

import java.time.Duration;

/**
 * How reservations and admission checks treat a pool. Percentages of the pool's limit.
 *
 * <p>
 * Window reservations must leave {@code safetyBufferPercent} of the limit free; automated
 * work may not push window usage past {@code automationCapPercent}. The conservation
 * tiers defer work by the pool's remaining percent: LOW work when less than
 * {@code lowDeferredBelowPercent} remains, MEDIUM (and LOW) below
 * {@code mediumDeferredBelowPercent}, HIGH (and below) below
 * {@code highDeferredBelowPercent}; CRITICAL work is never deferred by a tier.
 *
 * @param safetyBufferPercent from 0 to 50
 * @param automationCapPercent from 1 to 100
 * @param lowDeferredBelowPercent at most 100, at least {@code mediumDeferredBelowPercent}
 * @param mediumDeferredBelowPercent at least {@code highDeferredBelowPercent}
 * @param highDeferredBelowPercent at least 0
 * @param maxActiveHolds at most this many holds in force at once on the pool, of all
 * teams; {@code null}: no cap (issue #16, "Concurrent agents")
 */
public record PoolPolicy(int safetyBufferPercent, int automationCapPercent, int lowDeferredBelowPercent,
		int mediumDeferredBelowPercent, int highDeferredBelowPercent, Duration agingInterval, Integer maxActiveHolds) {

	/** Largest {@code maxActiveHolds} of a pool or a team. */
	public static final int MAX_ACTIVE_HOLDS = 100_000;

	public static final Duration DEFAULT_AGING = Duration.ofHours(1);

	public static final Duration MIN_AGING = Duration.ofMinutes(1);

	public static final Duration MAX_AGING = Duration.ofDays(31);

	public static final PoolPolicy DEFAULT = new PoolPolicy(10, 90, 40, 20, 10, DEFAULT_AGING, null);

	public PoolPolicy(int safetyBufferPercent, int automationCapPercent, int lowDeferredBelowPercent,
			int mediumDeferredBelowPercent, int highDeferredBelowPercent) {
		this(safetyBufferPercent, automationCapPercent, lowDeferredBelowPercent, mediumDeferredBelowPercent,
				highDeferredBelowPercent, DEFAULT_AGING);
	}

	public PoolPolicy(int safetyBufferPercent, int automationCapPercent, int lowDeferredBelowPercent,
			int mediumDeferredBelowPercent, int highDeferredBelowPercent, Duration agingInterval) {
		this(safetyBufferPercent, automationCapPercent, lowDeferredBelowPercent, mediumDeferredBelowPercent,
				highDeferredBelowPercent, agingInterval, null);
	}

	public PoolPolicy {
		if (maxActiveHolds != null && (maxActiveHolds < 1 || maxActiveHolds > MAX_ACTIVE_HOLDS)) {
			throw new IllegalArgumentException("maxActiveHolds must be from 1 to " + MAX_ACTIVE_HOLDS);
		}
		if (agingInterval == null || agingInterval.compareTo(MIN_AGING) < 0 || agingInterval.compareTo(MAX_AGING) > 0
				|| agingInterval.getNano() != 0) {
			throw new IllegalArgumentException("agingInterval must be whole seconds from PT1M to P31D");
		}
		if (safetyBufferPercent < 0 || safetyBufferPercent > 50) {
			throw new IllegalArgumentException("safetyBufferPercent must be from 0 to 50");
		}
		if (automationCapPercent < 1 || automationCapPercent > 100) {
			throw new IllegalArgumentException("automationCapPercent must be from 1 to 100");
		}
		if (highDeferredBelowPercent < 0 || !(highDeferredBelowPercent <= mediumDeferredBelowPercent
				&& mediumDeferredBelowPercent <= lowDeferredBelowPercent) || lowDeferredBelowPercent > 100) {
			throw new IllegalArgumentException("conservation tiers must satisfy 0 <= high <= medium <= low <= 100");
		}
	}

}
