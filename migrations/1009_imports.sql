-- Up Migration

-- An import of officials already on post (POST /api/imports): who started it,
-- which file (its SHA-256, so the same file can be recognised), and its
-- progress. The terms themselves are idempotent by workflow id; this row only
-- counts, so that the page can follow an import and a re-run can be told
-- apart from a first run. `heartbeat_at` moves while the importing process
-- runs: a 'running' import whose heartbeat stopped was interrupted, and
-- importing the same file again completes it.
CREATE TABLE imports (
  import_id     text PRIMARY KEY,
  file_name     text NOT NULL,
  file_sha256   text NOT NULL,
  started_by    text NOT NULL,
  status        text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  rows_total    integer NOT NULL,
  rows_started  integer NOT NULL DEFAULT 0,
  rows_skipped  integer NOT NULL DEFAULT 0,
  rows_failed   integer NOT NULL DEFAULT 0,
  failures      jsonb NOT NULL DEFAULT '[]',
  started_at    timestamptz NOT NULL DEFAULT now(),
  heartbeat_at  timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
CREATE INDEX imports_file ON imports (file_sha256, started_at DESC);
