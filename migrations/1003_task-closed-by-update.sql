-- Up Migration

-- The Update (its id) that decided a task. A decision that ended the term and
-- whose answer was lost cannot be asked of the closed workflow again; its retry
-- (same Idempotency-Key, hence the same Update id) is answered from here.
ALTER TABLE tasks ADD COLUMN closed_by_update text;

-- Down Migration

ALTER TABLE tasks DROP COLUMN closed_by_update;
