package io.github.quotabroker.queue;

/**
 * A pool's queue stamps: {@code version} moves with every change of the queue,
 * {@code removals} only when requests leave it (granted, expired, cancelled). A queue
 * known under the same {@code removals} is still all there; only arrivals may be missing.
 */
public record QueueStamp(long version, long removals) {

}
