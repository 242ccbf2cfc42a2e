package io.github.quotabroker.capacity;

import java.time.Instant;

/**
 * What a capacity check needs to know of a request for quota, in base units.
 *
 * @param window a window reservation (it must also leave the pool's safety buffer free)
 * rather than a hold
 */
public record CapacityRequest(String teamId, long amount, Instant startsAt, Instant expiresAt, boolean window) {
}
