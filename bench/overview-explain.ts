// `npx tsx bench/overview-explain.ts`: the overview's queries at region scale.
// Starts a throwaway embedded PostgreSQL, applies the migrations, fills it with
// 20,000 officials over 112 counties (bench/overview-seed.sql: 540,000 tasks,
// 600,000 decision-log entries, 1,000 cases), then times GET /api/overview's
// figures for the region and for one county and prints EXPLAIN (ANALYZE,
// BUFFERS) of each query. The figures in docs/web.md ("Overview") come from here.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadOverview } from '../api/overview.js';
import { getFreePort, startEmbeddedPostgres } from '../dev/services.js';
import type { Actor } from '../domain/actors.js';
import { DEFAULT_POLICY } from '../domain/policy.js';
import { createPool, migrate, type Pool } from '../platform/db.js';

const SEED = new URL('./overview-seed.sql', import.meta.url);
/** The year the seed's trainings and evaluation round fall in. */
const YEAR = 2026;

const scratch = mkdtempSync(join(tmpdir(), 'zhucun-overview-'));
const postgres = await startEmbeddedPostgres({
  dataDir: join(scratch, 'pg'),
  port: await getFreePort(),
  persistent: false,
});
try {
  const url = new URL(postgres.adminUrl);
  url.pathname = '/overview';
  const admin = new pg.Client({ connectionString: postgres.adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE overview');
  await admin.end();
  await migrate(url.toString());
  const seed = new pg.Client({ connectionString: url.toString() });
  await seed.connect();
  const started = Date.now();
  await seed.query(readFileSync(SEED, 'utf8'));
  await seed.query('VACUUM ANALYZE');
  await seed.end();
  console.log(`seeded in ${Date.now() - started} ms`);

  const pool = createPool(url.toString());
  const sizes = await pool.query(
    `SELECT relname, n_live_tup FROM pg_stat_user_tables
      WHERE relname IN ('officials', 'tasks', 'decision_log', 'cases', 'term_years') ORDER BY 1`,
  );
  console.table(sizes.rows);
  const actors: Actor[] = [
    { id: 'admin', name: 'region', role: 'region_admin', jurisdiction: 'gx' },
    { id: 'org', name: 'county', role: 'county_org', jurisdiction: 'gx/c3/k17' },
  ];
  for (const actor of actors) {
    // The SQL loadOverview sends, to explain each query afterwards.
    const sent: { text: string; values: unknown[] }[] = [];
    const watching = {
      query: (text: string, values: unknown[]) => {
        sent.push({ text, values });
        return pool.query(text, values);
      },
    } as unknown as Pool;
    for (let run = 0; run < 3; run++) {
      const t = Date.now();
      const overview = await loadOverview(watching, actor, YEAR, DEFAULT_POLICY);
      console.log(
        `${actor.jurisdiction}: overview in ${Date.now() - t} ms (${overview.counties.length} counties)`,
      );
    }
    for (const { text, values } of sent.slice(0, 5)) {
      const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${text}`, values);
      console.log(`\n--- ${actor.jurisdiction}: ${text.replace(/\s+/g, ' ').slice(0, 100)}`);
      console.log(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
    }
  }
  await pool.end();
} finally {
  await postgres.stop();
  rmSync(scratch, { recursive: true, force: true });
}
