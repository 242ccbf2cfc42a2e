package io.github.quotabroker.forecast;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The counter {@code quota.forecast.anomalies} (Prometheus:
 * {@code quota_forecast_anomalies_total{pool,team,severity}}): anomalies recorded,
 * counted on commit by the one instance that recorded each, so the sum over instances
 * counts each anomaly once. Every allocated team's counters exist from the first look on,
 * at zero, so rates and alerts have a series before the first anomaly.
 */
@Component
class AnomalyMetrics {

	private final MeterRegistry registry;

	AnomalyMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/** Makes the counters of these teams of the pool exist. */
	void known(String poolId, List<String> teamIds) {
		for (String teamId : teamIds) {
			for (AnomalySeverity severity : AnomalySeverity.values()) {
				counter(poolId, teamId, severity);
			}
		}
	}

	/** Counts an anomaly when the current transaction commits (at once without one). */
	void countOnCommit(String poolId, String teamId, AnomalySeverity severity) {
		Counter counter = counter(poolId, teamId, severity);
		if (TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isActualTransactionActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					counter.increment();
				}

			});
		}
		else {
			counter.increment();
		}
	}

	private Counter counter(String poolId, String teamId, AnomalySeverity severity) {
		return Counter.builder("quota.forecast.anomalies")
			.description("Anomalies and changepoints found in teams' usage and announced, by severity")
			.tag("pool", poolId)
			.tag("team", teamId)
			.tag("severity", severity.name())
			.register(this.registry);
	}

}
