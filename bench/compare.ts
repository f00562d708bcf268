// The headline figures of the latest full run on each Temporal, side by side
// (docs/performance.md, between the bench:begin compare markers): written by
// whichever run came last, from its own results and the other Temporal's
// latest-<temporal>.json, so that a run on one never erases the other's.
import { figure, memoryList, percentiles, TEMPORAL_NAMES } from './report.js';

// The results as written to JSON, read loosely: older result files lack some fields.
type Results = Record<string, any>;

type Cell = (results: Results) => string;

const pair = (p50: number | undefined, p95: number | undefined) =>
  `${figure(p50)} / ${figure(p95)}`;
const productAndBare = (product: string, bare: string) => `${product} (bare ${bare})`;

/** Mean cores over the loaded phases, weighted by their wall time. */
function meanCores(results: Results, key: string, phases = LOADED_PHASES): number | undefined {
  const cpu = (results.cpuCores ?? {}) as Record<string, Record<string, number>>;
  let wall = 0;
  let sum = 0;
  for (const phase of phases) {
    const cores = cpu[phase];
    if (!cores || cores[key] === undefined) continue;
    wall += cores.wallSeconds!;
    sum += cores[key]! * cores.wallSeconds!;
  }
  return wall ? sum / wall : undefined;
}
const LOADED_PHASES = [
  'bare.starts.firstBatch',
  'bare.decide.c1',
  'bare.decide.c10',
  'domain.starts.firstBatch',
  'domain.decide.c1',
  'domain.decide.c1.direct',
  'domain.decide.c10',
  'both.onboard.rest',
  'both.year',
  'domain.closedCohort',
];

/** Temporal's processes' memory: the sum, then each service on the cluster. */
function temporalMemory(byProcess: Record<string, number> | undefined): string {
  if (!byProcess) return 'n/a';
  const services = Object.entries(byProcess).filter(([name]) => name.startsWith('temporal'));
  if (services.length <= 1) return figure(services[0]?.[1], 0);
  const total = services.reduce((sum, [, mib]) => sum + mib, 0);
  return `${figure(total, 0)}: ${services.map(([name, mib]) => `${name.replace('temporal-', '')} ${figure(mib, 0)}`).join(', ')}`;
}
const appMemory = (byProcess: Record<string, number> | undefined) =>
  byProcess
    ? memoryList(
        Object.fromEntries(
          Object.entries(byProcess).filter(([name]) => !name.startsWith('temporal')),
        ),
      )
    : 'n/a';

const ROWS: [string, Cell][] = [
  [
    'run',
    (r) =>
      `${r.date.slice(0, 16).replace('T', ' ')} UTC, ${figure(r.config.officials, 0)} officials (+${figure(r.config.closedCohort, 0)} closed), a policy day of ${r.config.dayMs} ms`,
  ],
  [
    'Temporal',
    (r) => `${r.machine.temporalSetup ?? 'dev server on SQLite'}; ${r.machine.temporal}`,
  ],
  [
    'start-up (s): Temporal ready (namespace and search attributes registered) / everything, workers and API ready',
    (r) =>
      r.startupSeconds
        ? `${figure(r.startupSeconds.temporal)} / ${figure(r.startupSeconds.total)}`
        : 'n/a',
  ],
  [
    'workflow starts per second, 20 callers (product over HTTP; bare)',
    (r) => productAndBare(figure(r.starts.domain.firstBatch), figure(r.starts.bare.firstBatch)),
  ],
  [
    'decision round trip p50 / p95 (ms), 1 caller',
    (r) => {
      const c1 = r.decisionRoundTripMs.c1;
      return `${productAndBare(pair(c1.domain.p50, c1.domain.p95), pair(c1.bare.p50, c1.bare.p95))}; straight to the workflow ${pair(c1.domainDirectUpdate?.p50, c1.domainDirectUpdate?.p95)}`;
    },
  ],
  [
    'decision round trip p50 / p95 (ms), 10 callers',
    (r) => {
      const c10 = r.decisionRoundTripMs.c10;
      return productAndBare(pair(c10.domain.p50, c10.domain.p95), pair(c10.bare.p50, c10.bare.p95));
    },
  ],
  [
    'decision round trip p50 / p95 / p99 (ms), 10 callers, during the year',
    (r) => percentiles(r.decisionRoundTripMs.duringYear.domain),
  ],
  [
    'CPU per decision at 10 callers (ms, every process of the run; of it Temporal)',
    (r) => {
      const cpu = r.cpuMsPerDecisionC10;
      return cpu
        ? productAndBare(
            `${figure(cpu.domain.all)}; ${figure(cpu.domain.temporal)}`,
            `${figure(cpu.bare.all)}; ${figure(cpu.bare.temporal)}`,
          )
        : 'n/a';
    },
  ],
  [
    'history events per official-year, mean',
    (r) =>
      productAndBare(
        figure(r.history.domain.historyLength.mean),
        figure(r.history.bare.historyLength.mean),
      ),
  ],
  [
    'wall time of the simulated year (min; the clock alone) / behind the clock at year end, p50 (s)',
    (r) =>
      `${figure(r.year.domain.wallSeconds / 60)} (${figure(r.year.domain.idealSeconds / 60)}) / ${figure(r.year.domain.lateAfterYearEndSeconds.p50)}`,
  ],
  [
    'Temporal memory, MiB at start (RSS, sum: each process)',
    (r) => temporalMemory(r.processMemoryMiB?.atStart),
  ],
  ['… largest during the run', (r) => temporalMemory(r.processMemoryMiB?.peak)],
  [
    'the rest at start, MiB (PostgreSQL: PSS of its processes)',
    (r) => appMemory(r.processMemoryMiB?.atStart),
  ],
  ['… largest during the run', (r) => appMemory(r.processMemoryMiB?.peak)],
  [
    "cores busy in the loaded phases: Temporal / the run's processes / the machine (others' share)",
    (r) => {
      const others = meanCores(r, 'others');
      return `${figure(meanCores(r, 'temporal'), 2)} / ${figure(meanCores(r, 'ours'), 2)} / ${figure(meanCores(r, 'machineBusy'), 2)} (${figure(others, 2)})`;
    },
  ],
  [
    'decisions lost / doubled; reminders lost / doubled',
    (r) =>
      `${r.correctness.decisionsLost} / ${r.correctness.decisionsDoubled}; ${r.correctness.remindersLost} / ${r.correctness.remindersDoubled}`,
  ],
];

/** The side-by-side table; a Temporal with no full run yet shows "not run". */
export function renderComparison(dev: Results | undefined, cluster: Results | undefined): string {
  const cell = (results: Results | undefined, fill: Cell) => {
    if (!results) return 'not run';
    try {
      return fill(results);
    } catch {
      return 'n/a';
    }
  };
  const lines = [
    `| figure (product over HTTP, bare workflow in brackets) | ${TEMPORAL_NAMES.dev} | ${TEMPORAL_NAMES.cluster} |`,
    '|---|---|---|',
    ...ROWS.map(([label, fill]) => `| ${label} | ${cell(dev, fill)} | ${cell(cluster, fill)} |`),
  ];
  return lines.join('\n') + '\n';
}
