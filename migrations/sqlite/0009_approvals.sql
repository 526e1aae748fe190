-- Approval chains: per-tenant policies (one per operation type) and requests, each waited on by
-- a durable workflow run (`approval.chain`). A request's steps (approvers, status, timeout,
-- escalation) are kept as JSON in its row and changed only by compare-and-set on `version`, so
-- two decisions racing cannot both count against the same state.

CREATE TABLE approval_policies (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES tenants(id),
    name            TEXT NOT NULL,
    operation       TEXT NOT NULL,
    mode            TEXT NOT NULL CHECK (mode IN ('sequential', 'parallel', 'quorum')),
    quorum_required INTEGER,
    steps           TEXT NOT NULL,
    expiry_secs     INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT
);
CREATE UNIQUE INDEX approval_policies_name ON approval_policies (tenant_id, lower(name)) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX approval_policies_operation ON approval_policies (tenant_id, operation) WHERE deleted_at IS NULL;

CREATE TABLE approval_requests (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES tenants(id),
    operation       TEXT NOT NULL,
    title           TEXT NOT NULL,
    resource_type   TEXT,
    resource_id     TEXT,
    payload         TEXT NOT NULL,
    requester_id    TEXT NOT NULL,
    requester_name  TEXT NOT NULL,
    policy_id       TEXT NOT NULL REFERENCES approval_policies(id),
    mode            TEXT NOT NULL,
    required        INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'expired', 'cancelled')),
    steps           TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    expires_at      TEXT,
    decided_at      TEXT,
    workflow_run_id TEXT,
    version         INTEGER NOT NULL
);
CREATE INDEX approval_requests_tenant ON approval_requests (tenant_id, status, id);

CREATE TABLE approval_history (
    id         TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES approval_requests(id),
    tenant_id  TEXT NOT NULL REFERENCES tenants(id),
    at         TEXT NOT NULL,
    actor_id   TEXT,
    actor_name TEXT NOT NULL,
    what       TEXT NOT NULL,
    reason     TEXT
);
CREATE INDEX approval_history_request ON approval_history (request_id, id);
