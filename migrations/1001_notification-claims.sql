-- Up Migration

-- A reminder is no longer sent inside a transaction: an attempt claims the row
-- ('sending', with a lease), commits, talks to SMTP with no connection held,
-- then marks it 'sent'. A concurrent attempt finds the live claim and backs
-- off; an attempt that died mid-send leaves a lease that runs out, after which
-- a retry claims the row again (and resends with the same Message-ID).
-- 'cancelled': the workflow called the reminder off because its obligation was
-- met first; a send already under way still ends 'sent' (what happened wins).
ALTER TABLE notifications DROP CONSTRAINT notifications_status_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_status_check
  CHECK (status IN ('pending', 'sending', 'sent', 'cancelled'));
ALTER TABLE notifications
  ADD COLUMN claim uuid,
  ADD COLUMN claimed_until timestamptz,
  ADD COLUMN cancelled_at timestamptz;
DROP INDEX notifications_pending;
CREATE INDEX notifications_unsent ON notifications (created_at) WHERE status IN ('pending', 'sending');

-- Down Migration

DROP INDEX notifications_unsent;
CREATE INDEX notifications_pending ON notifications (created_at) WHERE status = 'pending';
UPDATE notifications SET status = 'pending' WHERE status IN ('sending', 'cancelled');
ALTER TABLE notifications DROP COLUMN cancelled_at, DROP COLUMN claimed_until, DROP COLUMN claim;
ALTER TABLE notifications DROP CONSTRAINT notifications_status_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_status_check CHECK (status IN ('pending', 'sent'));
