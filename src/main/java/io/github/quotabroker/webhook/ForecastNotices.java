package io.github.quotabroker.webhook;

import java.util.Map;

import io.github.quotabroker.forecast.AnomalyDetected;
import io.github.quotabroker.forecast.ExhaustionForecast;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns what the forecast capability finds (issue #12) into notices: an anomaly in the
 * transaction that records it, and a forecast exhaustion before a calendar reset once per
 * pool, team and reset however often the forecast repeats it.
 */
@Component
class ForecastNotices {

	private final Notices notices;

	ForecastNotices(Notices notices) {
		this.notices = notices;
	}

	@EventListener
	void on(AnomalyDetected anomaly) {
		if (!this.notices.wanted(NoticeType.ANOMALY, anomaly.teamId(), anomaly.poolId())) {
			return;
		}
		String workflow = (anomaly.workflowId() != null) ? anomaly.workflowId() : "";
		// A WARNING raised to an ANOMALY is a new event; the same finding again is not.
		String subject = String.join("/", anomaly.poolId(), anomaly.teamId(), anomaly.kind().name(),
				anomaly.hour().toString(), anomaly.severity().name(), workflow);
		this.notices.record(new Notice(NoticeType.ANOMALY, anomaly.teamId(), anomaly.poolId(), subject,
				anomaly.message(), anomaly.detectedAt(), Map.of("kind", anomaly.kind().name(), "severity",
						anomaly.severity().name(), "hour", anomaly.hour().toString(), "workflowId", workflow)));
	}

	@EventListener
	void on(ExhaustionForecast forecast) {
		if (!this.notices.wanted(NoticeType.FORECAST_EXHAUSTION_BEFORE_RESET, forecast.teamId(), forecast.poolId())) {
			return;
		}
		String subject = String.join("/", forecast.poolId(), forecast.teamId(), forecast.nextReset().toString());
		this.notices.record(new Notice(NoticeType.FORECAST_EXHAUSTION_BEFORE_RESET, forecast.teamId(),
				forecast.poolId(), subject, forecast.message(), forecast.at(), Map.of("exhaustionP50",
						forecast.exhaustionP50().toString(), "nextReset", forecast.nextReset().toString())));
	}

}
