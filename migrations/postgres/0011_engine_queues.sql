-- Workflow engine: global per-queue concurrency limits, and the outbox read by every replica.

-- One row per globally limited queue: a claim locks it (`INSERT … ON CONFLICT DO UPDATE`)
-- before counting the queue's RUNNING runs, so concurrent claims on several replicas take turns
-- and never start more than the limit. No tenant data: queue names only.
CREATE TABLE workflow_queues (
    name text PRIMARY KEY
);

GRANT SELECT, INSERT, UPDATE ON workflow_queues TO nimbus_runtime;

CREATE INDEX workflow_runs_active_queue ON workflow_runs (queue) WHERE status IN ('running', 'compensating');

-- Every replica relays every domain event: each tails the outbox with its own cursor instead of
-- taking rows. Positions are (xid, pos): the writing transaction's id, then a sequence. A reader
-- takes only rows whose xid is below its snapshot's xmin (every such transaction has ended), so
-- a row that commits later can never land behind its cursor, although sequence values become
-- visible out of commit order. A recurring job prunes old rows; `published_at` is unused.
ALTER TABLE outbox ADD COLUMN pos bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE outbox ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX outbox_position ON outbox (xid, pos);
CREATE INDEX outbox_created ON outbox (created_at);
DROP INDEX outbox_pending;
