// The Temporal a run starts (`--temporal`): the CLI's dev server on a SQLite
// file in WAL mode (bench/lib.ts), or the production shape as `npm run
// cluster` starts it: four temporal-server processes on the run's embedded
// PostgreSQL, with the cluster's own start-up code (scripts/temporal-cluster.ts:
// schemas, history first, the namespace `zhucun` and its search attributes)
// on free ports, its logs in the run's scratch directory.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { assertPortFree, getFreePort, type EmbeddedPostgresHandle } from '../dev/services.js';
import { TEMPORAL_SERVICES, type ClusterPorts } from '../scripts/cluster-layout.js';
import { ensureClusterTools, run } from '../scripts/cluster-services.js';
import { PidFile, type Reporter } from '../scripts/supervisor.js';
import { TemporalCluster, temporalLineIsNews } from '../scripts/temporal-cluster.js';
import { log, startDevServerWal } from './lib.js';
import type { BenchOptions } from './options.js';

export interface BenchTemporal {
  kind: BenchOptions['temporal'];
  /** The frontend, host:port. */
  address: string;
  namespace: string;
  /** Version line(s) of the server. */
  version: string;
  /** How it was started, for the results. */
  description: string;
  /** Its processes by name: `temporal` (the dev server) or `temporal-<service>`. */
  pids(): Record<string, number | undefined>;
  /** Times a service died and was started again (the cluster's supervision; 0 on the dev server). */
  restarts(): number;
  stop(): Promise<void>;
}

/** Starts the Temporal of `options.temporal`; the cluster's on `postgres`, the run's own. */
export async function startBenchTemporal(
  options: BenchOptions,
  scratch: string,
  postgres: EmbeddedPostgresHandle,
): Promise<BenchTemporal> {
  if (options.temporal === 'dev') {
    const dev = await startDevServerWal(await getFreePort(), join(scratch, 'temporal.db'));
    return {
      kind: 'dev',
      address: dev.address,
      namespace: options.namespace,
      version: dev.version,
      description: `Temporal dev server on SQLite (${dev.args
        .filter((arg) => arg.includes('journal_mode') || arg === '--sqlite-pragma')
        .join(' ')})`,
      pids: () => ({ temporal: dev.pid }),
      restarts: () => 0,
      stop: () => dev.stop(),
    };
  }

  const tools = await ensureClusterTools(false);
  const logsDir = join(scratch, 'temporal-logs');
  mkdirSync(logsDir, { recursive: true });
  const report: Reporter = { say: log, warn: log };
  let running = false;
  let stopping = false;
  const news = temporalLineIsNews(() => running && !stopping);
  const cluster = new TemporalCluster({
    ports: await freeTemporalPorts(postgres.port),
    tools,
    adminUrl: postgres.adminUrl,
    namespace: options.namespace,
    logsDir,
    pids: new PidFile(join(scratch, 'temporal.pids.json')),
    report,
    // Errors the services log while the run drives them reach the run's log
    // (stderr: stdout carries the report).
    keepLine: (line) => {
      if (news(line)) log(`Temporal: ${line.slice(0, 500)}`);
      return false;
    },
    stopped: () => stopping,
  });
  process.on('exit', () => cluster.killNow());
  await cluster.start();
  running = true;
  const version = (await run(tools.server, ['--version'])).trim();
  return {
    kind: 'cluster',
    address: cluster.frontend,
    namespace: options.namespace,
    version,
    description:
      'Temporal cluster: four temporal-server processes (history with 8 shards, matching, frontend, worker) ' +
      'on the embedded PostgreSQL, configured by deploy/temporal/config/cluster.yaml as npm run cluster',
    pids: () =>
      Object.fromEntries(
        Object.entries(cluster.pids()).map(([service, pid]) => [`temporal-${service}`, pid]),
      ),
    restarts: () => [...cluster.children.values()].reduce((sum, c) => sum + c.restarts, 0),
    async stop() {
      stopping = true;
      await cluster.stop();
    },
  };
}

/**
 * Free loopback ports for the four services (what the cluster's config
 * template reads), below 32768: Temporal keeps each member's port in a
 * smallint column (cluster_membership.rpc_port), and a service whose port
 * is above it exits at start ("out of range for type smallint"), so the
 * system's ephemeral ports will not do.
 */
async function freeTemporalPorts(postgresPort: number): Promise<ClusterPorts> {
  const free: number[] = [];
  while (free.length < 3 * TEMPORAL_SERVICES.length + 1) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (free.includes(port)) continue;
    try {
      await assertPortFree(port, 'bench');
      free.push(port);
    } catch {
      // taken: another
    }
  }
  const temporal = Object.fromEntries(
    TEMPORAL_SERVICES.map((service, i) => [
      service,
      { grpc: free[3 * i]!, membership: free[3 * i + 1]!, metrics: free[3 * i + 2]! },
    ]),
  ) as ClusterPorts['temporal'];
  return {
    postgres: postgresPort,
    temporal,
    frontendHttp: free[3 * TEMPORAL_SERVICES.length]!,
    // Not started by the benchmark.
    ui: 0,
    smtp: 0,
    apis: [],
    workerMetrics: [],
  };
}
