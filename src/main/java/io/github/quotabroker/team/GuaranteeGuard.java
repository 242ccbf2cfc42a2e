package io.github.quotabroker.team;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolChangeGuard;
import io.github.quotabroker.web.Conflict;
import io.github.quotabroker.web.InvalidRequest;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Keeps a pool's guaranteed amounts within its limit and meaningful in its unit. */
@Component
class GuaranteeGuard implements PoolChangeGuard {

	private final JdbcClient jdbc;

	GuaranteeGuard(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void check(Pool before, Pool after) {
		long guaranteed = this.jdbc.sql("select coalesce(sum(guaranteed), 0) from allocations where pool_id = ?")
			.param(before.id())
			.query(Long.class)
			.single();
		if (guaranteed == 0) {
			return;
		}
		if (before.unit() != after.unit()) {
			throw new Conflict("Pool '" + before.id() + "' has allocations with guaranteed amounts in " + before.unit()
					+ "; set them to 0 before changing its unit");
		}
		if (after.configuredLimit() < guaranteed) {
			throw new InvalidRequest("limit",
					"must be at least " + after.unit().fromBase(guaranteed).toPlainString() + " " + after.unit()
							+ ": the pool's allocations guarantee that much; lower their guaranteed amounts first");
		}
	}

}
