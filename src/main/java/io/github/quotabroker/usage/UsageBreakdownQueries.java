package io.github.quotabroker.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.github.quotabroker.usage.UsageLedger.utc;

/**
 * Breakdowns of the ledger for the forecast's anomalies: who contributed to an hour,
 * large workflow runs, and the mix of token kinds. Each reads one team's or one pool's
 * events over a bounded span.
 */
@Repository
class UsageBreakdownQueries {

	private final JdbcClient jdbc;

	UsageBreakdownQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The largest {@code top} contributors per member, agent, model and workflow in each
	 * of the given hours (on the hour) of one team's usage of a pool, largest first.
	 */
	Map<Instant, List<Contributor>> contributors(String poolId, String teamId, List<Instant> hours, int top) {
		Map<Instant, List<Contributor>> byHour = new LinkedHashMap<>();
		if (hours.isEmpty()) {
			return byHour;
		}
		Instant from = hours.stream().min(Instant::compareTo).orElseThrow();
		Instant to = hours.stream().max(Instant::compareTo).orElseThrow().plus(Duration.ofHours(1));
		String[] wanted = hours.stream().map(Instant::toString).toArray(String[]::new);
		this.jdbc.sql("""
				with e as (
				    select date_trunc('hour', occurred_at, 'UTC') as hour, member_id, agent_id, model, workflow_id,
				           counted_amounts[array_position(counted_pools, :pool)] as amount
				    from usage_events
				    where team_id = :team and :pool = any(counted_pools)
				      and occurred_at >= :from and occurred_at < :to
				      and date_trunc('hour', occurred_at, 'UTC') = any(cast(:hours as timestamptz[]))
				), g as (
				    select hour, 'member' as dimension, member_id as key, sum(amount) as amount from e group by 1, 3
				    union all
				    select hour, 'agent', agent_id, sum(amount) from e group by 1, 3
				    union all
				    select hour, 'model', model, sum(amount) from e group by 1, 3
				    union all
				    select hour, 'workflow', workflow_id, sum(amount) from e group by 1, 3
				), r as (
				    select g.*, row_number() over (partition by hour, dimension order by amount desc, key) as n from g
				)
				select hour, dimension, key, amount from r where n <= :top order by hour, dimension, n
				""")
			.param("pool", poolId)
			.param("team", teamId)
			.param("from", utc(from))
			.param("to", utc(to))
			.param("hours", wanted)
			.param("top", top)
			.query((rs, n) -> byHour
				.computeIfAbsent(rs.getObject("hour", OffsetDateTime.class).toInstant(), (k) -> new ArrayList<>())
				.add(new Contributor(rs.getString("dimension"), rs.getString("key"), rs.getLong("amount"))))
			.list();
		return byHour;
	}

	/**
	 * Workflow runs counted against a pool with events in [from, to), whose tokens since
	 * {@code since} reach {@code minTokens}: every team's, or only {@code teamId}'s.
	 */
	List<WorkflowTotal> largeWorkflows(String poolId, String teamId, Instant since, Instant from, Instant to,
			long minTokens) {
		return this.jdbc.sql("""
				select team_id, workflow_id, min(occurred_at) as started_at, max(occurred_at) as last_at,
				       sum(input_tokens + output_tokens + cache_read_tokens + cache_creation_tokens) as tokens,
				       sum(counted_amounts[array_position(counted_pools, :pool)]) as amount
				from usage_events
				where workflow_id is not null and :pool = any(counted_pools)
				  and (cast(:team as varchar) is null or team_id = :team)
				  and occurred_at >= :since and occurred_at < :to
				group by team_id, workflow_id
				having sum(input_tokens + output_tokens + cache_read_tokens + cache_creation_tokens) >= :min
				   and max(occurred_at) >= :from
				order by team_id, started_at, workflow_id
				""")
			.param("pool", poolId)
			.param("team", teamId)
			.param("since", utc(since))
			.param("from", utc(from))
			.param("to", utc(to))
			.param("min", minTokens)
			.query((rs, n) -> new WorkflowTotal(rs.getString("team_id"), rs.getString("workflow_id"),
					rs.getObject("started_at", OffsetDateTime.class).toInstant(),
					rs.getObject("last_at", OffsetDateTime.class).toInstant(), rs.getLong("tokens"),
					rs.getLong("amount")))
			.list();
	}

	/** Each team's tokens by kind in [from, to), of the events counted against a pool. */
	Map<String, TokenMix> tokenMix(String poolId, String teamId, Instant from, Instant to) {
		Map<String, TokenMix> byTeam = new LinkedHashMap<>();
		this.jdbc.sql("""
				select team_id, sum(input_tokens) as input, sum(output_tokens) as output,
				       sum(cache_read_tokens) as cache_read, sum(cache_creation_tokens) as cache_creation
				from usage_events
				where :pool = any(counted_pools) and (cast(:team as varchar) is null or team_id = :team)
				  and occurred_at >= :from and occurred_at < :to
				group by team_id order by team_id
				""")
			.param("pool", poolId)
			.param("team", teamId)
			.param("from", utc(from))
			.param("to", utc(to))
			.query((rs, n) -> byTeam.put(rs.getString("team_id"),
					new TokenMix(rs.getString("team_id"), rs.getLong("input"), rs.getLong("output"),
							rs.getLong("cache_read"), rs.getLong("cache_creation"))))
			.list();
		return byTeam;
	}

}
