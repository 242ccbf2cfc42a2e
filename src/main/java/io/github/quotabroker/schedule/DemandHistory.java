package io.github.quotabroker.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.quotabroker.usage.UsageService;

import org.springframework.stereotype.Component;

/**
 * Each team's expected use of a pool by hour of the week (UTC), measured from the hour
 * buckets of the last {@link #HISTORY_WEEKS} weeks until the forecasts give expected
 * demand (issue #14). The coordination plan, sprint feasibility and the slot finder read
 * demand here, so they agree on it.
 */
@Component
class DemandHistory {

	/** Weeks of hourly buckets averaged into the demand of an hour of the week. */
	static final int HISTORY_WEEKS = 4;

	static final String BASIS = "mean use per hour of the week (UTC) over the last " + HISTORY_WEEKS
			+ " weeks of hour buckets";

	private final UsageService usage;

	DemandHistory(UsageService usage) {
		this.usage = usage;
	}

	/**
	 * Each team's mean use per hour of the week, indexed by
	 * {@link CoordinationPlan#hourOfWeek}, over the weeks before {@code hour} (on the
	 * hour); teams without usage are absent.
	 */
	Map<String, long[]> byTeam(String poolId, Instant hour) {
		Instant since = hour.minus(Duration.ofDays(7L * HISTORY_WEEKS));
		Map<String, long[]> demand = new LinkedHashMap<>();
		this.usage.hourlyByTeam(poolId, since, hour)
			.forEach((team, amounts) -> demand.put(team,
					CoordinationPlan.demandByHourOfWeek(since, amounts, HISTORY_WEEKS)));
		return demand;
	}

}
