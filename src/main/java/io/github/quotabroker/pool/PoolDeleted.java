package io.github.quotabroker.pool;

/**
 * Published inside the deleting transaction so that owners of per-pool data remove it
 * too.
 */
public record PoolDeleted(String poolId) {
}
