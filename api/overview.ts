// The overview's figures for an actor's subtree, by county: GROUP BY queries
// over the record (migrations/1008_overview.sql has the indexes they use),
// never a fan-out of Queries to the workflows.
import { z } from 'zod';
import type { Actor } from '../domain/actors.js';
import type { Policy } from '../domain/policy.js';
import { RATINGS, outstandingSlots, type Rating } from '../domain/rating.js';
import {
  CASE_GROUNDS,
  ON_POST_STAGES,
  STAGES,
  TASK_KINDS,
  type CaseGround,
  type Stage,
  type TaskKind,
} from '../domain/records.js';
import type { Pool } from '../platform/db.js';
import { subtreePattern } from './access.js';
import { registry } from './schemas.js';

const Count = z.number().int().min(0);
const County = z.string().openapi({ example: 'gx/nanning/wuming' });
const countsOf = <const T extends readonly [string, ...string[]]>(keys: T) =>
  z.object(Object.fromEntries(keys.map((k) => [k, Count])) as Record<T[number], typeof Count>);

/** How long a case has been open, or closed. */
export const CASE_AGES = ['under30', 'from30to90', 'over90', 'closed'] as const;
export type CaseAge = (typeof CASE_AGES)[number];

export const OverviewSchema = registry.register(
  'Overview',
  z.object({
    scope: z.object({
      jurisdiction: z.string().openapi({ description: "the actor's subtree" }),
      role: z.string(),
    }),
    year: z
      .number()
      .int()
      .openapi({ description: 'the calendar year of the trainings and the evaluation round' }),
    generatedAt: z.string().openapi({ format: 'date-time' }),
    counties: z.array(County).openapi({ description: 'every county with a figure, in path order' }),
    officialsByStage: z.array(z.object({ county: County, stages: countsOf(STAGES), total: Count })),
    overdueTasks: z
      .array(z.object({ county: County, kinds: countsOf(TASK_KINDS), total: Count }))
      .openapi({ description: 'open tasks past their due time, by county and kind' }),
    trainings: z
      .array(
        z.object({
          county: County,
          onPost: Count.openapi({ description: 'officials on post now' }),
          trained: Count.openapi({
            description: 'of them, with at least one county-level training this year',
          }),
          sessions: Count.openapi({
            description: 'county-level trainings recorded this year (on any term of the county)',
          }),
        }),
      )
      .openapi({ description: 'county-level trainings of the calendar year (Asia/Shanghai)' }),
    evaluations: z.object({
      quota: z.number().openapi({ description: 'the outstanding quota of the policy, e.g. 0.25' }),
      policyVersion: z.string(),
      rows: z.array(
        z.object({
          county: County,
          evaluated: Count.openapi({
            description: "term years that ended in the year: the county's round",
          }),
          ratings: countsOf(RATINGS),
          unrated: Count,
          outstandingSlots: Count.openapi({ description: 'how many may be rated outstanding' }),
          overQuota: z.boolean(),
        }),
      ),
    }),
    teams: z
      .object({
        minTeamSize: Count.openapi({ description: "the policy's smallest team a village has" }),
        rows: z.array(
          z.object({
            county: County,
            villages: Count.openapi({ description: 'villages with at least one official on post' }),
            understaffed: Count.openapi({
              description: 'of them, villages with fewer officials on post than the policy asks',
            }),
            noFirstSecretary: Count.openapi({
              description:
                'of them, villages with no first secretary on post (the team has no lead)',
            }),
          }),
        ),
      })
      .openapi({
        description:
          "village teams now: each village's officials on post against the policy's team size, and whether a first secretary leads them",
      }),
    cases: z
      .array(
        z.object({
          county: County,
          ground: z.enum(CASE_GROUNDS),
          ...countsOf(CASE_AGES).shape,
        }),
      )
      .openapi({
        description:
          'reassignment cases by ground (a case with two grounds counts under each) and age: open for under 30 days, 30 to 90, over 90, or closed',
      }),
  }),
);
export type Overview = z.infer<typeof OverviewSchema>;

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** The first instant of a calendar year in Asia/Shanghai (UTC+8, no daylight saving). */
export const shanghaiYearStart = (year: number) => new Date(Date.UTC(year, 0, 1) - 8 * 3_600_000);
export const shanghaiYearOf = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();

