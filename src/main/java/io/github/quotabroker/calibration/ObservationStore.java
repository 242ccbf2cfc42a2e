package io.github.quotabroker.calibration;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code pool_observations} table. */
@Repository
class ObservationStore {

	private static final String COLUMNS = "source, signal, member_id, observed_at, window_seconds, used_percent, "
			+ "resets_at, stated_limit, remaining";

	private final JdbcClient jdbc;

	ObservationStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(String poolId, List<Observation> observations, Instant receivedAt) {
		for (Observation o : observations) {
			this.jdbc
				.sql("insert into pool_observations (pool_id, " + COLUMNS
						+ ", received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				.params(poolId, o.source(), o.signal(), o.memberId(), utc(o.observedAt()),
						(o.window() != null) ? o.window().toSeconds() : null, o.usedPercent(), utc(o.resetsAt()),
						o.statedLimit(), o.remaining(), utc(receivedAt))
				.update();
		}
	}

	/** Deletes the pool's readings observed before {@code before}. */
	int prune(String poolId, Instant before) {
		return this.jdbc.sql("delete from pool_observations where pool_id = ? and observed_at < ?")
			.params(poolId, utc(before))
			.update();
	}

	/**
	 * The pool's readings observed from {@code since} on, the newest {@code limit},
	 * oldest first.
	 */
	List<Observation> since(String poolId, Instant since, int limit) {
		return this.jdbc.sql("select * from (select " + COLUMNS
				+ " from pool_observations where pool_id = ? and observed_at >= ? order by observed_at desc limit ?)"
				+ " r order by observed_at")
			.params(poolId, utc(since), limit)
			.query((rs, n) -> observation(rs))
			.list();
	}

	/**
	 * Each pool's latest percent reading about its current provider window: one that
	 * resets after {@code now}, or without a reset time, observed from
	 * {@code freshSince}.
	 */
	Map<String, Observation> latest(List<String> poolIds, Instant now, Instant freshSince) {
		Map<String, Observation> latest = new HashMap<>();
		if (poolIds.isEmpty()) {
			return latest;
		}
		this.jdbc
			.sql("select distinct on (pool_id) pool_id, " + COLUMNS + " from pool_observations "
					+ "where pool_id = any(?) and used_percent is not null and observed_at <= ? "
					+ "and (resets_at > ? or (resets_at is null and observed_at >= ?)) "
					+ "order by pool_id, observed_at desc")
			.params(poolIds.toArray(String[]::new), utc(now), utc(now), utc(freshSince))
			.query((rs, n) -> latest.put(rs.getString("pool_id"), observation(rs)))
			.list();
		return latest;
	}

	private static Observation observation(ResultSet rs) throws SQLException {
		long seconds = rs.getLong("window_seconds");
		Duration window = rs.wasNull() ? null : Duration.ofSeconds(seconds);
		long limit = rs.getLong("stated_limit");
		Long stated = rs.wasNull() ? null : limit;
		long left = rs.getLong("remaining");
		Long remaining = rs.wasNull() ? null : left;
		BigDecimal percent = rs.getBigDecimal("used_percent");
		if (percent != null) {
			// 50.0000 as 50, never 5E+1.
			percent = percent.stripTrailingZeros();
			percent = (percent.scale() < 0) ? percent.setScale(0) : percent;
		}
		return new Observation(rs.getString("source"), rs.getString("signal"), rs.getString("member_id"),
				instant(rs, "observed_at"), window, percent, instant(rs, "resets_at"), stated, remaining);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static OffsetDateTime utc(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

}
