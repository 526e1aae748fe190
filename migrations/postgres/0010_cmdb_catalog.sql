-- CMDB, second part: the search text re-indexed as alphanumeric runs, CI templates, and the
-- service catalog.

-- Search text is now stored as the alphanumeric runs of the indexed values (see
-- `CiRecord::search_text`): PostgreSQL's parser read `svc-1` as `svc` and `-1`, so names with
-- hyphenated numbers were never found. Rewriting the column regenerates `tsv`. Row-level
-- security hides every row unless the transaction may see all tenants.
SELECT set_config('nimbus.tenants', '*', true);
UPDATE cmdb_cis SET search_text = btrim(regexp_replace(search_text, '[^[:alnum:]]+', ' ', 'g'));
SELECT set_config('nimbus.tenants', '', true);

-- CI templates, service offerings, price lists (with their versions) and price-list pins:
-- small documents read and changed whole, one row each. `revision` guards against lost
-- updates; `key` is the name or key, unique per tenant and kind among live documents.
CREATE TABLE cmdb_catalog (
    id         uuid PRIMARY KEY,
    tenant_id  uuid NOT NULL,
    kind       text NOT NULL,
    key        text NOT NULL,
    body       jsonb NOT NULL,
    revision   bigint NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    deleted_at timestamptz
);
CREATE UNIQUE INDEX cmdb_catalog_key ON cmdb_catalog (tenant_id, kind, key) WHERE deleted_at IS NULL;
ALTER TABLE cmdb_catalog ENABLE ROW LEVEL SECURITY;
ALTER TABLE cmdb_catalog FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON cmdb_catalog USING (nimbus_visible(tenant_id)) WITH CHECK (nimbus_visible(tenant_id));
GRANT SELECT, INSERT, UPDATE ON cmdb_catalog TO nimbus_runtime;
