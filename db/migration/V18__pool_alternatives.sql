-- Model-choice advice of issue #14: a pool may name other pools as alternatives (a
-- Haiku-class pool for a Sonnet-class one), in order: the nearest class first, the
-- cheapest last. Answers that defer or deny then name the first alternative that admits
-- the work now (LOW work tries the cheapest first).
create table pool_alternatives (
    pool_id         varchar(64) not null,
    position        smallint    not null,
    alternative_id  varchar(64) not null,
    constraint pk_pool_alternatives primary key (pool_id, position),
    constraint uq_pool_alternatives unique (pool_id, alternative_id),
    constraint ck_pool_alternatives_position check (position >= 0),
    constraint ck_pool_alternatives_not_self check (alternative_id <> pool_id),
    constraint fk_pool_alternatives_pool foreign key (pool_id) references pools (id) on delete cascade,
    -- No action (not cascade): a pool that is someone's alternative is not deleted
    -- (PoolService.delete answers 409 first); checked at the end of the statement, so
    -- deleting a pool together with those that name it passes.
    constraint fk_pool_alternatives_alternative foreign key (alternative_id) references pools (id)
);

create index ix_pool_alternatives_alternative on pool_alternatives (alternative_id);
