-- Fair share per allocation, the pool's queue aging, and queued / preempted reservations.
-- See fairshare/FairShare.java and queue/QueueOrder.java. Existing rows take the defaults.

alter table allocations
    -- Amount protected for the team (base units of the pool's unit); the sum over a pool
    -- is kept at most its limit by the service.
    add column guaranteed           bigint   not null default 0,
    -- How far beyond its share the team may go, in percent of the share; null: no limit.
    add column borrow_limit_percent integer           default 20,
    -- Whether the team's holds may be preempted by default.
    add column preemptible          boolean  not null default false,
    add constraint ck_allocations_guaranteed check (guaranteed >= 0),
    add constraint ck_allocations_borrow check (borrow_limit_percent is null
        or borrow_limit_percent between 0 and 10000);

alter table pools
    -- A waiting request rises one priority tier per interval.
    add column aging_seconds integer not null default 3600,
    add constraint ck_pools_aging check (aging_seconds between 60 and 2678400);

alter table reservations
    add column preemptible boolean not null default false,
    -- A queued hold's ttl, applied from the instant it is granted.
    add column ttl_seconds bigint,
    -- When it entered the queue (null: never queued); while QUEUED, starts_at is that
    -- instant and expires_at the deadline.
    add column queued_at   timestamptz,
    drop constraint ck_reservations_status,
    add constraint ck_reservations_status check (status in ('QUEUED', 'HELD', 'SCHEDULED', 'COMMITTED',
        'RELEASED', 'EXPIRED', 'CANCELLED', 'REJECTED', 'PREEMPTED')),
    add constraint ck_reservations_queued check (status <> 'QUEUED'
        or (queued_at is not null and ttl_seconds is not null));

create index ix_reservations_queued on reservations (pool_id, queued_at) where status = 'QUEUED';
create index ix_reservations_queue_due on reservations (expires_at) where status = 'QUEUED';

-- When each pool's queue must next be looked at even if nothing happens (usage rolling
-- off, a reset, a hold's expiry, a queued request's deadline). Any instance may take it.
create table queue_wakeups (
    pool_id  varchar(64)  not null,
    wake_at  timestamptz  not null,
    constraint pk_queue_wakeups primary key (pool_id),
    constraint fk_queue_wakeups_pool foreign key (pool_id) references pools (id) on delete cascade
);

-- When each team last had a hold of each priority granted in each pool while a queue was
-- waiting there: a waiting request ages only while its team goes without such a grant,
-- so aging lifts starved teams without overriding fair share among served ones.
create table queue_service (
    pool_id        varchar(64)  not null,
    team_id        varchar(64)  not null,
    priority       varchar(16)  not null,
    last_grant_at  timestamptz  not null,
    constraint pk_queue_service primary key (pool_id, team_id, priority),
    constraint fk_queue_service_pool foreign key (pool_id) references pools (id) on delete cascade
);
