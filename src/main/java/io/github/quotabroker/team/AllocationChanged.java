package io.github.quotabroker.team;

/**
 * A pool's allocations changed: shares and guarantees are different, so its queue may be
 * able to grant more.
 */
public record AllocationChanged(String poolId) {
}
