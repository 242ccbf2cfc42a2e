-- Anomalies and changepoints announced to teams (#12). Every instance detects on a schedule;
-- the unique constraint lets only one of them record a given anomaly, and only the one whose
-- insert (or raise from WARNING to ANOMALY) changes a row announces it, on the team's event
-- stream and in the metric. See forecast/AnomalyRecords.java.

create table forecast_anomalies (
    id           bigint generated always as identity,
    team_id      varchar(64)      not null,
    pool_id      varchar(64)      not null,
    -- The hour examined; the first day at the new level for a changepoint; the day (00:00 UTC)
    -- for a cache-read share; the hour a workflow started for a workflow's size.
    hour         timestamptz      not null,
    kind         varchar(20)      not null,
    -- The workflow id for WORKFLOW_SIZE; empty for the other kinds.
    subject      varchar(200)     not null default '',
    severity     varchar(8)       not null,
    expected     double precision,
    actual       double precision not null,
    score        double precision not null,
    message      text             not null,
    detected_at  timestamptz      not null,
    constraint pk_forecast_anomalies primary key (id),
    constraint uq_forecast_anomalies_once unique (team_id, pool_id, hour, kind, subject),
    constraint fk_forecast_anomalies_team foreign key (team_id) references teams (id) on delete cascade,
    constraint fk_forecast_anomalies_pool foreign key (pool_id) references pools (id) on delete cascade,
    constraint ck_forecast_anomalies_kind
        check (kind in ('HOURLY_USAGE', 'CHANGEPOINT', 'WORKFLOW_SIZE', 'CACHE_READ_SHARE')),
    constraint ck_forecast_anomalies_severity check (severity in ('WARNING', 'ANOMALY'))
);

-- The anomalies answer reads one team's recorded anomalies in a time range.
create index ix_forecast_anomalies_team_hour on forecast_anomalies (team_id, hour);
