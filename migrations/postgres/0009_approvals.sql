-- Approval chains: per-tenant policies (one per operation type) and requests, each waited on by
-- a durable workflow run (`approval.chain`). A request's steps (approvers, status, timeout,
-- escalation) are kept as JSON in its row and changed only by compare-and-set on `version`, so
-- two decisions racing cannot both count against the same state.

CREATE TABLE approval_policies (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL REFERENCES tenants(id),
    name            text NOT NULL,
    operation       text NOT NULL,
    mode            text NOT NULL CHECK (mode IN ('sequential', 'parallel', 'quorum')),
    quorum_required integer,
    steps           jsonb NOT NULL,
    expiry_secs     bigint NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    deleted_at      timestamptz
);
CREATE UNIQUE INDEX approval_policies_name ON approval_policies (tenant_id, lower(name)) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX approval_policies_operation ON approval_policies (tenant_id, operation) WHERE deleted_at IS NULL;

CREATE TABLE approval_requests (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL REFERENCES tenants(id),
    operation       text NOT NULL,
    title           text NOT NULL,
    resource_type   text,
    resource_id     text,
    payload         jsonb NOT NULL,
    requester_id    uuid NOT NULL,
    requester_name  text NOT NULL,
    policy_id       uuid NOT NULL REFERENCES approval_policies(id),
    mode            text NOT NULL,
    required        integer NOT NULL,
    status          text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'expired', 'cancelled')),
    steps           jsonb NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    expires_at      timestamptz,
    decided_at      timestamptz,
    workflow_run_id uuid,
    version         bigint NOT NULL
);
CREATE INDEX approval_requests_tenant ON approval_requests (tenant_id, status, id);

CREATE TABLE approval_history (
    id         uuid PRIMARY KEY,
    request_id uuid NOT NULL REFERENCES approval_requests(id),
    tenant_id  uuid NOT NULL REFERENCES tenants(id),
    at         timestamptz NOT NULL,
    actor_id   uuid,
    actor_name text NOT NULL,
    what       text NOT NULL,
    reason     text
);
CREATE INDEX approval_history_request ON approval_history (request_id, id);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['approval_policies', 'approval_requests', 'approval_history'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (nimbus_visible(tenant_id)) WITH CHECK (nimbus_visible(tenant_id))', t);
    END LOOP;
END;
$$;

GRANT SELECT, INSERT, UPDATE ON approval_policies, approval_requests, approval_history TO nimbus_runtime;
