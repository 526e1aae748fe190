-- Tenancy, identity and authorization: tenant details, compartments, memberships, groups,
-- roles, assignments, API keys, invitations, tenant policy sets. SQLite has no schemas or
-- row-level security: tenant scoping lives in the store layer (see docs/architecture.md).

ALTER TABLE tenants ADD COLUMN contact_email TEXT;
ALTER TABLE tenants ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
ALTER TABLE tenants ADD COLUMN tags TEXT NOT NULL DEFAULT '{}';
ALTER TABLE tenants ADD COLUMN quotas TEXT NOT NULL DEFAULT '{}';
ALTER TABLE tenants ADD COLUMN depth INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tenants ADD COLUMN purged_at TEXT;
CREATE INDEX tenants_parent ON tenants (parent_id);

-- Attributes of a user for policy conditions (department, cost centre, …).
ALTER TABLE users ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}';

CREATE TABLE tenant_domains (
    domain     TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants(id),
    created_at TEXT NOT NULL
);

CREATE TABLE compartments (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    parent_id   TEXT REFERENCES compartments(id),
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE UNIQUE INDEX compartments_name_live ON compartments (tenant_id, coalesce(parent_id, ''), lower(name))
    WHERE deleted_at IS NULL;

CREATE TABLE policies (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    name        TEXT NOT NULL,
    source      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX policies_name ON policies (tenant_id, lower(name));

CREATE TABLE memberships (
    user_id    TEXT NOT NULL REFERENCES users(id),
    tenant_id  TEXT NOT NULL REFERENCES tenants(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, tenant_id)
);
CREATE INDEX memberships_tenant ON memberships (tenant_id);

CREATE TABLE groups (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE UNIQUE INDEX groups_name_live ON groups (tenant_id, lower(name)) WHERE deleted_at IS NULL;

CREATE TABLE group_members (
    group_id        TEXT NOT NULL REFERENCES groups(id),
    tenant_id       TEXT NOT NULL REFERENCES tenants(id),
    member_user_id  TEXT REFERENCES users(id),
    member_group_id TEXT REFERENCES groups(id),
    created_at      TEXT NOT NULL,
    CHECK ((member_user_id IS NULL) <> (member_group_id IS NULL))
);
CREATE UNIQUE INDEX group_members_user ON group_members (group_id, member_user_id) WHERE member_user_id IS NOT NULL;
CREATE UNIQUE INDEX group_members_group ON group_members (group_id, member_group_id) WHERE member_group_id IS NOT NULL;

CREATE TABLE roles (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT REFERENCES tenants(id),
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    parent_id   TEXT REFERENCES roles(id),
    tier        TEXT NOT NULL CHECK (tier IN ('read_only', 'user', 'tenant_admin', 'provider')),
    allow       TEXT NOT NULL DEFAULT '[]',
    deny        TEXT NOT NULL DEFAULT '[]',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE UNIQUE INDEX roles_name_live ON roles (coalesce(tenant_id, ''), lower(name)) WHERE deleted_at IS NULL;
INSERT INTO roles (id, tenant_id, name, tier, created_at, updated_at) VALUES
    ('00000000-0000-7000-8000-000000000001', NULL, 'Provider Admin', 'provider', '1970-01-01T00:00:00.000000Z', '1970-01-01T00:00:00.000000Z'),
    ('00000000-0000-7000-8000-000000000002', NULL, 'Provider Auditor', 'provider', '1970-01-01T00:00:00.000000Z', '1970-01-01T00:00:00.000000Z'),
    ('00000000-0000-7000-8000-000000000003', NULL, 'Tenant Admin', 'tenant_admin', '1970-01-01T00:00:00.000000Z', '1970-01-01T00:00:00.000000Z'),
    ('00000000-0000-7000-8000-000000000004', NULL, 'Security Admin', 'tenant_admin', '1970-01-01T00:00:00.000000Z', '1970-01-01T00:00:00.000000Z'),
    ('00000000-0000-7000-8000-000000000005', NULL, 'Network Admin', 'user', '1970-01-01T00:00:00.000000Z', '1970-01-01T00:00:00.000000Z'),
    ('00000000-0000-7000-8000-000000000006', NULL, 'Power User', 'user', '1970-01-01T00:00:00.000000Z', '1970-01-01T00:00:00.000000Z'),
    ('00000000-0000-7000-8000-000000000007', NULL, 'Member', 'user', '1970-01-01T00:00:00.000000Z', '1970-01-01T00:00:00.000000Z'),
    ('00000000-0000-7000-8000-000000000008', NULL, 'Read Only', 'read_only', '1970-01-01T00:00:00.000000Z', '1970-01-01T00:00:00.000000Z');

CREATE TABLE role_assignments (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants(id),
    role_id      TEXT NOT NULL REFERENCES roles(id),
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('user', 'group')),
    subject_id   TEXT NOT NULL,
    scope_kind   TEXT NOT NULL CHECK (scope_kind IN ('tenant', 'compartment')),
    scope_id     TEXT NOT NULL,
    expires_at   TEXT,
    created_by   TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX role_assignments_role ON role_assignments (role_id);
CREATE INDEX role_assignments_subject ON role_assignments (subject_id);
CREATE UNIQUE INDEX role_assignments_unique ON role_assignments (role_id, subject_id, scope_id);

CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants(id),
    user_id      TEXT NOT NULL REFERENCES users(id),
    name         TEXT NOT NULL,
    lookup_id    TEXT NOT NULL UNIQUE,
    secret_hash  BLOB NOT NULL,
    permissions  TEXT NOT NULL,
    scope_kind   TEXT NOT NULL CHECK (scope_kind IN ('tenant', 'compartment')),
    scope_id     TEXT NOT NULL,
    expires_at   TEXT,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    last_used_ip TEXT,
    revoked_at   TEXT
);
CREATE INDEX api_keys_user ON api_keys (user_id);

CREATE TABLE invitations (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants(id),
    email         TEXT NOT NULL,
    role_id       TEXT NOT NULL REFERENCES roles(id),
    token_hash    BLOB NOT NULL UNIQUE,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'expired', 'revoked')),
    invited_by    TEXT,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    decided_at    TEXT,
    accepted_user TEXT
);
CREATE UNIQUE INDEX invitations_pending ON invitations (tenant_id, email) WHERE status = 'pending';

CREATE TABLE authz_epoch (
    singleton INTEGER PRIMARY KEY DEFAULT 1 CHECK (singleton = 1),
    epoch     INTEGER NOT NULL
);
INSERT INTO authz_epoch (singleton, epoch) VALUES (1, 1);

-- Installations initialised before roles existed: their first administrator becomes Provider Admin.
INSERT INTO role_assignments (id, tenant_id, role_id, subject_kind, subject_id, scope_kind, scope_id, created_at)
SELECT lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8' || substr(h, 18, 3) || '-'
             || substr(h, 21, 12)),
       root_tenant_id, '00000000-0000-7000-8000-000000000001', 'user', initial_admin_id, 'tenant', root_tenant_id,
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM providers, (SELECT hex(randomblob(16)) AS h);
