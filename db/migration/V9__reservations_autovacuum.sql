-- Every release, commit and expiry leaves a dead row version behind, and the partial index
-- of active reservations, which every decision reads, keeps an entry for each until vacuum
-- removes it. The default thresholds (20 % of the table dead) let a busy pool's decisions
-- wade through tens of thousands of such entries; vacuum and analyze this table much sooner.
alter table reservations set (
    autovacuum_vacuum_scale_factor = 0.01,
    autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.02,
    autovacuum_analyze_threshold = 1000
);
