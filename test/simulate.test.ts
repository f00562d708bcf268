// `npm run simulate`, small: a region of 20 officials over 2 counties imported
// on a compressed calendar and run through the report year (bench/simulate/).
// The figures it prints must be what the record says: each is counted here
// again by a different query over the same record (the log's sentences, the
// tasks, the terms' stages) while its servers are still up. Nothing the
// bodies were told was done may be lost or doubled, and the figures must be
// plausible for the report's rates.
import { describe, expect, it } from 'vitest';
import type { Pool } from '../platform/db.js';
import { runSimulation, type SimulationResult } from '../bench/simulate/run.js';
import { unfitOfficials } from '../bench/simulate/plan.js';
import { resultMarkdown } from '../bench/simulate/report.js';

const OFFICIALS = 20;
const COUNTIES = 2;

interface Recount {
  onPost: number;
  countyTrainings: number;
  ratedOfficials: number;
  ratedOutstanding: number;
  ratingTasksClosedInYear: number;
  recalledForHealth: number;
  /** Stages of the imported terms (nominated by the region administrator's import) at the end. */
  importedStages: Record<string, number>;
  unratedImported: string[];
}

async function recount(pool: Pool, result: SimulationResult): Promise<Recount> {
  const year = [result.window.from, result.window.to];
  const one = async (sql: string, values: unknown[] = []) =>
    Number((await pool.query(sql, values)).rows[0].n);
  const stages = await pool.query<{ stage: string; n: string }>(
    `SELECT stage, count(*) AS n FROM officials WHERE nominated_by = 'admin-gx' GROUP BY stage`,
  );
  return {
    onPost: await one(
      `SELECT count(*) AS n FROM officials
        WHERE closed_at IS NULL AND stage IN ('dispatched', 'on_duty', 'term_end', 'handing_over')`,
    ),
    countyTrainings: await one(
      `SELECT count(*) AS n FROM decision_log
        WHERE detail LIKE 'county-level training%' AND at >= $1 AND at < $2`,
      year,
    ),
    ratedOfficials: await one(
      `SELECT count(DISTINCT term_id) AS n FROM decision_log WHERE detail LIKE 'rated %' AND at >= $1 AND at < $2`,
      year,
    ),
    ratedOutstanding: await one(
      `SELECT count(DISTINCT term_id) AS n FROM decision_log
        WHERE detail LIKE 'rated outstanding %' AND at >= $1 AND at < $2`,
      year,
    ),
    ratingTasksClosedInYear: await one(
      `SELECT count(*) AS n FROM tasks WHERE kind = 'rate_official' AND closed_at >= $1 AND closed_at < $2`,
      year,
    ),
    // Left their village recalled on a case whose grounds include health.
    recalledForHealth: await one(
      `SELECT count(*) AS n FROM officials o
        WHERE o.stage = 'recalled'
          AND EXISTS (SELECT 1 FROM cases c WHERE c.term_id = o.term_id AND 'health' = ANY(c.grounds)
                        AND c.opened_at >= $1 AND c.opened_at < $2)`,
      year,
    ),
    importedStages: Object.fromEntries(stages.rows.map((row) => [row.stage, Number(row.n)])),
    unratedImported: (
      await pool.query<{ official_id: string }>(
        `SELECT official_id FROM officials o WHERE o.stage = 'on_duty' AND o.nominated_by = 'admin-gx'
           AND NOT EXISTS (SELECT 1 FROM decision_log d WHERE d.term_id = o.term_id AND d.action = 'rated')`,
      )
    ).rows.map((row) => row.official_id),
  };
}

let counted: Recount | undefined;

describe('npm run simulate, small', () => {
  it(
    'prints figures that are the record’s own counts, with nothing lost or doubled, at the report’s rates',
    { timeout: 6 * 60_000 },
    async () => {
      const result = await runSimulation(
        { officials: OFFICIALS, counties: COUNTIES, dayMs: 400, temporal: 'dev' },
        {
          beforeStop: async (pool, r) => {
            counted = await recount(pool, r);
          },
        },
      );
      // The table and the run's wall time, for whoever reads the test's output.
      process.stderr.write(`${resultMarkdown(result)}\n`);
      const f = result.figures;
      const c = counted!;
      const unfit = unfitOfficials(OFFICIALS).size;

      // Nothing lost, nothing doubled, no call failed.
      expect(result.correctness.failureExamples).toEqual([]);
      expect(result.correctness.lost).toBe(0);
      expect(result.correctness.doubled).toBe(0);
      expect(result.correctness.acknowledged).toBeGreaterThan(OFFICIALS * 3);

      // The printed figures are the record's counts.
      expect(f.officialsOnPost).toBe(c.onPost);
      expect(f.countyTrainings).toBe(c.countyTrainings);
      expect(f.evaluated).toBe(c.ratedOfficials);
      expect(f.evaluated).toBe(c.ratingTasksClosedInYear);
      expect(f.outstanding).toBe(c.ratedOutstanding);
      expect(f.healthCases.recalled).toBe(c.recalledForHealth);
      expect(result.table.map((row) => row.simulated)).toEqual([
        String(c.onPost),
        String(c.countyTrainings),
        String(c.ratedOfficials),
        expect.stringMatching(new RegExp(`^${c.ratedOutstanding} \\(`)),
        expect.stringMatching(new RegExp(`^${c.recalledForHealth} \\(`)),
      ]);

      // Plausible for the rates: every village covered (a successor for each
      // recalled official), every official still on post rated once, about 2.7
      // trainings each, at most a quarter outstanding in every county, and the
      // unfit officials recalled with their cases closed.
      expect(f.officialsOnPost).toBe(OFFICIALS);
      expect(c.importedStages).toEqual({ on_duty: OFFICIALS - unfit, recalled: unfit });
      expect(c.unratedImported).toEqual([]);
      expect(f.evaluated).toBeGreaterThanOrEqual(OFFICIALS - unfit);
      expect(f.countyTrainings / OFFICIALS).toBeGreaterThan(2.4);
      expect(f.countyTrainings / OFFICIALS).toBeLessThan(3.0);
      expect(f.byCounty).toHaveLength(COUNTIES);
      for (const county of f.byCounty) {
        expect(county.outstanding).toBeLessThanOrEqual(Math.floor(county.evaluated * 0.25));
        expect(county.outstanding).toBeGreaterThan(0);
      }
      expect(f.outstandingShare).toBeGreaterThan(0.15);
      expect(f.healthCases).toEqual({ opened: unfit, recalled: unfit, stillOpen: 0 });
    },
  );
});
