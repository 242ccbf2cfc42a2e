package io.github.quotabroker.pool;

import java.math.BigDecimal;

/**
 * How much each kind of token counts toward a {@code TOKENS} pool. Cached tokens count in
 * full unless the pool says otherwise.
 */
public record TokenWeights(BigDecimal input, BigDecimal output, BigDecimal cacheRead, BigDecimal cacheCreation) {

	public static final TokenWeights DEFAULT = new TokenWeights(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE,
			BigDecimal.ONE);

}
