-- Notifications: per-tenant channels (email over SMTP, webhooks), templates (per tenant or
-- global, by event type and channel), per-user preferences, the in-app inbox, and durable
-- deliveries written in the same transaction as the change that caused them.
-- Secrets (SMTP passwords, webhook keys) and rendered payloads are sealed with the master key.

CREATE TABLE notification_channels (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants(id),
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('email', 'webhook')),
    enabled       INTEGER NOT NULL,
    config        TEXT NOT NULL,
    sealed_secret TEXT,
    events        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX notification_channels_name ON notification_channels (tenant_id, lower(name));

-- tenant_id NULL: a global template, overridden by a tenant's own.
CREATE TABLE notification_templates (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT REFERENCES tenants(id),
    event_type TEXT NOT NULL,
    channel    TEXT NOT NULL CHECK (channel IN ('email', 'webhook', 'in_app')),
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX notification_templates_key
    ON notification_templates (coalesce(tenant_id, ''), event_type, channel);

CREATE TABLE notification_preferences (
    user_id    TEXT NOT NULL REFERENCES users(id),
    tenant_id  TEXT NOT NULL REFERENCES tenants(id),
    category   TEXT NOT NULL,
    channel    TEXT NOT NULL CHECK (channel IN ('email', 'webhook', 'in_app')),
    mode       TEXT NOT NULL CHECK (mode IN ('on', 'off', 'digest')),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, category, channel)
);

CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants(id),
    user_id    TEXT NOT NULL REFERENCES users(id),
    category   TEXT NOT NULL,
    event_type TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    data       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at    TEXT
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- status: pending (due at next_attempt_at) | delivered | dead (dead letter, retried by hand)
-- | held (waiting for the recipient's digest) | digested (sent inside a digest).
CREATE TABLE notification_deliveries (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES tenants(id),
    channel_id      TEXT NOT NULL REFERENCES notification_channels(id),
    kind            TEXT NOT NULL CHECK (kind IN ('email', 'webhook')),
    recipient       TEXT NOT NULL,
    user_id         TEXT,
    event_type      TEXT NOT NULL,
    category        TEXT NOT NULL,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead', 'held', 'digested')),
    attempts        INTEGER NOT NULL,
    max_attempts    INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    delivered_at    TEXT
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notification_deliveries_held ON notification_deliveries (created_at) WHERE status = 'held';
CREATE INDEX notification_deliveries_tenant ON notification_deliveries (tenant_id, created_at);
