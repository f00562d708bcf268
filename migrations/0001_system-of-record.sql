-- Up Migration

-- The actor directory: who may be asked to act, and where reminders go.
CREATE TABLE actors (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  role          text NOT NULL,
  jurisdiction  text NOT NULL,
  body          text,
  email         text,
  demo          boolean NOT NULL DEFAULT false,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX actors_role_jurisdiction ON actors (role, jurisdiction text_pattern_ops);

-- One row per term, rewritten from each RecordBatch.snapshot.
CREATE TABLE officials (
  term_id           text PRIMARY KEY,
  official_id       text NOT NULL UNIQUE,
  name              text NOT NULL,
  email             text,
  stage             text NOT NULL,
  county            text NOT NULL,
  township          text NOT NULL,
  village           text NOT NULL,
  dispatching_unit  text NOT NULL,
  nominated_by      text NOT NULL,
  policy_version    text NOT NULL,
  snapshot          jsonb NOT NULL,
  last_batch_seq    integer NOT NULL,
  nominated_at      timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  closed_at         timestamptz
);
CREATE INDEX officials_village ON officials (village text_pattern_ops);
CREATE INDEX officials_stage_county ON officials (stage, county);

-- Pending and past human actions. The inbox reads open rows by role and
-- jurisdiction prefix, ordered by deadline: never a fan-out to workflows.
CREATE TABLE tasks (
  id                      text PRIMARY KEY,
  term_id                 text NOT NULL,
  official_id             text NOT NULL,
  official_name           text NOT NULL,
  kind                    text NOT NULL,
  title                   text NOT NULL,
  ladder                  text NOT NULL,
  assignee_role           text NOT NULL,
  assignee_jurisdiction   text NOT NULL,
  assignee_body           text,
  assignee_actor_id       text,
  county                  text NOT NULL,
  township                text NOT NULL,
  village                 text NOT NULL,
  due_at                  timestamptz NOT NULL,
  created_at              timestamptz NOT NULL,
  closed_at               timestamptz,
  outcome                 text,
  closed_by               text,
  data                    jsonb,
  request_no              text,
  case_id                 text
);
CREATE INDEX tasks_inbox ON tasks (assignee_role, assignee_jurisdiction text_pattern_ops, due_at) WHERE closed_at IS NULL;
CREATE INDEX tasks_inbox_actor ON tasks (assignee_actor_id, due_at) WHERE closed_at IS NULL AND assignee_actor_id IS NOT NULL;
CREATE INDEX tasks_term ON tasks (term_id, created_at);

-- The official's record of decisions: append-only, hash-chained per term.
CREATE TABLE decision_log (
  term_id         text NOT NULL,
  seq             integer NOT NULL,
  official_id     text NOT NULL,
  at              timestamptz NOT NULL,
  actor_id        text NOT NULL,
  role            text NOT NULL,
  action          text NOT NULL,
  detail          text NOT NULL,
  reason          text,
  policy_version  text NOT NULL,
  request_no      text,
  task_id         text,
  case_id         text,
  prev_hash       text NOT NULL,
  hash            text NOT NULL,
  PRIMARY KEY (term_id, seq)
);
CREATE INDEX decision_log_official ON decision_log (official_id, seq);

-- Refuses every change to a written entry. Ordinary triggers do not fire under
-- `SET session_replication_role = replica` (superuser only), which is how a
-- tamper test alters a row to prove that verification catches it.
CREATE FUNCTION decision_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'decision_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER decision_log_no_update_delete BEFORE UPDATE OR DELETE ON decision_log
  FOR EACH ROW EXECUTE FUNCTION decision_log_append_only();
CREATE TRIGGER decision_log_no_truncate BEFORE TRUNCATE ON decision_log
  FOR EACH STATEMENT EXECUTE FUNCTION decision_log_append_only();

-- Reassignment cases, as operators track them.
CREATE TABLE cases (
  case_id        text PRIMARY KEY,
  term_id        text NOT NULL,
  official_id    text NOT NULL,
  official_name  text NOT NULL,
  county         text NOT NULL,
  village        text NOT NULL,
  status         text NOT NULL,
  grounds        text[] NOT NULL,
  opened_at      timestamptz NOT NULL,
  due_at         timestamptz,
  closed_at      timestamptz,
  outcome        text,
  record         jsonb NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_county_status ON cases (county text_pattern_ops, status);
CREATE INDEX cases_term ON cases (term_id);

-- Which RecordBatch of a term was applied: a retried activity writes once.
CREATE TABLE record_batches (
  term_id     text NOT NULL,
  seq         integer NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (term_id, seq)
);

-- Idempotency-Key header: the first response to a key is replayed for a retry.
CREATE TABLE idempotency_keys (
  actor_id      text NOT NULL,
  key           text NOT NULL,
  request_hash  text NOT NULL,
  status        integer,
  response      jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor_id, key)
);

-- What the embedded mail catcher received, for the demo's mail page.
CREATE TABLE caught_mail (
  id           bigserial PRIMARY KEY,
  message_id   text UNIQUE,
  from_addr    text,
  to_addrs     text[] NOT NULL DEFAULT '{}',
  subject      text,
  text_body    text,
  html_body    text,
  received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX caught_mail_received ON caught_mail (received_at DESC);

-- Down Migration

DROP TABLE caught_mail;
DROP TABLE idempotency_keys;
DROP TABLE record_batches;
DROP TABLE cases;
DROP TABLE decision_log;
DROP FUNCTION decision_log_append_only();
DROP TABLE tasks;
DROP TABLE officials;
DROP TABLE actors;
