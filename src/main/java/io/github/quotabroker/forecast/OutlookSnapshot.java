package io.github.quotabroker.forecast;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import io.github.quotabroker.pool.Pool;

/**
 * What an outlook is computed from, read by {@link ForecastService} and turned into an
 * {@link Outlook} by {@link Outlooks}. Amounts are in the pool's base unit.
 *
 * @param teamId the team, or null for the pool's own outlook
 * @param own the projection of the team's (or pool's) usage, hours from
 * {@code projectionFrom}
 * @param whole the projection of the whole pool's usage
 * @param projectionFrom the start of the first projected hour (the current hour)
 * @param used the pool's usage in the window now
 * @param teamUsed the team's usage in the window now (the pool's for its own outlook)
 * @param held what active reservations of all teams hold now
 * @param available the team's {@code available} now (the pool's remaining less holds for
 * its own outlook)
 * @param share the team's fair share of the pool, or null when it has none
 * @param cap the team's fair-share cap, or null when it has none
 * @param teamHeld what the team's own reservations hold now
 * @param poolReturning recorded usage of the pool coming back, by minute (rolling)
 * @param teamReturning recorded usage of the team coming back, by minute (rolling)
 * @param countsFrom the window's start
 * @param nextReset the calendar window's reset, or null for a rolling window
 * @param recentUsed the team's (or pool's) usage over the recent window
 * @param workflowRuns what each of the team's workflow runs of the last
 * {@link ForecastService#WORKFLOW_HISTORY} added to the pool, or null for the pool's own
 * outlook
 */
record OutlookSnapshot(Pool pool, String teamId, ZoneId zone, Instant now, Duration horizon, Duration step,
		HourlyProjection own, HourlyProjection whole, Instant projectionFrom, long used, long teamUsed, long held,
		long available, Long share, Long cap, long teamHeld, Map<Instant, Long> poolReturning,
		Map<Instant, Long> teamReturning, Instant countsFrom, Instant nextReset, Duration recentWindow, long recentUsed,
		double paceWarning, double paceCritical, java.util.List<Long> workflowRuns) {
}
