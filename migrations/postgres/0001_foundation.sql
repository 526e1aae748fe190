-- Foundation: provider, tenants, users, sessions and refresh tokens, signing keys, audit, outbox.

CREATE TABLE tenants (
    id          uuid PRIMARY KEY,
    parent_id   uuid REFERENCES tenants(id),
    name        text NOT NULL,
    slug        text NOT NULL,
    is_root     boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    deleted_at  timestamptz,
    CHECK (is_root = (parent_id IS NULL))
);
CREATE UNIQUE INDEX tenants_slug_live ON tenants (slug) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX tenants_one_root ON tenants (is_root) WHERE is_root;

CREATE TABLE users (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenants(id),
    email         text NOT NULL,
    display_name  text NOT NULL,
    password_hash text,
    status        text NOT NULL CHECK (status IN ('active', 'disabled', 'locked')),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    deleted_at    timestamptz
);
CREATE UNIQUE INDEX users_email_live ON users (email) WHERE deleted_at IS NULL;
CREATE INDEX users_tenant ON users (tenant_id);

-- Exactly one provider: the installation. Created by `nimbusd init`.
CREATE TABLE providers (
    id               uuid PRIMARY KEY,
    singleton        boolean NOT NULL DEFAULT true UNIQUE CHECK (singleton),
    name             text NOT NULL,
    root_tenant_id   uuid NOT NULL REFERENCES tenants(id),
    initial_admin_id uuid NOT NULL REFERENCES users(id),
    created_at       timestamptz NOT NULL
);

-- A session is one login: the family of refresh tokens rotated from it.
CREATE TABLE sessions (
    id              uuid PRIMARY KEY,
    user_id         uuid NOT NULL REFERENCES users(id),
    tenant_id       uuid NOT NULL REFERENCES tenants(id),
    created_at      timestamptz NOT NULL,
    last_used_at    timestamptz NOT NULL,
    idle_expires_at timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    revoked_at      timestamptz,
    revoke_reason   text,
    ip              text,
    user_agent      text
);
CREATE INDEX sessions_user ON sessions (user_id, revoked_at);

CREATE TABLE refresh_tokens (
    id          uuid PRIMARY KEY,
    session_id  uuid NOT NULL REFERENCES sessions(id),
    token_hash  bytea NOT NULL UNIQUE,
    state       text NOT NULL CHECK (state IN ('active', 'rotated', 'revoked')),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id, state);

-- Access-token signing keys; the private half is sealed with the master key (never in clear).
CREATE TABLE signing_keys (
    kid                text PRIMARY KEY,
    algorithm          text NOT NULL,
    public_key         bytea NOT NULL,
    sealed_private_key text NOT NULL,
    created_at         timestamptz NOT NULL,
    retired_at         timestamptz
);

-- Per-tenant audit sequence: the next number to hand out. The row lock taken by the upsert
-- serialises appends per tenant, so sequence numbers have no gaps or duplicates.
CREATE TABLE audit_sequences (
    tenant_id uuid PRIMARY KEY,
    next_seq  bigint NOT NULL
);

CREATE TABLE audit_log (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL,
    seq             bigint NOT NULL,
    occurred_at     timestamptz NOT NULL,
    actor_kind      text NOT NULL,
    actor_id        uuid,
    actor_display   text NOT NULL,
    impersonator_id uuid,
    action          text NOT NULL,
    event_type      text NOT NULL,
    category        text NOT NULL,
    priority        text NOT NULL,
    resource_type   text,
    resource_id     text,
    resource_name   text,
    old_value       jsonb,
    new_value       jsonb,
    outcome         text NOT NULL CHECK (outcome IN ('success', 'denied', 'failed')),
    error_code      text,
    trace_id        text NOT NULL,
    ip              text,
    user_agent      text,
    request_method  text,
    request_path    text,
    UNIQUE (tenant_id, seq)
);

-- The audit log is append-only.
CREATE FUNCTION nimbus_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION nimbus_audit_log_append_only();

-- Events committed with the change that caused them; a relay publishes and marks them.
CREATE TABLE outbox (
    id           uuid PRIMARY KEY,
    tenant_id    uuid NOT NULL,
    topic        text NOT NULL,
    payload      jsonb NOT NULL,
    created_at   timestamptz NOT NULL,
    published_at timestamptz
);
CREATE INDEX outbox_pending ON outbox (created_at) WHERE published_at IS NULL;
