package io.github.quotabroker.forecast;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The anomalies announced so far ({@code forecast_anomalies}): recording one is what
 * makes an instance the one that announces it. The unique constraint on team, pool, hour,
 * kind and subject lets one insert win; raising a WARNING to an ANOMALY is an update only
 * the first instance to see it makes. A changepoint also stays quiet for
 * {@link #CHANGEPOINT_QUIET} on either side of one already recorded, since the day a test
 * places a shift on can move by a day as days are added; a transaction-scoped advisory
 * lock per team and pool makes that check and the insert one step across instances.
 */
@Repository
class AnomalyRecords {

	static final Duration CHANGEPOINT_QUIET = Duration.ofDays(7);

	/** Identifies a recorded anomaly. */
	record Key(String poolId, AnomalyKind kind, Instant hour, String subject) {

	}

	private final JdbcClient jdbc;

	AnomalyRecords(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records the finding unless it, or a changepoint close to it, is recorded already.
	 * @return whether this call recorded it (new, or raised from WARNING to ANOMALY)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	boolean record(Finding f, String message, Instant at) {
		Duration quiet = (f.kind() == AnomalyKind.CHANGEPOINT) ? CHANGEPOINT_QUIET : Duration.ZERO;
		if (!quiet.isZero()) {
			this.jdbc.sql("select pg_advisory_xact_lock(hashtext('forecast_anomalies'), hashtext(? || '/' || ?))")
				.params(f.teamId(), f.poolId())
				.query((RowCallbackHandler) (rs) -> {
				});
		}
		return this.jdbc.sql("""
				insert into forecast_anomalies as a (team_id, pool_id, hour, kind, subject, severity, expected, actual,
				                                     score, message, detected_at)
				select :team, :pool, :hour, :kind, :subject, :severity, :expected, :actual, :score, :message, :at
				where not exists (
				    select 1 from forecast_anomalies o
				    where o.team_id = :team and o.pool_id = :pool and o.kind = :kind and o.subject = :subject
				      and o.hour <> :hour and o.hour > :quietFrom and o.hour < :quietTo)
				on conflict (team_id, pool_id, hour, kind, subject) do update
				    set severity = excluded.severity, expected = excluded.expected, actual = excluded.actual,
				        score = excluded.score, message = excluded.message, detected_at = excluded.detected_at
				    where a.severity = 'WARNING' and excluded.severity = 'ANOMALY'
				returning id
				""")
			.param("team", f.teamId())
			.param("pool", f.poolId())
			.param("hour", utc(f.hour()))
			.param("kind", f.kind().name())
			.param("subject", f.subject())
			.param("severity", f.severity().name())
			.param("expected", f.expected())
			.param("actual", f.actual())
			.param("score", f.score())
			.param("message", message)
			.param("at", utc(at))
			.param("quietFrom", utc(f.hour().minus(quiet)))
			.param("quietTo", utc(f.hour().plus(quiet)))
			.query(Long.class)
			.optional()
			.isPresent();
	}

	/**
	 * When each anomaly of the team with an hour in [from, to) was announced, with the
	 * severity it was announced at last.
	 */
	Map<Key, Instant> announced(String teamId, Instant from, Instant to) {
		Map<Key, Instant> announced = new HashMap<>();
		this.jdbc.sql("""
				select pool_id, kind, hour, subject, detected_at from forecast_anomalies
				where team_id = ? and hour >= ? and hour < ?
				""").params(teamId, utc(from), utc(to)).query((RowCallbackHandler) (rs) -> {
			announced.put(
					new Key(rs.getString("pool_id"), AnomalyKind.valueOf(rs.getString("kind")),
							rs.getObject("hour", OffsetDateTime.class).toInstant(), rs.getString("subject")),
					rs.getObject("detected_at", OffsetDateTime.class).toInstant());
		});
		return announced;
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
