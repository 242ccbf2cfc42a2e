-- Retention and compaction of the usage tables (#17, quota.retention.*).
--
-- Hour buckets are written with the minute buckets at ingest, so compacting a minute into its hour
-- is deleting the minute: the hour already holds it. What readers must know is from when on the
-- minute buckets are still complete; before that instant a minute is read from the ledger instead.

-- One row (it may be missing after a truncate: readers then take every horizon as -infinity).
create table usage_retention (
    id            smallint     not null default 1,
    -- Minute buckets hold all usage at or after this instant (on the hour); before it only the hour
    -- buckets and the ledger do. Only moves forward, and is committed before any minute below it is
    -- deleted, so one statement that reads it and the buckets sees a consistent pair.
    minutes_from  timestamptz  not null default '-infinity',
    -- Hour buckets and ledger rows before these instants have been deleted (or are being deleted).
    hours_from    timestamptz  not null default '-infinity',
    ledger_from   timestamptz  not null default '-infinity',
    -- The instance running retention now, until when: one instance at a time, taken over when it dies.
    lease_owner   varchar(100),
    lease_until   timestamptz  not null default '-infinity',
    constraint pk_usage_retention primary key (id),
    constraint ck_usage_retention_one_row check (id = 1),
    constraint ck_usage_retention_order check (hours_from <= minutes_from)
);

insert into usage_retention (id) values (1);

-- One pool's usage per minute and team in [p_from, p_to): the minute buckets from the horizon on,
-- the ledger (summed per minute, as ingest sums the buckets) before it. A plain SELECT in a STABLE
-- SQL function, so the planner inlines it into the calling statement: the horizon and the rows
-- come from one snapshot, and the ledger half is an empty index range unless the range reaches
-- back past the horizon.
create function usage_minutes(p_pool varchar, p_from timestamptz, p_to timestamptz)
    returns table (team_id varchar, bucket_start timestamptz, amount bigint, events bigint)
    language sql stable as $$
    select b.team_id, b.bucket_start, b.amount, b.events
      from usage_minute_buckets b
     where b.pool_id = p_pool and b.bucket_start < p_to
       and b.bucket_start >= greatest(p_from,
               coalesce((select r.minutes_from from usage_retention r), '-infinity'::timestamptz))
    union all
    select e.team_id, date_trunc('minute', e.occurred_at, 'UTC'),
           sum(e.counted_amounts[array_position(e.counted_pools, p_pool)])::bigint, count(*)
      from usage_events e
     where e.occurred_at >= p_from
       and e.occurred_at < least(p_to,
               coalesce((select r.minutes_from from usage_retention r), '-infinity'::timestamptz))
       and p_pool = any(e.counted_pools)
     group by e.team_id, date_trunc('minute', e.occurred_at, 'UTC')
$$;
