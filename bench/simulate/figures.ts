// The report's figures, computed by SQL over the system of record after the
// run: never from the simulation's plan or its own counters. The window is
// the report year on the run's calendar, as run instants.
import { ON_POST_STAGES } from '../../domain/records.js';
import type { Pool } from '../../platform/db.js';
import { round } from '../lib.js';
import { REPORT, REPORT_YEAR } from './plan.js';

export interface CountyEvaluation {
  county: string;
  evaluated: number;
  outstanding: number;
  share: number;
}

export interface RecordFigures {
  year: number;
  /** Terms on post (dispatched, on duty, at term end, handing over) when the run ended. */
  officialsOnPost: number;
  /** County-level trainings on the decision log in the year. */
  countyTrainings: number;
  /** Officials rated in the year, and of them rated outstanding. */
  evaluated: number;
  outstanding: number;
  outstandingShare: number;
  byCounty: CountyEvaluation[];
  /** Reassignment cases on ground health opened in the year: all, ended in a recall, still open. */
  healthCases: { opened: number; recalled: number; stillOpen: number };
  /**
   * Tasks opened before the year's end and not closed by then, by kind: how
   * far the region's bodies (the driver, on a loaded machine) fell behind.
   */
  openAtYearEnd: Record<string, number>;
}

/**
 * SQL over a task row `t`: the dispatching unit's ask for the successor of a
 * term that only runs out (a succession case on ground term_end alone). Every
 * simulated term ends after the simulated year, so these are the next year's
 * work: the simulated region leaves them open and the figures leave them out.
 */
export const NEXT_YEAR_SUCCESSION_ASK = `(t.kind = 'nominate_successor' AND EXISTS (
  SELECT 1 FROM cases c WHERE c.case_id = t.case_id AND c.grounds = ARRAY['term_end']))`;

const count = async (pool: Pool, sql: string, values: unknown[]): Promise<number> =>
  Number((await pool.query<{ n: string }>(sql, values)).rows[0]!.n);

export async function figuresFromRecord(
  pool: Pool,
  year: number,
  window: { fromMs: number; toMs: number },
): Promise<RecordFigures> {
  const inYear = [new Date(window.fromMs), new Date(window.toMs)];
  const officialsOnPost = await count(
    pool,
    'SELECT count(*) AS n FROM officials WHERE stage = ANY($1)',
    [ON_POST_STAGES],
  );
  const countyTrainings = await count(
    pool,
    `SELECT count(*) AS n FROM decision_log
      WHERE action = 'trained' AND params->>'training' = 'county' AND at >= $1 AND at < $2`,
    inYear,
  );
  const { rows } = await pool.query<{ county: string; evaluated: string; outstanding: string }>(
    `SELECT o.county,
            count(DISTINCT d.official_id) AS evaluated,
            count(DISTINCT d.official_id) FILTER (WHERE d.params->>'rating' = 'outstanding') AS outstanding
       FROM decision_log d JOIN officials o ON o.term_id = d.term_id
      WHERE d.action = 'rated' AND d.at >= $1 AND d.at < $2
      GROUP BY o.county ORDER BY o.county`,
    inYear,
  );
  const byCounty = rows.map((row) => ({
    county: row.county,
    evaluated: Number(row.evaluated),
    outstanding: Number(row.outstanding),
    share: round(Number(row.outstanding) / Number(row.evaluated)),
  }));
  const evaluated = byCounty.reduce((sum, c) => sum + c.evaluated, 0);
  const outstanding = byCounty.reduce((sum, c) => sum + c.outstanding, 0);
  const cases = (
    await pool.query<{ opened: string; recalled: string; still_open: string }>(
      `SELECT count(*) AS opened,
              count(*) FILTER (WHERE outcome = 'recalled') AS recalled,
              count(*) FILTER (WHERE closed_at IS NULL) AS still_open
         FROM cases WHERE 'health' = ANY(grounds) AND opened_at >= $1 AND opened_at < $2`,
      inYear,
    )
  ).rows[0]!;
  const open = await pool.query<{ kind: string; n: string }>(
    // Less the asks for a successor to a term that ends after the year: they
    // are the next year's work, left open by design (RegionActors drives none).
    `SELECT t.kind, count(*) AS n FROM tasks t
      WHERE t.created_at < $1 AND (t.closed_at IS NULL OR t.closed_at >= $1)
        AND NOT ${NEXT_YEAR_SUCCESSION_ASK}
      GROUP BY t.kind ORDER BY t.kind`,
    [inYear[1]],
  );
  return {
    year,
    openAtYearEnd: Object.fromEntries(open.rows.map((row) => [row.kind, Number(row.n)])),
    officialsOnPost,
    countyTrainings,
    evaluated,
    outstanding,
    outstandingShare: evaluated ? round(outstanding / evaluated) : 0,
    byCounty,
    healthCases: {
      opened: Number(cases.opened),
      recalled: Number(cases.recalled),
      stillOpen: Number(cases.still_open),
    },
  };
}

export interface FigureRow {
  figure: string;
  report: string;
  simulated: string;
  perOfficialYear: string;
}

const share = (x: number) => `${(100 * x).toFixed(1)} %`;
const perOfficial = (n: number, officials: number) =>
  officials ? (n / officials).toFixed(3) : '–';

/** The side-by-side table: the report's figure, the record's, and per official-year. */
export function figureRows(figures: RecordFigures): FigureRow[] {
  const officials = figures.officialsOnPost;
  return [
    {
      figure: 'officials on post',
      report: REPORT.officials.toLocaleString('en'),
      simulated: String(officials),
      perOfficialYear: '–',
    },
    {
      figure: 'county training sessions',
      report: REPORT.countyTrainings.toLocaleString('en'),
      simulated: String(figures.countyTrainings),
      perOfficialYear: `${perOfficial(figures.countyTrainings, officials)} (report ${(REPORT.countyTrainings / REPORT.officials).toFixed(3)})`,
    },
    {
      figure: 'officials evaluated',
      report: REPORT.evaluated.toLocaleString('en'),
      simulated: String(figures.evaluated),
      perOfficialYear: perOfficial(figures.evaluated, officials),
    },
    {
      figure: 'rated outstanding',
      report: `nearly ${share(REPORT.outstandingShare)}`,
      simulated: `${figures.outstanding} (${share(figures.evaluated ? figures.outstanding / figures.evaluated : 0)})`,
      perOfficialYear: `max county ${share(Math.max(0, ...figures.byCounty.map((c) => c.outstanding / c.evaluated)))}`,
    },
    {
      figure: `reassigned for health (report ${REPORT_YEAR}, simulated ${figures.year})`,
      report: String(REPORT.healthReassignments),
      simulated: `${figures.healthCases.recalled} (of ${figures.healthCases.opened} cases, ${figures.healthCases.stillOpen} open)`,
      perOfficialYear: `${share(officials ? figures.healthCases.recalled / officials : 0)} (report ${share(REPORT.healthReassignments / REPORT.officials)})`,
    },
  ];
}

/** The table in Markdown. */
export function figureTable(rows: readonly FigureRow[]): string {
  return [
    '| figure | report | simulated (from the record) | per official-year |',
    '|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.figure} | ${r.report} | ${r.simulated} | ${r.perOfficialYear} |`),
  ].join('\n');
}
