-- A tenant's own schema: data tables that are never queried across tenants. `{schema}` and
-- `{tenant_id}` are substituted by the migration runner. Every table also carries tenant_id
-- under the same row-level security as the shared tables, so a wrong search path cannot leak.

CREATE TABLE {schema}.compartments (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL DEFAULT '{tenant_id}' CHECK (tenant_id = '{tenant_id}'),
    parent_id   uuid REFERENCES {schema}.compartments(id),
    name        text NOT NULL,
    description text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    deleted_at  timestamptz
);
CREATE UNIQUE INDEX compartments_name_live ON {schema}.compartments (coalesce(parent_id, '00000000-0000-0000-0000-000000000000'), lower(name))
    WHERE deleted_at IS NULL;

-- The tenant's Cedar policy set: ABAC conditions and forbid guardrails.
CREATE TABLE {schema}.policies (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL DEFAULT '{tenant_id}' CHECK (tenant_id = '{tenant_id}'),
    name        text NOT NULL,
    source      text NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX policies_name ON {schema}.policies (lower(name));

ALTER TABLE {schema}.compartments ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.compartments FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON {schema}.compartments USING (nimbus_visible(tenant_id)) WITH CHECK (nimbus_visible(tenant_id));
ALTER TABLE {schema}.policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.policies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON {schema}.policies USING (nimbus_visible(tenant_id)) WITH CHECK (nimbus_visible(tenant_id));

GRANT USAGE ON SCHEMA {schema} TO nimbus_runtime;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO nimbus_runtime;
