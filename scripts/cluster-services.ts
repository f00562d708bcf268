// The pieces `npm run cluster` (scripts/cluster.ts) assembles, and the checks
// the topology tests (test/cluster/) use on the same processes: the Temporal
// tools, Temporal's login and schemas on the embedded PostgreSQL, the
// variables of deploy/temporal/config/cluster.yaml, readiness probes and the
// memory of a process.
import { execFile, spawn } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import pg from 'pg';
import {
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
  type EmbeddedPostgresOptions,
} from '../dev/services.js';
import { TEMPORAL_SERVICES, type ClusterPorts, type TemporalService } from './cluster-layout.js';
import type { Reporter } from './supervisor.js';
import { ensureToolPaths, repoRoot, toolsDir } from '../dev/tools.js';

export const TEMPORAL_ROOT = join(repoRoot, 'deploy', 'temporal');
/** Temporal's own role and password on the embedded PostgreSQL (loopback only). */
export const TEMPORAL_DB = { user: 'temporal', password: 'temporal' };
export const TEMPORAL_DATABASES = { default: 'temporal', visibility: 'temporal_visibility' };
/** gRPC health-check names the services register (see each service's handler in the server). */
export const HEALTH_SERVICE: Partial<Record<TemporalService, string>> = {
  frontend: 'temporal.api.workflowservice.v1.WorkflowService',
  history: 'temporal.api.workflowservice.v1.HistoryService',
  matching: 'temporal.api.workflowservice.v1.MatchingService',
};

export const firstLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

/** Runs a command to its end; resolves with its output, rejects with its stderr. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  return new Promise<string>((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: repoRoot, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`${command} ${args.join(' ')} failed: ${stderr || error.message}`));
        else resolve(stdout + stderr);
      },
    );
  });
}

// ----------------------------------------------------------------- tools ---

export interface ClusterTools {
  server: string;
  sqlTool: string;
  /** Undefined when the UI was not wanted or could not be built. */
  ui: string | undefined;
  /** The Temporal CLI of scripts/ensure-tools.sh, for the namespace set-up. */
  cli: string;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Builds what is missing (scripts/ensure-cluster-tools.sh; its output goes to stderr). */
export async function ensureClusterTools(withUi: boolean): Promise<ClusterTools> {
  const script = join(repoRoot, 'scripts', 'ensure-cluster-tools.sh');
  const child = spawn('bash', [script, ...(withUi ? [] : ['--no-ui'])], {
    cwd: repoRoot,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${script} failed (exit ${code})`);
  const bin = join(toolsDir, 'bin');
  const ui = process.env.TEMPORAL_UI_SERVER_PATH || join(bin, 'temporal-ui-server');
  return {
    server: process.env.TEMPORAL_SERVER_PATH || join(bin, 'temporal-server'),
    sqlTool: process.env.TEMPORAL_SQL_TOOL_PATH || join(bin, 'temporal-sql-tool'),
    ui: withUi && executable(ui) ? ui : undefined,
    cli: ensureToolPaths().temporalCli,
  };
}

// ------------------------------------------------------------ PostgreSQL ---

/** The embedded PostgreSQL, started again whenever it exits while the cluster runs. */
export class KeptPostgres {
  private current: EmbeddedPostgresHandle | undefined;
  private keeping = true;
  restarts = 0;

  constructor(
    private readonly options: EmbeddedPostgresOptions,
    private readonly report: Reporter,
  ) {}

  get handle(): EmbeddedPostgresHandle {
    if (!this.current) throw new Error('PostgreSQL is not running');
    return this.current;
  }

  async start(): Promise<EmbeddedPostgresHandle> {
    this.current = await startEmbeddedPostgres(this.options);
    this.watch(this.current);
    return this.current;
  }

  private watch(handle: EmbeddedPostgresHandle): void {
    void handle.exited.then(() => this.restartAfterExit(handle));
  }

  private async restartAfterExit(handle: EmbeddedPostgresHandle): Promise<void> {
    if (!this.keeping || handle !== this.current) return;
    this.report.warn('PostgreSQL exited; starting it again');
    for (let delayMs = 1000; ; delayMs = Math.min(delayMs * 2, 30_000)) {
      await sleep(delayMs);
      if (!this.keeping) return;
      try {
        this.current = await startEmbeddedPostgres(this.options);
        this.restarts++;
        this.report.say(`PostgreSQL started again (pid ${this.current.pid})`);
        this.watch(this.current);
        return;
      } catch (error) {
        this.report.warn(`PostgreSQL did not start: ${firstLine(error)}; trying again`);
      }
    }
  }

  /** From now on an exit is final (a terminal's Ctrl-C reaches the postmaster too). */
  letGo(): void {
    this.keeping = false;
  }

  async stop(): Promise<void> {
    this.keeping = false;
    await this.current?.stop();
  }
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export function temporalDatabaseUrl(port: number, database: string): string {
  return `postgres://${TEMPORAL_DB.user}:${TEMPORAL_DB.password}@127.0.0.1:${port}/${database}`;
}

/** Temporal's own login, which creates and owns its two databases. */
export async function ensureTemporalRole(adminUrl: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [
      TEMPORAL_DB.user,
    ]);
    if (!rowCount) {
      await client.query(
        `CREATE ROLE ${client.escapeIdentifier(TEMPORAL_DB.user)} LOGIN CREATEDB PASSWORD ${client.escapeLiteral(TEMPORAL_DB.password)}`,
      );
    }
  });
}

