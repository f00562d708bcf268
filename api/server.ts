// The API process: config, migrations, connections, listen; a clean stop on
// SIGTERM/SIGINT. Start-up failures print one line naming the variable.
import type { AddressInfo } from 'node:net';
import { ConfigError, configOrExit, exitOnStartupError } from '../platform/config.js';
import { checkDatabase, createPool, migrate } from '../platform/db.js';
import { connectTemporal } from '../platform/temporal.js';
import { createApp } from './app.js';
import { DEMO_ACTORS, seedDemoActors, signDemoToken } from './demo.js';
import { createLogger } from './log.js';
import { createApiMetrics, metricsUrl, serveMetrics } from './metrics.js';

async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger(config.logLevel);

  await checkDatabase(config.databaseUrl);
  const { connection, client } = await connectTemporal(config.temporal);
  await migrate(config.databaseUrl, { log: (l) => log.info(l) });
  const pool = createPool(config.databaseUrl, { applicationName: 'zhucun-api' });

  if (config.embedded) await seedDemoActors(pool);

  const metrics = createApiMetrics();
  const app = createApp({ config, client, pool, log, metrics });
  const server = app.listen(config.port);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new ConfigError('PORT', `${config.port} is already in use`, 'startup')
          : err,
      ),
    );
  });
  const port = (server.address() as AddressInfo).port;
  log.info(`API listening on http://localhost:${port} (docs: http://localhost:${port}/api/docs)`);
  const metricsServer = config.apiMetrics
    ? await serveMetrics(metrics.registry, config.apiMetrics).catch(
        (err: NodeJS.ErrnoException) => {
          throw err.code === 'EADDRINUSE'
            ? new ConfigError(
                'API_METRICS_PORT',
                `${config.apiMetrics!.port} is already in use`,
                'startup',
              )
            : err;
        },
      )
    : undefined;
  if (metricsServer) log.info(`API metrics on ${metricsUrl(metricsServer)}`);

  if (config.embedded && config.auth.kind === 'hs256') {
    const lines = ['Demo tokens (30 days), use as "Authorization: Bearer <token>":'];
    for (const actor of DEMO_ACTORS) {
      lines.push(`  ${actor.id.padEnd(12)} ${actor.role.padEnd(17)} ${actor.jurisdiction}`);
      lines.push(`    ${await signDemoToken(actor, config.auth.secret)}`);
    }
    process.stdout.write(lines.join('\n') + '\n');
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    metricsServer?.close();
    await Promise.allSettled([pool.end(), connection.close()]);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) exitOnStartupError(err);
  console.error('startup failed:', err);
  process.exit(1);
});
