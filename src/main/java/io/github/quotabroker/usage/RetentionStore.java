package io.github.quotabroker.usage;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.github.quotabroker.usage.UsageLedger.utc;

/**
 * The SQL of retention: the lease that lets one instance run it at a time, the horizons
 * readers consult ({@code usage_retention}), the ledger's monthly partitions, and deletes
 * of bounded batches. Each delete claims its rows with {@code FOR UPDATE SKIP LOCKED}, so
 * it never waits for an ingest that holds one of them (a late event for an old minute),
 * and only deletes rows before a horizon, never the current minute's.
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

	/**
	 * From when on the hour buckets and the ledger are still complete: the later of their
	 * horizons; {@code null} while retention has deleted nothing of either.
	 */
	Instant keptFrom() {
		return this.jdbc.sql("""
				select case when greatest(hours_from, ledger_from) = '-infinity' then null
				            else greatest(hours_from, ledger_from) end
				from usage_retention where id = 1
				""")
			.query(java.time.OffsetDateTime.class)
			.optional()
			.map(java.time.OffsetDateTime::toInstant)
			.orElse(null);
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
	 * One month of the ledger: a partition, one whose detach a dead run left pending, or
	 * a table it left detached.
	 */
	record LedgerMonth(String table, Instant from, Instant to, boolean attached, boolean detachPending) {
	}

	private static final Pattern MONTH_TABLE = Pattern.compile("usage_events_y(\\d{4})m(\\d{2})");

	/** Creates the ledger's missing monthly partitions covering [from, to) (V16). */
	int createPartitions(Instant from, Instant to) {
		return this.jdbc.sql("select usage_events_create_partitions(?, ?)")
			.params(utc(from), utc(to))
			.query(Integer.class)
			.single();
	}

	/** The ledger's months, oldest first. */
	List<LedgerMonth> ledgerMonths() {
		return this.jdbc.sql("""
				select c.relname, i.inhrelid is not null as attached, coalesce(i.inhdetachpending, false) as pending
				from pg_class c left join pg_inherits i on i.inhrelid = c.oid
				where c.relkind = 'r' and c.relnamespace = current_schema()::regnamespace
				  and c.relname ~ '^usage_events_y[0-9]{4}m[0-9]{2}$'
				order by c.relname
				""").query((rs, n) -> {
			String table = rs.getString("relname");
			Matcher m = MONTH_TABLE.matcher(table);
			if (!m.matches()) {
				throw new IllegalStateException(table);
			}
			YearMonth month = YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
			return new LedgerMonth(table, month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
					month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(), rs.getBoolean("attached"),
					rs.getBoolean("pending"));
		}).list();
	}

	/**
	 * Drops one month of the ledger and answers its rows. Detached first with
	 * {@code CONCURRENTLY}, which takes no lock that ingest or reads wait for (and so
	 * runs outside a transaction); a month a dead run left detached is only dropped.
	 */
	long dropMonth(LedgerMonth month) {
		// The table name comes from pg_class and matched MONTH_TABLE: never input.
		long rows = this.jdbc.sql("select count(*) from " + month.table()).query(Long.class).single();
		if (month.detachPending()) {
			this.jdbc.sql("alter table usage_events detach partition " + month.table() + " finalize").update();
		}
		else if (month.attached()) {
			this.jdbc.sql("alter table usage_events detach partition " + month.table() + " concurrently").update();
		}
		this.jdbc.sql("drop table " + month.table()).update();
		return rows;
	}

	/** Deletes up to {@code limit} event ids of events before {@code before}. */
	int deleteEventIds(Instant before, int limit) {
		return this.jdbc.sql("""
				delete from usage_event_ids
				 where event_id = any(array(select event_id from usage_event_ids where occurred_at < :before
				                             limit :limit for update skip locked))
				""").param("before", utc(before)).param("limit", limit).update();
	}

}
