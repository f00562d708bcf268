// Everything the benchmark runs besides itself: the embedded PostgreSQL with
// the settings `npm start` uses (fsync on), Temporal (the dev server on a
// SQLite file in WAL mode, or the cluster's four services on that PostgreSQL:
// bench/temporal.ts), a loopback SMTP catcher, and three child processes
// (the product's worker, the bare baseline's worker, the product's API). All
// of it lives in one scratch directory that goes when the run ends, however it
// ends.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { startMailCatcher, type MailCatcher } from '../dev/mail-catcher.js';
import { createPool, migrate, type Pool } from '../platform/db.js';
import {
  getFreePort,
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from '../dev/services.js';
import type { Policy } from '../domain/policy.js';
import { TASK_QUEUE } from '../workflows/messages.js';
import type { ApiChildArgs } from './api-child.js';
import { BARE_TASK_QUEUE } from './bare-workflow.js';
import type { BenchPids } from './cpu.js';
import { benchDir, type BenchOptions } from './options.js';
import { log, round } from './lib.js';
import { startBenchTemporal, type BenchTemporal } from './temporal.js';
import type { WorkerChildArgs, WorkerSample } from './worker-child.js';

export interface Servers {
  scratch: string;
  temporal: BenchTemporal;
  postgres: EmbeddedPostgresHandle;
  postgresVersion: string;
  postmasterPid: number;
  /** The driver's own pool: the audit, the sweep and what the inbox would show. */
  pool: Pool;
  catcher: MailCatcher;
  /** Seconds each part took to start: PostgreSQL (with the app's migrations), Temporal. */
  startupSeconds: { postgres: number; temporal: number };
  stop(): Promise<void>;
}

const secondsSince = (started: number) => round((performance.now() - started) / 1000);

const postmasterPidIn = (scratch: string) =>
  Number(readFileSync(join(scratch, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

/** Starts the servers; every reminder the catcher takes is handed to `onReminderMail` by its key. */
export async function startServers(
  options: BenchOptions,
  onReminderMail: (key: string) => void,
  postgresSettings?: Record<string, string>,
): Promise<Servers> {
  const scratch = mkdtempSync(join(os.tmpdir(), 'zhucun-bench-'));
  chmodSync(scratch, 0o755); // postgres runs as its own user
  process.on('exit', () => {
    // A run cut short leaves PostgreSQL to the exit hooks; stop it before its directory goes.
    try {
      process.kill(postmasterPidIn(scratch), 'SIGKILL');
    } catch {
      // not running
    }
    rmSync(scratch, { recursive: true, force: true });
  });
  log(
    `N=${options.officials} officials (+${options.closedCohort} closed), dayMs=${options.dayMs} (a year is ${((360 * options.dayMs) / 60_000).toFixed(1)} min), batch ${options.batch}, ${options.counties} counties; scratch ${scratch}`,
  );

  // PostgreSQL first: the cluster's Temporal keeps its own two databases on it.
  let started = performance.now();
  // persistent: the same settings as `npm start` (fsync on), not the tests' throw-away cluster.
  const postgres = await startEmbeddedPostgres({
    dataDir: join(scratch, 'pg'),
    port: await getFreePort(),
    persistent: true,
    database: 'zhucun',
    onLog: () => undefined,
    ...(postgresSettings ? { settings: postgresSettings } : {}),
  });
  await migrate(postgres.url);
  const postgresSeconds = secondsSince(started);
  started = performance.now();
  const temporal = await startBenchTemporal(options, scratch, postgres);
  const temporalSeconds = secondsSince(started);
  log(
    `Temporal ${temporal.version.split('\n')[0]} on ${temporal.address}, namespace ${temporal.namespace} ` +
      `(${temporal.kind}; started in ${temporalSeconds} s)`,
  );
  const pool = createPool(postgres.url, { max: 8, applicationName: 'zhucun-bench-driver' });
  const postgresVersion = (
    await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")
  ).rows[0]!.v;

  const catcher = await startMailCatcher({
    port: 0,
    onMail: (mail) =>
      onReminderMail(mail.headers['x-zhucun-reminder'] ?? `(no key) ${mail.subject}`),
  });
  // The driver counts each reminder by its key and keeps no bodies.
  const forgetBodies = setInterval(() => catcher.clear(), 2_000);

  return {
    scratch,
    temporal,
    postgres,
    postgresVersion,
    postmasterPid: postmasterPidIn(scratch),
    pool,
    catcher,
    startupSeconds: { postgres: postgresSeconds, temporal: temporalSeconds },
    async stop() {
      clearInterval(forgetBodies);
      await pool.end();
      await catcher.stop();
      await temporal.stop();
      await postgres.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** What one committed write costs on this disk (fsync on): a floor under every recorded decision. */
export async function measureCommitMs(pool: Pool): Promise<number[]> {
  const commitMs: number[] = [];
  await pool.query('CREATE TABLE bench_commit_probe (n int)');
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    await pool.query('INSERT INTO bench_commit_probe VALUES ($1)', [i]);
    commitMs.push(performance.now() - started);
  }
  await pool.query('DROP TABLE bench_commit_probe');
  return commitMs;
}

// ---------------------------------------------------------- children ---

/** A worker's memory as it reported it: at start, at its largest sticky cache, and last. */
export interface MemoryTrack {
  baseline?: WorkerSample;
  peak?: WorkerSample;
  last?: WorkerSample;
}

export interface Children {
  domainWorker: ChildProcess;
  /** Absent when the run has no baseline (the simulation). */
  bareWorker?: ChildProcess;
  api: ChildProcess;
  domainMemory: MemoryTrack;
  bareMemory: MemoryTrack;
  apiBaseUrl: string;
  jwtSecret: string;
  /** A client of the driver's own, for the baseline's Updates and for describing histories. */
  client: Client;
  pids(servers: Servers): BenchPids;
  stop(): Promise<void>;
}

/** Forks the workers (the bare one unless `withBare` is false) and the API, and waits until all are ready. */
export async function startChildren(
  options: BenchOptions,
  servers: Servers,
  onUnexpectedExit: (what: string) => void,
  /** Node flags for every child besides the run's own (a profile's --cpu-prof). */
  extraExecArgv: string[] = [],
  /**
   * The API's policy, read once both workers are ready, and the API started
   * only then (the simulation's clock starts with it); otherwise
   * options.policy, the API started with the workers.
   */
  apiPolicyOnceWorkersReady?: () => Policy,
  /** Whether to fork the bare baseline's worker (a run that drives no baseline leaves it out). */
  withBare = true,
): Promise<Children> {
  let stopping = false;
  const forkChild = <T extends object>(
    file: string,
    args: T,
    name: string,
    execArgv: string[] = [],
  ): ChildProcess => {
    const child = fork(join(benchDir, file), [JSON.stringify(args)], {
      execArgv: ['--import', 'tsx', ...execArgv, ...extraExecArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('exit', (code, signal) => {
      if (!stopping) onUnexpectedExit(`${name} exited (code ${code}, signal ${signal})`);
    });
    process.on('exit', () => child.kill('SIGKILL'));
    return child;
  };

  const jwtSecret = randomBytes(32).toString('hex');
  const workerArgs = (kind: 'domain' | 'bare', taskQueue: string): WorkerChildArgs => ({
    kind,
    temporalAddress: servers.temporal.address,
    namespace: servers.temporal.namespace,
    taskQueue,
    databaseUrl: servers.postgres.url,
    smtpPort: servers.catcher.port,
    maxCachedWorkflows: options.maxCachedWorkflows,
  });
  const heap = [`--max-old-space-size=${options.workerHeapMiB}`];
  const domainWorker = forkChild(
    'worker-child.ts',
    workerArgs('domain', TASK_QUEUE),
    'domain worker',
    heap,
  );
  const bareWorker = withBare
    ? forkChild('worker-child.ts', workerArgs('bare', BARE_TASK_QUEUE), 'bare worker', heap)
    : undefined;
  const forkApi = (policy: Policy) =>
    forkChild<ApiChildArgs>(
      'api-child.ts',
      {
        temporalAddress: servers.temporal.address,
        namespace: servers.temporal.namespace,
        databaseUrl: servers.postgres.url,
        jwtSecret,
        taskQueue: TASK_QUEUE,
        policy,
      },
      'api',
    );
  const domainMemory: MemoryTrack = {};
  const bareMemory: MemoryTrack = {};
  trackMemory(domainWorker, domainMemory);
  if (bareWorker) trackMemory(bareWorker, bareMemory);
  const workersReady = Promise.all([
    whenReady(domainWorker, 'domain worker'),
    bareWorker && whenReady(bareWorker, 'bare worker'),
  ]);
  let api: ChildProcess;
  if (apiPolicyOnceWorkersReady) {
    await workersReady;
    api = forkApi(apiPolicyOnceWorkersReady());
  } else api = forkApi(options.policy);
  const [, apiReady] = await Promise.all([
    workersReady,
    whenReady<{ port: number; policyVersion: string }>(api, 'api'),
  ]);
  const apiBaseUrl = `http://127.0.0.1:${apiReady.port}`;
  log(`API on ${apiBaseUrl} under policy ${apiReady.policyVersion}; workers ready`);

  const connection = await Connection.connect({ address: servers.temporal.address });
  const client = new Client({ connection, namespace: servers.temporal.namespace });

  return {
    domainWorker,
    bareWorker,
    api,
    domainMemory,
    bareMemory,
    apiBaseUrl,
    jwtSecret,
    client,
    pids: (s) => ({
      ...s.temporal.pids(),
      postgres: s.postmasterPid,
      domainWorker: domainWorker.pid,
      bareWorker: bareWorker?.pid,
      api: api.pid,
      driver: process.pid,
    }),
    async stop() {
      stopping = true;
      await Promise.allSettled([
        stopChild(api),
        stopChild(domainWorker),
        ...(bareWorker ? [stopChild(bareWorker)] : []),
      ]);
      await connection.close();
    },
  };
}

function whenReady<T>(child: ChildProcess, name: string, timeoutMs = 180_000): Promise<T> {
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} not ready after ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (message: { type: string }) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolveReady(message as T);
      }
    };
    child.on('message', onMessage);
    child.once('exit', () => reject(new Error(`${name} exited before it was ready`)));
  });
}

function trackMemory(child: ChildProcess, track: MemoryTrack): void {
  child.on('message', (message: WorkerSample | { type: string }) => {
    if (message.type !== 'sample' && message.type !== 'ready') return;
    const sample = message as WorkerSample;
    track.baseline ??= sample;
    track.last = sample;
    if (
      !track.peak ||
      sample.cached > track.peak.cached ||
      (sample.cached === track.peak.cached && sample.rss > track.peak.rss)
    )
      track.peak = sample;
  });
}

function stopChild(child: ChildProcess, graceMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.send({ type: 'stop' });
  });
}

/** Memory per cached workflow: the RSS (and heaps) grown from start to the largest cache, over its size. */
export function memoryPerCached(track: MemoryTrack) {
  const { baseline, peak } = track;
  if (!baseline || !peak) return undefined;
  const cached = peak.cached;
  return {
    cachedAtPeak: cached,
    rssBaselineMiB: round(baseline.rss / 2 ** 20),
    rssAtPeakMiB: round(peak.rss / 2 ** 20),
    rssPerCachedKiB: cached ? round((peak.rss - baseline.rss) / cached / 1024) : NaN,
    mainHeapPerCachedKiB: cached ? round((peak.heapUsed - baseline.heapUsed) / cached / 1024) : NaN,
    externalPerCachedKiB: cached ? round((peak.external - baseline.external) / cached / 1024) : NaN,
  };
}
