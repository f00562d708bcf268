// The benchmark's flags, and every size, pace and caller count that follows
// from them: the one place where smoke and full runs differ, and where the
// Temporal it runs on is chosen (`npm run bench -- --help` prints USAGE).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { scaledPolicy, type Policy } from '../domain/policy.js';
import { CLUSTER_NAMESPACE } from '../scripts/cluster-layout.js';

export const benchDir = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(benchDir, '..');
/** Where a full run puts its table (between the bench:begin and bench:end markers). */
export const PERFORMANCE_DOC = join(repoRoot, 'docs', 'performance.md');

export const USAGE = `usage: npm run bench [-- options]

  --temporal dev|cluster  the Temporal the run starts (default dev):
                          dev      the Temporal CLI's dev server on a SQLite file
                                   (journal_mode=wal), namespace default
                          cluster  the production shape as npm run cluster starts it:
                                   four temporal-server processes (history, matching,
                                   frontend, worker; 8 history shards) on the
                                   embedded PostgreSQL, namespace zhucun
  --officials N           officials driven through onboarding and a year (default 19000)
  --smoke                 100 officials, a policy day of 400 ms, correctness only
  --day-ms MS             a policy day, in ms of wall time (default 2000; smoke 400)
  --batch N               the first batch, measured alone (default 300; smoke 40)
  --closed N              terms nominated and closed afterwards (default: as many as officials)
  --region N              officials the region has; the rest are written as records
                          for the inbox (default 19000; 0: none)
  --out DIR               results directory (default bench/results)
  --no-docs               leave docs/performance.md alone
  --help                  this text

Results: <out>/latest-<temporal>.{json,md} (smoke: smoke-<temporal>.*); a full
run also writes its own table and the side-by-side table in docs/performance.md.`;

export const TEMPORAL_KINDS = ['dev', 'cluster'] as const;
export type TemporalKind = (typeof TEMPORAL_KINDS)[number];

export interface BenchOptions {
  smoke: boolean;
  /** The Temporal the run starts: the dev server, or four services as `npm run cluster` runs them. */
  temporal: TemporalKind;
  /** `default` on the dev server, `zhucun` on the cluster (as npm start and npm run cluster). */
  namespace: string;
  /** Officials driven through onboarding and their year. */
  officials: number;
  /** A policy day, in ms of wall time. */
  dayMs: number;
  monthMs: number;
  /** The rules the API starts terms under: scaled to dayMs, and a term of one year. */
  policy: Policy;
  /** The first batch, measured phase by phase with nothing else running. */
  batch: number;
  /** Terms nominated and closed (an objection at vetting, the nomination ended by the county) after the years. */
  closedCohort: number;
  /** Officials the region has: beyond those driven, the rest are seeded as records for the inbox (0: none). */
  region: number;
  counties: number;
  outDir: string;
  /** Results in smoke-<temporal>.{json,md} or latest-<temporal>.{json,md}. */
  resultsName: `${'smoke' | 'latest'}-${TemporalKind}`;
  /** Whether the run's table goes into docs/performance.md. */
  writeDocs: boolean;
  startCallers: number;
  decideCallers: number;
  /** Vetting replies sent one at a time (over HTTP, and straight to the workflow). */
  probeC1: number;
  probeDirect: number;
  /** Every k-th official's history is described. */
  historySampleEvery: number;
  maxCachedWorkflows: number;
  workerHeapMiB: number;
  /** Inbox listings with the closed cohort on record, and again at region scale. */
  inboxListings: number;
  /** Pauses between inbox listings: while the years run, and at region scale. */
  inboxPauseMs: number;
  regionInboxPauseMs: number;
  /** How often the task backlogs and connections are sampled while the years run. */
  backlogSampleMs: number;
  /** Longest wait for the last terms to close and their reminders to be final. */
  settleBudgetMs: number;
}

/** The options of a command line; throws on an unknown flag or a bad value. */
export function readOptions(args: string[] = process.argv.slice(2)): BenchOptions {
  const { values: flags } = parseArgs({
    args,
    options: {
      temporal: { type: 'string', default: 'dev' },
      help: { type: 'boolean', default: false },
      officials: { type: 'string' },
      smoke: { type: 'boolean', default: false },
      'day-ms': { type: 'string' },
      batch: { type: 'string' },
      closed: { type: 'string' },
      out: { type: 'string' },
      'no-docs': { type: 'boolean', default: false },
      region: { type: 'string' },
    },
  });
  const temporal = flags.temporal as TemporalKind;
  if (!TEMPORAL_KINDS.includes(temporal))
    throw new Error(`--temporal must be dev or cluster (got ${flags.temporal})`);
  const smoke = flags.smoke ?? false;
  const officials = Number(flags.officials ?? (smoke ? 100 : 19_000));
  const dayMs = Number(flags['day-ms'] ?? (smoke ? 400 : 2_000));
  const batch = Number(flags.batch ?? (smoke ? 40 : 300));
  const closedCohort = Number(flags.closed ?? (smoke ? 50 : officials));
  const probeC1 = Math.min(300, Math.floor(0.4 * 3 * Math.min(batch, officials)));
  // A term of one year: each official's simulated year ends with the final
  // evaluation and a closed record, so nothing of a second year (its months, its
  // self-report, its training ladder) runs on while the benchmark counts.
  const policy = { ...scaledPolicy(dayMs), termMonths: 12 };
  policy.version += '+term-12m';
  return {
    smoke,
    temporal,
    namespace: temporal === 'cluster' ? CLUSTER_NAMESPACE : 'default',
    officials,
    dayMs,
    monthMs: 30 * dayMs,
    policy,
    batch,
    closedCohort,
    region: Number(flags.region ?? (smoke ? 0 : 19_000)),
    // Guangxi: about 19,000 officials in 111 counties, so about 171 a county.
    counties: Math.max(2, Math.ceil((officials + closedCohort) / 171)),
    outDir: resolve(flags.out ?? join(benchDir, 'results')),
    resultsName: `${smoke ? 'smoke' : 'latest'}-${temporal}`,
    writeDocs: !smoke && !flags['no-docs'],
    startCallers: 20,
    decideCallers: 10,
    probeC1,
    probeDirect: Math.floor(probeC1 / 2),
    historySampleEvery: Math.max(1, Math.floor(officials / 300)),
    maxCachedWorkflows: officials + closedCohort + 2_000,
    workerHeapMiB: smoke ? 2048 : 8192,
    inboxListings: smoke ? 80 : 400,
    inboxPauseMs: smoke ? 100 : 250,
    regionInboxPauseMs: smoke ? 50 : 100,
    backlogSampleMs: smoke ? 2_000 : 5_000,
    // As long as the sweep and the reminder wait before it could take together.
    settleBudgetMs: (smoke ? 8 : 22) * 60_000,
  };
}
