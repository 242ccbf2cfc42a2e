package io.github.quotabroker.usage;

import io.github.quotabroker.pool.WindowBounds;

/**
 * A pool's usage in the window in force at one instant, in base units.
 *
 * @param used by all teams
 * @param teamUsed by the team asked about
 */
public record WindowUsage(WindowBounds bounds, long used, long teamUsed) {
}
