-- Foundation: provider, tenants, users, sessions and refresh tokens, signing keys, audit, outbox.
-- Timestamps are RFC 3339 UTC text with microseconds (they sort lexicographically); ids are
-- UUIDv7 text; JSON is text.

CREATE TABLE tenants (
    id          TEXT PRIMARY KEY,
    parent_id   TEXT REFERENCES tenants(id),
    name        TEXT NOT NULL,
    slug        TEXT NOT NULL,
    is_root     INTEGER NOT NULL DEFAULT 0 CHECK (is_root IN (0, 1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    CHECK ((is_root = 1) = (parent_id IS NULL))
);
CREATE UNIQUE INDEX tenants_slug_live ON tenants (slug) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX tenants_one_root ON tenants (is_root) WHERE is_root = 1;

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants(id),
    email         TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    password_hash TEXT,
    status        TEXT NOT NULL CHECK (status IN ('active', 'disabled', 'locked')),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
);
CREATE UNIQUE INDEX users_email_live ON users (email) WHERE deleted_at IS NULL;
CREATE INDEX users_tenant ON users (tenant_id);

-- Exactly one provider: the installation. Created by `nimbusd init`.
CREATE TABLE providers (
    id               TEXT PRIMARY KEY,
    singleton        INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1),
    name             TEXT NOT NULL,
    root_tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    initial_admin_id TEXT NOT NULL REFERENCES users(id),
    created_at       TEXT NOT NULL
);

-- A session is one login: the family of refresh tokens rotated from it.
CREATE TABLE sessions (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users(id),
    tenant_id       TEXT NOT NULL REFERENCES tenants(id),
    created_at      TEXT NOT NULL,
    last_used_at    TEXT NOT NULL,
    idle_expires_at TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    revoked_at      TEXT,
    revoke_reason   TEXT,
    ip              TEXT,
    user_agent      TEXT
);
CREATE INDEX sessions_user ON sessions (user_id, revoked_at);

CREATE TABLE refresh_tokens (
    id          TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES sessions(id),
    token_hash  BLOB NOT NULL UNIQUE,
    state       TEXT NOT NULL CHECK (state IN ('active', 'rotated', 'revoked')),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id, state);

-- Access-token signing keys; the private half is sealed with the master key (never in clear).
CREATE TABLE signing_keys (
    kid                TEXT PRIMARY KEY,
    algorithm          TEXT NOT NULL,
    public_key         BLOB NOT NULL,
    sealed_private_key TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    retired_at         TEXT
);

-- Per-tenant audit sequence: the next number to hand out.
CREATE TABLE audit_sequences (
    tenant_id TEXT PRIMARY KEY,
    next_seq  INTEGER NOT NULL
);

CREATE TABLE audit_log (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    occurred_at     TEXT NOT NULL,
    actor_kind      TEXT NOT NULL,
    actor_id        TEXT,
    actor_display   TEXT NOT NULL,
    impersonator_id TEXT,
    action          TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    category        TEXT NOT NULL,
    priority        TEXT NOT NULL,
    resource_type   TEXT,
    resource_id     TEXT,
    resource_name   TEXT,
    old_value       TEXT,
    new_value       TEXT,
    outcome         TEXT NOT NULL CHECK (outcome IN ('success', 'denied', 'failed')),
    error_code      TEXT,
    trace_id        TEXT NOT NULL,
    ip              TEXT,
    user_agent      TEXT,
    request_method  TEXT,
    request_path    TEXT,
    UNIQUE (tenant_id, seq)
);

-- The audit log is append-only.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Events committed with the change that caused them; a relay publishes and marks them.
CREATE TABLE outbox (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL,
    topic        TEXT NOT NULL,
    payload      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    published_at TEXT
);
CREATE INDEX outbox_pending ON outbox (created_at) WHERE published_at IS NULL;
