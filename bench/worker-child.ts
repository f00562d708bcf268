// A worker process for the benchmark: the product's worker (kind "domain", built
// by worker/worker.ts exactly as worker/main.ts builds it) or the bare baseline's.
// Reports its memory and sticky-cache size to the parent every second.
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { createMailer } from '../platform/mailer.js';
import { createWorker, createWorkerPools, quietBundlerLogger } from '../worker/worker.js';
import type { BareActivities } from './bare-workflow.js';

export interface WorkerChildArgs {
  kind: 'domain' | 'bare';
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  databaseUrl: string;
  smtpPort: number;
  maxCachedWorkflows: number;
}

export interface WorkerSample {
  type: 'sample';
  at: number;
  rss: number;
  heapUsed: number;
  external: number;
  cached: number;
}

const args = JSON.parse(process.argv[2]!) as WorkerChildArgs;

const connection = await NativeConnection.connect({ address: args.temporalAddress });
let worker: Worker;
let cleanup: () => Promise<void> = async () => undefined;
if (args.kind === 'domain') {
  const clientConnection = await Connection.connect({ address: args.temporalAddress });
  const client = new Client({ connection: clientConnection, namespace: args.namespace });
  // The same pools as worker/main.ts.
  const { pool, mailPool, end } = createWorkerPools(args.databaseUrl, 'zhucun-bench-worker');
  const mailFrom = 'Zhucun <noreply@zhucun.local>';
  worker = await createWorker({
    connection,
    namespace: args.namespace,
    taskQueue: args.taskQueue,
    pool,
    mailPool,
    client,
    mailer: createMailer({ host: '127.0.0.1', port: args.smtpPort, secure: false, from: mailFrom }),
    mailFrom,
    publicUrl: 'http://zhucun.bench',
    maxCachedWorkflows: args.maxCachedWorkflows,
  });
  cleanup = async () => {
    await end();
    await clientConnection.close();
  };
} else {
  const activities: BareActivities = {
    record: async () => undefined,
    remind: async () => undefined,
    enrol: async () => undefined,
  };
  worker = await Worker.create({
    connection,
    namespace: args.namespace,
    taskQueue: args.taskQueue,
    workflowBundle: await bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('./bare-workflow.ts', import.meta.url)),
      logger: quietBundlerLogger,
    }),
    activities,
    maxCachedWorkflows: args.maxCachedWorkflows,
    shutdownGraceTime: '10 seconds',
  });
}

const sample = (): WorkerSample => {
  const m = process.memoryUsage();
  return {
    type: 'sample',
    at: Date.now(),
    rss: m.rss,
    heapUsed: m.heapUsed,
    external: m.external,
    cached: worker.getStatus().numCachedWorkflows,
  };
};
const timer = setInterval(() => process.send?.(sample()), 1000);
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'stop') worker.shutdown();
});
process.on('disconnect', () => {
  if (worker.getState() === 'RUNNING') worker.shutdown();
});
const running = worker.run();
process.send?.({ ...sample(), type: 'ready' });
await running;
clearInterval(timer);
await cleanup();
await connection.close();
process.exit(0);
