// `npm run reconcile`: lists every term whose record disagrees with its
// workflow, and exits 1 if there is any. Uses TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE
// and DATABASE_URL like the other processes; beside a running `npm start`
// without them, the addresses that start wrote to data/endpoints.json.
//   npm run reconcile [-- --under gx/nanning/wuming] [--term term-x] [--json]
import { parseArgs } from 'node:util';
import { configOrExit } from '../platform/config.js';
import { environmentWithEndpoints } from './endpoints.js';
import { createPool } from '../platform/db.js';
import { connectTemporal } from '../platform/temporal.js';
import { reconcile } from '../operations/reconcile.js';

const { values } = parseArgs({
  options: {
    under: { type: 'string' },
    term: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '8' },
  },
});

const config = configOrExit(environmentWithEndpoints());
const pool = createPool(config.databaseUrl, { max: 4, applicationName: 'zhucun-reconcile' });
const { connection, client } = await connectTemporal(config.temporal);
try {
  const report = await reconcile({
    client,
    pool,
    ...(values.under ? { under: values.under } : {}),
    ...(values.term ? { termIds: values.term } : {}),
    concurrency: Number(values.concurrency),
  });
  if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else {
    for (const d of report.differences)
      process.stdout.write(
        `${d.termId}\t${d.field}\tworkflow=${JSON.stringify(d.workflow)}\trecord=${JSON.stringify(d.record)}\n`,
      );
    process.stdout.write(
      `reconcile: ${report.checked} terms checked, ${report.differences.length} differences (${report.millis} ms)\n`,
    );
  }
  process.exitCode = report.differences.length ? 1 : 0;
} finally {
  await Promise.allSettled([pool.end(), connection.close()]);
}
