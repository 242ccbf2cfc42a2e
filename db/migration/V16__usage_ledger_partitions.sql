-- The usage ledger partitioned by month of occurred_at (#17), so that retention drops whole months
-- instead of deleting rows one by one. Existing rows are copied; nothing else reads the old table.
--
-- Idempotency stays exact. A unique index on a partitioned table must include the partition key,
-- and (event_id, occurred_at) would let one event id be recorded twice with two different
-- occurredAt values, one per partition. So event ids get a table of their own, not partitioned,
-- with the unique key the ledger had: ingest inserts an event's id there first (ON CONFLICT DO
-- NOTHING) and its ledger row only when that insert took, in the same statement and transaction.
create table usage_event_ids (
    event_id     varchar(200)  not null,
    occurred_at  timestamptz   not null,
    constraint pk_usage_event_ids primary key (event_id)
);

insert into usage_event_ids (event_id, occurred_at) select event_id, occurred_at from usage_events;

-- Retention deletes the ids of the months it dropped.
create index ix_usage_event_ids_occurred_at on usage_event_ids (occurred_at);

alter table usage_events rename to usage_events_v15;
alter table usage_events_v15 rename constraint pk_usage_events to pk_usage_events_v15;
alter table usage_events_v15 rename constraint uq_usage_events_event_id to uq_usage_events_v15_event_id;
alter index ix_usage_events_occurred_at rename to ix_usage_events_v15_occurred_at;
alter index ix_usage_events_team_workflow rename to ix_usage_events_v15_team_workflow;

create table usage_events (
    id                     bigint        not null,
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
    content_hash           bytea         not null,
    counted_pools          text[]        not null,
    counted_amounts        bigint[]      not null,
    workflow_id            varchar(200),
    task_type              varchar(200),
    constraint fk_usage_events_team foreign key (team_id) references teams (id),
    constraint ck_usage_events_amounts check (input_tokens >= 0 and output_tokens >= 0
        and cache_read_tokens >= 0 and cache_creation_tokens >= 0 and messages >= 0
        and (cost_usd is null or cost_usd >= 0)),
    constraint ck_usage_events_kind check (kind in ('INTERACTIVE', 'AUTOMATED')),
    constraint ck_usage_events_counted check (cardinality(counted_pools) = cardinality(counted_amounts)),
    constraint ck_usage_events_workflow_id
        check (workflow_id is null or workflow_id ~ '^[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,199}$'),
    constraint ck_usage_events_task_type
        check (task_type is null or task_type ~ '^[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,199}$')
) partition by range (occurred_at);

-- Creates the missing monthly partitions covering [p_from, p_to): idempotent, one caller at a time
-- (the service calls it at start and on every retention run). Each partition is created on its
-- own and then attached: ATTACH PARTITION takes only a SHARE UPDATE EXCLUSIVE lock on the ledger,
-- so ingest and reads go on, where CREATE TABLE ... PARTITION OF would lock them out.
create function usage_events_create_partitions(p_from timestamptz, p_to timestamptz) returns integer
    language plpgsql as $$
declare
    month   timestamptz := date_trunc('month', p_from, 'UTC');
    next    timestamptz;
    name    text;
    created integer := 0;
begin
    perform pg_advisory_xact_lock(hashtext('usage_events_create_partitions'));
    while month < p_to loop
        -- Months in UTC, whatever the session's time zone.
        next := (month at time zone 'UTC' + interval '1 month') at time zone 'UTC';
        name := 'usage_events_' || to_char(month at time zone 'UTC', '"y"YYYY"m"MM');
        if to_regclass(name) is null then
            execute format('create table %I (like usage_events including defaults including constraints)',
                name);
            execute format('alter table usage_events attach partition %I for values from (%L) to (%L)',
                name, month, next);
            created := created + 1;
        end if;
        month := next;
    end loop;
    return created;
end
$$;

-- Every month with rows, and every month an event may still be accepted for (400 days back by
-- default) or arrive in soon.
select usage_events_create_partitions(
    least(coalesce((select min(occurred_at) from usage_events_v15), now()), now() - interval '401 days'),
    now() + interval '3 months');

insert into usage_events (id, event_id, team_id, member_id, agent_id, model, occurred_at, received_at,
    input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, messages, cost_usd, kind,
    reservation_id, content_hash, counted_pools, counted_amounts, workflow_id, task_type)
select id, event_id, team_id, member_id, agent_id, model, occurred_at, received_at,
    input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, messages, cost_usd, kind,
    reservation_id, content_hash, counted_pools, counted_amounts, workflow_id, task_type
from usage_events_v15;

drop table usage_events_v15;
-- A sequence rather than an identity column: PostgreSQL allows identity columns on partitioned
-- tables only from version 17 on.
create sequence usage_events_id_seq as bigint owned by usage_events.id;
select setval('usage_events_id_seq', coalesce((select max(id) from usage_events), 0) + 1, false);
alter table usage_events alter column id set default nextval('usage_events_id_seq');

-- Indexes after the copy: built once per partition instead of row by row.
alter table usage_events add constraint pk_usage_events primary key (id, occurred_at);
create index ix_usage_events_occurred_at on usage_events (occurred_at);
create index ix_usage_events_team_workflow on usage_events (team_id, occurred_at)
    where workflow_id is not null or task_type is not null;

create trigger tr_usage_events_append_only before update or delete on usage_events
    for each row execute function usage_events_append_only();
