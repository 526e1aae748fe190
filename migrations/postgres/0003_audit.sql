-- Audit: the per-tenant Merkle log (tiles, tree heads, signed checkpoints), per-tenant audit
-- settings, saved queries, archived segments and full-text search.

-- The integrated part of each tenant's log: records 1..=size are leaves of a tree with this root.
-- The row lock on it serialises integration of one tenant across replicas.
CREATE TABLE audit_trees (
    tenant_id  uuid PRIMARY KEY,
    size       bigint NOT NULL,
    root       bytea NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX audit_trees_changed ON audit_trees (updated_at);

-- C2SP tlog-tiles: tile (level, idx) holds the concatenated 32-byte hashes of complete subtrees at
-- tree level 8*level; the right-edge tiles grow until they hold 256.
CREATE TABLE audit_tiles (
    tenant_id uuid NOT NULL,
    level     integer NOT NULL,
    idx       bigint NOT NULL,
    hashes    bytea NOT NULL,
    PRIMARY KEY (tenant_id, level, idx)
);

-- Signed tree heads (C2SP signed notes), one per integration batch.
CREATE TABLE audit_checkpoints (
    tenant_id  uuid NOT NULL,
    size       bigint NOT NULL,
    root       bytea NOT NULL,
    note       text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, size)
);

CREATE TABLE audit_settings (
    tenant_id  uuid PRIMARY KEY,
    settings   jsonb NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE audit_saved_queries (
    id         uuid PRIMARY KEY,
    tenant_id  uuid NOT NULL,
    owner_id   uuid NOT NULL,
    name       text NOT NULL,
    shared     boolean NOT NULL,
    query      jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (tenant_id, owner_id, name)
);

-- Ranges moved out of audit_log into the archive; their records may then be deleted.
CREATE TABLE audit_archive_segments (
    tenant_id  uuid NOT NULL,
    first_seq  bigint NOT NULL,
    last_seq   bigint NOT NULL,
    object     text NOT NULL,
    manifest   jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, first_seq)
);

-- How far each SIEM sink has delivered each tenant's log (at-least-once: advanced after a send).
CREATE TABLE audit_forward_cursors (
    sink            text NOT NULL,
    tenant_id       uuid NOT NULL,
    seq             bigint NOT NULL,
    checkpoint_size bigint NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (sink, tenant_id)
);

-- Which replica forwards to a sink, until when (one forwarder per sink, no duplicates in steady state).
CREATE TABLE audit_forward_leases (
    sink       text PRIMARY KEY,
    holder     text NOT NULL,
    expires_at timestamptz NOT NULL
);

-- Only archived records may leave the log; nothing may change one.
CREATE OR REPLACE FUNCTION nimbus_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (
        SELECT 1 FROM audit_archive_segments s
        WHERE s.tenant_id = OLD.tenant_id AND OLD.seq BETWEEN s.first_seq AND s.last_seq) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE INDEX audit_log_time ON audit_log (tenant_id, occurred_at);
CREATE INDEX audit_log_trace ON audit_log (trace_id);
CREATE INDEX audit_log_resource ON audit_log (tenant_id, resource_type, resource_id);
CREATE INDEX audit_log_actor ON audit_log (tenant_id, actor_id, occurred_at);
CREATE INDEX audit_log_event ON audit_log (tenant_id, event_type, occurred_at);

-- concat_ws is only stable; a generated column needs an immutable expression.
ALTER TABLE audit_log ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple'::regconfig,
        coalesce(actor_display, '') || ' ' || coalesce(action, '') || ' ' || coalesce(event_type, '') || ' ' || coalesce(resource_type, '') || ' ' || coalesce(resource_id, '') || ' ' || coalesce(resource_name, '') || ' ' || coalesce(error_code, '') || ' ' || coalesce(trace_id, '') || ' ' || coalesce(ip, '') || ' ' || coalesce(user_agent, '') || ' ' || coalesce(request_path, '') || ' ' || coalesce(old_value::text, '') || ' ' || coalesce(new_value::text, ''))) STORED;
CREATE INDEX audit_log_search ON audit_log USING gin (search);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['audit_trees', 'audit_tiles', 'audit_checkpoints', 'audit_settings',
                             'audit_saved_queries', 'audit_archive_segments', 'audit_forward_cursors']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (nimbus_visible(tenant_id)) WITH CHECK (nimbus_visible(tenant_id))', t);
    END LOOP;
END;
$$;

GRANT SELECT, INSERT, UPDATE ON audit_trees, audit_tiles, audit_settings TO nimbus_runtime;
GRANT SELECT, INSERT ON audit_checkpoints, audit_archive_segments TO nimbus_runtime;
GRANT SELECT, INSERT, UPDATE, DELETE ON audit_saved_queries TO nimbus_runtime;
GRANT SELECT, INSERT, UPDATE ON audit_forward_cursors, audit_forward_leases TO nimbus_runtime;
-- Archival removes records it has stored elsewhere (the trigger checks the segment exists).
GRANT DELETE ON audit_log TO nimbus_runtime;
