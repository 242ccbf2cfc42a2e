package io.github.quotabroker.availability;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.quotabroker.events.TeamEvent;
import io.github.quotabroker.events.TeamEventType;
import io.github.quotabroker.events.TeamEvents;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Announces a pool's change of colour to the teams allocated in it, once across all
 * instances: each instance tells what it computed, and only the one whose upsert of
 * {@code pool_status_seen} changes the stored colour publishes the
 * {@link TeamEventType#STATUS_CHANGED} events, in the same transaction.
 */
@Component
class PoolStatusChanges {

	private final JdbcClient jdbc;

	private final TeamEvents events;

	private final TransactionTemplate transaction;

	/** What this instance computed last, to skip the database while nothing changes. */
	private final Map<String, QuotaStatus> lastSeen = new ConcurrentHashMap<>();

	PoolStatusChanges(JdbcClient jdbc, TeamEvents events, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.events = events;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/**
	 * The pool is in {@code status} at {@code at} ({@code percentUsed} of its limit
	 * used); {@code teamIds} are allocated in it.
	 * @return whether this instance announced a change
	 */
	boolean observed(String poolId, QuotaStatus status, BigDecimal percentUsed, List<String> teamIds, Instant at) {
		if (this.lastSeen.get(poolId) == status) {
			return false;
		}
		Boolean announced = this.transaction.execute((tx) -> {
			// The row before the statement, to say what the colour was.
			// Null when the pool is seen for the first time, which is no change.
			Optional<Change> change = this.jdbc.sql("""
					with previous as (select status from pool_status_seen where pool_id = :pool)
					insert into pool_status_seen as seen (pool_id, status, changed_at) values (:pool, :status, :at)
					on conflict (pool_id) do update set status = excluded.status, changed_at = excluded.changed_at
					    where seen.status <> excluded.status
					returning (select status from previous) as previous""")
				.param("pool", poolId)
				.param("status", status.name())
				.param("at", at.atOffset(ZoneOffset.UTC))
				.query((rs, n) -> new Change(rs.getString("previous")))
				.optional();
			if (change.isEmpty() || change.get().previous() == null) {
				return false;
			}
			String message = "Pool '%s' is now %s: %s %% of its limit is used (it was %s)".formatted(poolId, status,
					percentUsed.stripTrailingZeros().toPlainString(), change.get().previous());
			for (String teamId : teamIds) {
				this.events.publish(
						new TeamEvent(TeamEventType.STATUS_CHANGED, teamId, poolId, null, status.name(), message, at));
			}
			return true;
		});
		this.lastSeen.put(poolId, status);
		return Boolean.TRUE.equals(announced);
	}

	/** Forgets pools that no longer exist. */
	void retain(Collection<String> poolIds) {
		this.lastSeen.keySet().retainAll(poolIds);
	}

	private record Change(String previous) {
	}

}
