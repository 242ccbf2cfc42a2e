package io.github.quotabroker.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.github.quotabroker.team.TeamService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Per team×pool forecast gauges (issue #12): seconds until the P50 exhaustion, the
 * current burn rate and the pace. Computed on a schedule
 * ({@code quota.forecast.metrics-refresh-interval}) from the same fits the forecast
 * endpoints use, never per scrape. Tags are {@code pool} and {@code team} only. The same
 * refresh publishes {@link ExhaustionForecast} for each team whose calendar pool is
 * forecast to run out before its reset (the webhooks' FORECAST_EXHAUSTION_BEFORE_RESET).
 */
@Component
class ForecastMetrics {

	private static final Logger log = LoggerFactory.getLogger(ForecastMetrics.class);

	/**
	 * The horizon the gauges look over: the longest a forecast allows, so a monthly
	 * calendar pool is walked to its reset.
	 */
	static final Duration HORIZON = ForecastService.MAX_HORIZON;

	private final ForecastService forecasts;

	private final TeamService teams;

	private final MultiGauge exhaustion;

	private final MultiGauge burnRate;

	private final MultiGauge pace;

	private final ApplicationEventPublisher events;

	ForecastMetrics(ForecastService forecasts, TeamService teams, MeterRegistry registry,
			ApplicationEventPublisher events) {
		this.forecasts = forecasts;
		this.teams = teams;
		this.events = events;
		this.exhaustion = MultiGauge.builder("quota.forecast.exhaustion.seconds")
			.description("Seconds until the team's available quota in the pool runs out at the P50 forecast; "
					+ "+Inf when it does not within the horizon (P31D) or before the calendar reset")
			.register(registry);
		this.burnRate = MultiGauge.builder("quota.forecast.burn.rate.per.hour")
			.description("The team's usage of the pool per hour over the recent window, in the pool's unit")
			.register(registry);
		this.pace = MultiGauge.builder("quota.forecast.pace")
			.description("The team's usage so far against an even spread of its share over the window (1 = on pace)")
			.register(registry);
	}

	@Scheduled(initialDelayString = "PT5S", fixedDelayString = "${quota.forecast.metrics-refresh-interval:PT1M}")
	void refresh() {
		try {
			refreshNow();
		}
		catch (RuntimeException ex) {
			log.warn("Could not refresh forecast gauges: {}", ex.getMessage());
		}
	}

	void refreshNow() {
		List<MultiGauge.Row<?>> exhaustionRows = new ArrayList<>();
		List<MultiGauge.Row<?>> burnRows = new ArrayList<>();
		List<MultiGauge.Row<?>> paceRows = new ArrayList<>();
		// Team by team: one availability answer and one read of window and recent usage
		// cover all of a team's pools.
		Set<String> teamIds = new TreeSet<>();
		this.teams.allAllocations().forEach((a) -> teamIds.add(a.teamId()));
		for (String teamId : teamIds) {
			TeamForecast forecast;
			try {
				// Only the instants, rate and pace are used: one point per day is enough.
				forecast = this.forecasts.forTeam(teamId, null, HORIZON, Duration.ofDays(1));
			}
			catch (RuntimeException ex) {
				// Deleted meanwhile, or the database is busy: the next refresh tries
				// again.
				log.warn("Could not forecast team '{}' for the gauges: {}", teamId, ex.getMessage());
				continue;
			}
			for (Outlook pool : forecast.pools()) {
				Tags tags = Tags.of("pool", pool.poolId(), "team", teamId);
				exhaustionRows.add(MultiGauge.Row.of(tags, secondsUntil(forecast.at(), pool.exhaustion().team())));
				burnRows.add(MultiGauge.Row.of(tags, pool.burnRate().recentPerHour().doubleValue()));
				if (pool.pace().value() != null) {
					paceRows.add(MultiGauge.Row.of(tags, pool.pace().value()));
				}
				exhaustionBeforeReset(forecast.at(), teamId, pool);
			}
		}
		this.exhaustion.register(exhaustionRows, true);
		this.burnRate.register(burnRows, true);
		this.pace.register(paceRows, true);
	}

	private void exhaustionBeforeReset(Instant now, String teamId, Outlook pool) {
		Outlook.Instants team = pool.exhaustion().team();
		if (team == null || team.p50() == null || !Boolean.TRUE.equals(team.beforeReset())
				|| pool.projectionAtReset() == null) {
			return;
		}
		Instant reset = pool.projectionAtReset().nextReset();
		this.events
			.publishEvent(new ExhaustionForecast(
					teamId, pool.poolId(), team.p50(), reset, "Forecast: team '" + teamId + "' runs out of pool '"
							+ pool.poolId() + "' at " + team.p50() + " (P50), before the reset at " + reset + ".",
					now));
	}

	/** Seconds from {@code now} to the P50 instant, or +Inf when there is none. */
	static double secondsUntil(Instant now, Outlook.Instants instants) {
		if (instants == null || instants.p50() == null) {
			return Double.POSITIVE_INFINITY;
		}
		return Math.max(0, Duration.between(now, instants.p50()).toMillis() / 1000.0);
	}

}
