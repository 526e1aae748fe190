-- Durable workflow engine: the journal (one row per run, one per completed step), signals,
-- concurrency-key holders and schedules. Times that the claim loop compares are bigint
-- milliseconds since the Unix epoch (`*_ms`), the same on both backends.

CREATE TABLE workflow_runs (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL,
    workflow        text NOT NULL,
    version         integer NOT NULL,
    queue           text NOT NULL,
    -- enqueued | running | waiting | succeeded | failed | cancelled | compensating
    status          text NOT NULL,
    input           jsonb NOT NULL,
    output          jsonb,
    error           text,
    tags            jsonb NOT NULL,
    state           jsonb,
    idempotency_key text,
    concurrency_key text,
    parent_id       uuid,
    schedule_id     uuid,
    fire_time       timestamptz,
    -- Bumped by every claim (and by terminate/retry); each journal write must match it.
    epoch           bigint NOT NULL DEFAULT 0,
    owner           text,
    -- When the run may next be claimed (see the SQLite migration).
    available_ms    bigint,
    cancel_requested boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    started_at      timestamptz,
    finished_at     timestamptz
);

CREATE INDEX workflow_runs_available ON workflow_runs (available_ms) WHERE available_ms IS NOT NULL;
CREATE INDEX workflow_runs_tenant ON workflow_runs (tenant_id, created_at);
CREATE INDEX workflow_runs_owner ON workflow_runs (owner) WHERE owner IS NOT NULL;
CREATE INDEX workflow_runs_parent ON workflow_runs (parent_id) WHERE parent_id IS NOT NULL;
CREATE UNIQUE INDEX workflow_runs_idempotency ON workflow_runs (tenant_id, workflow, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
-- Exactly one run per schedule fire time, whichever replica inserts it first.
CREATE UNIQUE INDEX workflow_runs_fire ON workflow_runs (schedule_id, fire_time) WHERE schedule_id IS NOT NULL;

CREATE TABLE workflow_steps (
    run_id     uuid NOT NULL,
    seq        integer NOT NULL,
    tenant_id  uuid NOT NULL,
    name       text NOT NULL,
    kind       text NOT NULL,
    output     jsonb,
    error      text,
    attempts   integer NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (run_id, seq)
);

CREATE TABLE workflow_signals (
    id           uuid PRIMARY KEY,
    run_id       uuid NOT NULL,
    tenant_id    uuid NOT NULL,
    name         text NOT NULL,
    payload      jsonb NOT NULL,
    created_at   timestamptz NOT NULL,
    consumed_seq integer
);

CREATE INDEX workflow_signals_pending ON workflow_signals (run_id, name, created_at) WHERE consumed_seq IS NULL;

CREATE TABLE workflow_locks (
    tenant_id uuid NOT NULL,
    key       text NOT NULL,
    run_id    uuid NOT NULL,
    PRIMARY KEY (tenant_id, key)
);

CREATE TABLE workflow_schedules (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL,
    name            text NOT NULL,
    cron            text NOT NULL,
    timezone        text NOT NULL,
    workflow        text NOT NULL,
    input           jsonb NOT NULL,
    overlap         text NOT NULL,
    catch_up_secs   bigint NOT NULL,
    paused          boolean NOT NULL DEFAULT false,
    next_fire_ms    bigint,
    last_fire_at    timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    UNIQUE (tenant_id, name)
);

CREATE INDEX workflow_schedules_due ON workflow_schedules (next_fire_ms) WHERE NOT paused;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['workflow_runs', 'workflow_steps', 'workflow_signals', 'workflow_locks',
                             'workflow_schedules']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (nimbus_visible(tenant_id)) WITH CHECK (nimbus_visible(tenant_id))', t);
    END LOOP;
END;
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON workflow_runs, workflow_steps, workflow_signals, workflow_locks,
    workflow_schedules TO nimbus_runtime;
