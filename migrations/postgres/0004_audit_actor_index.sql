-- The actor index carries the event type, so "this actor's events of this type, newest first"
-- is answered from the index without reading the records of the actor's other events.
DROP INDEX audit_log_actor;
CREATE INDEX audit_log_actor ON audit_log (tenant_id, actor_id, occurred_at, event_type);
