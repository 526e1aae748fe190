-- Workflow engine: global per-queue concurrency limits. The single writer serialises claims, so
-- counting a queue's RUNNING runs inside the claim is enough; this index keeps that count cheap.

CREATE INDEX workflow_runs_active_queue ON workflow_runs (queue) WHERE status IN ('running', 'compensating');

-- Every replica (here: the one process) relays every domain event by tailing the outbox with a
-- cursor. The single writer hands out positions in commit order (max + 1; pruning keeps the
-- newest row, so positions never restart). `published_at` is unused.
ALTER TABLE outbox ADD COLUMN pos INTEGER;
UPDATE outbox SET pos = rowid;
CREATE UNIQUE INDEX outbox_position ON outbox (pos);
CREATE INDEX outbox_created ON outbox (created_at);
DROP INDEX outbox_pending;
