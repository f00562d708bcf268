-- Up Migration

-- The values of a decision-log entry's sentence (rule ids, body, stage,
-- request number, days, month …), so that the page words the entry in the
-- reader's language from its action code; `detail` keeps the English sentence.
-- Part of the entry's hash when present; older entries have none and hash as
-- they did.
ALTER TABLE decision_log ADD COLUMN params jsonb;

-- Down Migration

ALTER TABLE decision_log DROP COLUMN params;
