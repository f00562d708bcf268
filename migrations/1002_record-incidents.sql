-- Up Migration

-- A term whose record write was refused as data (retrying cannot mend it): the
-- workflow stops writing, takes no new change, and waits for an administrator.
-- The county and the administrator see the term here; resolved_at is set when
-- a retry wrote the batch.
CREATE TABLE record_incidents (
  term_id      text NOT NULL,
  batch_seq    integer NOT NULL,
  official_id  text NOT NULL,
  county       text NOT NULL,
  village      text NOT NULL,
  problem      text NOT NULL,
  at           timestamptz NOT NULL,
  resolved_at  timestamptz,
  PRIMARY KEY (term_id, batch_seq)
);
CREATE INDEX record_incidents_open ON record_incidents (county text_pattern_ops) WHERE resolved_at IS NULL;

-- Down Migration

DROP TABLE record_incidents;
