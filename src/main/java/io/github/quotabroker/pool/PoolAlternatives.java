package io.github.quotabroker.pool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code pool_alternatives} rows (V18): each pool's alternatives in order. Read apart
 * from the pool row, only by the pools API and by answers that defer or deny, so no
 * decision's read of a pool pays for them.
 */
@Repository
class PoolAlternatives {

	private final JdbcClient jdbc;

	PoolAlternatives(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The alternatives of each pool named that has any, in order. */
	Map<String, List<String>> of(Collection<String> poolIds) {
		Map<String, List<String>> found = new LinkedHashMap<>();
		if (poolIds.isEmpty()) {
			return found;
		}
		this.jdbc
			.sql("select pool_id, alternative_id from pool_alternatives where pool_id = any(?) "
					+ "order by pool_id, position")
			.param(poolIds.toArray(String[]::new))
			.query((rs) -> {
				found.computeIfAbsent(rs.getString("pool_id"), (k) -> new ArrayList<>())
					.add(rs.getString("alternative_id"));
			});
		return found;
	}

	/** Every pool's alternatives, for the list of pools. */
	Map<String, List<String>> all() {
		Map<String, List<String>> found = new LinkedHashMap<>();
		this.jdbc.sql("select pool_id, alternative_id from pool_alternatives order by pool_id, position")
			.query((rs) -> {
				found.computeIfAbsent(rs.getString("pool_id"), (k) -> new ArrayList<>())
					.add(rs.getString("alternative_id"));
			});
		return found;
	}

	/**
	 * Which of these pools exist, each locked against deletion (FOR KEY SHARE) until the
	 * transaction ends, so that a pool named as an alternative cannot be deleted between
	 * the check and the insert.
	 */
	Set<String> existing(Collection<String> ids) {
		if (ids.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(this.jdbc.sql("select id from pools where id = any(?) for key share")
			.param(ids.toArray(String[]::new))
			.query(String.class)
			.list());
	}

	/** Replaces the pool's alternatives. */
	void replace(String poolId, List<String> alternatives) {
		this.jdbc.sql("delete from pool_alternatives where pool_id = ?").param(poolId).update();
		for (int i = 0; i < alternatives.size(); i++) {
			this.jdbc.sql("insert into pool_alternatives (pool_id, position, alternative_id) values (?, ?, ?)")
				.params(poolId, i, alternatives.get(i))
				.update();
		}
	}

	/**
	 * The pools that name this one as an alternative, after locking its row against such
	 * references (FOR UPDATE waits for a replace that is naming it to end).
	 */
	List<String> namedBy(String poolId) {
		this.jdbc.sql("select id from pools where id = ? for update").param(poolId).query(String.class).optional();
		return this.jdbc.sql("select pool_id from pool_alternatives where alternative_id = ? order by pool_id")
			.param(poolId)
			.query(String.class)
			.list();
	}

}
