-- Pools of quota, teams and the allocations that let a team draw on a pool.
-- Amounts are bigint base units (messages, tokens, micro-dollars); see pool/Unit.java.

create table pools (
    id                  varchar(64)   not null,
    name                varchar(200)  not null,
    unit                varchar(16)   not null,
    limit_amount        bigint        not null,
    window_type         varchar(16)   not null,
    rolling_seconds     bigint,
    calendar_period     varchar(16),
    reset_time          time,
    reset_day_of_week   varchar(16),
    reset_day_of_month  smallint,
    timezone            varchar(64),
    models              text[]        not null,
    weight_input        numeric(12,6) not null default 1,
    weight_output       numeric(12,6) not null default 1,
    weight_cache_read   numeric(12,6) not null default 1,
    weight_cache_create numeric(12,6) not null default 1,
    yellow_percent      smallint      not null default 70,
    orange_percent      smallint      not null default 85,
    red_percent         smallint      not null default 95,
    created_at          timestamptz   not null,
    updated_at          timestamptz   not null,
    version             bigint        not null default 0,
    constraint pk_pools primary key (id),
    constraint ck_pools_unit check (unit in ('MESSAGES', 'TOKENS', 'COST_USD')),
    constraint ck_pools_limit_positive check (limit_amount > 0),
    constraint ck_pools_window check (
        (window_type = 'ROLLING' and rolling_seconds between 60 and 2678400 and calendar_period is null)
        or (window_type = 'CALENDAR' and rolling_seconds is null and calendar_period is not null
            and reset_time is not null and timezone is not null)),
    constraint ck_pools_calendar_period check (calendar_period in ('DAILY', 'WEEKLY', 'MONTHLY')),
    constraint ck_pools_weekly_day check (calendar_period <> 'WEEKLY' or reset_day_of_week is not null),
    constraint ck_pools_monthly_day check (calendar_period <> 'MONTHLY' or reset_day_of_month between 1 and 28),
    constraint ck_pools_weights check (weight_input >= 0 and weight_output >= 0
        and weight_cache_read >= 0 and weight_cache_create >= 0),
    constraint ck_pools_thresholds check (0 < yellow_percent and yellow_percent < orange_percent
        and orange_percent < red_percent and red_percent <= 100)
);

create table teams (
    id          varchar(64)    not null,
    name        varchar(200)   not null,
    timezone    varchar(64)    not null,
    weight      numeric(12,4)  not null default 1,
    created_at  timestamptz    not null,
    updated_at  timestamptz    not null,
    version     bigint         not null default 0,
    constraint pk_teams primary key (id),
    constraint ck_teams_weight_positive check (weight > 0)
);

create table team_members (
    team_id        varchar(64) not null,
    member_id      varchar(64) not null,
    timezone       varchar(64) not null,
    working_start  time,
    working_end    time,
    constraint pk_team_members primary key (team_id, member_id),
    constraint fk_team_members_team foreign key (team_id) references teams (id) on delete cascade,
    constraint ck_team_members_hours check ((working_start is null) = (working_end is null))
);

-- Fair share (a later migration) adds guaranteed minimums and borrowing limits here.
create table allocations (
    pool_id     varchar(64)    not null,
    team_id     varchar(64)    not null,
    weight      numeric(12,4)  not null default 1,
    created_at  timestamptz    not null,
    updated_at  timestamptz    not null,
    constraint pk_allocations primary key (pool_id, team_id),
    constraint fk_allocations_pool foreign key (pool_id) references pools (id) on delete cascade,
    constraint fk_allocations_team foreign key (team_id) references teams (id) on delete cascade,
    constraint ck_allocations_weight_positive check (weight > 0)
);

create index ix_allocations_team on allocations (team_id);
