package io.github.quotabroker.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.github.quotabroker.usage.UsageLedger.utc;

/**
 * Reads window sums from the buckets: whole hours from the hour buckets and the ragged
 * minutes at either end from the minute buckets, so a sum reads at most a few hundred
 * rows per team however large the ledger grows.
 *
 * <p>
 * Minutes are read through {@code usage_minutes(pool, from, to)} (V15), never from
 * {@code usage_minute_buckets} directly: minute buckets from the retention horizon on,
 * the ledger summed per minute before it, in one statement and so one snapshot. Reads
 * stay exact after retention compacts old minutes into their hours.
 *
 * <p>
 * The current window's reads (availability, every quota decision) start within
 * {@code quota.retention.minute-buckets} of now, where retention never compacts: they
 * read the minute buckets directly, so that PostgreSQL does not plan the ledger's monthly
 * partitions for a range that is always empty ({@link #bucketsComplete}).
 */
@Repository
class UsageQueries {

	/**
	 * Kept off the compaction cutoff, for clocks that differ a little between instances.
	 */
	private static final Duration SAFETY = Duration.ofHours(1);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Duration minuteBuckets;

	UsageQueries(JdbcClient jdbc, Clock clock, RetentionProperties retention) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.minuteBuckets = retention.minuteBuckets();
	}

	/**
	 * Whether the minute buckets from {@code from} on are complete: retention's minute
	 * cutoff is never later than its run's now less {@code minute-buckets}
	 * ({@link RetentionPlan}), so a range starting after that (with an hour to spare) was
	 * never compacted.
	 */
	boolean bucketsComplete(Instant from) {
		return !from.isBefore(this.clock.instant().minus(this.minuteBuckets).plus(SAFETY));
	}

	/**
	 * The minute rows of a pool in [?, ?) as a subquery with its three positional
	 * parameters.
	 */
	private String minuteRows(Instant from) {
		return bucketsComplete(from)
				? "(select team_id, bucket_start, amount, events from usage_minute_buckets"
						+ " where pool_id = ? and bucket_start >= ? and bucket_start < ?) mb"
				: "usage_minutes(?, ?, ?)";
	}

	/** Pool-wide and one team's sum over the bucket ranges of a {@link BucketPlan}. */
	long[] sums(String poolId, String teamId, BucketPlan plan) {
		Map<String, Long> byTeam = sumsByTeam(poolId, plan);
		long used = byTeam.values().stream().mapToLong(Long::longValue).sum();
		return new long[] { used, byTeam.getOrDefault(teamId, 0L) };
	}

	/**
	 * Each team's sum for several pools in one round trip, each pool from its own
	 * {@code countsFrom} on (open end): pool id to team id to amount.
	 */
	Map<String, Map<String, Long>> currentSums(Map<String, Instant> countsFromByPool) {
		StringBuilder sql = new StringBuilder("select pool_id, team_id, sum(amount) as used from (");
		List<Object> params = new ArrayList<>();
		String separator = "";
		for (Map.Entry<String, Instant> e : countsFromByPool.entrySet()) {
			BucketPlan plan = BucketPlan.from(e.getValue());
			sql.append(separator)
				.append("select cast(? as varchar) as pool_id, team_id, amount from ")
				.append(minuteRows(plan.headFrom()))
				.append(" union all ")
				.append("select pool_id, team_id, amount from usage_hour_buckets ")
				.append("where pool_id = ? and bucket_start >= ? and bucket_start < ?");
			params.addAll(List.of(e.getKey(), e.getKey(), utc(plan.headFrom()), utc(plan.headTo()), e.getKey(),
					utc(plan.hoursFrom()), utc(plan.hoursTo())));
			separator = " union all ";
		}
		sql.append(") s group by pool_id, team_id");
		Map<String, Map<String, Long>> sums = new HashMap<>();
		if (countsFromByPool.isEmpty()) {
			return sums;
		}
		this.jdbc.sql(sql.toString())
			.params(params)
			.query((rs, n) -> sums.computeIfAbsent(rs.getString("pool_id"), (k) -> new HashMap<>())
				.put(rs.getString("team_id"), rs.getLong("used")))
			.list();
		return sums;
	}

	/**
	 * The minute buckets of rolling pools, each pool from its own start on, oldest first,
	 * per team: pool id to team id to minutes. Their sums are the pools' usage.
	 */
	Map<String, Map<String, List<MinuteUsage>>> currentMinutes(Map<String, Instant> fromByPool) {
		Map<String, Map<String, List<MinuteUsage>>> minutes = new HashMap<>();
		if (fromByPool.isEmpty()) {
			return minutes;
		}
		StringBuilder sql = new StringBuilder("select pool_id, team_id, bucket_start, amount from (");
		List<Object> params = new ArrayList<>();
		String separator = "";
		for (Map.Entry<String, Instant> e : fromByPool.entrySet()) {
			sql.append(separator)
				.append("select cast(? as varchar) as pool_id, team_id, bucket_start, amount from ")
				.append(minuteRows(e.getValue()));
			params.addAll(List.of(e.getKey(), e.getKey(), utc(e.getValue()), utc(BucketPlan.OPEN_END)));
			separator = " union all ";
		}
		sql.append(") m order by pool_id, bucket_start");
		this.jdbc.sql(sql.toString())
			.params(params)
			.query((rs, n) -> minutes.computeIfAbsent(rs.getString("pool_id"), (k) -> new HashMap<>())
				.computeIfAbsent(rs.getString("team_id"), (k) -> new ArrayList<>())
				.add(new MinuteUsage(rs.getObject("bucket_start", OffsetDateTime.class).toInstant(),
						rs.getLong("amount"))))
			.list();
		return minutes;
	}

	/** Each team's sum over the bucket ranges of a {@link BucketPlan}. */
	Map<String, Long> sumsByTeam(String poolId, BucketPlan plan) {
		Map<String, Long> sums = new HashMap<>();
		this.jdbc.sql("""
				select team_id, sum(amount) as used
				from (
				    select team_id, amount from usage_minutes(:pool, :m1from, :m1to)
				    union all
				    select team_id, amount from usage_hour_buckets
				     where pool_id = :pool and bucket_start >= :hfrom and bucket_start < :hto
				    union all
				    select team_id, amount from usage_minutes(:pool, :m2from, :m2to)
				) s group by team_id
				""")
			.param("pool", poolId)
			.param("m1from", utc(plan.headFrom()))
			.param("m1to", utc(plan.headTo()))
			.param("hfrom", utc(plan.hoursFrom()))
			.param("hto", utc(plan.hoursTo()))
			.param("m2from", utc(plan.tailFrom()))
			.param("m2to", utc(plan.tailTo()))
			.query((rs, n) -> sums.put(rs.getString("team_id"), rs.getLong("used")))
			.list();
		return sums;
	}

	/**
	 * Pool-wide and one team's sum of ledger events in [from, to], for the partial last
	 * minute of an as-of query.
	 */
	long[] ledgerSums(String poolId, String teamId, Instant from, Instant toInclusive) {
		return this.jdbc.sql("""
				select coalesce(sum(counted_amounts[array_position(counted_pools, :pool)]), 0) as used,
				       coalesce(sum(counted_amounts[array_position(counted_pools, :pool)])
				                filter (where team_id = :team), 0) as team_used
				from usage_events
				where occurred_at >= :from and occurred_at <= :to and :pool = any(counted_pools)
				""")
			.param("pool", poolId)
			.param("team", teamId)
			.param("from", utc(from))
			.param("to", utc(toInclusive))
			.query((rs, n) -> new long[] { rs.getLong("used"), rs.getLong("team_used") })
			.single();
	}

	/** Pool-wide usage per minute bucket in [from, to), oldest first. */
	List<MinuteUsage> minutes(String poolId, Instant from, Instant to) {
		return this.jdbc.sql("""
				select bucket_start, sum(amount) as amount from usage_minutes(:pool, :from, :to)
				group by bucket_start order by bucket_start
				""")
			.param("pool", poolId)
			.param("from", utc(from))
			.param("to", utc(to))
			.query((rs, n) -> new MinuteUsage(rs.getObject("bucket_start", OffsetDateTime.class).toInstant(),
					rs.getLong("amount")))
			.list();
	}

	/** Whether the pool has any usage from {@code from} (on the minute) on. */
	boolean hasUsageSince(String poolId, Instant from) {
		BucketPlan plan = BucketPlan.from(from);
		return this.jdbc.sql("""
				select exists (select 1 from usage_minutes(:pool, :mfrom, :mto) where amount > 0 or events > 0)
				    or exists (select 1 from usage_hour_buckets where pool_id = :pool and bucket_start >= :hfrom)
				""")
			.param("pool", poolId)
			.param("mfrom", utc(plan.headFrom()))
			.param("mto", utc(plan.headTo()))
			.param("hfrom", utc(plan.hoursFrom()))
			.query(Boolean.class)
			.single();
	}

	/** Per-team series from the hour or the minute buckets, one row per bucket. */
	List<SeriesRow> teamSeries(boolean hourly, String poolId, Instant from, Instant to, String onlyTeam) {
		String buckets = hourly
				? "usage_hour_buckets where pool_id = :pool and bucket_start >= :from and bucket_start < :to and"
				: "usage_minutes(:pool, :from, :to) where";
		return this.jdbc
			.sql("select team_id as key, bucket_start, amount, events from " + buckets
					+ " (cast(:team as varchar) is null or team_id = :team) order by bucket_start")
			.param("pool", poolId)
			.param("team", onlyTeam)
			.param("from", utc(from))
			.param("to", utc(to))
			.query((rs, n) -> new SeriesRow(rs.getString("key"),
					rs.getObject("bucket_start", OffsetDateTime.class).toInstant(), rs.getLong("amount"),
					rs.getLong("events")))
			.list();
	}

	/** Per-member or per-model series from the ledger, already summed per step. */
	List<SeriesRow> ledgerSeries(String keyColumn, String poolId, Instant from, Instant to, long stepSeconds,
			String onlyTeam) {
		List<SeriesRow> rows = new ArrayList<>();
		// keyColumn is one of two constants chosen by the caller, never input.
		this.jdbc.sql("select coalesce(" + keyColumn + ", '(none)') as key, "
				+ "floor(extract(epoch from occurred_at - :from) / :step)::bigint as slot, "
				+ "sum(counted_amounts[array_position(counted_pools, :pool)]) as amount, count(*) as events "
				+ "from usage_events where occurred_at >= :from and occurred_at < :to and :pool = any(counted_pools) "
				+ "and (cast(:team as varchar) is null or team_id = :team) " + "group by 1, 2 order by 2, 1")
			.param("pool", poolId)
			.param("from", utc(from))
			.param("to", utc(to))
			.param("step", stepSeconds)
			.param("team", onlyTeam)
			.query((rs, n) -> rows.add(new SeriesRow(rs.getString("key"),
					from.plusSeconds(rs.getLong("slot") * stepSeconds), rs.getLong("amount"), rs.getLong("events"))))
			.list();
		return rows;
	}

	/**
	 * Each team's usage per hour bucket in [from, to) (hour-aligned), one slot per hour,
	 * zeros included: team id to amounts.
	 */
	Map<String, long[]> hourlyByTeam(String poolId, Instant from, Instant to) {
		int hours = (int) java.time.Duration.between(from, to).toHours();
		Map<String, long[]> byTeam = new HashMap<>();
		this.jdbc.sql("""
				select team_id, bucket_start, amount from usage_hour_buckets
				where pool_id = ? and bucket_start >= ? and bucket_start < ?
				""").params(poolId, utc(from), utc(to)).query((rs, n) -> {
			Instant start = rs.getObject("bucket_start", OffsetDateTime.class).toInstant();
			int slot = (int) java.time.Duration.between(from, start).toHours();
			byTeam.computeIfAbsent(rs.getString("team_id"), (k) -> new long[hours])[slot] += rs.getLong("amount");
			return null;
		}).list();
		return byTeam;
	}

	/**
	 * Amount, events and buckets of a pool's hour buckets in [from, to): they change only
	 * when usage lands in those hours.
	 */
	long[] hourlyFingerprint(String poolId, Instant from, Instant to) {
		return this.jdbc.sql("""
				select coalesce(sum(amount), 0) as amount, coalesce(sum(events), 0) as events, count(*) as buckets
				from usage_hour_buckets where pool_id = ? and bucket_start >= ? and bucket_start < ?
				""")
			.params(poolId, utc(from), utc(to))
			.query((rs, n) -> new long[] { rs.getLong("amount"), rs.getLong("events"), rs.getLong("buckets") })
			.single();
	}

	record SeriesRow(String key, Instant start, long amount, long events) {
	}

	/**
	 * The team's workflow runs that counted against a pool in [from, to), largest first:
	 * one row per {@code workflowId}, its amount in the pool's base unit and its tokens
	 * by kind as the ledger has them. Reads the team's labelled events through
	 * {@code ix_usage_events_team_workflow}.
	 */
	List<WorkflowUsage> workflows(String poolId, String teamId, Instant from, Instant to, int limit) {
		return this.jdbc.sql("""
				select workflow_id, count(*) as events, min(occurred_at) as first_at, max(occurred_at) as last_at,
				       sum(counted_amounts[array_position(counted_pools, :pool)]) as amount,
				       sum(input_tokens) as input, sum(output_tokens) as output,
				       sum(cache_read_tokens) as cache_read, sum(cache_creation_tokens) as cache_creation,
				       array_agg(distinct model order by model) as models,
				       array_remove(array_agg(distinct task_type order by task_type), null) as task_types,
				       count(*) over () as runs
				from usage_events
				where team_id = :team and workflow_id is not null and occurred_at >= :from and occurred_at < :to
				    and :pool = any(counted_pools)
				group by workflow_id
				order by amount desc, workflow_id
				limit :limit
				""")
			.param("pool", poolId)
			.param("team", teamId)
			.param("from", utc(from))
			.param("to", utc(to))
			.param("limit", limit)
			.query((rs, n) -> new WorkflowUsage(rs.getString("workflow_id"), rs.getLong("runs"), rs.getLong("events"),
					rs.getObject("first_at", OffsetDateTime.class).toInstant(),
					rs.getObject("last_at", OffsetDateTime.class).toInstant(), rs.getLong("amount"),
					rs.getLong("input"), rs.getLong("output"), rs.getLong("cache_read"), rs.getLong("cache_creation"),
					List.of((String[]) rs.getArray("models").getArray()),
					List.of((String[]) rs.getArray("task_types").getArray())))
			.list();
	}

	/**
	 * What each of the team's workflow runs added to a pool over [from, to), in the
	 * pool's base unit, smallest first.
	 */
	List<Long> workflowAmounts(String poolId, String teamId, Instant from, Instant to) {
		return this.jdbc.sql("""
				select sum(counted_amounts[array_position(counted_pools, ?)]) as amount
				from usage_events
				where team_id = ? and workflow_id is not null and occurred_at >= ? and occurred_at < ?
				    and ? = any(counted_pools)
				group by workflow_id
				order by amount
				""").params(poolId, teamId, utc(from), utc(to), poolId).query(Long.class).list();
	}

	/**
	 * What each run of a task type added to a pool over [from, to): events sharing a
	 * {@code workflowId} are one run, an event without one is a run by itself.
	 */
	List<Long> taskRunAmounts(String poolId, String teamId, String taskType, Instant from, Instant to) {
		return this.jdbc.sql("""
				select sum(counted_amounts[array_position(counted_pools, ?)]) as amount
				from usage_events
				where team_id = ? and task_type = ? and occurred_at >= ? and occurred_at < ?
				    and ? = any(counted_pools)
				group by coalesce(workflow_id, ':event:' || event_id)
				order by amount
				""").params(poolId, teamId, taskType, utc(from), utc(to), poolId).query(Long.class).list();
	}

}
