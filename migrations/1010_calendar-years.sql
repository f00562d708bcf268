-- Up Migration

-- Terms on calendar years (patched('calendar-years')) name each year's
-- calendar year in their snapshot (years[].calendarYear): the county's
-- evaluation round is that year's, whatever instant the year ends at (a
-- first part year joined to the next ends with the next). Years without it
-- (terms from before) keep the year their end falls in, as before.
CREATE OR REPLACE FUNCTION term_years_of(snapshot jsonb) RETURNS TABLE (
  year integer, starts_at timestamptz, ends_at timestamptz, round_year integer, rating text
) LANGUAGE sql IMMUTABLE AS $$
  SELECT (y->>'year')::integer,
         to_timestamp((y->>'startsAt')::double precision / 1000),
         to_timestamp((y->>'endsAt')::double precision / 1000),
         CASE jsonb_typeof(y->'calendarYear')
           WHEN 'number' THEN (y->>'calendarYear')::integer
           ELSE extract(year FROM to_timestamp((y->>'endsAt')::double precision / 1000) AT TIME ZONE 'UTC')::integer
         END,
         y->>'rating'
    FROM jsonb_array_elements(CASE jsonb_typeof(snapshot->'years') WHEN 'array' THEN snapshot->'years' ELSE '[]'::jsonb END) AS y
   -- A year without its numbers is left out rather than refusing the record's write.
   WHERE jsonb_typeof(y->'year') = 'number' AND jsonb_typeof(y->'startsAt') = 'number'
     AND jsonb_typeof(y->'endsAt') = 'number'
$$;
