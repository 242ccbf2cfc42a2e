-- A stamp of each pool's queue, changed by every transaction that changes which requests
-- are QUEUED in the pool (a decision queuing, granting or expiring them, a cancel, the
-- sweeper). An instance keeps the queue it last read or wrote with its stamp and reads it
-- again only when the stamp moved: deep queues are not read at every decision.
create table queue_versions (
    pool_id  varchar(64)  not null,
    version  bigint       not null,
    constraint pk_queue_versions primary key (pool_id),
    constraint fk_queue_versions_pool foreign key (pool_id) references pools (id) on delete cascade
);

-- A pool without a stamp has never had a request queued: decisions do not read its queue.
insert into queue_versions (pool_id, version)
select distinct pool_id, 0 from reservations where status = 'QUEUED';
