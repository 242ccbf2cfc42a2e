package io.github.quotabroker.usage;

import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.github.quotabroker.usage.UsageLedger.utc;

/**
 * The SQL of retention: the lease that lets one instance run it at a time, the horizons
 * readers consult ({@code usage_retention}), and deletes of bounded batches. Each delete
 * claims its rows with {@code FOR UPDATE SKIP LOCKED}, so it never waits for an ingest
 * that holds one of them (a late event for an old minute), and only deletes rows before a
 * horizon, never the current minute's.
 */
@Repository
class RetentionStore {

	private final JdbcClient jdbc;

	RetentionStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Takes the lease if it is free, ran out, or is already the owner's. */
	boolean claim(String owner, Instant now, Instant until) {
		return !this.jdbc.sql("""
				insert into usage_retention as r (id, lease_owner, lease_until) values (1, :owner, :until)
				on conflict (id) do update set lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
				 where r.lease_until <= :now or r.lease_owner = :owner
				returning r.id
				""")
			.param("owner", owner)
			.param("until", utc(until))
			.param("now", utc(now))
			.query()
			.listOfRows()
			.isEmpty();
	}

	/**
	 * Extends the owner's lease, in the caller's transaction: its row lock keeps any
	 * other instance from taking the lease until that transaction ends. False when the
	 * lease was lost (it ran out and another instance took it).
	 */
	boolean renew(String owner, Instant now, Instant until) {
		return this.jdbc.sql("""
				update usage_retention set lease_until = :until
				 where id = 1 and lease_owner = :owner and lease_until > :now
				""").param("owner", owner).param("until", utc(until)).param("now", utc(now)).update() == 1;
	}

	/** Moves the horizons forward (never back), in the caller's transaction. */
	void advance(RetentionPlan.Cutoffs cutoffs) {
		this.jdbc.sql("""
				update usage_retention
				   set minutes_from = greatest(minutes_from, :minutes), hours_from = greatest(hours_from, :hours),
				       ledger_from = greatest(ledger_from, :ledger)
				 where id = 1
				""")
			.param("minutes", utc(cutoffs.minutesBefore()))
			.param("hours", utc(cutoffs.hoursBefore()))
			.param("ledger", utc(cutoffs.ledgerBefore()))
			.update();
	}

	/** The minute horizon in force: minute buckets before it are no longer read. */
	Instant minutesFrom() {
		return this.jdbc.sql("select minutes_from from usage_retention where id = 1")
			.query(java.time.OffsetDateTime.class)
			.optional()
			.map(java.time.OffsetDateTime::toInstant)
			.orElse(Instant.MIN);
	}

	/** Lets another instance run retention at once. */
	void release(String owner, Instant now) {
		this.jdbc.sql("update usage_retention set lease_until = :now where id = 1 and lease_owner = :owner")
			.param("owner", owner)
			.param("now", utc(now))
			.update();
	}

	/** Deletes up to {@code limit} of the pool's minute buckets before {@code before}. */
	int deleteMinutes(String poolId, Instant before, int limit) {
		return this.jdbc.sql("""
				delete from usage_minute_buckets b
				 using (select pool_id, bucket_start, team_id from usage_minute_buckets
				         where pool_id = :pool and bucket_start < :before
				         order by bucket_start limit :limit for update skip locked) d
				 where b.pool_id = d.pool_id and b.bucket_start = d.bucket_start and b.team_id = d.team_id
				""").param("pool", poolId).param("before", utc(before)).param("limit", limit).update();
	}

	/** Deletes up to {@code limit} of the pool's hour buckets before {@code before}. */
	int deleteHours(String poolId, Instant before, int limit) {
		return this.jdbc.sql("""
				delete from usage_hour_buckets b
				 using (select pool_id, bucket_start, team_id from usage_hour_buckets
				         where pool_id = :pool and bucket_start < :before
				         order by bucket_start limit :limit for update skip locked) d
				 where b.pool_id = d.pool_id and b.bucket_start = d.bucket_start and b.team_id = d.team_id
				""").param("pool", poolId).param("before", utc(before)).param("limit", limit).update();
	}

	/**
	 * Deletes up to {@code limit} ledger rows that occurred before {@code before}. The
	 * ledger's append-only trigger lets a delete through only in a transaction that says
	 * it is retention's (V15).
	 */
	int deleteLedger(Instant before, int limit) {
		this.jdbc.sql("select set_config('quota.ledger_retention', 'on', true)").query().listOfRows();
		return this.jdbc.sql("""
				delete from usage_events
				 where id = any(array(select id from usage_events where occurred_at < :before
				                       order by occurred_at limit :limit for update skip locked))
				""").param("before", utc(before)).param("limit", limit).update();
	}

}
