-- Notifications: per-tenant channels (email over SMTP, webhooks), templates (per tenant or
-- global, by event type and channel), per-user preferences, the in-app inbox, and durable
-- deliveries written in the same transaction as the change that caused them.
-- Secrets (SMTP passwords, webhook keys) and rendered payloads are sealed with the master key.

CREATE TABLE notification_channels (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenants(id),
    name          text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('email', 'webhook')),
    enabled       boolean NOT NULL,
    config        jsonb NOT NULL,
    sealed_secret text,
    events        jsonb NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX notification_channels_name ON notification_channels (tenant_id, lower(name));

-- tenant_id NULL: a global template, overridden by a tenant's own.
CREATE TABLE notification_templates (
    id         uuid PRIMARY KEY,
    tenant_id  uuid REFERENCES tenants(id),
    event_type text NOT NULL,
    channel    text NOT NULL CHECK (channel IN ('email', 'webhook', 'in_app')),
    subject    text NOT NULL,
    body       text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX notification_templates_key
    ON notification_templates (coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'), event_type, channel);

CREATE TABLE notification_preferences (
    user_id    uuid NOT NULL REFERENCES users(id),
    tenant_id  uuid NOT NULL REFERENCES tenants(id),
    category   text NOT NULL,
    channel    text NOT NULL CHECK (channel IN ('email', 'webhook', 'in_app')),
    mode       text NOT NULL CHECK (mode IN ('on', 'off', 'digest')),
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, category, channel)
);

CREATE TABLE notifications (
    id         uuid PRIMARY KEY,
    tenant_id  uuid NOT NULL REFERENCES tenants(id),
    user_id    uuid NOT NULL REFERENCES users(id),
    category   text NOT NULL,
    event_type text NOT NULL,
    title      text NOT NULL,
    body       text NOT NULL,
    data       jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    read_at    timestamptz
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- status: pending (due at next_attempt_at) | delivered | dead (dead letter, retried by hand)
-- | held (waiting for the recipient's digest) | digested (sent inside a digest).
CREATE TABLE notification_deliveries (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL REFERENCES tenants(id),
    channel_id      uuid NOT NULL REFERENCES notification_channels(id),
    kind            text NOT NULL CHECK (kind IN ('email', 'webhook')),
    recipient       text NOT NULL,
    user_id         uuid,
    event_type      text NOT NULL,
    category        text NOT NULL,
    payload         text NOT NULL,
    status          text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead', 'held', 'digested')),
    attempts        integer NOT NULL,
    max_attempts    integer NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    delivered_at    timestamptz
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notification_deliveries_held ON notification_deliveries (created_at) WHERE status = 'held';
CREATE INDEX notification_deliveries_tenant ON notification_deliveries (tenant_id, created_at);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['notification_channels', 'notifications', 'notification_deliveries'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (nimbus_visible(tenant_id)) WITH CHECK (nimbus_visible(tenant_id))', t);
    END LOOP;
END;
$$;
-- Global templates (tenant_id NULL) are visible to every tenant, like system roles.
ALTER TABLE notification_templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_templates FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON notification_templates
    USING (tenant_id IS NULL OR nimbus_visible(tenant_id))
    WITH CHECK (tenant_id IS NULL OR nimbus_visible(tenant_id));
-- A user's preferences follow them like the user row: visible in their home tenant and in every
-- tenant they are a member of (where notifications to them are decided).
ALTER TABLE notification_preferences ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_preferences FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON notification_preferences
    USING (nimbus_visible(tenant_id)
           OR EXISTS (SELECT 1 FROM memberships m
                      WHERE m.user_id = notification_preferences.user_id AND nimbus_visible(m.tenant_id)))
    WITH CHECK (nimbus_visible(tenant_id));

GRANT SELECT, INSERT, UPDATE, DELETE ON
    notification_channels, notification_templates, notification_preferences, notifications, notification_deliveries
    TO nimbus_runtime;
