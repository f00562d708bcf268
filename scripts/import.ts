// `npm run import -- officials.csv|officials.xlsx [--check]`: adopts a region
// already on post (a workbook: its first sheet, rows numbered as the sheet's). Checks the whole file first and prints every bad row with its line and
// field (nothing is written then, exit 1); --check stops there. Otherwise each
// row becomes a term on duty, started by the region administrator. Safe to run
// again: rows imported before are skipped. Uses TEMPORAL_ADDRESS and
// DATABASE_URL, or beside a running `npm start` the addresses it wrote to
// data/endpoints.json.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_ACTORS } from '../api/demo.js';
import { DEFAULT_POLICY } from '../domain/policy.js';
import { checkRecords, readFile, UnreadableFileError } from '../operations/import-file.js';
import { importOfficials } from '../operations/import.js';
import { configOrExit } from '../platform/config.js';
import { environmentWithEndpoints } from './endpoints.js';
import { createPool } from '../platform/db.js';
import { policiesAt } from '../platform/policies.js';
import { connectTemporal } from '../platform/temporal.js';
import { TASK_QUEUE } from '../workflows/messages.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    check: { type: 'boolean', default: false },
    concurrency: { type: 'string' },
    'task-queue': { type: 'string' },
  },
});
const file = positionals[0];
if (!file) {
  console.error('usage: npm run import -- <officials.csv|officials.xlsx> [--check]');
  process.exit(2);
}

const config = configOrExit(environmentWithEndpoints());
const pool = createPool(config.databaseUrl, { max: 2, applicationName: 'zhucun-import' });
try {
  const now = Date.now();
  const { policy, upcoming } = await policiesAt(pool, DEFAULT_POLICY, now);
  let records;
  try {
    records = await readFile(readFileSync(file), /\.xlsx$/i.test(file) ? 'xlsx' : 'csv');
  } catch (err) {
    if (!(err instanceof UnreadableFileError)) throw err;
    console.error(`${file}: ${err.message}`);
    process.exit(1);
  }
  const { rows, problems } = checkRecords(records, { policy, now, source: basename(file) });
  for (const p of problems) console.log(`${file}:${p.line}\t${p.field}\t${p.code}\t${p.message}`);
  console.log(
    `import: ${rows.length} rows fit, ${problems.length} problems in ${new Set(problems.map((p) => p.line)).size} rows (policy ${policy.version})`,
  );
  if (problems.length) process.exitCode = 1;
  else if (!values.check) {
    const { connection, client } = await connectTemporal(config.temporal);
    try {
      const admin = DEMO_ACTORS.find((actor) => actor.role === 'region_admin')!;
      const report = await importOfficials({
        client,
        pool,
        taskQueue: values['task-queue'] ?? TASK_QUEUE,
        rows,
        policy,
        upcoming,
        by: admin,
        ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
        onProgress: (done, total) => {
          if (done % 500 === 0 || done === total) console.log(`import: ${done}/${total}`);
        },
      });
      for (const failure of report.failures)
        console.log(`${file}:${failure.line}\tfailed\t${failure.message}`);
      console.log(
        `import: ${report.started} terms started, ${report.skipped} already there, ${report.failed} failed (run again to retry them), in ${(report.millis / 1000).toFixed(1)} s`,
      );
      if (report.failed) process.exitCode = 1;
    } finally {
      await connection.close();
    }
  }
} finally {
  await pool.end();
}
