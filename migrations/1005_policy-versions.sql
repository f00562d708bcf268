-- Up Migration

-- Dated policy versions published by the region administrator. A version is
-- a whole rule set (every duration and threshold) in force from its date
-- (Asia/Shanghai); new terms take the version in force on their nomination
-- day, running terms adopt it at their next month boundary. Append-only: a
-- version is never edited, a later one replaces it.
CREATE TABLE policy_versions (
  version         text PRIMARY KEY,
  effective_from  date NOT NULL UNIQUE,
  rules           jsonb NOT NULL,
  reason          text NOT NULL,
  published_by    text NOT NULL,
  published_at    timestamptz NOT NULL DEFAULT now()
);

-- Down Migration

DROP TABLE policy_versions;
