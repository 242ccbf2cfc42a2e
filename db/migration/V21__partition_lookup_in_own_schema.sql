-- V16's usage_events_create_partitions looked each month's partition up by bare name, so with
-- another schema on the search path that has a partition of that name (a second deployment or a
-- test's schema on the same database), it took that one for its own and created nothing: events
-- for that month would then be refused for want of a partition. Every name is now qualified with
-- the schema the function works in (the first on the path, where it creates its tables).
create or replace function usage_events_create_partitions(p_from timestamptz, p_to timestamptz) returns integer
    language plpgsql as $$
declare
    own     text := current_schema();
    month   timestamptz := date_trunc('month', p_from, 'UTC');
    next    timestamptz;
    name    text;
    created integer := 0;
begin
    perform pg_advisory_xact_lock(hashtext(own || '.usage_events_create_partitions'));
    while month < p_to loop
        -- Months in UTC, whatever the session's time zone.
        next := (month at time zone 'UTC' + interval '1 month') at time zone 'UTC';
        name := 'usage_events_' || to_char(month at time zone 'UTC', '"y"YYYY"m"MM');
        if to_regclass(format('%I.%I', own, name)) is null then
            execute format('create table %I.%I (like %I.usage_events including defaults including constraints)',
                own, name, own);
            execute format('alter table %I.usage_events attach partition %I.%I for values from (%L) to (%L)',
                own, own, name, month, next);
            created := created + 1;
        end if;
        month := next;
    end loop;
    return created;
end
$$;
