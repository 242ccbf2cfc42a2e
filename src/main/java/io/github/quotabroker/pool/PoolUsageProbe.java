package io.github.quotabroker.pool;

/**
 * Lets the pool capability ask whether a pool has usage in its current window without
 * depending on the usage capability (which implements it).
 */
public interface PoolUsageProbe {

	boolean hasUsageInCurrentWindow(Pool pool);

}
