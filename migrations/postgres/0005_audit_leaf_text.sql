-- Nothing changes on PostgreSQL. On SQLite this version stores each audit record as its leaf text
-- with the other columns computed from it; PostgreSQL keeps typed columns (jsonb, timestamptz),
-- and its verification hashes the decoded records. The version exists so both backends move in
-- step.
SELECT 1;
