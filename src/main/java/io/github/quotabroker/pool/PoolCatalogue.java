package io.github.quotabroker.pool;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads pool definitions with plain SQL for the hot paths (every group commit, every
 * availability answer), where an ORM round trip costs more than the query.
 */
@Repository
class PoolCatalogue {

	private static final String SELECT = "select id, name, unit, limit_amount, window_type, rolling_seconds, "
			+ "calendar_period, reset_time, reset_day_of_week, reset_day_of_month, timezone, models, weight_input, "
			+ "weight_output, weight_cache_read, weight_cache_create, yellow_percent, orange_percent, red_percent, "
			+ "safety_buffer_percent, automation_cap_percent, low_deferred_below_percent, "
			+ "medium_deferred_below_percent, high_deferred_below_percent, aging_seconds, limit_mode, allow_above_configured, calibrated_limit, max_active_holds, created_at, updated_at, "
			+ "version from pools ";

	private final JdbcClient jdbc;

	PoolCatalogue(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<Pool> all() {
		return this.jdbc.sql(SELECT + "order by id").query((rs, n) -> PoolMapping.toPool(entity(rs))).list();
	}

	List<Pool> byIds(List<String> ids) {
		return this.jdbc.sql(SELECT + "where id = any(?) order by id")
			.param(ids.toArray(String[]::new))
			.query((rs, n) -> PoolMapping.toPool(entity(rs)))
			.list();
	}

	/**
	 * The pools, each row locked against other quota decisions until the transaction
	 * ends, in id order so that decisions over several pools cannot deadlock. FOR NO KEY
	 * UPDATE does not block inserts that only reference the pool (usage, reservations).
	 */
	List<Pool> lockForDecision(List<String> ids) {
		return this.jdbc.sql(SELECT + "where id = any(?) order by id for no key update")
			.param(ids.toArray(String[]::new))
			.query((rs, n) -> PoolMapping.toPool(entity(rs)))
			.list();
	}

	/** The pool, locked as by {@link #lockForDecision}, or empty if another holds it. */
	Optional<Pool> tryLockForDecision(String id) {
		return this.jdbc.sql(SELECT + "where id = ? for no key update skip locked")
			.param(id)
			.query((rs, n) -> PoolMapping.toPool(entity(rs)))
			.optional();
	}

	/**
	 * Keeps the pool's calibrated estimate; waits for the pool's decision lock, so a
	 * decision sees one limit throughout.
	 * @return whether it changed
	 */
	boolean recordCalibratedLimit(String id, Long amount) {
		return this.jdbc
			.sql("update pools set calibrated_limit = ? where id = ? and calibrated_limit is distinct from ?")
			.params(amount, id, amount)
			.update() > 0;
	}

	private static PoolEntity entity(ResultSet rs) throws SQLException {
		PoolEntity e = new PoolEntity();
		e.id = rs.getString("id");
		e.name = rs.getString("name");
		e.unit = rs.getString("unit");
		e.limitAmount = rs.getLong("limit_amount");
		e.windowType = rs.getString("window_type");
		long rolling = rs.getLong("rolling_seconds");
		e.rollingSeconds = rs.wasNull() ? null : rolling;
		e.calendarPeriod = rs.getString("calendar_period");
		e.resetTime = rs.getObject("reset_time", LocalTime.class);
		e.resetDayOfWeek = rs.getString("reset_day_of_week");
		short day = rs.getShort("reset_day_of_month");
		e.resetDayOfMonth = rs.wasNull() ? null : day;
		e.timezone = rs.getString("timezone");
		Array models = rs.getArray("models");
		e.models = Arrays.asList((String[]) models.getArray());
		e.weightInput = rs.getBigDecimal("weight_input");
		e.weightOutput = rs.getBigDecimal("weight_output");
		e.weightCacheRead = rs.getBigDecimal("weight_cache_read");
		e.weightCacheCreation = rs.getBigDecimal("weight_cache_create");
		e.yellowPercent = rs.getShort("yellow_percent");
		e.orangePercent = rs.getShort("orange_percent");
		e.redPercent = rs.getShort("red_percent");
		e.safetyBufferPercent = rs.getShort("safety_buffer_percent");
		e.automationCapPercent = rs.getShort("automation_cap_percent");
		e.lowDeferredBelowPercent = rs.getShort("low_deferred_below_percent");
		e.mediumDeferredBelowPercent = rs.getShort("medium_deferred_below_percent");
		e.highDeferredBelowPercent = rs.getShort("high_deferred_below_percent");
		e.agingSeconds = rs.getInt("aging_seconds");
		e.limitMode = rs.getString("limit_mode");
		e.allowAboveConfigured = rs.getBoolean("allow_above_configured");
		long calibrated = rs.getLong("calibrated_limit");
		e.calibratedLimit = rs.wasNull() ? null : calibrated;
		int maxHolds = rs.getInt("max_active_holds");
		e.maxActiveHolds = rs.wasNull() ? null : maxHolds;
		e.createdAt = rs.getObject("created_at", OffsetDateTime.class).toInstant();
		e.updatedAt = rs.getObject("updated_at", OffsetDateTime.class).toInstant();
		e.version = rs.getLong("version");
		return e;
	}

}
