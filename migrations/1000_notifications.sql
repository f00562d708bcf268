-- Up Migration

-- Every reminder the workflows ordered, one row per ReminderOrder.key
-- (`${termId}/${obligation}/${rung}`). The row is locked while its mail is
-- handed to SMTP and marked 'sent' in the same transaction, so a retried or
-- concurrent activity never sends twice.
CREATE TABLE notifications (
  key          text PRIMARY KEY,
  term_id      text NOT NULL,
  official_id  text NOT NULL,
  obligation   text NOT NULL,
  rung         text NOT NULL,
  escalation   boolean NOT NULL DEFAULT false,
  -- Who it went to; empty when the actor directory had nobody to send to.
  recipients   text[] NOT NULL DEFAULT '{}',
  -- Deterministic (derived from key): a resend after a lost commit carries the
  -- same Message-ID, which receiving mail systems deduplicate.
  message_id   text NOT NULL UNIQUE,
  subject      text NOT NULL,
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
  attempts     integer NOT NULL DEFAULT 0,
  last_error   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  sent_at      timestamptz
);
CREATE INDEX notifications_term ON notifications (term_id, created_at);
CREATE INDEX notifications_pending ON notifications (created_at) WHERE status = 'pending';

-- Down Migration

DROP TABLE notifications;
