package io.github.quotabroker.forecast;

import java.time.Instant;
import java.util.List;

/**
 * Answer of {@code GET /pools/{poolId}/forecast}: the whole pool, and one outlook per
 * team the caller may see.
 */
public record PoolForecast(String poolId, Instant at, String horizon, String step, Outlook pool, List<Outlook> teams) {
}
