// A real worker in a process of its own, for tests that kill it (kill -9) while
// it works. The same createWorker as worker/main.ts, on a test's task queue and
// database, given as one JSON argument.
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createPool } from '../../platform/db.js';
import { createMailer } from '../../platform/mailer.js';
import { createWorker } from '../../worker/worker.js';

export interface WorkerProcessArgs {
  address: string;
  taskQueue: string;
  databaseUrl: string;
  smtp: { host: string; port: number };
  /** A small sticky cache makes every term leave it between its tasks. */
  maxCachedWorkflows?: number;
  /** A workflow bundle written by the test (bundled once, not per restart). */
  bundlePath: string;
}

const args = JSON.parse(process.argv[2]!) as WorkerProcessArgs;
const connection = await NativeConnection.connect({ address: args.address });
const clientConnection = await Connection.connect({ address: args.address });
const pool = createPool(args.databaseUrl, { max: 8, applicationName: 'zhucun-test-worker' });
const mailFrom = 'Zhucun <noreply@zhucun.local>';
const worker = await createWorker({
  connection,
  namespace: 'default',
  taskQueue: args.taskQueue,
  workflowBundle: { code: readFileSync(args.bundlePath, 'utf8'), sourceMap: '' },
  pool,
  client: new Client({ connection: clientConnection }),
  mailer: createMailer({ ...args.smtp, secure: false, from: mailFrom }),
  mailFrom,
  publicUrl: 'http://zhucun.test',
  ...(args.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: args.maxCachedWorkflows } : {}),
});
process.stdout.write('worker ready\n');
await worker.run();
await pool.end();
await connection.close();
await clientConnection.close();
