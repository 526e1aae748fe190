-- Tenancy, identity and authorization: tenant details, memberships, groups, roles,
-- assignments, API keys, invitations; the runtime role and row-level security.
--
-- Isolation model (docs/architecture.md, "Tenant isolation"): the daemon connects as the
-- schema owner, which runs migrations and other DDL; every data transaction runs as
-- `nimbus_runtime` (SET LOCAL ROLE), which owns nothing, cannot bypass RLS, and sees only rows
-- of the tenants listed in the transaction-local setting `nimbus.tenants` ('*' for the
-- daemon's own system work). Without the setting it sees nothing.

-- A database administrator may create the role beforehand (then the owner needs no CREATEROLE):
--   CREATE ROLE nimbus_runtime NOLOGIN NOBYPASSRLS; GRANT nimbus_runtime TO <owner>;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nimbus_runtime') THEN
        CREATE ROLE nimbus_runtime NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    -- Another database of this cluster (or a concurrent migration) created it first.
    NULL;
END;
$$;
DO $$
BEGIN
    -- The owner switches to the runtime role for every data transaction.
    IF NOT pg_has_role(current_user, 'nimbus_runtime', 'MEMBER') THEN
        EXECUTE format('GRANT nimbus_runtime TO %I', current_user);
    END IF;
EXCEPTION WHEN unique_violation THEN
    NULL;
END;
$$;

-- CASE, not OR: the list is only parsed as UUIDs when it is one.
CREATE FUNCTION nimbus_visible(t uuid) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE coalesce(current_setting('nimbus.tenants', true), '')
        WHEN '' THEN false
        WHEN '*' THEN true
        ELSE t = ANY (string_to_array(current_setting('nimbus.tenants', true), ',')::uuid[])
    END
$$;

ALTER TABLE tenants
    ADD COLUMN contact_email text,
    ADD COLUMN settings jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN tags jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN quotas jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN depth integer NOT NULL DEFAULT 0,
    ADD COLUMN purged_at timestamptz;
CREATE INDEX tenants_parent ON tenants (parent_id);

-- Attributes of a user for policy conditions (department, cost centre, …).
ALTER TABLE users ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}';

-- Email domain → tenant, for login discovery.
CREATE TABLE tenant_domains (
    domain     text PRIMARY KEY,
    tenant_id  uuid NOT NULL REFERENCES tenants(id),
    created_at timestamptz NOT NULL
);

-- Which schema holds a tenant's data tables, and the tenant migrations applied to it.
CREATE TABLE tenant_schemas (
    tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
    schema_name text NOT NULL UNIQUE,
    version bigint NOT NULL
);

-- A user's membership of tenants other than their home tenant.
CREATE TABLE memberships (
    user_id    uuid NOT NULL REFERENCES users(id),
    tenant_id  uuid NOT NULL REFERENCES tenants(id),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, tenant_id)
);
CREATE INDEX memberships_tenant ON memberships (tenant_id);

CREATE TABLE groups (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants(id),
    name        text NOT NULL,
    description text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    deleted_at  timestamptz
);
CREATE UNIQUE INDEX groups_name_live ON groups (tenant_id, lower(name)) WHERE deleted_at IS NULL;

-- Members of a group: users or other groups (cycles are refused by the service).
CREATE TABLE group_members (
    group_id        uuid NOT NULL REFERENCES groups(id),
    tenant_id       uuid NOT NULL REFERENCES tenants(id),
    member_user_id  uuid REFERENCES users(id),
    member_group_id uuid REFERENCES groups(id),
    created_at      timestamptz NOT NULL,
    CHECK ((member_user_id IS NULL) <> (member_group_id IS NULL))
);
CREATE UNIQUE INDEX group_members_user ON group_members (group_id, member_user_id) WHERE member_user_id IS NOT NULL;
CREATE UNIQUE INDEX group_members_group ON group_members (group_id, member_group_id) WHERE member_group_id IS NOT NULL;

