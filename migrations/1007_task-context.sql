-- Up Migration

-- A task's context (GET /api/tasks/:id) reads a term's log entries of one
-- action: the leave asked, a request's filing, each vetting reply. Without
-- this, each read walks the term's whole log (hundreds of entries a year).
CREATE INDEX decision_log_action ON decision_log (term_id, action, seq);

-- Down Migration

DROP INDEX decision_log_action;
