-- Audit: the per-tenant Merkle log (tiles, tree heads, signed checkpoints), per-tenant audit
-- settings, saved queries, archived segments and full-text search.

-- The integrated part of each tenant's log: records 1..=size are leaves of a tree with this root.
CREATE TABLE audit_trees (
    tenant_id  TEXT PRIMARY KEY,
    size       INTEGER NOT NULL,
    root       BLOB NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX audit_trees_changed ON audit_trees (updated_at);

-- C2SP tlog-tiles: tile (level, idx) holds the concatenated 32-byte hashes of complete subtrees at
-- tree level 8*level; the right-edge tiles grow until they hold 256.
CREATE TABLE audit_tiles (
    tenant_id TEXT NOT NULL,
    level     INTEGER NOT NULL,
    idx       INTEGER NOT NULL,
    hashes    BLOB NOT NULL,
    PRIMARY KEY (tenant_id, level, idx)
) WITHOUT ROWID;

-- Signed tree heads (C2SP signed notes), one per integration batch.
CREATE TABLE audit_checkpoints (
    tenant_id  TEXT NOT NULL,
    size       INTEGER NOT NULL,
    root       BLOB NOT NULL,
    note       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, size)
) WITHOUT ROWID;

CREATE TABLE audit_settings (
    tenant_id  TEXT PRIMARY KEY,
    settings   TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE audit_saved_queries (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL,
    owner_id   TEXT NOT NULL,
    name       TEXT NOT NULL,
    shared     INTEGER NOT NULL,
    query      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (tenant_id, owner_id, name)
);

-- Ranges moved out of audit_log into the archive; their records may then be deleted.
CREATE TABLE audit_archive_segments (
    tenant_id  TEXT NOT NULL,
    first_seq  INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL,
    object     TEXT NOT NULL,
    manifest   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, first_seq)
) WITHOUT ROWID;

-- How far each SIEM sink has delivered each tenant's log (at-least-once: advanced after a send).
CREATE TABLE audit_forward_cursors (
    sink            text NOT NULL,
    tenant_id       TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    checkpoint_size INTEGER NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (sink, tenant_id)
);

-- Which replica forwards to a sink, until when (one forwarder per sink, no duplicates in steady state).
CREATE TABLE audit_forward_leases (
    sink       text PRIMARY KEY,
    holder     text NOT NULL,
    expires_at TEXT NOT NULL
);

-- Only archived records may leave the log.
DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM audit_archive_segments s
                 WHERE s.tenant_id = OLD.tenant_id AND OLD.seq BETWEEN s.first_seq AND s.last_seq)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE INDEX audit_log_time ON audit_log (tenant_id, occurred_at);
CREATE INDEX audit_log_trace ON audit_log (trace_id);
CREATE INDEX audit_log_resource ON audit_log (tenant_id, resource_type, resource_id);
CREATE INDEX audit_log_actor ON audit_log (tenant_id, actor_id, occurred_at);
CREATE INDEX audit_log_event ON audit_log (tenant_id, event_type, occurred_at);

-- Full-text index over what an operator searches for; contentless, joined back on rowid. The
-- integrator fills it for each batch it integrates (off the request path: search lags commits by
-- at most a checkpoint interval).
CREATE VIRTUAL TABLE audit_fts USING fts5(body, content = '', contentless_delete = 1);
CREATE TRIGGER audit_log_fts_delete AFTER DELETE ON audit_log
BEGIN
    DELETE FROM audit_fts WHERE rowid = OLD.rowid;
END;
