package io.github.quotabroker.team;

import java.math.BigDecimal;

/**
 * One allocation's fair-share terms, as decisions read them.
 *
 * @param borrowLimitPercent {@code null}: without limit
 */
public record AllocationTerm(String teamId, BigDecimal weight, long guaranteed, Integer borrowLimitPercent,
		boolean preemptible) {
}
