package io.github.quotabroker.forecast;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recording anomalies on real PostgreSQL: one record per anomaly whoever races, a raise
 * from WARNING to ANOMALY recorded once, and a changepoint a day away from a recorded one
 * kept quiet even when two instances record them at the same moment.
 */
class AnomalyRecordsIT extends IntegrationTestBase {

	private static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");

	@Autowired
	AnomalyRecords records;

	@Autowired
	PlatformTransactionManager transactionManager;

	@BeforeEach
	void aTeamInAPool() throws Exception {
		this.api.rollingPool("session", 100, "PT5H", "claude-*");
		this.api.team("platform", "UTC");
	}

	private boolean record(Finding f) {
		return Boolean.TRUE.equals(new TransactionTemplate(this.transactionManager)
			.execute((tx) -> this.records.record(f, "message", AT)));
	}

	private static Finding hour(AnomalySeverity severity) {
		return new Finding("platform", "session", AnomalyKind.HOURLY_USAGE, severity,
				Instant.parse("2026-11-25T10:00:00Z"), "", 100, 400, (severity == AnomalySeverity.ANOMALY) ? 9 : 2.5);
	}

	private static Finding changepoint(String day) {
		return new Finding("platform", "session", AnomalyKind.CHANGEPOINT, AnomalySeverity.WARNING,
				Instant.parse(day + "T00:00:00Z"), "", 1200, 2400, 0.007);
	}

	private long rows() {
		return this.jdbc.sql("select count(*) from forecast_anomalies").query(Long.class).single();
	}

	@Test
	void anAnomalyIsRecordedOnceAndAWarningIsRaisedToAnAnomalyOnce() {
		assertThat(record(hour(AnomalySeverity.WARNING))).isTrue();
		assertThat(record(hour(AnomalySeverity.WARNING))).isFalse();
		assertThat(record(hour(AnomalySeverity.ANOMALY))).isTrue();
		assertThat(record(hour(AnomalySeverity.ANOMALY))).isFalse();
		assertThat(record(hour(AnomalySeverity.WARNING))).isFalse();
		assertThat(rows()).isEqualTo(1);
		assertThat(this.jdbc.sql("select severity from forecast_anomalies").query(String.class).single())
			.isEqualTo("ANOMALY");
	}

	@Test
	void twoInstancesRecordingNearbyChangepointsAtOnceRecordOne() throws Exception {
		for (int round = 0; round < 10; round++) {
			this.cleaner.clean();
			this.api.rollingPool("session", 100, "PT5H", "claude-*");
			this.api.team("platform", "UTC");
			CyclicBarrier together = new CyclicBarrier(2);
			CompletableFuture<Boolean> a = CompletableFuture.supplyAsync(() -> {
				await(together);
				return record(changepoint("2026-11-20"));
			});
			CompletableFuture<Boolean> b = CompletableFuture.supplyAsync(() -> {
				await(together);
				return record(changepoint("2026-11-21"));
			});
			assertThat(a.join() ^ b.join()).as("round %d: exactly one recorded", round).isTrue();
			assertThat(rows()).isEqualTo(1);
		}
		// Beyond the quiet week another shift is news.
		assertThat(record(changepoint("2026-11-29"))).isTrue();
	}

	private static void await(CyclicBarrier barrier) {
		try {
			barrier.await();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
