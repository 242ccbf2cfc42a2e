-- Reservations: quota held for work in progress (HELD) or earmarked for a future interval
-- (SCHEDULED). Amounts are base units of the pool's unit. See reservation/Reservation.java.

create table reservations (
    id               varchar(64)    not null,
    team_id          varchar(64)    not null,
    pool_id          varchar(64)    not null,
    member_id        varchar(64),
    description      varchar(500),
    priority         varchar(16)    not null,
    kind             varchar(16)    not null,
    amount           bigint         not null,
    -- Usage recorded against the reservation so far (events carrying its id, and its commit).
    consumed         bigint         not null default 0,
    status           varchar(16)    not null,
    starts_at        timestamptz    not null,
    expires_at       timestamptz    not null,
    committed_amount bigint,
    overrun          bigint,
    reason           varchar(500),
    -- What the client sent, to tell a retried create from a different one with the same id.
    request_hash     bytea          not null,
    created_by       varchar(40),
    created_at       timestamptz    not null,
    updated_at       timestamptz    not null,
    constraint pk_reservations primary key (id),
    constraint fk_reservations_team foreign key (team_id) references teams (id) on delete cascade,
    constraint fk_reservations_pool foreign key (pool_id) references pools (id) on delete cascade,
    constraint ck_reservations_amount check (amount > 0),
    constraint ck_reservations_consumed check (consumed >= 0),
    constraint ck_reservations_interval check (starts_at < expires_at),
    constraint ck_reservations_priority check (priority in ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')),
    constraint ck_reservations_kind check (kind in ('HOLD', 'WINDOW')),
    constraint ck_reservations_status check (status in
        ('HELD', 'SCHEDULED', 'COMMITTED', 'RELEASED', 'EXPIRED', 'CANCELLED', 'REJECTED')),
    constraint ck_reservations_committed check ((status = 'COMMITTED') = (committed_amount is not null))
);

-- Decisions read a pool's active reservations; the sweeper finds those whose time is up.
create index ix_reservations_active on reservations (pool_id, expires_at)
    where status in ('HELD', 'SCHEDULED');
create index ix_reservations_due on reservations (expires_at) where status = 'HELD';
create index ix_reservations_starting on reservations (starts_at) where status = 'SCHEDULED';
create index ix_reservations_team on reservations (team_id, created_at);
