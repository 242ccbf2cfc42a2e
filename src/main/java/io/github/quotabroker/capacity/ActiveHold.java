package io.github.quotabroker.capacity;

import java.time.Instant;

/**
 * An active reservation's claim on a pool: a hold now or a window reservation later.
 *
 * @param preemptible whether a more important request of a team below its share may take
 * back its unused part
 */
public record ActiveHold(String teamId, Instant startsAt, Instant expiresAt, long amount, boolean preemptible) {
}