/** A row per county met in `rows`, each made by `init`, to add the counts to. */
function byCounty<R extends { county: string }, T>(rows: R[], init: (county: string) => T) {
  const map = new Map<string, T>();
  for (const r of rows) if (!map.has(r.county)) map.set(r.county, init(r.county));
  return map;
}

/**
 * Officials on post with a county-level training in [$3, $4), and the
 * sessions, by county ($5: the stages on post). Two plans for one answer: a
 * county probes decision_log_trained_term once per official of its own
 * (2 ms for 180 officials where the region's plan took 50 ms); more than a
 * county reads the year's entries once by decision_log_trained and hash-joins
 * them (the probes took three times longer for 20,000 officials).
 */
function trainingsSql(jurisdiction: string, scope: string): string {
  const onPost = 'o.stage = ANY ($5)';
  const inYear = "d.action = 'trained' AND d.at >= $3 AND d.at < $4";
  if (jurisdiction.split('/').length >= 3)
    return `SELECT o.county,
              count(*) FILTER (WHERE ${onPost}) AS on_post,
              count(*) FILTER (WHERE ${onPost} AND t.sessions > 0) AS trained,
              coalesce(sum(t.sessions), 0) AS sessions
         FROM officials o
        CROSS JOIN LATERAL (SELECT count(*) AS sessions FROM decision_log d
                             WHERE d.term_id = o.term_id AND ${inYear}) t
        WHERE ${scope} AND (${onPost} OR t.sessions > 0)
        GROUP BY o.county`;
  return `WITH trained AS (
            SELECT d.term_id, count(*) AS sessions FROM decision_log d
             WHERE ${inYear} GROUP BY d.term_id)
          SELECT o.county,
                 count(*) FILTER (WHERE ${onPost}) AS on_post,
                 count(*) FILTER (WHERE ${onPost} AND t.term_id IS NOT NULL) AS trained,
                 coalesce(sum(t.sessions), 0) AS sessions
            FROM officials o LEFT JOIN trained t ON t.term_id = o.term_id
           WHERE ${scope} AND (${onPost} OR t.term_id IS NOT NULL)
           GROUP BY o.county`;
}

