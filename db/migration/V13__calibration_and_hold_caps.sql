-- Provider-signal calibration and caps on concurrent holds (#16).
-- New columns are nullable or take a default, so adding them rewrites no existing row.

alter table pools
    -- CONFIGURED: decisions use limit_amount. CALIBRATED: they use calibrated_limit when the
    -- calibration has one, never above limit_amount unless allow_above_configured.
    add column limit_mode             varchar(16) not null default 'CONFIGURED',
    add column allow_above_configured boolean     not null default false,
    -- The last estimate good enough to decide with (base units), kept by the calibration
    -- package through PoolService; null: none yet.
    add column calibrated_limit       bigint,
    -- At most this many holds in force at once on the pool; null: no cap.
    add column max_active_holds       integer,
    add constraint ck_pools_limit_mode check (limit_mode in ('CONFIGURED', 'CALIBRATED')),
    add constraint ck_pools_calibrated_limit check (calibrated_limit is null or calibrated_limit > 0),
    add constraint ck_pools_max_active_holds check (max_active_holds is null or max_active_holds between 1 and 100000);

alter table teams
    -- At most this many of the team's holds in force at once on any one pool; null: no cap.
    add column max_active_holds integer,
    add constraint ck_teams_max_active_holds check (max_active_holds is null or max_active_holds between 1 and 100000);

-- What providers said about the quota a pool models, one row per window reading (see
-- calibration/Observation.java). used_percent 0-100; a stated limit comes with remaining.
create table pool_observations (
    id            bigint generated always as identity,
    pool_id       varchar(64)   not null,
    source        varchar(16)   not null,
    signal        varchar(40)   not null,
    member_id     varchar(64),
    observed_at   timestamptz   not null,
    received_at   timestamptz   not null,
    used_percent  numeric(9,4),
    resets_at     timestamptz,
    stated_limit  bigint,
    remaining     bigint,
    -- The length of the provider window the reading is about (null: not said).
    window_seconds bigint,
    constraint pk_pool_observations primary key (id),
    constraint fk_pool_observations_pool foreign key (pool_id) references pools (id) on delete cascade,
    constraint ck_pool_observations_source check (source in ('status-line', 'http-headers', 'limit-hit')),
    constraint ck_pool_observations_percent check (used_percent is null or used_percent between 0 and 100),
    constraint ck_pool_observations_limit check (stated_limit is null or (stated_limit >= 0 and remaining >= 0)),
    constraint ck_pool_observations_reading check (used_percent is not null or stated_limit is not null)
);

-- The estimate reads a pool's recent observations; availability its latest one.
create index ix_pool_observations_pool on pool_observations (pool_id, observed_at);
