package io.github.quotabroker.pool;

import java.math.BigDecimal;

/**
 * What one model call used, in every unit a pool may count.
 *
 * @param costUsd may be {@code null} when the caller does not know the cost
 */
public record Consumption(long inputTokens, long outputTokens, long cacheReadTokens, long cacheCreationTokens,
		long messages, BigDecimal costUsd) {
}
