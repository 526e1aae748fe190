-- The CMDB: custom CI classes, configuration items with every version, the relationship graph,
-- full-text search and saved searches. System classes come from the semantic registry in
-- nimbus-core and are not stored. Shared tables under the tenant row-level security policy
-- (see 0002): CMDB queries never span tenants, and one set of tables keeps prepared
-- statements shared across tenants.
--
-- CIs have a bigint `seq` that versions and relationships refer to, so traversal joins on
-- integers.

CREATE TABLE cmdb_classes (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL,
    key           text NOT NULL,
    name          text NOT NULL,
    description   text NOT NULL DEFAULT '',
    semantic_type text,
    schema        jsonb NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    deleted_at    timestamptz
);
CREATE UNIQUE INDEX cmdb_classes_key ON cmdb_classes (tenant_id, key) WHERE deleted_at IS NULL;

CREATE TABLE cmdb_cis (
    seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             uuid NOT NULL UNIQUE,
    tenant_id      uuid NOT NULL,
    compartment_id uuid,
    class          text NOT NULL,
    name           text NOT NULL,
    state          text NOT NULL,
    attributes     jsonb NOT NULL,
    tags           jsonb NOT NULL,
    external_id    text,
    provider       text,
    urn            text,
    version        bigint NOT NULL,
    search_text    text NOT NULL,
    tsv            tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    deleted_at     timestamptz
);
CREATE UNIQUE INDEX cmdb_cis_external ON cmdb_cis (tenant_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX cmdb_cis_class ON cmdb_cis (tenant_id, class, state);
CREATE INDEX cmdb_cis_compartment ON cmdb_cis (tenant_id, compartment_id) WHERE compartment_id IS NOT NULL;
CREATE INDEX cmdb_cis_tsv ON cmdb_cis USING gin (tsv);
CREATE INDEX cmdb_cis_tags ON cmdb_cis USING gin (tags jsonb_path_ops);

CREATE TABLE cmdb_ci_versions (
    ci_seq     bigint NOT NULL,
    version    bigint NOT NULL,
    tenant_id  uuid NOT NULL,
    valid_from timestamptz NOT NULL,
    actor      text NOT NULL,
    snapshot   jsonb NOT NULL,
    PRIMARY KEY (ci_seq, version)
);

CREATE TABLE cmdb_relationships (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id         uuid NOT NULL UNIQUE,
    tenant_id  uuid NOT NULL,
    kind       text NOT NULL,
    source     bigint NOT NULL,
    target     bigint NOT NULL,
    created_at timestamptz NOT NULL,
    deleted_at timestamptz
);
CREATE UNIQUE INDEX cmdb_relationships_out ON cmdb_relationships (source, kind, target) WHERE deleted_at IS NULL;
CREATE INDEX cmdb_relationships_in ON cmdb_relationships (target, kind, source) WHERE deleted_at IS NULL;

CREATE TABLE cmdb_saved_searches (
    id         uuid PRIMARY KEY,
    tenant_id  uuid NOT NULL,
    owner_id   uuid NOT NULL,
    name       text NOT NULL,
    query      jsonb NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX cmdb_saved_searches_name ON cmdb_saved_searches (tenant_id, owner_id, name);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['cmdb_classes', 'cmdb_cis', 'cmdb_ci_versions', 'cmdb_relationships', 'cmdb_saved_searches'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (nimbus_visible(tenant_id)) WITH CHECK (nimbus_visible(tenant_id))', t);
    END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON cmdb_classes, cmdb_cis, cmdb_relationships TO nimbus_runtime;
GRANT SELECT, INSERT ON cmdb_ci_versions TO nimbus_runtime;
GRANT SELECT, INSERT, DELETE ON cmdb_saved_searches TO nimbus_runtime;
