-- API keys (only a hash of each secret is kept) and the append-only audit log.

create table api_keys (
    id            varchar(40)   not null,
    name          varchar(200)  not null,
    role          varchar(16)   not null,
    team_id       varchar(64),
    secret_hash   bytea         not null,
    created_at    timestamptz   not null,
    created_by    varchar(40),
    expires_at    timestamptz,
    revoked_at    timestamptz,
    last_used_at  timestamptz,
    constraint pk_api_keys primary key (id),
    constraint uq_api_keys_secret_hash unique (secret_hash),
    constraint fk_api_keys_team foreign key (team_id) references teams (id) on delete cascade,
    constraint ck_api_keys_role check (role in ('ADMIN', 'TEAM_LEAD', 'AGENT')),
    -- Admins act for every team; everyone else for exactly one.
    constraint ck_api_keys_team check ((role = 'ADMIN') = (team_id is null)),
    constraint ck_api_keys_hash_length check (octet_length(secret_hash) = 32)
);

create index ix_api_keys_team on api_keys (team_id);

create table audit_log (
    id             bigint generated always as identity,
    at             timestamptz   not null,
    actor_key_id   varchar(40)   not null,
    actor_role     varchar(16)   not null,
    action         varchar(40)   not null,
    resource_type  varchar(40)   not null,
    resource_id    varchar(200)  not null,
    before_state   jsonb,
    after_state    jsonb,
    constraint pk_audit_log primary key (id)
);

create index ix_audit_log_at on audit_log (at);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only (% refused)', tg_op using errcode = 'P0001';
end
$$;

create trigger tr_audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_append_only();
