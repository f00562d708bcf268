-- Up Migration

-- The API request (X-Request-Id) whose Update made a decision-log entry, so
-- that one decision can be followed from the HTTP log to history to the
-- record. Part of the entry's hash when present; older entries have none.
ALTER TABLE decision_log ADD COLUMN request_id text;

-- Down Migration

ALTER TABLE decision_log DROP COLUMN request_id;
