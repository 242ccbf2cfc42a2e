-- How reservations and admission checks treat each pool, and how far each team's automated
-- work may go. Percentages of the pool's limit; see pool/PoolPolicy.java. Existing rows take
-- the defaults.

alter table pools
    add column safety_buffer_percent         smallint not null default 10,
    add column automation_cap_percent        smallint not null default 90,
    add column low_deferred_below_percent    smallint not null default 40,
    add column medium_deferred_below_percent smallint not null default 20,
    add column high_deferred_below_percent   smallint not null default 10,
    add constraint ck_pools_safety_buffer check (safety_buffer_percent between 0 and 50),
    add constraint ck_pools_automation_cap check (automation_cap_percent between 1 and 100),
    add constraint ck_pools_conservation check (0 <= high_deferred_below_percent
        and high_deferred_below_percent <= medium_deferred_below_percent
        and medium_deferred_below_percent <= low_deferred_below_percent
        and low_deferred_below_percent <= 100);

alter table teams
    add column automation_cap_percent smallint not null default 90,
    add constraint ck_teams_automation_cap check (automation_cap_percent between 1 and 100);
