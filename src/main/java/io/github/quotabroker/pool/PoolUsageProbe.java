package io.github.quotabroker.pool;

/**
 * Lets the pool capability ask whether a pool is in use (usage in its current window,
 * active reservations) without depending on the capabilities that know (which implement
 * it).
 */
public interface PoolUsageProbe {

	boolean hasUsageInCurrentWindow(Pool pool);

}
