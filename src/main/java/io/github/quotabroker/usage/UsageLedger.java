package io.github.quotabroker.usage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The append-only ledger of usage events and the per-minute and per-hour buckets derived
 * from it, written with set-based SQL (one statement per table per group commit).
 */
@Repository
class UsageLedger {

	private final JdbcClient jdbc;

	UsageLedger(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** What the ledger already holds for an event id. */
	record Stored(String contentHash, List<String> countedPools) {
	}

	/**
	 * An event about to be inserted, with the pools and base amounts it counts against.
	 */
	record NewEvent(UsageEvent event, String contentHash, List<String> pools, long[] amounts) {
	}

	/** One bucket increment. */
	record BucketDelta(String poolId, Instant bucketStart, String teamId, long amount, long events) {
	}

	Map<String, Stored> findExisting(Collection<String> eventIds) {
		Map<String, Stored> found = new HashMap<>();
		this.jdbc.sql("""
				select i.event_id, encode(e.content_hash, 'hex') as hash, e.counted_pools
				from usage_event_ids i join usage_events e on e.event_id = i.event_id and e.occurred_at = i.occurred_at
				where i.event_id = any(?)
				""").param(eventIds.toArray(String[]::new)).query((rs, n) -> {
			String[] pools = (String[]) rs.getArray("counted_pools").getArray();
			found.put(rs.getString("event_id"), new Stored(rs.getString("hash"), Arrays.asList(pools)));
			return null;
		}).list();
		return found;
	}

	/**
	 * Inserts the events, skipping ids that another transaction inserted first, and
	 * answers the ids actually inserted. An id is claimed in {@code usage_event_ids} (not
	 * partitioned, unique by event id) and its ledger row written only if the claim took:
	 * the partitioned ledger can only be unique per month (V16).
	 */
	Set<String> insert(List<NewEvent> events, Instant receivedAt) {
		int n = events.size();
		String[] eventIds = new String[n];
		String[] teams = new String[n];
		String[] members = new String[n];
		String[] agents = new String[n];
		String[] models = new String[n];
		String[] occurred = new String[n];
		long[] input = new long[n];
		long[] output = new long[n];
		long[] cacheRead = new long[n];
		long[] cacheCreation = new long[n];
		long[] messages = new long[n];
		String[] cost = new String[n];
		String[] kinds = new String[n];
		String[] reservations = new String[n];
		String[] workflows = new String[n];
		String[] taskTypes = new String[n];
		String[] hashes = new String[n];
		String[] pools = new String[n];
		String[] amounts = new String[n];
		for (int i = 0; i < n; i++) {
			NewEvent ne = events.get(i);
			UsageEvent e = ne.event();
			eventIds[i] = e.eventId();
			teams[i] = e.teamId();
			members[i] = e.memberId();
			agents[i] = e.agentId();
			models[i] = e.model();
			occurred[i] = e.occurredAt().toString();
			input[i] = e.inputTokens();
			output[i] = e.outputTokens();
			cacheRead[i] = e.cacheReadTokens();
			cacheCreation[i] = e.cacheCreationTokens();
			messages[i] = e.messages();
			cost[i] = (e.costUsd() != null) ? e.costUsd().toPlainString() : null;
			kinds[i] = e.kind().name();
			reservations[i] = e.reservationId();
			workflows[i] = e.workflowId();
			taskTypes[i] = e.taskType();
			hashes[i] = ne.contentHash();
			pools[i] = String.join(",", ne.pools());
			StringBuilder a = new StringBuilder();
			for (long amount : ne.amounts()) {
				a.append(a.isEmpty() ? "" : ",").append(amount);
			}
			amounts[i] = a.toString();
		}
		List<String> inserted = this.jdbc.sql("""
				with u as (
				    select * from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
				        ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[],
				        ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::text[], ?::text[], ?::text[])
				        as u(e, t, m, a, mo, o, i, ou, cr, cc, msg, c, k, r, w, tt, h, p, amt)
				), claimed as (
				    insert into usage_event_ids (event_id, occurred_at)
				    select u.e, u.o::timestamptz from u
				    on conflict (event_id) do nothing
				    returning event_id
				)
				insert into usage_events (event_id, team_id, member_id, agent_id, model, occurred_at, received_at,
				    input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, messages, cost_usd, kind,
				    reservation_id, workflow_id, task_type, content_hash, counted_pools, counted_amounts)
				select u.e, u.t, u.m, u.a, u.mo, u.o::timestamptz, ?, u.i, u.ou, u.cr, u.cc, u.msg, u.c::numeric, u.k,
				    u.r, u.w, u.tt, decode(u.h, 'hex'), string_to_array(u.p, ','), string_to_array(u.amt, ',')::bigint[]
				from u join claimed on claimed.event_id = u.e
				returning event_id
				""")
			.params(eventIds, teams, members, agents, models, occurred, input, output, cacheRead, cacheCreation,
					messages, cost, kinds, reservations, workflows, taskTypes, hashes, pools, amounts, utc(receivedAt))
			.query(String.class)
			.list();
		return new HashSet<>(inserted);
	}

	/**
	 * Adds the deltas to their buckets; callers sort them so concurrent writers lock in
	 * one order.
	 */
	void addToBuckets(String table, List<BucketDelta> deltas) {
		if (deltas.isEmpty()) {
			return;
		}
		int n = deltas.size();
		String[] pools = new String[n];
		String[] starts = new String[n];
		String[] teams = new String[n];
		long[] amounts = new long[n];
		long[] events = new long[n];
		for (int i = 0; i < n; i++) {
			BucketDelta d = deltas.get(i);
			pools[i] = d.poolId();
			starts[i] = d.bucketStart().toString();
			teams[i] = d.teamId();
			amounts[i] = d.amount();
			events[i] = d.events();
		}
		// The table name is one of two constants, never input.
		this.jdbc.sql("insert into " + table + " as b (pool_id, bucket_start, team_id, amount, events) "
				+ "select p, s::timestamptz, t, a, e from unnest(?::varchar[], ?::text[], ?::varchar[], ?::bigint[], ?::bigint[]) as u(p, s, t, a, e) "
				+ "on conflict (pool_id, bucket_start, team_id) do update "
				+ "set amount = b.amount + excluded.amount, events = b.events + excluded.events")
			.params(pools, starts, teams, amounts, events)
			.update();
	}

	void deleteBuckets(String poolId) {
		this.jdbc.sql("delete from usage_minute_buckets where pool_id = ?").param(poolId).update();
		this.jdbc.sql("delete from usage_hour_buckets where pool_id = ?").param(poolId).update();
	}

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
