-- The CMDB: custom CI classes, configuration items with every version, the relationship graph,
-- full-text search and saved searches. System classes come from the semantic registry in
-- nimbus-core and are not stored.
--
-- Layout for a million CIs per tenant: ids, tenants and compartments are 16-byte blobs and
-- times integer microseconds since the epoch (the text forms used elsewhere would roughly
-- double rows and indexes); CIs have an integer `seq` that versions, relationships and the
-- full-text index refer to, so graph traversal joins on integers.

CREATE TABLE cmdb_classes (
    id            BLOB PRIMARY KEY,
    tenant_id     BLOB NOT NULL,
    key           TEXT NOT NULL,
    name          TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    semantic_type TEXT,
    schema        TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    deleted_at    INTEGER
);
CREATE UNIQUE INDEX cmdb_classes_key ON cmdb_classes (tenant_id, key) WHERE deleted_at IS NULL;

CREATE TABLE cmdb_cis (
    seq            INTEGER PRIMARY KEY,
    id             BLOB NOT NULL UNIQUE,
    tenant_id      BLOB NOT NULL,
    compartment_id BLOB,
    class          TEXT NOT NULL,
    name           TEXT NOT NULL,
    state          TEXT NOT NULL,
    attributes     TEXT NOT NULL,
    tags           TEXT NOT NULL,
    external_id    TEXT,
    provider       TEXT,
    urn            TEXT,
    version        INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    deleted_at     INTEGER
);
-- Idempotent upsert by external id (deleted CIs included: re-importing one restores it).
CREATE UNIQUE INDEX cmdb_cis_external ON cmdb_cis (tenant_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX cmdb_cis_class ON cmdb_cis (tenant_id, class, state);
CREATE INDEX cmdb_cis_compartment ON cmdb_cis (tenant_id, compartment_id) WHERE compartment_id IS NOT NULL;

-- One full snapshot per change; the newest is the CI's current state. As-of reads walk one
-- CI's versions backwards from the primary key.
CREATE TABLE cmdb_ci_versions (
    ci_seq     INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    valid_from INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    snapshot   TEXT NOT NULL,
    PRIMARY KEY (ci_seq, version)
) WITHOUT ROWID;

-- Relationships, stored in their forward direction only.
CREATE TABLE cmdb_relationships (
    seq        INTEGER PRIMARY KEY,
    id         BLOB NOT NULL UNIQUE,
    tenant_id  BLOB NOT NULL,
    kind       TEXT NOT NULL,
    source     INTEGER NOT NULL,
    target     INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    deleted_at INTEGER
);
CREATE UNIQUE INDEX cmdb_relationships_out ON cmdb_relationships (source, kind, target) WHERE deleted_at IS NULL;
CREATE INDEX cmdb_relationships_in ON cmdb_relationships (target, kind, source) WHERE deleted_at IS NULL;

-- Full text over name, class, external ids, attribute values and tags; rowid = cmdb_cis.seq.
CREATE VIRTUAL TABLE cmdb_ci_fts USING fts5 (body, content = '', contentless_delete = 1, tokenize = 'unicode61');

CREATE TABLE cmdb_saved_searches (
    id         BLOB PRIMARY KEY,
    tenant_id  BLOB NOT NULL,
    owner_id   TEXT NOT NULL,
    name       TEXT NOT NULL,
    query      TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX cmdb_saved_searches_name ON cmdb_saved_searches (tenant_id, owner_id, name);
