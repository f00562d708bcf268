-- Up Migration

-- What the overview (GET /api/overview) counts, by county: GROUP BY queries
-- over the record, never a fan-out to workflows. Measured on 20,000 officials
-- (see docs/web.md, "Overview").

-- Officials by county and stage: an index-only scan for one county's subtree.
CREATE INDEX officials_county_stage ON officials (county text_pattern_ops, stage);

-- Overdue open tasks: the open ones past their due time, by county and kind,
-- read from the index alone. tasks_inbox leads with the assignee, not the due time.
CREATE INDEX tasks_open_due ON tasks (due_at) INCLUDE (county, kind) WHERE closed_at IS NULL;

-- County-level trainings of a calendar year: the 'trained' entries of the
-- decision log (a small part of it), by time for the region (one scan of the
-- year's entries) and by term for a county (a probe per official of its own).
CREATE INDEX decision_log_trained ON decision_log (at) INCLUDE (term_id) WHERE action = 'trained';
CREATE INDEX decision_log_trained_term ON decision_log (term_id, at) WHERE action = 'trained';

-- One row per year of a term, kept from officials.snapshot by the trigger
-- below, so that ratings can be counted per evaluation round without reading
-- every snapshot. round_year is the calendar year of the county's evaluation
-- round, the year the term year ends in (as the workflow enrols it: the UTC
-- year of its end).
CREATE TABLE term_years (
  term_id     text NOT NULL,
  year        integer NOT NULL,
  county      text NOT NULL,
  village     text NOT NULL,
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL,
  round_year  integer NOT NULL,
  rating      text,
  PRIMARY KEY (term_id, year)
);
CREATE INDEX term_years_round ON term_years (round_year, county text_pattern_ops) INCLUDE (ends_at, rating);

CREATE FUNCTION term_years_of(snapshot jsonb) RETURNS TABLE (
  year integer, starts_at timestamptz, ends_at timestamptz, round_year integer, rating text
) LANGUAGE sql IMMUTABLE AS $$
  SELECT (y->>'year')::integer,
         to_timestamp((y->>'startsAt')::double precision / 1000),
         to_timestamp((y->>'endsAt')::double precision / 1000),
         extract(year FROM to_timestamp((y->>'endsAt')::double precision / 1000) AT TIME ZONE 'UTC')::integer,
         y->>'rating'
    FROM jsonb_array_elements(CASE jsonb_typeof(snapshot->'years') WHEN 'array' THEN snapshot->'years' ELSE '[]'::jsonb END) AS y
   -- A year without its numbers is left out rather than refusing the record's write.
   WHERE jsonb_typeof(y->'year') = 'number' AND jsonb_typeof(y->'startsAt') = 'number'
     AND jsonb_typeof(y->'endsAt') = 'number'
$$;

-- Runs in the record writer's transaction: a term's years follow its snapshot
-- exactly (years are only ever added to a term, never removed).
CREATE FUNCTION officials_term_years() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND NEW.snapshot->'years' IS NOT DISTINCT FROM OLD.snapshot->'years'
     AND NEW.county = OLD.county AND NEW.village = OLD.village THEN
    RETURN NULL;
  END IF;
  INSERT INTO term_years (term_id, year, county, village, starts_at, ends_at, round_year, rating)
  SELECT NEW.term_id, y.year, NEW.county, NEW.village, y.starts_at, y.ends_at, y.round_year, y.rating
    FROM term_years_of(NEW.snapshot) AS y
  ON CONFLICT (term_id, year) DO UPDATE SET
    county = EXCLUDED.county, village = EXCLUDED.village, starts_at = EXCLUDED.starts_at,
    ends_at = EXCLUDED.ends_at, round_year = EXCLUDED.round_year, rating = EXCLUDED.rating
  WHERE (term_years.county, term_years.village, term_years.starts_at, term_years.ends_at, term_years.rating)
        IS DISTINCT FROM (EXCLUDED.county, EXCLUDED.village, EXCLUDED.starts_at, EXCLUDED.ends_at, EXCLUDED.rating);
  RETURN NULL;
END;
$$;
CREATE TRIGGER officials_term_years AFTER INSERT OR UPDATE OF snapshot, county, village ON officials
  FOR EACH ROW EXECUTE FUNCTION officials_term_years();

INSERT INTO term_years (term_id, year, county, village, starts_at, ends_at, round_year, rating)
SELECT o.term_id, y.year, o.county, o.village, y.starts_at, y.ends_at, y.round_year, y.rating
  FROM officials o, term_years_of(o.snapshot) AS y
ON CONFLICT DO NOTHING;

-- Down Migration

DROP TRIGGER officials_term_years ON officials;
DROP FUNCTION officials_term_years();
DROP FUNCTION term_years_of(jsonb);
DROP TABLE term_years;
DROP INDEX decision_log_trained_term;
DROP INDEX decision_log_trained;
DROP INDEX tasks_open_due;
DROP INDEX officials_county_stage;
