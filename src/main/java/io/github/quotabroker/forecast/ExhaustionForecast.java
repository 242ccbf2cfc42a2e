package io.github.quotabroker.forecast;

import java.time.Instant;

/**
 * The forecast says a team's available quota in a calendar pool runs out (at the P50
 * instant) before the pool's next reset. Published by every refresh of the forecast
 * gauges while it holds, so listeners must treat a repeat for the same reset as the same
 * fact (the webhook outbox does: one event per pool, team and reset).
 *
 * @param teamId the team
 * @param poolId the calendar pool
 * @param exhaustionP50 when the team's available quota runs out at the P50 forecast
 * @param nextReset the pool's next reset, which the exhaustion comes before
 * @param message what is forecast, as a plain sentence
 * @param at when the forecast was made, by the service's clock
 */
public record ExhaustionForecast(String teamId, String poolId, Instant exhaustionP50, Instant nextReset, String message,
		Instant at) {

}