/** The schema version the schema tool recorded in a Temporal database. */
export async function schemaVersion(port: number, database: string): Promise<string> {
  return withClient(temporalDatabaseUrl(port, database), async (client) => {
    const { rows } = await client.query<{ curr_version: string }>(
      'SELECT curr_version FROM schema_version WHERE version_partition = 0 AND db_name = $1',
      [database],
    );
    return rows[0]?.curr_version ?? '?';
  });
}

/** True once a service has written the cluster metadata (the first start on a fresh database). */
export async function clusterMetadataWritten(port: number): Promise<boolean> {
  try {
    return await withClient(
      temporalDatabaseUrl(port, TEMPORAL_DATABASES.default),
      async (client) => {
        const { rowCount } = await client.query(
          'SELECT 1 FROM cluster_metadata_info WHERE cluster_name = $1',
          ['active'],
        );
        return !!rowCount;
      },
    );
  } catch {
    return false;
  }
}

// -------------------------------------------------------------- Temporal ---

/** The variables deploy/temporal/config/cluster.yaml and the set-up scripts read. */
export function temporalEnv(ports: ClusterPorts): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    TEMPORAL_DB_HOST: '127.0.0.1',
    TEMPORAL_DB_PORT: String(ports.postgres),
    TEMPORAL_DB_USER: TEMPORAL_DB.user,
    TEMPORAL_DB_PASSWORD: TEMPORAL_DB.password,
    TEMPORAL_DB_NAME: TEMPORAL_DATABASES.default,
    TEMPORAL_VISIBILITY_DB_NAME: TEMPORAL_DATABASES.visibility,
    TEMPORAL_BIND_IP: '127.0.0.1',
    TEMPORAL_FRONTEND_ADDRESS: `127.0.0.1:${ports.temporal.frontend.grpc}`,
    TEMPORAL_FRONTEND_HTTP_PORT: String(ports.frontendHttp),
    TEMPORAL_DYNAMIC_CONFIG: join(TEMPORAL_ROOT, 'config', 'dynamicconfig', 'cluster.yaml'),
    TEMPORAL_LOG_LEVEL: 'warn',
  };
  for (const service of TEMPORAL_SERVICES) {
    const upper = service.toUpperCase();
    env[`TEMPORAL_${upper}_GRPC_PORT`] = String(ports.temporal[service].grpc);
    env[`TEMPORAL_${upper}_MEMBERSHIP_PORT`] = String(ports.temporal[service].membership);
  }
  return env;
}

/** One gRPC health check (grpc.health.v1) of a Temporal service. */
export async function serving(address: string, service: string): Promise<boolean> {
  const connection = Connection.lazy({ address });
  try {
    const { status } = await connection.withDeadline(Date.now() + 2000, () =>
      connection.healthService.check({ service }),
    );
    return status === 1; // SERVING
  } catch {
    return false;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** The identities (`pid@host`, the SDK's default) polling a task queue for workflow tasks. */
export async function workflowPollers(
  address: string,
  namespace: string,
  taskQueue: string,
): Promise<string[]> {
  const connection = Connection.lazy({ address });
  try {
    const { pollers } = await connection.withDeadline(Date.now() + 2000, () =>
      connection.workflowService.describeTaskQueue({
        namespace,
        taskQueue: { name: taskQueue },
        taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
      }),
    );
    return (pollers ?? []).map((poller) => poller.identity ?? '');
  } catch {
    return [];
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** Whether a URL answers 2xx within two seconds. */
export async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/** Whether a Temporal service is ready: its gRPC health, or (the worker service has none) its metrics. */
export function temporalServiceReady(ports: ClusterPorts, service: TemporalService) {
  const health = HEALTH_SERVICE[service];
  return health
    ? () => serving(`127.0.0.1:${ports.temporal[service].grpc}`, health)
    : () => answers(`http://127.0.0.1:${ports.temporal[service].metrics}/metrics`);
}

/** Polls `check` every 250 ms until it holds; throws after the timeout or once `stopped()`. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; stopped?: () => boolean; report?: Reporter },
): Promise<void> {
  const started = Date.now();
  let nextNotice = 30_000;
  while (!options.stopped?.()) {
    if (await check()) return;
    const waited = Date.now() - started;
    if (waited > options.timeoutMs)
      throw new Error(`${what}: not ready after ${options.timeoutMs / 1000} s`);
    if (waited > nextNotice) {
      options.report?.warn(`still waiting for ${what} (${Math.round(waited / 1000)} s)`);
      nextNotice += 30_000;
    }
    await sleep(250);
  }
  throw new Error(`stopped while waiting for ${what}`);
}

// ---------------------------------------------------------------- memory ---

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Resident memory of one process, KiB (0 when it is gone). */
export function rssKiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readOrEmpty(`/proc/${pid}/status`))?.[1] ?? 0);
}

/** Proportional set size: shared pages divided among the processes that share them. */
function pssKiB(pid: number): number {
  return Number(/^Pss:\s+(\d+)/m.exec(readOrEmpty(`/proc/${pid}/smaps_rollup`))?.[1] ?? 0);
}

/**
 * PostgreSQL runs as a postmaster and a process per connection, all sharing
 * its buffers: their RSS would count the shared buffers once per process, so
 * this sums their PSS.
 */
export function postgresMemory(postmasterPid: number): { kib: number; processes: number } {
  let kib = pssKiB(postmasterPid);
  let processes = 1;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readOrEmpty(`/proc/${entry}/stat`);
    // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === postmasterPid) {
      kib += pssKiB(Number(entry));
      processes++;
    }
  }
  return { kib, processes };
}

export const mib = (kib: number) => `${Math.round(kib / 1024)} MiB`;
