-- Optional labels on usage events (#12): which workflow run an event belongs to and what kind of
-- task it was, so that workflows can be listed and task costs estimated from history.
-- Nullable and without defaults, so adding them rewrites nothing.
alter table usage_events
    add column workflow_id varchar(200),
    add column task_type   varchar(200),
    add constraint ck_usage_events_workflow_id
        check (workflow_id is null or workflow_id ~ '^[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,199}$'),
    add constraint ck_usage_events_task_type
        check (task_type is null or task_type ~ '^[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,199}$');

-- Workflow listings and task estimates read one team's labelled events in a time range.
create index ix_usage_events_team_workflow on usage_events (team_id, occurred_at)
    where workflow_id is not null or task_type is not null;
