-- The colour (GREEN, YELLOW, ORANGE, RED) each pool was last seen in, by any instance.
-- Every instance recomputes pool colours; the one whose upsert actually changes the row
-- publishes the STATUS_CHANGED event, so a change is announced once, not once per
-- instance. See availability/PoolStatusChanges.java.

create table pool_status_seen (
    pool_id    varchar(64) not null,
    status     varchar(8)  not null,
    changed_at timestamptz not null,
    constraint pk_pool_status_seen primary key (pool_id),
    constraint fk_pool_status_seen_pool foreign key (pool_id) references pools (id) on delete cascade,
    constraint ck_pool_status_seen_status check (status in ('GREEN', 'YELLOW', 'ORANGE', 'RED'))
);
