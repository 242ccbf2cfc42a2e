-- Bulk-loads a synthetic usage ledger for the availability benchmark, directly with SQL.
--
--   psql -v n=10000000 [-v days=30] -f bench/seed-ledger.sql <database>
--
-- REPLACES the usage data: truncates usage_events (and its ids, usage_event_ids),
-- usage_minute_buckets and usage_hour_buckets, then inserts n ledger rows spread evenly (with jitter, in time order)
-- over the `days` days before the current minute, and rebuilds both bucket tables from the
-- ledger with the ingest path's semantics: one bucket per (pool, bucket start, team), where
-- the bucket start is occurred_at truncated to the minute / hour in UTC, amount = sum of the
-- event's counted amount for that pool, events = number of events.
--
-- Expects the fixtures bench/run.sh creates: the teams already in `teams` (all of them are
-- used, with uneven shares) and three pools
--   p5h-all     TOKENS,   rolling PT5H,  models *
--   pweek-all   TOKENS,   weekly,        models *
--   pweek-opus  MESSAGES, weekly,        models claude-opus-*
-- Token pools have all weights 1, so an event's amount is input + output + cache read + cache
-- creation tokens; the messages pool counts 1 per event. counted_pools is in pool-id order,
-- as the service writes it. content_hash is sha256(event_id), not the service's canonical
-- hash: only a re-delivery of a seeded id would notice.
\set ON_ERROR_STOP on
\if :{?n}
\else
\set n 10000
\endif
\if :{?days}
\else
\set days 30
\endif

-- date_trunc on timestamptz uses the session time zone: buckets are UTC.
set timezone = 'UTC';
set synchronous_commit = off;
set work_mem = '256MB';
set maintenance_work_mem = '512MB';
select set_config('bench.n', :'n', false) as n, set_config('bench.days', :'days', false) as days;

do $$
begin
  if (select count(*) from pools where id in ('p5h-all', 'pweek-all', 'pweek-opus')) <> 3 then
    raise exception 'seed-ledger.sql needs pools p5h-all, pweek-all and pweek-opus (bench/run.sh creates them)';
  end if;
  if not exists (select 1 from teams) then
    raise exception 'seed-ledger.sql needs at least one team';
  end if;
end
$$;

truncate usage_events, usage_event_ids, usage_minute_buckets, usage_hour_buckets;
-- The ledger is partitioned by month (V16): every month seeded needs its partition.
select usage_events_create_partitions(now() - make_interval(days => current_setting('bench.days')::int + 1),
    now() + interval '3 months');

-- Ledger rows, committed in chunks of a million so that progress shows and no transaction
-- gets huge. Rows are generated in time order, as a live ledger grows, so the id,
-- event_id and occurred_at indexes are appended to at their right edge.
do $$
declare
  n       bigint := current_setting('bench.n')::bigint;
  days    int    := current_setting('bench.days')::int;
  chunk   bigint := 1000000;
  t_end   timestamptz := date_trunc('minute', now());
  span_s  float8 := days * 86400.0;
  step_s  float8;
  t0      timestamptz;
  tms     text[];
  nt      int;
  lo      bigint := 1;
  hi      bigint;
  started timestamptz := clock_timestamp();
begin
  step_s := span_s / n;
  t0 := t_end - make_interval(secs => span_s);
  select array_agg(id order by id) into tms from teams;
  nt := cardinality(tms);
  perform setseed(0.42);
  while lo <= n loop
    hi := least(lo + chunk - 1, n);
    with ledger as (
    insert into usage_events (event_id, team_id, member_id, agent_id, model, occurred_at, received_at,
        input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, messages, cost_usd, kind,
        reservation_id, content_hash, counted_pools, counted_amounts)
    select g.eid, g.team, 'm' || (g.i % 50), null, g.model, g.at, g.at + interval '150 milliseconds',
        g.inp, g.outp, g.cr, g.cc, 1, null, case when g.i % 4 = 0 then 'AUTOMATED' else 'INTERACTIVE' end,
        null, sha256(convert_to(g.eid, 'UTF8')),
        case when g.opus then array['p5h-all', 'pweek-all', 'pweek-opus'] else array['p5h-all', 'pweek-all'] end,
        case when g.opus then array[g.tok, g.tok, 1::bigint] else array[g.tok, g.tok] end
    from (
      select s.i, s.eid, s.team, s.model, s.at, s.inp, s.outp, s.cr, s.cc, s.model like 'claude-opus-%' as opus,
             s.inp + s.outp + s.cr + s.cc as tok
      from (
        select i,
               'seed-' || lpad(i::text, 10, '0') as eid,
               -- uneven team shares: 30/20/30/20 % with four teams
               tms[1 + ((i % 10) * nt) / 10] as team,
               case when (i / 10) % 20 < 12 then 'claude-sonnet-4-5'
                    when (i / 10) % 20 < 17 then 'claude-opus-4-1'
                    else 'claude-haiku-4-5' end as model,
               -- evenly spread, jittered inside each slot, so occurred_at increases with i
               t0 + make_interval(secs => ((i - 1) + random()) * step_s) as at,
               200 + (i * 7919) % 6000 as inp,
               50 + (i * 104729) % 2000 as outp,
               ((i * 31) % 4) * 2500 as cr,
               case when i % 7 = 0 then 1000 else 0 end as cc
        from generate_series(lo, hi) as i
      ) s
    ) g
    returning event_id, occurred_at
    )
    -- Each event's id, as ingest claims it (unique across the months).
    insert into usage_event_ids (event_id, occurred_at) select event_id, occurred_at from ledger;
    commit;
    raise notice 'ledger: % of % rows (% s)', hi, n,
      round(extract(epoch from clock_timestamp() - started)::numeric, 1);
    lo := hi + 1;
  end loop;
end
$$;

-- Buckets aggregated from the generated ledger (the tables were empty after the truncate).
insert into usage_minute_buckets (pool_id, bucket_start, team_id, amount, events)
select u.pool_id, date_trunc('minute', e.occurred_at), e.team_id, sum(u.amount), count(*)
from usage_events e
cross join lateral unnest(e.counted_pools, e.counted_amounts) as u(pool_id, amount)
group by 1, 2, 3;

-- An hour bucket is the sum of its minute buckets (same UTC truncation, same events).
insert into usage_hour_buckets (pool_id, bucket_start, team_id, amount, events)
select pool_id, date_trunc('hour', bucket_start), team_id, sum(amount), sum(events)
from usage_minute_buckets
group by 1, 2, 3;

analyze usage_events, usage_event_ids;
vacuum analyze usage_minute_buckets, usage_hour_buckets;
-- Write the seeded pages out now, so that the measurement does not pay for the seed's write-back.
checkpoint;

select (select count(*) from usage_events) as ledger_rows,
       (select count(*) from usage_minute_buckets) as minute_buckets,
       (select count(*) from usage_hour_buckets) as hour_buckets,
       (select min(occurred_at) from usage_events) as oldest,
       (select max(occurred_at) from usage_events) as newest,
       pg_size_pretty((select sum(pg_total_relation_size(inhrelid)) from pg_inherits
                       where inhparent = 'usage_events'::regclass)
                      + pg_total_relation_size('usage_event_ids')) as ledger_size;
