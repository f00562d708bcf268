// `npm run bench:import -- --rows 19000`: the import of a region already on
// post, end to end on this machine. Generates a file of N officials over 111
// counties (the benchmark's generated region, bench/region.ts), starts its own
// servers and children as `npm run bench` does (embedded PostgreSQL with
// fsync on, the Temporal dev server, the product's worker and API), then as
// the regional administrator: checks the file (POST /api/imports/check),
// imports it (POST /api/imports) and follows GET /api/imports/:id until done,
// waits until every term is on the record, and imports the same file again
// (every row skipped). Prints rows/s and wall times and writes
// bench/results/import-<rows>-<date>.json. Not part of `npm test`.
//
//   npm run bench:import -- --rows 2000 [--counties 111] [--format csv|xlsx]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { signDemoToken } from '../api/demo.js';
import { dateKeyOf, DAY_MS } from '../domain/calendar.js';
import { DEFAULT_POLICY } from '../domain/policy.js';
import { IMPORT_COLUMNS, XLSX_TYPE } from '../operations/import-file.js';
import { log, round, sleep } from './lib.js';
import { readOptions } from './options.js';
import { startChildren, startServers } from './processes.js';
import { Region, REGION_ADMIN, registerActors } from './region.js';

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const { values: flags } = parseArgs({
  options: {
    rows: { type: 'string', default: '19000' },
    counties: { type: 'string', default: '111' },
    format: { type: 'string', default: 'csv' },
    out: { type: 'string', default: join(import.meta.dirname, 'results') },
  },
});
const rowCount = Number(flags.rows);
const counties = Number(flags.counties);
const format = flags.format === 'xlsx' ? 'xlsx' : 'csv';
if (!(rowCount > 0 && counties > 0)) {
  process.stderr.write(
    'usage: npm run bench:import -- --rows N [--counties 111] [--format csv|xlsx]\n',
  );
  process.exit(2);
}

const RATINGS = ['competent', 'outstanding', 'competent;outstanding', 'competent;competent', ''];
const daysAgo = (n: number) => dateKeyOf(Date.now() - n * DAY_MS);

/** Row i of the region's file: dispatched 10 to 700 days ago, this term year's facts inside it. */
function fileRow(region: Region, index: number): Record<string, string> {
  const official = region.official(index);
  const onPostDays = 10 + ((index * 37) % 690);
  // The term year that runs now began at dispatch or a year of policy months after it.
  const yearDays = DEFAULT_POLICY.monthDays * 12;
  const inYear = onPostDays >= yearDays ? onPostDays - yearDays : onPostDays;
  const trained = inYear >= 2 && index % 3 !== 0;
  const checked = inYear >= 2 && index % 2 === 0;
  return {
    officialId: official.id,
    name: `干部${index}`,
    email: `off-${index}@bench.zhucun.local`,
    post: index % 4 === 0 ? 'first_secretary' : 'team_member',
    village: official.village,
    dispatchingUnit: `派出单位${index % 300}`,
    birthDate: `${1970 + (index % 30)}-0${1 + (index % 9)}-1${index % 10}`,
    partyMember: index % 4 === 0 ? 'full' : ['full', 'probationary', 'none'][index % 3]!,
    workYears: String(3 + (index % 25)),
    dispatchedOn: daysAgo(onPostDays),
    trainingsThisYear: trained ? daysAgo(Math.floor(inYear / 2)) : '',
    healthCheckOn: checked ? daysAgo(Math.floor(inYear / 3)) : '',
    healthCheckFit: checked ? (index % 50 === 0 ? 'no' : 'yes') : '',
    lastRatings: RATINGS[index % RATINGS.length]!,
  };
}

