-- Durable workflow engine: the journal (one row per run, one per completed step), signals,
-- concurrency-key holders and schedules. Times that the claim loop compares are integer
-- milliseconds since the Unix epoch (`*_ms`); the rest are RFC 3339 text like every other table.

CREATE TABLE workflow_runs (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    workflow        TEXT NOT NULL,
    version         INTEGER NOT NULL,
    queue           TEXT NOT NULL,
    -- enqueued | running | waiting | succeeded | failed | cancelled | compensating
    status          TEXT NOT NULL,
    input           TEXT NOT NULL,
    output          TEXT,
    error           TEXT,
    tags            TEXT NOT NULL,
    state           TEXT,
    idempotency_key TEXT,
    concurrency_key TEXT,
    parent_id       TEXT,
    schedule_id     TEXT,
    fire_time       TEXT,
    -- Bumped by every claim (and by terminate/retry); each journal write must match it.
    epoch           INTEGER NOT NULL DEFAULT 0,
    owner           TEXT,
    -- When the run may next be claimed: now for new or woken runs, the lease's end while one
    -- replica runs it, the timer's deadline while it sleeps, NULL while it waits for a signal
    -- only and once it is finished.
    available_ms    INTEGER,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    started_at      TEXT,
    finished_at     TEXT
);

CREATE INDEX workflow_runs_available ON workflow_runs (available_ms) WHERE available_ms IS NOT NULL;
CREATE INDEX workflow_runs_tenant ON workflow_runs (tenant_id, created_at);
CREATE INDEX workflow_runs_owner ON workflow_runs (owner) WHERE owner IS NOT NULL;
CREATE INDEX workflow_runs_parent ON workflow_runs (parent_id) WHERE parent_id IS NOT NULL;
CREATE UNIQUE INDEX workflow_runs_idempotency ON workflow_runs (tenant_id, workflow, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
-- Exactly one run per schedule fire time, whichever replica inserts it first.
CREATE UNIQUE INDEX workflow_runs_fire ON workflow_runs (schedule_id, fire_time) WHERE schedule_id IS NOT NULL;

-- One row per completed step (and per journaled timer, signal receipt, child and clock reading).
CREATE TABLE workflow_steps (
    run_id     TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    tenant_id  TEXT NOT NULL,
    name       TEXT NOT NULL,
    -- step | timer | signal | child | clock
    kind       TEXT NOT NULL,
    output     TEXT,
    error      TEXT,
    attempts   INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;

CREATE TABLE workflow_signals (
    id           TEXT PRIMARY KEY,
    run_id       TEXT NOT NULL,
    tenant_id    TEXT NOT NULL,
    name         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    -- The journal sequence number that received it.
    consumed_seq INTEGER
);

CREATE INDEX workflow_signals_pending ON workflow_signals (run_id, name, created_at) WHERE consumed_seq IS NULL;

-- Holder of each concurrency key: one unfinished run per key.
CREATE TABLE workflow_locks (
    tenant_id TEXT NOT NULL,
    key       TEXT NOT NULL,
    run_id    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, key)
) WITHOUT ROWID;

CREATE TABLE workflow_schedules (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    name            TEXT NOT NULL,
    cron            TEXT NOT NULL,
    timezone        TEXT NOT NULL,
    workflow        TEXT NOT NULL,
    input           TEXT NOT NULL,
    -- skip | buffer | allow
    overlap         TEXT NOT NULL,
    catch_up_secs   INTEGER NOT NULL,
    paused          INTEGER NOT NULL DEFAULT 0,
    next_fire_ms    INTEGER,
    last_fire_at    TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (tenant_id, name)
);

CREATE INDEX workflow_schedules_due ON workflow_schedules (next_fire_ms) WHERE paused = 0;
