// Renders bench results as a markdown table and puts it into README.md's
// "Performance" section, between markers, leaving the rest of the file alone.
import { readFileSync, writeFileSync } from 'node:fs';

type Results = Record<string, any>;
interface S {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

const f = (x: number | undefined, digits = 1) =>
  x === undefined || Number.isNaN(x)
    ? 'n/a'
    : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || !b || Number.isNaN(a) || Number.isNaN(b)
    ? 'n/a'
    : `${(a / b).toFixed(2)}×`;
const pct = (s: S | undefined) => (s && s.n ? `${f(s.p50)} / ${f(s.p95)} / ${f(s.p99)}` : 'n/a');
const verdict = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? '✅ met' : '❌ missed');

export function renderMarkdown(r: Results): string {
  const m = r.machine;
  const c = r.config;
  const d = r.decisionRoundTripMs;
  const h = r.history;
  const y = r.year;
  const mem = r.memory;
  const inbox = r.inboxMs;
  const ok = r.correctness;
  const startsOk =
    r.starts.domain.firstBatch >= 100 &&
    r.starts.domain.firstBatch >= 0.8 * r.starts.bare.firstBatch;
  const c10ok = d.c10.domain.p95 <= 60;
  const c1ok = d.c1.domain.p50 <= 1.3 * d.c1.bare.p50;
  const inboxP95 = Math.max(
    inbox.running.county.p95 || 0,
    inbox.running.township.p95 || 0,
    inbox.running.official.p95 || 0,
  );
  const histOk = h.domain.historyLength.mean <= 1.3 * h.bare.historyLength.mean;
  const yearMin = y.domain.wallSeconds / 60;
  const yearOk = c.officials >= 19_000 ? yearMin <= 30 : undefined;
  const memOk = mem.domain ? mem.domain.rssPerCachedKiB <= 1024 : undefined;

  const lines: string[] = [];
  lines.push(
    `Run of ${r.date.slice(0, 16).replace('T', ' ')} UTC (${r.mode}): **${f(c.officials, 0)} officials** on duty (+${f(c.closedCohort, 0)} closed terms), a policy day of ${c.dayMs} ms (${c.policyVersion}: a year is ${f((360 * c.dayMs) / 60_000)} min of wall time), ${c.counties} counties.`,
  );
  lines.push('');
  lines.push(
    `Machine: ${m.cores} cores (${m.cpuModel}), ${f(m.memoryGiB)} GiB, Node ${m.node}, ${m.temporal}, TypeScript SDK ${m.temporalSdk}, PostgreSQL ${m.postgres} (fsync on), Temporal dev server on SQLite with \`journal_mode=wal\`.`,
  );
  lines.push('');
  lines.push(
    '| figure | product (HTTP API) | bare workflow (direct client) | product ÷ bare | target | |',
  );
  lines.push('|---|---|---|---|---|---|');
  lines.push(
    `| workflow starts per second, ${c.startCallers} callers, first ${f(Math.min(c.batch, c.officials), 0)} | ${f(r.starts.domain.firstBatch)} | ${f(r.starts.bare.firstBatch)} | ${ratio(r.starts.domain.firstBatch, r.starts.bare.firstBatch)} | ≥ 100/s and ≥ 0.8 × bare | ${verdict(startsOk)} |`,
  );
  lines.push(
    `| officials onboarded per second afterwards (start, 3 vetting replies, approval, training; 10 callers, while the earlier officials' years run) | ${f(r.starts.domain.onboardedPerSecondAfter)} | ${f(r.starts.bare.onboardedPerSecondAfter)} | ${ratio(r.starts.domain.onboardedPerSecondAfter, r.starts.bare.onboardedPerSecondAfter)} | | |`,
  );
  lines.push(
    `| start round trip p50 / p95 / p99 (ms) | ${pct(r.starts.latencyMs.domain)} | ${pct(r.starts.latencyMs.bare)} | ${ratio(r.starts.latencyMs.domain.p50, r.starts.latencyMs.bare.p50)} (p50) | | |`,
  );
  lines.push(
    `| decision round trip p50 / p95 / p99 (ms), 1 caller | ${pct(d.c1.domain)} | ${pct(d.c1.bare)} | ${ratio(d.c1.domain.p50, d.c1.bare.p50)} (p50) | p50 ≤ 1.3 × bare | ${verdict(c1ok)} |`,
  );
  lines.push(
    `| … the same Update sent straight from a client to the term workflow, 1 caller (no HTTP, no API) | ${pct(d.c1.domainDirectUpdate)} | ${pct(d.c1.bare)} | ${ratio(d.c1.domainDirectUpdate?.p50, d.c1.bare.p50)} (p50) | | |`,
  );
  lines.push(
    `| … one committed INSERT on the PostgreSQL (fsync on), p50 / p95 / p99 (ms) | ${pct(r.postgresCommitMs)} | | | | |`,
  );
  lines.push(
    `| decision round trip p50 / p95 / p99 (ms), 10 callers | ${pct(d.c10.domain)} | ${pct(d.c10.bare)} | ${ratio(d.c10.domain.p95, d.c10.bare.p95)} (p95) | p95 ≤ 60 ms | ${verdict(c10ok)} |`,
  );
  lines.push(
    `| decision round trip p50 / p95 / p99 (ms), 10 callers, during the year | ${pct(d.duringYear.domain)} | ${pct(d.duringYear.bare)} | ${ratio(d.duringYear.domain.p95, d.duringYear.bare.p95)} (p95) | | |`,
  );
  lines.push(
    `| inbox p50 / p95 / p99 (ms), all officials running: county org | ${pct(inbox.running.county)} | | | p95 ≤ 100 ms | ${verdict(inboxP95 <= 100)} |`,
  );
  lines.push(
    `| … township / official | ${pct(inbox.running.township)} · ${pct(inbox.running.official)} | | | | |`,
  );
  lines.push(
    `| … region-wide county-org view (every open task of the region) | ${pct(inbox.running.region)} | | | (not a user's inbox) | |`,
  );
  lines.push(
    `| inbox p95 (ms) with ${f(c.closedCohort, 0)} closed terms too: county / township / official / region | ${f(inbox.withClosed.county.p95)} / ${f(inbox.withClosed.township.p95)} / ${f(inbox.withClosed.official.p95)} / ${f(inbox.withClosed.region.p95)} | | | | |`,
  );
  const rs = inbox.regionScale;
  if (rs)
    lines.push(
      `| inbox p50 / p95 (ms) with ${f(rs.officialsOnRecord, 0)} officials on record (${f(rs.seeded, 0)} of them records written straight to PostgreSQL, no workflow behind them; 111 counties): county / township / official / region | ${f(rs.county.p50)} / ${f(rs.county.p95)} · ${f(rs.township.p50)} / ${f(rs.township.p95)} · ${f(rs.official.p50)} / ${f(rs.official.p95)} · ${f(rs.region.p50)} / ${f(rs.region.p95)} | | | p95 ≤ 100 ms with 19,000 | ${verdict(Math.max(rs.county.p95, rs.township.p95, rs.official.p95) <= 100)} |`,
    );
  lines.push(
    `| history events per official-year (mean, max) | ${f(h.domain.historyLength.mean)} (${f(h.domain.historyLength.max, 0)}) | ${f(h.bare.historyLength.mean)} (${f(h.bare.historyLength.max, 0)}) | ${ratio(h.domain.historyLength.mean, h.bare.historyLength.mean)} | ≤ 1.3 × bare | ${verdict(histOk)} |`,
  );
  lines.push(
    `| … plus the county round's events, per official-year | ${f(h.roundEventsPerOfficialYear)} | – | | | |`,
  );
  lines.push(
    `| state transitions per official-year (mean) | ${f(h.domain.stateTransitionCount.mean)} | ${f(h.bare.stateTransitionCount.mean)} | ${ratio(h.domain.stateTransitionCount.mean, h.bare.stateTransitionCount.mean)} | | |`,
  );
  lines.push(
    `| worker memory per cached workflow (RSS delta ÷ cached; ${mem.domain?.cachedAtPeak ?? 'n/a'} / ${mem.bare?.cachedAtPeak ?? 'n/a'} cached) | ${f(mem.domain?.rssPerCachedKiB)} KiB | ${f(mem.bare?.rssPerCachedKiB)} KiB | ${ratio(mem.domain?.rssPerCachedKiB, mem.bare?.rssPerCachedKiB)} | ≤ 1 MB | ${verdict(memOk)} |`,
  );
  lines.push(
    `| wall time of the simulated year, first dispatch to last rating (min) | ${f(y.domain.wallSeconds / 60)} (clock alone: ${f(y.domain.idealSeconds / 60)}) | ${f(y.bare.wallSeconds / 60)} (clock alone: ${f(y.bare.idealSeconds / 60)}) | ${ratio(y.domain.wallSeconds, y.bare.wallSeconds)} | ≤ 30 min for 19,000 | ${yearOk === undefined ? `not measured at 19,000` : verdict(yearOk)} |`,
  );
  lines.push(
    `| behind the clock at year end, p50 / p95 / max (s) | ${f(y.domain.lateAfterYearEndSeconds.p50)} / ${f(y.domain.lateAfterYearEndSeconds.p95)} / ${f(y.domain.lateAfterYearEndSeconds.max)} | ${f(y.bare.lateAfterYearEndSeconds.p50)} / ${f(y.bare.lateAfterYearEndSeconds.p95)} / ${f(y.bare.lateAfterYearEndSeconds.max)} | | | |`,
  );
  lines.push(
    `| month-end task ready to decision sent, p50 / p95 (ms) | ${f(y.domain.monthLatenessMs.p50)} / ${f(y.domain.monthLatenessMs.p95)} | ${f(y.bare.monthLatenessMs.p50)} / ${f(y.bare.monthLatenessMs.p95)} | | | |`,
  );
  lines.push(
    `| reminders sent per second (mean over the mail; peak 10 s) | ${f(r.reminders.sentPerSecond)} (${f(r.reminders.peakPerSecond10s)}) | – | | | |`,
  );
  lines.push(
    `| reminders mailed (training and health due-30d: ${f(r.reminders.trainingAndHealthRows, 0)} of ${f(r.reminders.expectedTrainingAndHealth, 0)} expected) / called off before sending (obligation met) | ${f(r.reminders.mailed, 0)} / ${f(r.reminders.calledOff ?? 0, 0)} | – | | | |`,
  );
  if (r.reminders.byObligation?.length)
    lines.push(
      `| … reminders by what they were about (kind · rung: count) | ${(
        r.reminders.byObligation as { what: string; rung: string; n: number }[]
      )
        .slice(0, 8)
        .map((x) => `${x.what} · ${x.rung}: ${f(x.n, 0)}`)
        .join('; ')} | | | | |`,
    );
  if (r.reminders.lateTasks?.length)
    lines.push(
      `| … tasks decided after their deadline (or still open past it), of all, by kind | ${
        (r.reminders.lateTasks as { kind: string; late: number; total: number }[])
          .filter((x) => x.late > 0)
          .map((x) => `${x.kind}: ${f(x.late, 0)} of ${f(x.total, 0)}`)
          .join('; ') || 'none'
      } | | | | |`,
    );
  lines.push(
    `| decisions acknowledged / lost / doubled | ${f(ok.decisionsAcknowledged, 0)} / **${ok.decisionsLost}** / **${ok.decisionsDoubled}** | ${ok.bareSampled} sampled: ${ok.bareLost} / ${ok.bareDoubled} | | 0 / 0 | ${verdict(ok.decisionsLost === 0 && ok.decisionsDoubled === 0)} |`,
  );
  lines.push(
    `| reminders lost / doubled (log vs notifications vs mail catcher) | **${ok.remindersLost}** / **${ok.remindersDoubled}** | | | 0 / 0 | ${verdict(ok.remindersLost === 0 && ok.remindersDoubled === 0)} |`,
  );
  lines.push(
    `| failed calls / HTTP retries (5xx, in progress) / applied but answered with an error, then "already decided" on retry | ${ok.failures} / ${ok.httpRetries} / ${ok.appliedThenErrored} | Update errors retried: ${ok.transientUpdateErrors} | | | |`,
  );
  const w = r.duringYears;
  if (w?.samples) {
    lines.push(
      `| while the years ran (${w.samples} samples): workflow-task backlog p50 / max (oldest waiting, max s) | ${f(w.workflowBacklog.p50, 0)} / ${f(w.workflowBacklog.max, 0)} (${f(w.workflowBacklogAgeSeconds.max)} s) | | | | |`,
    );
    lines.push(
      `| … activity-task backlog p50 / max (oldest waiting, max s) | ${f(w.activityBacklog.p50, 0)} / ${f(w.activityBacklog.max, 0)} (${f(w.activityBacklogAgeSeconds.max)} s) | | | | |`,
    );
    lines.push(
      `| … worker's record-pool connections busy (of 16) / idle in a transaction, p50 and max | ${f(w.workerPgConnections.p50, 0)} and ${f(w.workerPgConnections.max, 0)} / ${f(w.workerPgIdleInTransaction.p50, 0)} and ${f(w.workerPgIdleInTransaction.max, 0)} | | | | |`,
    );
  }
  lines.push('');
  lines.push(
    'CPU by process, in cores (CPU seconds per wall second; the machine has ' + m.cores + '):',
  );
  lines.push('');
  const cpu = r.cpuCores as Record<string, Record<string, number>>;
  const cols = [
    'wallSeconds',
    'temporal',
    'postgres',
    'domainWorker',
    'bareWorker',
    'api',
    'driver',
    'others',
    'machineBusy',
  ];
  lines.push(`| phase | ${cols.join(' | ')} |`);
  lines.push(`|---|${cols.map(() => '---').join('|')}|`);
  for (const [phase, v] of Object.entries(cpu))
    lines.push(`| ${phase} | ${cols.map((k) => f(v[k], 2)).join(' | ')} |`);
  lines.push('');
  return lines.join('\n');
}

const BEGIN = '<!-- bench:begin (written by npm run bench) -->';
const END = '<!-- bench:end -->';

/** Replaces the generated block inside README's Performance section; adds the section when missing. */
export function updateReadme(path: string, md: string): void {
  let text = readFileSync(path, 'utf8');
  const block = `${BEGIN}\n${md.trim()}\n${END}`;
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start >= 0 && end > start) text = text.slice(0, start) + block + text.slice(end + END.length);
  else if (/^## Performance$/m.test(text))
    text = text.replace(/^## Performance\n/m, `## Performance\n\n${block}\n`);
  else text = `${text.trimEnd()}\n\n## Performance\n\n${block}\n`;
  writeFileSync(path, text);
}
