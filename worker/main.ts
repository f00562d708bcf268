// The worker process: config, connection, migrations, activities, workflows.
import { NativeConnection, Runtime } from '@temporalio/worker';
import { configOrExit, exitOnStartupError } from '../platform/config.js';
import { migrate, checkDatabase } from '../platform/db.js';
import { createMailer } from '../platform/mailer.js';
import { connectTemporal, temporalConnectionOptions } from '../platform/temporal.js';
import { TASK_QUEUE } from '../workflows/messages.js';
import { createWorkerLogger, runtimeLogging } from './logging.js';
import { createWorker, createWorkerPools, runtimeMetrics } from './worker.js';

const config = configOrExit();
const log = createWorkerLogger(config.logLevel);
// Before the first NativeConnection, once: the SDK's and the core's logs as
// JSON too, and the worker's Prometheus endpoint when WORKER_METRICS_PORT is set.
const logging = runtimeLogging(log, config.logLevel);
Runtime.install({
  ...logging,
  telemetryOptions: { ...logging.telemetryOptions, ...runtimeMetrics(config.workerMetricsAddress) },
});
try {
  await checkDatabase(config.databaseUrl);
  await migrate(config.databaseUrl);
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
  log.info(
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
