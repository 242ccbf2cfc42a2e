-- Webhooks (issue #15): where to tell a team or a pool's admins what happened, and the
-- outbox of deliveries. See webhook/WebhookService.java and webhook/DeliveryWorker.java.

create table webhooks (
    -- Surrogate key: ids are chosen by the caller and unique per team or per pool.
    webhook_key        bigint generated always as identity,
    id                 varchar(64)    not null,
    team_id            varchar(64),
    pool_id            varchar(64),
    url                varchar(2000)  not null,
    events             varchar(40)[]  not null,
    thresholds         integer[]      not null,
    queue_wait_above_s bigint         not null,
    -- The HMAC key of the signatures. Kept as given (it must be, to sign); never answered.
    secret             varchar(200)   not null,
    format             varchar(8)     not null,
    created_at         timestamptz    not null,
    updated_at         timestamptz    not null,
    constraint pk_webhooks primary key (webhook_key),
    constraint fk_webhooks_team foreign key (team_id) references teams (id) on delete cascade,
    constraint fk_webhooks_pool foreign key (pool_id) references pools (id) on delete cascade,
    constraint ck_webhooks_owner check ((team_id is null) <> (pool_id is null)),
    constraint ck_webhooks_url check (url ~ '^https?://'),
    constraint ck_webhooks_events check (cardinality(events) > 0),
    constraint ck_webhooks_thresholds check (1 <= all (thresholds) and 100 >= all (thresholds)),
    constraint ck_webhooks_queue_wait check (queue_wait_above_s > 0),
    constraint ck_webhooks_format check (format in ('JSON', 'SLACK'))
);

create unique index ux_webhooks_team_id on webhooks (team_id, id) where team_id is not null;
create unique index ux_webhooks_pool_id on webhooks (pool_id, id) where pool_id is not null;

-- The outbox: one row per (webhook, event), written in the transaction of the fact that
-- caused it, delivered by whichever instance claims it (FOR UPDATE SKIP LOCKED, with a
-- lease so that a dead instance's claims are taken over).
-- No foreign key to webhooks, on purpose: an insert must never fail the transaction of
-- the fact it reports (a webhook deleted at that moment would). Rows are inserted only
-- for webhooks that exist, deleted with their webhook, and rows left by a cascade (team or
-- pool deleted) are dropped by the worker that claims them.
create table webhook_deliveries (
    id              bigint generated always as identity,
    webhook_key     bigint         not null,
    -- The idempotency key sent with every attempt. For a threshold crossing it is derived
    -- from (pool, window start, percent): the unique constraint below makes a crossing
    -- fire once per window.
    event_id        varchar(64)    not null,
    event_type      varchar(40)    not null,
    body            text           not null,
    status          varchar(12)    not null,
    attempts        integer        not null default 0,
    next_attempt_at timestamptz    not null,
    lease_until     timestamptz,
    claim           uuid,
    last_status     integer,
    last_error      varchar(500),
    created_at      timestamptz    not null,
    delivered_at    timestamptz,
    constraint pk_webhook_deliveries primary key (id),
    constraint uq_webhook_deliveries_event unique (webhook_key, event_id),
    constraint ck_webhook_deliveries_status check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    constraint ck_webhook_deliveries_attempts check (attempts >= 0),
    constraint ck_webhook_deliveries_delivered check ((status = 'DELIVERED') = (delivered_at is not null))
);

-- What the delivery workers claim: pending rows by due time.
create index ix_webhook_deliveries_due on webhook_deliveries (next_attempt_at, id) where status = 'PENDING';
create index ix_webhook_deliveries_webhook on webhook_deliveries (webhook_key, id desc);

-- Queued requests watched for a webhook's queue-wait bound: inserted when a request is
-- queued, deleted when it leaves the queue, turned into a delivery when due_at passes.
create table webhook_queue_watches (
    webhook_key    bigint         not null,
    reservation_id varchar(64)    not null,
    team_id        varchar(64)    not null,
    pool_id        varchar(64)    not null,
    queued_at      timestamptz    not null,
    due_at         timestamptz    not null,
    constraint pk_webhook_queue_watches primary key (webhook_key, reservation_id)
);

create index ix_webhook_queue_watches_due on webhook_queue_watches (due_at);
create index ix_webhook_queue_watches_reservation on webhook_queue_watches (reservation_id);
