package io.github.quotabroker.pool;

import java.time.Instant;

/**
 * The window in force at one instant.
 *
 * @param countsFrom usage at or after this minute-aligned instant counts
 * @param nextReset when a calendar window resets; {@code null} for rolling windows, which
 * never reset as a whole
 */
public record WindowBounds(Instant countsFrom, Instant nextReset) {
}
