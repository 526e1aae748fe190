-- CMDB, second part: CI templates and the service catalog. (The full-text index needs no
-- rewrite here: FTS5's unicode61 tokenizer already splits on what `CiRecord::search_text` now
-- leaves out.)

-- CI templates, service offerings, price lists (with their versions) and price-list pins:
-- small documents read and changed whole, one row each. `revision` guards against lost
-- updates; `key` is the name or key, unique per tenant and kind among live documents.
CREATE TABLE cmdb_catalog (
    id         BLOB PRIMARY KEY,
    tenant_id  BLOB NOT NULL,
    kind       TEXT NOT NULL,
    key        TEXT NOT NULL,
    body       TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER
);
CREATE UNIQUE INDEX cmdb_catalog_key ON cmdb_catalog (tenant_id, kind, key) WHERE deleted_at IS NULL;
