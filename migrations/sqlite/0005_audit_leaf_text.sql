-- Each audit record is stored as its leaf text: the exact canonical bytes (version 1) whose hash
-- is its leaf in the tenant's Merkle log. Verification then hashes one column per record instead
-- of re-encoding twenty-three, and nothing a reader sees can differ from what is verified: every
-- other column is a virtual column computed from the leaf text on read, so it cannot be changed
-- on its own. (The indexes keep copies of the columns they cover, as any index does.)
--
-- Existing records are re-encoded here with the rules of `nimbus_core::audit::leaf`: keys in byte
-- order, no whitespace, strings escaped as serde_json escapes them (SQLite's `json_quote` does the
-- same), JSON values as stored (already canonical text). A record whose stored text was not what
-- the daemon wrote does not re-encode to its leaf, and verification names it.

CREATE TABLE audit_log_leaf (
    -- An explicit row id: VACUUM keeps it, and the full-text index is keyed by it.
    rid             INTEGER PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    leaf            TEXT NOT NULL,
    id              TEXT AS (leaf ->> '$.id'),
    occurred_at     TEXT AS (leaf ->> '$.occurred_at'),
    actor_kind      TEXT AS (leaf ->> '$.actor.kind'),
    actor_id        TEXT AS (leaf ->> '$.actor.id'),
    actor_display   TEXT AS (leaf ->> '$.actor.display'),
    impersonator_id TEXT AS (leaf ->> '$.impersonator_id'),
    action          TEXT AS (leaf ->> '$.action'),
    event_type      TEXT AS (leaf ->> '$.event_type'),
    category        TEXT AS (leaf ->> '$.category'),
    priority        TEXT AS (leaf ->> '$.priority'),
    resource_type   TEXT AS (leaf ->> '$.resource.kind'),
    resource_id     TEXT AS (leaf ->> '$.resource.id'),
    resource_name   TEXT AS (leaf ->> '$.resource.name'),
    old_value       TEXT AS (nullif(leaf -> '$.old_value', 'null')),
    new_value       TEXT AS (nullif(leaf -> '$.new_value', 'null')),
    outcome         TEXT AS (leaf ->> '$.outcome'),
    error_code      TEXT AS (leaf ->> '$.error_code'),
    trace_id        TEXT AS (leaf ->> '$.request.trace_id'),
    ip              TEXT AS (leaf ->> '$.request.ip'),
    user_agent      TEXT AS (leaf ->> '$.request.user_agent'),
    request_method  TEXT AS (leaf ->> '$.request.method'),
    request_path    TEXT AS (leaf ->> '$.request.path'),
    -- What the daemon writes always agrees with the row's own key; a forged row need not.
    CHECK (leaf ->> '$.seq' = seq AND leaf ->> '$.tenant_id' = tenant_id AND leaf ->> '$.v' = 1),
    UNIQUE (tenant_id, seq)
);

-- Same row ids: the full-text index is keyed by them.
INSERT INTO audit_log_leaf (rid, tenant_id, seq, leaf)
SELECT rowid, tenant_id, seq,
    '{"action":' || json_quote(action)
    || ',"actor":{"display":' || json_quote(actor_display) || ',"id":' || json_quote(actor_id)
        || ',"kind":' || json_quote(actor_kind) || '}'
    || ',"category":' || json_quote(category)
    || ',"error_code":' || json_quote(error_code)
    || ',"event_type":' || json_quote(event_type)
    || ',"id":' || json_quote(id)
    || ',"impersonator_id":' || json_quote(impersonator_id)
    || ',"new_value":' || coalesce(new_value, 'null')
    || ',"occurred_at":' || json_quote(occurred_at)
    || ',"old_value":' || coalesce(old_value, 'null')
    || ',"outcome":' || json_quote(outcome)
    || ',"priority":' || json_quote(priority)
    || ',"request":{"ip":' || json_quote(ip) || ',"method":' || json_quote(request_method)
        || ',"path":' || json_quote(request_path) || ',"trace_id":' || json_quote(trace_id)
        || ',"user_agent":' || json_quote(user_agent) || '}'
    || ',"resource":' || CASE WHEN resource_type IS NULL THEN 'null'
        ELSE '{"id":' || json_quote(coalesce(resource_id, '')) || ',"kind":' || json_quote(resource_type)
            || ',"name":' || json_quote(resource_name) || '}' END
    || ',"seq":' || seq
    || ',"tenant_id":' || json_quote(tenant_id)
    || ',"v":1}'
FROM audit_log ORDER BY rowid;

DROP TABLE audit_log;
ALTER TABLE audit_log_leaf RENAME TO audit_log;

CREATE UNIQUE INDEX audit_log_id ON audit_log (id);
CREATE INDEX audit_log_time ON audit_log (tenant_id, occurred_at);
CREATE INDEX audit_log_trace ON audit_log (trace_id);
CREATE INDEX audit_log_resource ON audit_log (tenant_id, resource_type, resource_id);
CREATE INDEX audit_log_actor ON audit_log (tenant_id, actor_id, occurred_at, event_type);
CREATE INDEX audit_log_event ON audit_log (tenant_id, event_type, occurred_at);

-- The log is append-only; only records an archived segment covers may leave it.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM audit_archive_segments s
                 WHERE s.tenant_id = OLD.tenant_id AND OLD.seq BETWEEN s.first_seq AND s.last_seq)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_fts_delete AFTER DELETE ON audit_log
BEGIN
    DELETE FROM audit_fts WHERE rowid = OLD.rowid;
END;
