-- Schedules of issue #14: the answer of POST /teams/{teamId}/schedules, kept as written so
-- GET answers it again; the reservations it booked (if any) are rows of reservations.
create table schedules (
    id          varchar(64) not null,
    team_id     varchar(64) not null,
    body        jsonb       not null,
    created_at  timestamptz not null,
    constraint pk_schedules primary key (id),
    constraint fk_schedules_team foreign key (team_id) references teams (id) on delete cascade
);

create index ix_schedules_team on schedules (team_id, created_at);
