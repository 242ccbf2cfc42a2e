-- The append-only usage ledger and the per-minute / per-hour buckets that availability sums.

create table usage_events (
    id                     bigint generated always as identity,
    event_id               varchar(200)  not null,
    team_id                varchar(64)   not null,
    member_id              varchar(64),
    agent_id               varchar(200),
    model                  varchar(200)  not null,
    occurred_at            timestamptz   not null,
    received_at            timestamptz   not null,
    input_tokens           bigint        not null,
    output_tokens          bigint        not null,
    cache_read_tokens      bigint        not null,
    cache_creation_tokens  bigint        not null,
    messages               bigint        not null,
    cost_usd               numeric(18,6),
    kind                   varchar(16)   not null,
    reservation_id         varchar(64),
    -- SHA-256 of the event's content: a re-delivery with another hash is a conflict.
    content_hash           bytea         not null,
    -- The pools the event counted against when it was recorded, and the base units per pool.
    counted_pools          text[]        not null,
    counted_amounts        bigint[]      not null,
    constraint pk_usage_events primary key (id),
    constraint uq_usage_events_event_id unique (event_id),
    constraint fk_usage_events_team foreign key (team_id) references teams (id),
    constraint ck_usage_events_amounts check (input_tokens >= 0 and output_tokens >= 0
        and cache_read_tokens >= 0 and cache_creation_tokens >= 0 and messages >= 0
        and (cost_usd is null or cost_usd >= 0)),
    constraint ck_usage_events_kind check (kind in ('INTERACTIVE', 'AUTOMATED')),
    constraint ck_usage_events_counted check (cardinality(counted_pools) = cardinality(counted_amounts))
);

create index ix_usage_events_occurred_at on usage_events (occurred_at);

-- The ledger is append-only: corrections are new events.
create function usage_events_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'usage_events is append-only (% refused)', tg_op using errcode = 'P0001';
end
$$;

create trigger tr_usage_events_append_only before update or delete on usage_events
    for each row execute function usage_events_append_only();

-- Derived from the ledger in the same transaction as each insert. No foreign keys: they would
-- share-lock pool rows on every ingest; deleting a pool deletes its buckets explicitly.
create table usage_minute_buckets (
    pool_id       varchar(64)  not null,
    bucket_start  timestamptz  not null,
    team_id       varchar(64)  not null,
    amount        bigint       not null,
    events        bigint       not null,
    constraint pk_usage_minute_buckets primary key (pool_id, bucket_start, team_id),
    constraint ck_usage_minute_buckets_amount check (amount >= 0 and events >= 0)
);

create table usage_hour_buckets (
    pool_id       varchar(64)  not null,
    bucket_start  timestamptz  not null,
    team_id       varchar(64)  not null,
    amount        bigint       not null,
    events        bigint       not null,
    constraint pk_usage_hour_buckets primary key (pool_id, bucket_start, team_id),
    constraint ck_usage_hour_buckets_amount check (amount >= 0 and events >= 0)
);
