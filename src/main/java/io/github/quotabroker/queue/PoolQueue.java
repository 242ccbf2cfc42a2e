package io.github.quotabroker.queue;

import java.time.Instant;
import java.util.List;

import io.github.quotabroker.pool.Unit;

/**
 * A pool's queue as it stands at {@code at}, in order.
 *
 * @param size how many requests wait in all
 * @param requests the first of them, as their owner answers them
 */
public record PoolQueue<T>(String poolId, Unit unit, Instant at, int size, List<T> requests) {
}
