package io.github.quotabroker.pool;

/** A pool was created or replaced (its limit or window may have changed). */
public record PoolChanged(String poolId) {
}
