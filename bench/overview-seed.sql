-- The overview's scale check (bench/overview-explain.ts): 20,000 officials over 14 cities x 8 counties (112 counties), 2 term years each.
INSERT INTO officials (term_id, official_id, name, email, stage, county, township, village, dispatching_unit,
  nominated_by, policy_version, snapshot, last_batch_seq, nominated_at, closed_at)
SELECT 'term-off-' || i, 'off-' || i, 'Official ' || i, 'o' || i || '@x', st.stage,
       'gx/c' || (i % 14) || '/k' || (i % 112),
       'gx/c' || (i % 14) || '/k' || (i % 112) || '/t' || (i % 7),
       'gx/c' || (i % 14) || '/k' || (i % 112) || '/t' || (i % 7) || '/v' || i,
       'du', 'du', 'p1',
       jsonb_build_object('termId', 'term-off-' || i, 'stage', st.stage,
         'attendance', (SELECT jsonb_agg(jsonb_build_object('month', m, 'days', 22, 'breach', false)) FROM generate_series(1, 24) m),
         'years', jsonb_build_array(
            jsonb_build_object('year', 1, 'startsAt', (extract(epoch FROM timestamptz '2024-11-01') * 1000)::bigint + (i % 300) * 86400000::bigint,
                               'endsAt', (extract(epoch FROM timestamptz '2025-11-01') * 1000)::bigint + (i % 300) * 86400000::bigint,
                               'rating', (ARRAY['outstanding','competent','competent','competent','basically_competent', NULL])[1 + i % 6],
                               'trainings', jsonb_build_array(jsonb_build_object('at', 1, 'title', 'x', 'by', 'org'))),
            jsonb_build_object('year', 2, 'startsAt', (extract(epoch FROM timestamptz '2025-11-01') * 1000)::bigint + (i % 300) * 86400000::bigint,
                               'endsAt', (extract(epoch FROM timestamptz '2026-11-01') * 1000)::bigint + (i % 300) * 86400000::bigint,
                               'rating', CASE WHEN i % 3 = 0 THEN 'competent' END))),
       40, now() - interval '700 days', CASE WHEN st.stage IN ('closed','recalled') THEN now() END
  FROM generate_series(1, 20000) i
  CROSS JOIN LATERAL (SELECT (ARRAY['on_duty','on_duty','on_duty','on_duty','on_duty','on_duty','vetting','dispatched','handing_over','closed','recalled','term_end'])[1 + i % 12] AS stage) st;

-- 25 closed tasks and 2 open ones per official (one in ten open ones overdue).
INSERT INTO tasks (id, term_id, official_id, official_name, kind, title, ladder, assignee_role, assignee_jurisdiction,
  county, township, village, due_at, created_at, closed_at, outcome)
SELECT 'task-' || i || '-' || n, o.term_id, o.official_id, o.name,
       (ARRAY['close_attendance','approve_leave','self_report','rate_official','vetting_reply'])[1 + n % 5], 't', 'decision',
       'township', o.township, o.county, o.township, o.village,
       CASE WHEN n <= 25 THEN now() - (n || ' days')::interval ELSE now() + ((CASE WHEN (i + n) % 10 = 0 THEN -3 ELSE 5 END) || ' days')::interval END,
       now() - interval '30 days',
       CASE WHEN n <= 25 THEN now() - (n || ' days')::interval END, CASE WHEN n <= 25 THEN 'approved' END
  FROM officials o CROSS JOIN LATERAL (SELECT replace(o.official_id, 'off-', '')::int AS i) x
  CROSS JOIN generate_series(1, 27) n;

-- The decision log: 30 entries per official, 3 of them county trainings (one last year).
ALTER TABLE decision_log DISABLE TRIGGER USER;
INSERT INTO decision_log (term_id, seq, official_id, at, actor_id, role, action, detail, policy_version, prev_hash, hash)
SELECT o.term_id, n, o.official_id,
       CASE WHEN n = 10 THEN timestamptz '2025-06-01' + (x.i % 100) * interval '1 day'
            WHEN n IN (20, 25) THEN timestamptz '2026-02-01' + ((x.i + n) % 250) * interval '1 day'
            ELSE now() - (n || ' days')::interval END,
       'org', 'county_org', CASE WHEN n IN (10, 20, 25) AND x.i % 5 <> 0 THEN 'trained' ELSE 'stage' END, 'detail', 'p1', 'h', 'h'
  FROM officials o CROSS JOIN LATERAL (SELECT replace(o.official_id, 'off-', '')::int AS i) x
  CROSS JOIN generate_series(1, 30) n;
ALTER TABLE decision_log ENABLE TRIGGER USER;

-- 1,000 reassignment cases.
INSERT INTO cases (case_id, term_id, official_id, official_name, county, village, status, grounds, opened_at, closed_at, record)
SELECT 'case-' || i, o.term_id, o.official_id, o.name, o.county, o.village,
       CASE WHEN i % 3 = 0 THEN 'closed' ELSE 'recall_requested' END,
       ARRAY[(ARRAY['health','evaluation','residence','leave','request'])[1 + i % 5]],
       now() - ((i % 200) || ' days')::interval, CASE WHEN i % 3 = 0 THEN now() END, '{}'
  FROM generate_series(1, 1000) i JOIN officials o ON o.official_id = 'off-' || (i * 19);

