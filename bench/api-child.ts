// The API for the benchmark: the real Express app (api/app.ts) with the real
// config loader, listening on a free loopback port, with the benchmark's policy
// (scaled so that a policy day lasts milliseconds). createApp takes the policy
// as an option; api/server.ts (the production entry) always uses DEFAULT_POLICY.
import type { AddressInfo } from 'node:net';
import { createApp } from '../api/app.js';
import type { Policy } from '../domain/policy.js';
import { loadConfig } from '../platform/config.js';
import { createPool } from '../platform/db.js';
import { connectTemporal } from '../platform/temporal.js';

export interface ApiChildArgs {
  temporalAddress: string;
  namespace: string;
  databaseUrl: string;
  jwtSecret: string;
  taskQueue: string;
  /** The rules new terms start under. */
  policy: Policy;
}

const args = JSON.parse(process.argv[2]!) as ApiChildArgs;
const config = loadConfig({
  DATABASE_URL: args.databaseUrl,
  TEMPORAL_ADDRESS: args.temporalAddress,
  TEMPORAL_NAMESPACE: args.namespace,
  AUTH_JWT_SECRET: args.jwtSecret,
  PORT: '0',
  LOG_LEVEL: 'warn',
  // The benchmark writes thousands of decisions a minute as a few actors.
  RATE_LIMIT_WRITES_PER_MINUTE: '0',
});
const { connection, client } = await connectTemporal(config.temporal);
// The same pool as api/server.ts (createPool's default size).
const pool = createPool(config.databaseUrl, { applicationName: 'zhucun-bench-api' });
const app = createApp({
  config,
  client,
  pool,
  taskQueue: args.taskQueue,
  policy: args.policy,
});
const server = app.listen(0, '127.0.0.1');
server.once('listening', () =>
  process.send?.({
    type: 'ready',
    port: (server.address() as AddressInfo).port,
    policyVersion: args.policy.version,
  }),
);
const stop = () => {
  server.closeAllConnections();
  server.close(() => {
    void Promise.allSettled([pool.end(), connection.close()]).then(() => process.exit(0));
  });
};
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'stop') stop();
});
process.on('disconnect', stop);
