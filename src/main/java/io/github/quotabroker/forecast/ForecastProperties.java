package io.github.quotabroker.forecast;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Forecast settings ({@code quota.forecast.*}).
 *
 * @param paceWarning pace from which a forecast warns (issue #12: 1.2)
 * @param paceCritical pace from which the warning is critical (issue #12: 1.5)
 * @param recentWindow the span the current burn rate is measured over
 * @param history how much hourly history the models learn from (issue #12: up to 8 weeks)
 * @param refitCheckInterval how long a fit is reused before the hour buckets it was fit
 * on are checked again for usage recorded late by another instance (usage recorded
 * through this instance is seen at once)
 * @param metricsRefreshInterval how often the forecast gauges are computed anew
 */
@ConfigurationProperties("quota.forecast")
public record ForecastProperties(@DefaultValue("1.2") double paceWarning, @DefaultValue("1.5") double paceCritical,
		@DefaultValue("PT1H") Duration recentWindow, @DefaultValue("P56D") Duration history,
		@DefaultValue("PT10S") Duration refitCheckInterval, @DefaultValue("PT1M") Duration metricsRefreshInterval) {

	public ForecastProperties {
		if (!(paceWarning > 0 && paceCritical >= paceWarning)) {
			throw new IllegalArgumentException("quota.forecast: 0 < pace-warning <= pace-critical");
		}
		if (recentWindow.compareTo(Duration.ofMinutes(1)) < 0 || recentWindow.compareTo(Duration.ofDays(1)) > 0) {
			throw new IllegalArgumentException("quota.forecast.recent-window lies between PT1M and P1D");
		}
		if (history.compareTo(Duration.ofDays(1)) < 0 || history.compareTo(Duration.ofDays(92)) > 0) {
			throw new IllegalArgumentException("quota.forecast.history lies between P1D and P92D");
		}
		if (refitCheckInterval.isNegative() || refitCheckInterval.compareTo(Duration.ofHours(1)) > 0) {
			throw new IllegalArgumentException("quota.forecast.refit-check-interval lies between PT0S and PT1H");
		}
		if (metricsRefreshInterval.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("quota.forecast.metrics-refresh-interval is at least PT1S");
		}
	}

}
