// Renders bench results as a markdown table and puts it into
// docs/performance.md, between its Temporal's markers (bench:begin dev or
// cluster, and the comparison's bench:begin compare), leaving the rest of the
// file alone.
import { readFileSync, writeFileSync } from 'node:fs';

import type { Summary } from './lib.js';

// The results as written to JSON, read loosely: older result files lack some fields.
type Results = Record<string, any>;

/** A figure for the table: thousands separated, `digits` decimals at most, 'n/a' when missing. */
export const figure = (x: number | undefined, digits = 1) =>
  x === undefined || Number.isNaN(x)
    ? 'n/a'
    : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
const ratio = (product: number | undefined, bare: number | undefined) =>
  product === undefined ||
  bare === undefined ||
  !bare ||
  Number.isNaN(product) ||
  Number.isNaN(bare)
    ? 'n/a'
    : `${(product / bare).toFixed(2)}×`;
export const percentiles = (summary: Summary | undefined) =>
  summary && summary.n
    ? `${figure(summary.p50)} / ${figure(summary.p95)} / ${figure(summary.p99)}`
    : 'n/a';
const verdict = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? '✅ met' : '❌ missed');

/** Which Temporal a run was on; results from before the flag were all on the dev server. */
export const temporalOf = (results: Results): 'dev' | 'cluster' =>
  results.temporal === 'cluster' ? 'cluster' : 'dev';
export const TEMPORAL_NAMES = { dev: 'Temporal dev server', cluster: 'Temporal cluster' };

/** MiB by process, as `name n MiB, ...`. */
export const memoryList = (byProcess: Record<string, number> | undefined) =>
  byProcess
    ? Object.entries(byProcess)
        .map(([name, mib]) => `${name} ${figure(mib, 0)}`)
        .join(', ')
    : 'n/a';