async function regionFile(region: Region): Promise<{ data: Buffer; type: string }> {
  const rows = Array.from({ length: rowCount }, (_, index) => fileRow(region, index));
  if (format === 'csv') {
    const lines = [
      IMPORT_COLUMNS.join(','),
      ...rows.map((r) => IMPORT_COLUMNS.map((c) => r[c]).join(',')),
    ];
    return { data: Buffer.from(lines.join('\n') + '\n'), type: 'text/csv' };
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('officials');
  sheet.addRow([...IMPORT_COLUMNS]);
  for (const r of rows) sheet.addRow(IMPORT_COLUMNS.map((c) => r[c]));
  return { data: Buffer.from(await workbook.xlsx.writeBuffer()), type: XLSX_TYPE };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  // The benchmark's servers and children, sized for N terms, under the real
  // policy (the file's dates are real days).
  const options = {
    ...readOptions([
      '--officials',
      String(rowCount),
      '--closed',
      '0',
      '--region',
      '0',
      '--no-docs',
    ]),
    counties,
    policy: DEFAULT_POLICY,
  };
  const region = new Region(counties);
  const file = await regionFile(region);
  log(
    `file: ${rowCount} rows over ${counties} counties, ${format}, ${round(file.data.length / 2 ** 20)} MiB`,
  );

  const servers = await startServers(options, () => undefined);
  await registerActors(servers.pool, region.directory());
  const children = await startChildren(options, servers, (what) => log(`unexpected: ${what}`));
  const token = await signDemoToken(REGION_ADMIN, children.jwtSecret, { expiresIn: '1d' });
  const call = async (method: string, path: string, body?: Buffer) => {
    const res = await fetch(children.apiBaseUrl + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': file.type } : {}),
      },
      ...(body ? { body } : {}),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const name = `bench-${rowCount}.${format}`;

  let at = performance.now();
  const checked = await call('POST', `/api/imports/check?name=${name}`, file.data);
  const checkSeconds = (performance.now() - at) / 1000;
  if (checked.status !== 200 || checked.body.problemCount !== 0)
    throw new Error(`check: ${checked.status} ${JSON.stringify(checked.body).slice(0, 500)}`);
  log(`check: ${checked.body.rowsFit} rows fit in ${round(checkSeconds)} s`);

  const importOnce = async () => {
    const started = performance.now();
    const reply = await call('POST', `/api/imports?name=${name}`, file.data);
    if (reply.status !== 202)
      throw new Error(`import: ${reply.status} ${JSON.stringify(reply.body)}`);
    const accepted = (performance.now() - started) / 1000;
    let progress;
    let lastLogged = 0;
    for (;;) {
      progress = (await call('GET', `/api/imports/${reply.body.importId}`)).body;
      if (progress.status !== 'running') break;
      const done = progress.rowsStarted + progress.rowsSkipped + progress.rowsFailed;
      if (performance.now() - lastLogged > 10_000) {
        log(`import: ${done}/${progress.rowsTotal}`);
        lastLogged = performance.now();
      }
      await sleep(250);
    }
    return { seconds: (performance.now() - started) / 1000, acceptedSeconds: accepted, progress };
  };

  at = performance.now();
  const first = await importOnce();
  log(`import: ${JSON.stringify(first.progress)} in ${round(first.seconds)} s`);
  // Every term writes its first record (on duty, its years, the log entry) from
  // the worker. Any stage counts: a term imported with an unfit health check
  // opens its reassignment case at once.
  let onRecord = 0;
  for (;;) {
    onRecord = Number((await servers.pool.query(`SELECT count(*) AS n FROM officials`)).rows[0].n);
    if (onRecord >= rowCount || performance.now() - at > 10 * 60_000) break;
    await sleep(500);
  }
  const recordSeconds = (performance.now() - at) / 1000;
  log(`record: ${onRecord} terms on record after ${round(recordSeconds)} s`);
  const stages = Object.fromEntries(
    (
      await servers.pool.query<{ stage: string; n: string }>(
        'SELECT stage, count(*) AS n FROM officials GROUP BY stage ORDER BY stage',
      )
    ).rows.map((r) => [r.stage, Number(r.n)]),
  );
  const second = await importOnce();
  log(`again: ${JSON.stringify(second.progress)} in ${round(second.seconds)} s`);

  const results = {
    kind: 'import',
    startedAt: startedAt.toISOString(),
    machine: {
      cpus: (await import('node:os')).cpus().length,
      loadAverage: (await import('node:os')).loadavg(),
    },
    rows: rowCount,
    counties,
    format,
    fileMiB: round(file.data.length / 2 ** 20),
    temporal: servers.temporal.description,
    checkSeconds: round(checkSeconds),
    import: {
      acceptedSeconds: round(first.acceptedSeconds),
      seconds: round(first.seconds),
      rowsPerSecond: round(rowCount / first.seconds),
      started: first.progress.rowsStarted,
      skipped: first.progress.rowsSkipped,
      failed: first.progress.rowsFailed,
    },
    record: {
      terms: onRecord,
      stages,
      seconds: round(recordSeconds),
      rowsPerSecond: round(onRecord / recordSeconds),
    },
    again: {
      seconds: round(second.seconds),
      rowsPerSecond: round(rowCount / second.seconds),
      started: second.progress.rowsStarted,
      skipped: second.progress.rowsSkipped,
      failed: second.progress.rowsFailed,
    },
    wallSeconds: round((Date.now() - startedAt.getTime()) / 1000),
  };
  mkdirSync(flags.out!, { recursive: true });
  const out = join(flags.out!, `import-${rowCount}-${dateKeyOf(startedAt.getTime())}.json`);
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(
    `import of ${rowCount} rows (${format}, ${counties} counties): check ${results.checkSeconds} s; ` +
      `import ${results.import.seconds} s (${results.import.rowsPerSecond} rows/s); ` +
      `all on record after ${results.record.seconds} s (${results.record.rowsPerSecond} rows/s); ` +
      `again ${results.again.seconds} s (${results.again.skipped} skipped, ${results.again.started} started); ` +
      `wall ${results.wallSeconds} s\n${out}\n`,
  );
  await children.stop();
  await servers.stop();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    log(`bench:import failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
