// The worker process: config, connection, migrations, activities, workflows.
import { NativeConnection } from '@temporalio/worker';
import { configOrExit, exitOnStartupError } from '../platform/config.js';
import { migrate, checkDatabase } from '../platform/db.js';
import { createMailer } from '../platform/mailer.js';
import { connectTemporal, temporalConnectionOptions } from '../platform/temporal.js';
import { TASK_QUEUE } from '../workflows/messages.js';
import { createWorker, createWorkerPools, installRuntime } from './worker.js';

const config = configOrExit();
try {
  await checkDatabase(config.databaseUrl);
  await migrate(config.databaseUrl);
  installRuntime(config.workerMetricsAddress);
  const { client } = await connectTemporal(config.temporal);
  const { apiKey, ...options } = await temporalConnectionOptions(config.temporal);
  const connection = await NativeConnection.connect({
    ...options,
    ...(typeof apiKey === 'string' ? { apiKey } : {}),
  });
  const { pool, mailPool, end } = createWorkerPools(config.databaseUrl, 'zhucun-worker');
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: TASK_QUEUE,
    pool,
    mailPool,
    client,
    mailer: createMailer(config.smtp),
    mailFrom: config.smtp.from,
    publicUrl: config.publicUrl,
  });
  console.log(
    `worker polling ${TASK_QUEUE} on ${config.temporal.address}/${config.temporal.namespace}` +
      (config.workerMetricsAddress
        ? `; metrics at http://${config.workerMetricsAddress}/metrics`
        : ''),
  );
  await worker.run(); // returns after SIGINT/SIGTERM, which the SDK handles
  await end();
  await connection.close();
} catch (err) {
  exitOnStartupError(err);
}