export function renderMarkdown(results: Results): string {
  const machine = results.machine;
  const config = results.config;
  const roundTrips = results.decisionRoundTripMs;
  const history = results.history;
  const year = results.year;
  const memory = results.memory;
  const inbox = results.inboxMs;
  const correctness = results.correctness;
  const startsOk =
    results.starts.domain.firstBatch >= 100 &&
    results.starts.domain.firstBatch >= 0.8 * results.starts.bare.firstBatch;
  const c10Ok = roundTrips.c10.domain.p95 <= 60;
  const c1Ok = roundTrips.c1.domain.p50 <= 1.3 * roundTrips.c1.bare.p50;
  const inboxP95 = Math.max(
    inbox.running.county.p95 || 0,
    inbox.running.township.p95 || 0,
    inbox.running.official.p95 || 0,
  );
  const histOk = history.domain.historyLength.mean <= 1.3 * history.bare.historyLength.mean;
  const yearMin = year.domain.wallSeconds / 60;
  const yearOk = config.officials >= 19_000 ? yearMin <= 30 : undefined;
  const memOk = memory.domain ? memory.domain.rssPerCachedKiB <= 1024 : undefined;

  const lines: string[] = [];
  lines.push(
    `Run of ${results.date.slice(0, 16).replace('T', ' ')} UTC (${results.mode}, **${TEMPORAL_NAMES[temporalOf(results)]}**, namespace \`${results.namespace ?? 'default'}\`): **${figure(config.officials, 0)} officials** on duty (+${figure(config.closedCohort, 0)} closed terms), a policy day of ${config.dayMs} ms (${config.policyVersion}: a year is ${figure((360 * config.dayMs) / 60_000)} min of wall time), ${config.counties} counties.`,
  );
  lines.push('');
  lines.push(
    `Machine: ${machine.cores} cores (${machine.cpuModel}), ${figure(machine.memoryGiB)} GiB, Node ${machine.node}, ${machine.temporal}, TypeScript SDK ${machine.temporalSdk}, PostgreSQL ${machine.postgres} (fsync on), ${machine.temporalSetup ?? 'Temporal dev server on SQLite with `journal_mode=wal`'}.`,
  );
  const startup = results.startupSeconds;
  if (startup)
    lines.push(
      '',
      `Start-up (s): PostgreSQL with the app's migrations ${figure(startup.postgres)}, Temporal ${figure(startup.temporal)}, workers and API ${figure(startup.children)}; ${figure(startup.total)} in all.${results.temporalRestarts ? ` Temporal services restarted during the run: ${results.temporalRestarts}.` : ''}`,
    );
  const processMemory = results.processMemoryMiB;
  if (processMemory)
    lines.push(
      '',
      `Memory by process, MiB (RSS; PostgreSQL: PSS summed over its processes), at start: ${memoryList(processMemory.atStart)}; largest: ${memoryList(processMemory.peak)}.`,
    );
  lines.push('');
  lines.push(
    '| figure | product (HTTP API) | bare workflow (direct client) | product ÷ bare | target | |',
  );
  lines.push('|---|---|---|---|---|---|');
  lines.push(
    `| workflow starts per second, ${config.startCallers} callers, first ${figure(Math.min(config.batch, config.officials), 0)} | ${figure(results.starts.domain.firstBatch)} | ${figure(results.starts.bare.firstBatch)} | ${ratio(results.starts.domain.firstBatch, results.starts.bare.firstBatch)} | ≥ 100/s and ≥ 0.8 × bare | ${verdict(startsOk)} |`,
  );
  lines.push(
    `| officials onboarded per second afterwards (start, 3 vetting replies, approval, training; 10 callers, while the earlier officials' years run) | ${figure(results.starts.domain.onboardedPerSecondAfter)} | ${figure(results.starts.bare.onboardedPerSecondAfter)} | ${ratio(results.starts.domain.onboardedPerSecondAfter, results.starts.bare.onboardedPerSecondAfter)} | | |`,
  );
  lines.push(
    `| start round trip p50 / p95 / p99 (ms) | ${percentiles(results.starts.latencyMs.domain)} | ${percentiles(results.starts.latencyMs.bare)} | ${ratio(results.starts.latencyMs.domain.p50, results.starts.latencyMs.bare.p50)} (p50) | | |`,
  );
  lines.push(
    `| decision round trip p50 / p95 / p99 (ms), 1 caller | ${percentiles(roundTrips.c1.domain)} | ${percentiles(roundTrips.c1.bare)} | ${ratio(roundTrips.c1.domain.p50, roundTrips.c1.bare.p50)} (p50) | p50 ≤ 1.3 × bare | ${verdict(c1Ok)} |`,
  );
  lines.push(
    `| … the same Update sent straight from a client to the term workflow, 1 caller (no HTTP, no API) | ${percentiles(roundTrips.c1.domainDirectUpdate)} | ${percentiles(roundTrips.c1.bare)} | ${ratio(roundTrips.c1.domainDirectUpdate?.p50, roundTrips.c1.bare.p50)} (p50) | | |`,
  );
  lines.push(
    `| … one committed INSERT on the PostgreSQL (fsync on), p50 / p95 / p99 (ms) | ${percentiles(results.postgresCommitMs)} | | | | |`,
  );
  lines.push(
    `| decision round trip p50 / p95 / p99 (ms), 10 callers | ${percentiles(roundTrips.c10.domain)} | ${percentiles(roundTrips.c10.bare)} | ${ratio(roundTrips.c10.domain.p95, roundTrips.c10.bare.p95)} (p95) | p95 ≤ 60 ms | ${verdict(c10Ok)} |`,
  );
  lines.push(
    `| decision round trip p50 / p95 / p99 (ms), 10 callers, during the year | ${percentiles(roundTrips.duringYear.domain)} | ${percentiles(roundTrips.duringYear.bare)} | ${ratio(roundTrips.duringYear.domain.p95, roundTrips.duringYear.bare.p95)} (p95) | | |`,
  );
  lines.push(
    `| inbox p50 / p95 / p99 (ms), all officials running: county org | ${percentiles(inbox.running.county)} | | | p95 ≤ 100 ms | ${verdict(inboxP95 <= 100)} |`,
  );
  lines.push(
    `| … township / official | ${percentiles(inbox.running.township)} · ${percentiles(inbox.running.official)} | | | | |`,
  );
  lines.push(
    `| … region-wide county-org view (every open task of the region) | ${percentiles(inbox.running.region)} | | | (not a user's inbox) | |`,
  );
  lines.push(
    `| inbox p95 (ms) with ${figure(config.closedCohort, 0)} closed terms too: county / township / official / region | ${figure(inbox.withClosed.county.p95)} / ${figure(inbox.withClosed.township.p95)} / ${figure(inbox.withClosed.official.p95)} / ${figure(inbox.withClosed.region.p95)} | | | | |`,
  );
  const regionScale = inbox.regionScale;
  if (regionScale)
    lines.push(
      `| inbox p50 / p95 (ms) with ${figure(regionScale.officialsOnRecord, 0)} officials on record (${figure(regionScale.seeded, 0)} of them records written straight to PostgreSQL, no workflow behind them; 111 counties): county / township / official / region | ${figure(regionScale.county.p50)} / ${figure(regionScale.county.p95)} · ${figure(regionScale.township.p50)} / ${figure(regionScale.township.p95)} · ${figure(regionScale.official.p50)} / ${figure(regionScale.official.p95)} · ${figure(regionScale.region.p50)} / ${figure(regionScale.region.p95)} | | | p95 ≤ 100 ms with 19,000 | ${verdict(Math.max(regionScale.county.p95, regionScale.township.p95, regionScale.official.p95) <= 100)} |`,
    );
  lines.push(
    `| history events per official-year (mean, max) | ${figure(history.domain.historyLength.mean)} (${figure(history.domain.historyLength.max, 0)}) | ${figure(history.bare.historyLength.mean)} (${figure(history.bare.historyLength.max, 0)}) | ${ratio(history.domain.historyLength.mean, history.bare.historyLength.mean)} | ≤ 1.3 × bare | ${verdict(histOk)} |`,
  );
  lines.push(
    `| … plus the county round's events, per official-year | ${figure(history.roundEventsPerOfficialYear)} | – | | | |`,
  );
  lines.push(
    `| state transitions per official-year (mean) | ${figure(history.domain.stateTransitionCount.mean)} | ${figure(history.bare.stateTransitionCount.mean)} | ${ratio(history.domain.stateTransitionCount.mean, history.bare.stateTransitionCount.mean)} | | |`,
  );
  lines.push(
    `| worker memory per cached workflow (RSS delta ÷ cached; ${memory.domain?.cachedAtPeak ?? 'n/a'} / ${memory.bare?.cachedAtPeak ?? 'n/a'} cached) | ${figure(memory.domain?.rssPerCachedKiB)} KiB | ${figure(memory.bare?.rssPerCachedKiB)} KiB | ${ratio(memory.domain?.rssPerCachedKiB, memory.bare?.rssPerCachedKiB)} | ≤ 1 MB | ${verdict(memOk)} |`,
  );
  lines.push(
    `| wall time of the simulated year, first dispatch to last rating (min) | ${figure(year.domain.wallSeconds / 60)} (clock alone: ${figure(year.domain.idealSeconds / 60)}) | ${figure(year.bare.wallSeconds / 60)} (clock alone: ${figure(year.bare.idealSeconds / 60)}) | ${ratio(year.domain.wallSeconds, year.bare.wallSeconds)} | ≤ 30 min for 19,000 | ${yearOk === undefined ? `not measured at 19,000` : verdict(yearOk)} |`,
  );
  lines.push(
    `| behind the clock at year end, p50 / p95 / max (s) | ${figure(year.domain.lateAfterYearEndSeconds.p50)} / ${figure(year.domain.lateAfterYearEndSeconds.p95)} / ${figure(year.domain.lateAfterYearEndSeconds.max)} | ${figure(year.bare.lateAfterYearEndSeconds.p50)} / ${figure(year.bare.lateAfterYearEndSeconds.p95)} / ${figure(year.bare.lateAfterYearEndSeconds.max)} | | | |`,
  );
  lines.push(
    `| month-end task ready to decision sent, p50 / p95 (ms) | ${figure(year.domain.monthLatenessMs.p50)} / ${figure(year.domain.monthLatenessMs.p95)} | ${figure(year.bare.monthLatenessMs.p50)} / ${figure(year.bare.monthLatenessMs.p95)} | | | |`,
  );
  lines.push(
    `| reminders sent per second (mean over the mail; peak 10 s) | ${figure(results.reminders.sentPerSecond)} (${figure(results.reminders.peakPerSecond10s)}) | – | | | |`,
  );
  lines.push(
    `| reminders mailed (training and health due-30d: ${figure(results.reminders.trainingAndHealthRows, 0)} of ${figure(results.reminders.expectedTrainingAndHealth, 0)} expected) / called off before sending (obligation met) | ${figure(results.reminders.mailed, 0)} / ${figure(results.reminders.calledOff ?? 0, 0)} | – | | | |`,
  );
  if (results.reminders.byObligation?.length)
    lines.push(
      `| … reminders by what they were about (kind · rung: count) | ${(
        results.reminders.byObligation as { what: string; rung: string; n: number }[]
      )
        .slice(0, 8)
        .map((x) => `${x.what} · ${x.rung}: ${figure(x.n, 0)}`)
        .join('; ')} | | | | |`,
    );
  if (results.reminders.lateTasks?.length)
    lines.push(
      `| … tasks decided after their deadline (or still open past it), of all, by kind | ${
        (results.reminders.lateTasks as { kind: string; late: number; total: number }[])
          .filter((x) => x.late > 0)
          .map((x) => `${x.kind}: ${figure(x.late, 0)} of ${figure(x.total, 0)}`)
          .join('; ') || 'none'
      } | | | | |`,
    );
  lines.push(
    `| decisions acknowledged / lost / doubled | ${figure(correctness.decisionsAcknowledged, 0)} / **${correctness.decisionsLost}** / **${correctness.decisionsDoubled}** | ${correctness.bareSampled} sampled: ${correctness.bareLost} / ${correctness.bareDoubled} | | 0 / 0 | ${verdict(correctness.decisionsLost === 0 && correctness.decisionsDoubled === 0)} |`,
  );
  lines.push(
    `| reminders lost / doubled (log vs notifications vs mail catcher)${correctness.remindersUnlogged ? `; notification rows with no order on the log: ${correctness.remindersUnlogged}` : ''} | **${correctness.remindersLost}** / **${correctness.remindersDoubled}** | | | 0 / 0 | ${verdict(correctness.remindersLost === 0 && correctness.remindersDoubled === 0)} |`,
  );
  lines.push(
    `| failed calls / HTTP retries (5xx, in progress) / applied but answered with an error, then "already decided" on retry | ${correctness.failures} / ${correctness.httpRetries} / ${correctness.appliedThenErrored} | Update errors retried: ${correctness.transientUpdateErrors} | | | |`,
  );
  const duringYears = results.duringYears;
  if (duringYears?.samples) {
    lines.push(
      `| while the years ran (${duringYears.samples} samples): workflow-task backlog p50 / max (oldest waiting, max s) | ${figure(duringYears.workflowBacklog.p50, 0)} / ${figure(duringYears.workflowBacklog.max, 0)} (${figure(duringYears.workflowBacklogAgeSeconds.max)} s) | | | | |`,
    );
    lines.push(
      `| … activity-task backlog p50 / max (oldest waiting, max s) | ${figure(duringYears.activityBacklog.p50, 0)} / ${figure(duringYears.activityBacklog.max, 0)} (${figure(duringYears.activityBacklogAgeSeconds.max)} s) | | | | |`,
    );
    lines.push(
      `| … worker's record-pool connections busy (of 16) / idle in a transaction, p50 and max | ${figure(duringYears.workerPgConnections.p50, 0)} and ${figure(duringYears.workerPgConnections.max, 0)} / ${figure(duringYears.workerPgIdleInTransaction.p50, 0)} and ${figure(duringYears.workerPgIdleInTransaction.max, 0)} | | | | |`,
    );
  }
  lines.push('');
  lines.push(
    'CPU by process, in cores (CPU seconds per wall second; the machine has ' +
      machine.cores +
      '):',
  );
  lines.push('');
  const cpu = results.cpuCores as Record<string, Record<string, number>>;
  const services = Object.keys(Object.values(cpu)[0] ?? {}).filter((key) =>
    key.startsWith('temporal-'),
  );
  const columns = [
    'wallSeconds',
    'temporal',
    ...services,
    'postgres',
    'domainWorker',
    'bareWorker',
    'api',
    'driver',
    'others',
    'machineBusy',
  ];
  lines.push(`| phase | ${columns.join(' | ')} |`);
  lines.push(`|---|${columns.map(() => '---').join('|')}|`);
  for (const [phase, cores] of Object.entries(cpu))
    lines.push(`| ${phase} | ${columns.map((column) => figure(cores[column], 2)).join(' | ')} |`);
  lines.push('');
  return lines.join('\n');
}

export type DocBlock = 'dev' | 'cluster' | 'compare';
const HEADINGS: Record<DocBlock, string> = {
  compare: 'Dev server and cluster side by side',
  dev: 'Latest run on the Temporal dev server',
  cluster: 'Latest run on the Temporal cluster',
};
export const blockMarkers = (block: DocBlock) => ({
  begin: `<!-- bench:begin ${block} (written by npm run bench) -->`,
  end: `<!-- bench:end ${block} -->`,
});

/**
 * Replaces one generated block of the performance document (a Temporal's
 * table, or the comparison), leaving the other blocks and the prose alone;
 * adds a section for it when the document has none.
 */
export function updatePerformanceDoc(path: string, md: string, which: DocBlock): void {
  let text = readFileSync(path, 'utf8');
  const { begin, end: endMarker } = blockMarkers(which);
  const block = `${begin}\n${md.trim()}\n${endMarker}`;
  const start = text.indexOf(begin);
  const end = text.indexOf(endMarker);
  if (start >= 0 && end > start)
    text = text.slice(0, start) + block + text.slice(end + endMarker.length);
  else text = `${text.trimEnd()}\n\n## ${HEADINGS[which]}\n\n${block}\n`;
  writeFileSync(path, text);
}
