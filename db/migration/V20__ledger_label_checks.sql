-- Less work per recorded event (#16: importing transcripts is bound by PostgreSQL's work per event,
-- which goes with each row, not with the statements; measured with bench/ledger-cost.sh, figures
-- in docs/benchmarks.md).

-- The label checks of V10 say "1 to 200 of these characters" with a bounded repetition, {0,199},
-- which PostgreSQL's regular expression compiler expands into that many copies of the bracket
-- expression: the two checks cost half of PostgreSQL's CPU per recorded event (about 30 of 60
-- microseconds per event of an import, where every event carries a workflowId). The same rule,
-- written as an unbounded repetition and a length check, costs next to nothing. The rule is
-- unchanged (labels are ASCII, so their length in characters is their length in bytes), and the
-- stored labels are checked against it again here.
alter table usage_events
    drop constraint ck_usage_events_workflow_id,
    drop constraint ck_usage_events_task_type,
    add constraint ck_usage_events_workflow_id
        check (workflow_id is null or (workflow_id ~ '^[A-Za-z0-9][A-Za-z0-9._:@/+=-]*$'
                                        and length(workflow_id) <= 200)),
    add constraint ck_usage_events_task_type
        check (task_type is null or (task_type ~ '^[A-Za-z0-9][A-Za-z0-9._:@/+=-]*$'
                                     and length(task_type) <= 200));
