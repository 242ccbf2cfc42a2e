-- Issue #17, several instances at full speed: an instance that finds a pool's queue stamp
-- moved by another instance reads only the requests that arrived since it last looked,
-- instead of the whole queue, unless a request left the queue meanwhile.

-- Arrival numbers. Requests are queued only under their pool's decision lock, and a
-- number is taken while the lock is held, so within a pool numbers grow in the order the
-- rows became visible (the sequence's default cache of 1 keeps them in the order taken).
-- Every reservation gets one, so that an instance of an older version, which does not
-- name the column, still numbers the requests it queues.
create sequence reservation_queue_seq;
alter table reservations add column queue_seq bigint;
alter sequence reservation_queue_seq owned by reservations.queue_seq;
update reservations r set queue_seq = n.seq
from (select id, nextval('reservation_queue_seq') as seq
      from (select id from reservations where status = 'QUEUED' order by queued_at, id) o) n
where r.id = n.id;
-- Set after the update: a volatile default on the new column would rewrite every row.
alter table reservations alter column queue_seq set default nextval('reservation_queue_seq');
create index ix_reservations_queue_arrivals on reservations (pool_id, queue_seq) where status = 'QUEUED';

-- A second stamp that moves only when requests leave the queue (granted, expired,
-- cancelled). While it stays, what an instance knows of the queue is still there, and
-- the arrivals since complete it. An instance of an older version does not move it: while
-- both run, an instance may plan with a request that already left, and the write's
-- status guard drops that request, as when a cancel races with a decision.
alter table queue_versions add column removals bigint not null default 0;
