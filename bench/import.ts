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
import { dateKeyOf } from '../domain/calendar.js';
import { DEFAULT_POLICY } from '../domain/policy.js';
import { log, round } from './lib.js';
import { readOptions } from './options.js';
import { startChildren, startServers } from './processes.js';
import { regionFile, RegionImporter, waitForTermsOnRecord } from './region-file.js';
import { Region, registerActors } from './region.js';

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
  // Dispatched 10 to 700 days ago (real days), every 50th checked row found unfit.
  const file = await regionFile(region, rowCount, format, {
    today: Date.now(),
    onPostDays: (index) => 10 + ((index * 37) % 690),
    unfitEvery: 50,
  });
  log(
    `file: ${rowCount} rows over ${counties} counties, ${format}, ${round(file.data.length / 2 ** 20)} MiB`,
  );

  const servers = await startServers(options, () => undefined);
  await registerActors(servers.pool, region.directory());
  const children = await startChildren(options, servers, (what) => log(`unexpected: ${what}`));
  const importer = await RegionImporter.as(children.apiBaseUrl, children.jwtSecret, file);
  const checkSeconds = await importer.check();

  const at = performance.now();
  const first = await importer.importOnce();
  log(`import: ${JSON.stringify(first.progress)} in ${round(first.seconds)} s`);
  // Any stage counts: a term imported with an unfit health check opens its
  // reassignment case at once.
  const onRecord = await waitForTermsOnRecord(servers.pool, rowCount, 10 * 60_000);
  const recordSeconds = (performance.now() - at) / 1000;
  log(`record: ${onRecord} terms on record after ${round(recordSeconds)} s`);
  const stages = Object.fromEntries(
    (
      await servers.pool.query<{ stage: string; n: string }>(
        'SELECT stage, count(*) AS n FROM officials GROUP BY stage ORDER BY stage',
      )
    ).rows.map((r) => [r.stage, Number(r.n)]),
  );
  const second = await importer.importOnce();
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
