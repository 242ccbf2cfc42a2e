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
 */
@ConfigurationProperties("quota.forecast")
public record ForecastProperties(@DefaultValue("1.2") double paceWarning, @DefaultValue("1.5") double paceCritical,
		@DefaultValue("PT1H") Duration recentWindow, @DefaultValue("P56D") Duration history) {

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
	}

}