-- System roles (tenant_id NULL; permission sets live in code) and tenants' custom roles.
CREATE TABLE roles (
    id          uuid PRIMARY KEY,
    tenant_id   uuid REFERENCES tenants(id),
    name        text NOT NULL,
    description text NOT NULL DEFAULT '',
    parent_id   uuid REFERENCES roles(id),
    tier        text NOT NULL CHECK (tier IN ('read_only', 'user', 'tenant_admin', 'provider')),
    allow       jsonb NOT NULL DEFAULT '[]',
    deny        jsonb NOT NULL DEFAULT '[]',
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    deleted_at  timestamptz
);
CREATE UNIQUE INDEX roles_name_live ON roles (coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'), lower(name))
    WHERE deleted_at IS NULL;
INSERT INTO roles (id, tenant_id, name, tier, created_at, updated_at) VALUES
    ('00000000-0000-7000-8000-000000000001', NULL, 'Provider Admin', 'provider', now(), now()),
    ('00000000-0000-7000-8000-000000000002', NULL, 'Provider Auditor', 'provider', now(), now()),
    ('00000000-0000-7000-8000-000000000003', NULL, 'Tenant Admin', 'tenant_admin', now(), now()),
    ('00000000-0000-7000-8000-000000000004', NULL, 'Security Admin', 'tenant_admin', now(), now()),
    ('00000000-0000-7000-8000-000000000005', NULL, 'Network Admin', 'user', now(), now()),
    ('00000000-0000-7000-8000-000000000006', NULL, 'Power User', 'user', now(), now()),
    ('00000000-0000-7000-8000-000000000007', NULL, 'Member', 'user', now(), now()),
    ('00000000-0000-7000-8000-000000000008', NULL, 'Read Only', 'read_only', now(), now());

-- A role granted to a user or group at a tenant (inherited by sub-tenants) or a compartment
-- (inherited by sub-compartments), optionally until `expires_at`.
CREATE TABLE role_assignments (
    id           uuid PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenants(id),
    role_id      uuid NOT NULL REFERENCES roles(id),
    subject_kind text NOT NULL CHECK (subject_kind IN ('user', 'group')),
    subject_id   uuid NOT NULL,
    scope_kind   text NOT NULL CHECK (scope_kind IN ('tenant', 'compartment')),
    scope_id     uuid NOT NULL,
    expires_at   timestamptz,
    created_by   uuid,
    created_at   timestamptz NOT NULL
);
CREATE INDEX role_assignments_role ON role_assignments (role_id);
CREATE INDEX role_assignments_subject ON role_assignments (subject_id);
CREATE UNIQUE INDEX role_assignments_unique ON role_assignments (role_id, subject_id, scope_id);

CREATE TABLE api_keys (
    id                uuid PRIMARY KEY,
    tenant_id         uuid NOT NULL REFERENCES tenants(id),
    user_id           uuid NOT NULL REFERENCES users(id),
    name              text NOT NULL,
    lookup_id         text NOT NULL UNIQUE,
    secret_hash       bytea NOT NULL,
    permissions       jsonb NOT NULL,
    scope_kind        text NOT NULL CHECK (scope_kind IN ('tenant', 'compartment')),
    scope_id          uuid NOT NULL,
    expires_at        timestamptz,
    created_at        timestamptz NOT NULL,
    last_used_at      timestamptz,
    last_used_ip      text,
    revoked_at        timestamptz
);
CREATE INDEX api_keys_user ON api_keys (user_id);

CREATE TABLE invitations (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenants(id),
    email         text NOT NULL,
    role_id       uuid NOT NULL REFERENCES roles(id),
    token_hash    bytea NOT NULL UNIQUE,
    status        text NOT NULL CHECK (status IN ('pending', 'accepted', 'expired', 'revoked')),
    invited_by    uuid,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    decided_at    timestamptz,
    accepted_user uuid
);
CREATE UNIQUE INDEX invitations_pending ON invitations (tenant_id, email) WHERE status = 'pending';

-- Bumped in every transaction that changes authorization data; replicas compare it to decide
-- when their cached directory is stale.
CREATE TABLE authz_epoch (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    epoch     bigint NOT NULL
);
INSERT INTO authz_epoch (singleton, epoch) VALUES (true, 1);

-- Row-level security on every shared table that holds tenant rows. FORCE applies it to the
-- owner as well.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('tenants', 'id'), ('sessions', 'tenant_id'), ('audit_sequences', 'tenant_id'),
        ('audit_log', 'tenant_id'), ('outbox', 'tenant_id'), ('tenant_domains', 'tenant_id'),
        ('tenant_schemas', 'tenant_id'), ('memberships', 'tenant_id'), ('groups', 'tenant_id'),
        ('group_members', 'tenant_id'), ('role_assignments', 'tenant_id'), ('api_keys', 'tenant_id'),
        ('invitations', 'tenant_id')) AS v(name, col)
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.name);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.name);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (nimbus_visible(%I)) WITH CHECK (nimbus_visible(%I))',
                       t.name, t.col, t.col);
    END LOOP;
END;
$$;
-- A user is visible in their home tenant and in every tenant they are a member of.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON users
    USING (nimbus_visible(tenant_id)
           OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND nimbus_visible(m.tenant_id)))
    WITH CHECK (nimbus_visible(tenant_id));
-- System roles (tenant_id NULL) are visible to everyone; custom roles only in their lineage.
ALTER TABLE roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE roles FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON roles USING (tenant_id IS NULL OR nimbus_visible(tenant_id))
    WITH CHECK (tenant_id IS NOT NULL AND nimbus_visible(tenant_id));

GRANT USAGE ON SCHEMA public TO nimbus_runtime;
GRANT SELECT, INSERT, UPDATE, DELETE ON
    tenants, users, providers, sessions, refresh_tokens, signing_keys, audit_sequences, outbox, tenant_domains,
    tenant_schemas, memberships, groups, group_members, roles, role_assignments, api_keys, invitations, authz_epoch
    TO nimbus_runtime;
-- The audit log is append-only for the runtime role as well as by trigger.
GRANT SELECT, INSERT ON audit_log TO nimbus_runtime;
GRANT SELECT ON nimbus_schema_migrations TO nimbus_runtime;

-- Installations initialised before roles existed: their first administrator becomes Provider Admin.
INSERT INTO role_assignments (id, tenant_id, role_id, subject_kind, subject_id, scope_kind, scope_id, created_at)
SELECT gen_random_uuid(), root_tenant_id, '00000000-0000-7000-8000-000000000001', 'user', initial_admin_id, 'tenant',
       root_tenant_id, now()
FROM providers;