/** The figures of the actor's subtree for `year`. Who may ask is checked by the caller. */
export async function loadOverview(
  pool: Pool,
  actor: Actor,
  year: number,
  policy: Policy,
  now = new Date(),
): Promise<Overview> {
  // The subtree, on the county column that every table here carries.
  const scope = (alias: string) => `(${alias}.county = $1 OR ${alias}.county LIKE $2)`;
  const within = [actor.jurisdiction, subtreePattern(actor.jurisdiction)];
  const [stages, overdue, trainings, ratings, cases, teams] = await Promise.all([
    pool.query<{ county: string; stage: Stage; n: number }>(
      `SELECT o.county, o.stage, count(*) AS n FROM officials o
        WHERE ${scope('o')} GROUP BY o.county, o.stage`,
      within,
    ),
    pool.query<{ county: string; kind: TaskKind; n: number }>(
      `SELECT t.county, t.kind, count(*) AS n FROM tasks t
        WHERE t.closed_at IS NULL AND t.due_at < $3 AND ${scope('t')}
        GROUP BY t.county, t.kind`,
      [...within, now],
    ),
    pool.query<{ county: string; on_post: number; trained: number; sessions: number }>(
      trainingsSql(actor.jurisdiction, scope('o')),
      [...within, shanghaiYearStart(year), shanghaiYearStart(year + 1), ON_POST_STAGES],
    ),
    pool.query<{ county: string; rating: Rating | null; n: number }>(
      `SELECT y.county, y.rating, count(*) AS n FROM term_years y
        WHERE y.round_year = $3 AND (y.ends_at <= $4 OR y.rating IS NOT NULL) AND ${scope('y')}
        GROUP BY y.county, y.rating`,
      [...within, year, now],
    ),
    pool.query<{ county: string; ground: CaseGround; age: CaseAge; n: number }>(
      `SELECT c.county, g.ground,
              CASE WHEN c.closed_at IS NOT NULL THEN 'closed'
                   WHEN c.opened_at > $3::timestamptz - interval '30 days' THEN 'under30'
                   WHEN c.opened_at >= $3::timestamptz - interval '90 days' THEN 'from30to90'
                   ELSE 'over90' END AS age,
              count(*) AS n
         FROM cases c CROSS JOIN LATERAL unnest(c.grounds) AS g(ground)
        WHERE ${scope('c')}
        GROUP BY 1, 2, 3`,
      [...within, now],
    ),
    pool.query<{
      county: string;
      villages: number;
      understaffed: number;
      no_first_secretary: number;
    }>(
      `SELECT v.county, count(*)::int AS villages,
              count(*) FILTER (WHERE v.members < $3)::int AS understaffed,
              count(*) FILTER (WHERE v.secretaries = 0)::int AS no_first_secretary
         FROM (SELECT o.county, o.village, count(*) AS members,
                      count(*) FILTER (WHERE o.snapshot->>'post' = 'first_secretary') AS secretaries
                 FROM officials o
                WHERE o.stage = ANY ($4) AND ${scope('o')}
                GROUP BY o.county, o.village) v
        GROUP BY v.county`,
      [...within, policy.minTeamSize, ON_POST_STAGES],
    ),
  ]);

  const stageRows = byCounty(stages.rows, (county) => ({
    county,
    stages: zeros(STAGES),
    total: 0,
  }));
  for (const r of stages.rows) {
    const row = stageRows.get(r.county)!;
    if (r.stage in row.stages) row.stages[r.stage] += r.n;
    row.total += r.n;
  }

  const overdueRows = byCounty(overdue.rows, (county) => ({
    county,
    kinds: zeros(TASK_KINDS),
    total: 0,
  }));
  for (const r of overdue.rows) {
    const row = overdueRows.get(r.county)!;
    if (r.kind in row.kinds) row.kinds[r.kind] += r.n;
    row.total += r.n;
  }

  const ratingRows = byCounty(ratings.rows, (county) => ({
    county,
    evaluated: 0,
    ratings: zeros(RATINGS),
    unrated: 0,
    outstandingSlots: 0,
    overQuota: false,
  }));
  for (const r of ratings.rows) {
    const row = ratingRows.get(r.county)!;
    row.evaluated += r.n;
    if (r.rating !== null && r.rating in row.ratings) row.ratings[r.rating] += r.n;
    else row.unrated += r.n;
  }
  for (const row of ratingRows.values()) {
    row.outstandingSlots = outstandingSlots(row.evaluated, policy);
    row.overQuota = row.ratings.outstanding > row.outstandingSlots;
  }

  const caseRows = new Map<string, Overview['cases'][number]>();
  for (const r of cases.rows) {
    const key = `${r.county}\u0000${r.ground}`;
    if (!caseRows.has(key))
      caseRows.set(key, { county: r.county, ground: r.ground, ...zeros(CASE_AGES) });
    caseRows.get(key)![r.age] += r.n;
  }

  const sorted = <T extends { county: string }>(rows: Iterable<T>) =>
    [...rows].sort((a, b) => (a.county < b.county ? -1 : a.county > b.county ? 1 : 0));
  const trainingRows = trainings.rows.map((r) => ({
    county: r.county,
    onPost: r.on_post,
    trained: r.trained,
    sessions: Number(r.sessions),
  }));
  const counties = [
    ...new Set([
      ...stageRows.keys(),
      ...overdueRows.keys(),
      ...trainingRows.map((r) => r.county),
      ...ratingRows.keys(),
      ...[...caseRows.values()].map((r) => r.county),
      ...teams.rows.map((r) => r.county),
    ]),
  ].sort();

  return {
    scope: { jurisdiction: actor.jurisdiction, role: actor.role },
    year,
    generatedAt: now.toISOString(),
    counties,
    officialsByStage: sorted(stageRows.values()),
    overdueTasks: sorted(overdueRows.values()),
    trainings: sorted(trainingRows),
    evaluations: {
      quota: policy.outstandingQuota,
      policyVersion: policy.version,
      rows: sorted(ratingRows.values()),
    },
    teams: {
      minTeamSize: policy.minTeamSize,
      rows: sorted(
        teams.rows.map((r) => ({
          county: r.county,
          villages: r.villages,
          understaffed: r.understaffed,
          noFirstSecretary: r.no_first_secretary,
        })),
      ),
    },
    cases: sorted(caseRows.values()).sort(
      (a, b) =>
        (a.county < b.county ? -1 : a.county > b.county ? 1 : 0) ||
        CASE_GROUNDS.indexOf(a.ground) - CASE_GROUNDS.indexOf(b.ground),
    ),
  };
}
