-- A team's automation window (#14): the local hours, in the team's timezone, in which its
-- AUTOMATED work may start (22:00-06:00 crosses midnight). Both null: any time.
alter table teams
    add column automation_window_start time,
    add column automation_window_end   time,
    add constraint ck_teams_automation_window check (
        (automation_window_start is null and automation_window_end is null)
        or (automation_window_start is not null and automation_window_end is not null
            and automation_window_start <> automation_window_end));
