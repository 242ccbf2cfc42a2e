package io.github.quotabroker.usage;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.quotabroker.pool.Unit;

/** Usage of one pool over time, grouped by team, member or model. */
public record UsageHistory(String poolId, Unit unit, String groupBy, Instant from, Instant to, Duration step,
		List<Series> series) {

	/** One key's usage; {@code points} has one entry per step, zeros included. */
	public record Series(String key, BigDecimal total, List<Point> points) {
	}

	public record Point(Instant start, BigDecimal amount, long events) {
	}

}
