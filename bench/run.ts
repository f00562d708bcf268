// `npm run bench`: the whole region on one small machine.
//
// Starts its own servers (Temporal dev server on a SQLite file in WAL mode, the
// embedded PostgreSQL with its production settings, a loopback SMTP catcher),
// the product's worker and API as child processes, and a bare baseline worker.
// Then, for the bare baseline first and the product second, it drives N
// officials through onboarding (start, three vetting replies, dispatch approval,
// pre-dispatch training) and one simulated year each (twelve attendance closes,
// a county training after its first reminder, a health check after its first
// reminder, self-report, rating), the product over its real HTTP API, the
// baseline by direct client calls. Writes bench/results/latest.{json,md}.
//
//   npm run bench                          19,000 officials
//   npm run bench -- --officials 2000      fewer
//   npm run bench -- --smoke               ~200 officials, correctness only
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
// A CommonJS package: under plain Node ESM (tsx) only its default export is there.
import protos from '@temporalio/proto';
import { signDemoToken } from '../api/demo.js';
import type { Actor } from '../domain/actors.js';
import { scaledPolicy } from '../domain/policy.js';
import type { CandidateProfile } from '../domain/profile.js';
import { startMailCatcher } from '../platform/mail-catcher.js';
import { createPool, migrate, type Pool } from '../platform/db.js';
import { getFreePort, startEmbeddedPostgres } from '../platform/services.js';
import { ensureToolPaths } from '../scripts/tools.js';
import {
  TASK_QUEUE,
  decideTask as decideTaskUpdate,
  roundWorkflowId,
  termWorkflowId,
} from '../workflows/messages.js';
import {
  BARE_TASK_QUEUE,
  bareCounts,
  bareDecide,
  bareWorkflowId,
  type BareInput,
} from './bare-workflow.js';
import {
  cpuCores,
  cpuSnapshot,
  forEachConcurrent,
  Semaphore,
  sleep,
  startDevServerWal,
  summarize,
  type CpuSnapshot,
  type Summary,
} from './lib.js';
import type { ApiChildArgs } from './api-child.js';
import type { WorkerChildArgs, WorkerSample } from './worker-child.js';
import { renderMarkdown, updateReadme } from './report.js';
import { seedRecords, seededOfficial } from './seed.js';

const here = dirname(fileURLToPath(import.meta.url));
const EventType = protos.temporal.api.enums.v1.EventType;
const repoRoot = resolve(here, '..');

// ---------------------------------------------------------------- options ---

const { values: flags } = parseArgs({
  options: {
    officials: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    'day-ms': { type: 'string' },
    batch: { type: 'string' },
    closed: { type: 'string' },
    out: { type: 'string' },
    'no-readme': { type: 'boolean', default: false },
    region: { type: 'string' },
  },
});

const smoke = flags.smoke ?? false;
const N = Number(flags.officials ?? (smoke ? 200 : 19_000));
const DAY_MS = Number(flags['day-ms'] ?? (smoke ? 800 : 2_000));
const BATCH = Number(flags.batch ?? (smoke ? 40 : 300));
const CLOSED = Number(flags.closed ?? (smoke ? 100 : N));
const OUT = resolve(flags.out ?? join(here, 'results'));
/** Officials the region has: below it, the rest are seeded as records for the inbox (0: none). */
const REGION = Number(flags.region ?? (smoke ? 0 : 19_000));
const START_CALLERS = 20;
const DECIDE_CALLERS = 10;
const PROBE_C1 = Math.min(300, Math.floor(0.4 * 3 * Math.min(BATCH, N)));
const PROBE_DIRECT = Math.floor(PROBE_C1 / 2);
const HISTORY_SAMPLE = Math.max(1, Math.floor(N / 300)); // every k-th official is described
const MONTH_MS = 30 * DAY_MS;
// A term of one year: each official's simulated year ends with the final
// evaluation and a closed record, so nothing of a second year (its months, its
// self-report, its training ladder) runs on while the benchmark counts.
const policy = { ...scaledPolicy(DAY_MS), termMonths: 12 };
policy.version += '+term-12m';

const log = (line: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

// ----------------------------------------------------------- the region ---

const COUNTIES = Math.max(2, Math.ceil((N + CLOSED) / 171)); // Guangxi: ~19,000 officials in 111 counties
const CITIES = Math.min(14, COUNTIES);
const TOWNSHIPS = 10;

interface Official {
  i: number;
  id: string;
  termId: string;
  county: string;
  township: string;
  village: string;
  city: string;
  actor: Actor;
}

const cityPath = (c: number) => `gx/c${c}`;
const countyPath = (k: number) => `${cityPath(k % CITIES)}/k${k}`;
const townshipPath = (k: number, t: number) => `${countyPath(k)}/t${t}`;

function official(i: number): Official {
  const k = i % COUNTIES;
  const t = Math.floor(i / COUNTIES) % TOWNSHIPS;
  const id = `off-${i}`;
  const village = `${townshipPath(k, t)}/v${i}`;
  return {
    i,
    id,
    termId: termWorkflowId(id),
    county: countyPath(k),
    township: townshipPath(k, t),
    village,
    city: cityPath(k % CITIES),
    actor: {
      id,
      name: `Official ${i}`,
      role: 'official',
      jurisdiction: village,
      email: `${id}@bench.zhucun.local`,
    },
  };
}

const mail = (id: string) => `${id}@bench.zhucun.local`;
const countyKey = (o: Official) => o.county.split('/')[2]!;
const countyOrg = (o: Official): Actor => ({
  id: `org-${countyKey(o)}`,
  name: `County org ${countyKey(o)}`,
  role: 'county_org',
  jurisdiction: o.county,
  email: mail(`org-${countyKey(o)}`),
});
const township = (o: Official): Actor => {
  const id = `twp-${countyKey(o)}-${o.township.split('/')[3]}`;
  return {
    id,
    name: `Township ${id}`,
    role: 'township',
    jurisdiction: o.township,
    email: mail(id),
  };
};
const screening = (o: Official, body: 'discipline' | 'petition' | 'police'): Actor => {
  const id = `${body.slice(0, 3)}-${countyKey(o)}`;
  return {
    id,
    name: `${body} ${countyKey(o)}`,
    role: 'screening_body',
    body,
    jurisdiction: o.county,
    email: mail(id),
  };
};
const dispatchingUnit = (o: Official): Actor => {
  const id = `du-${o.city.split('/')[1]}`;
  return {
    id,
    name: `Dispatching unit ${id}`,
    role: 'dispatching_unit',
    jurisdiction: o.city,
    email: mail(id),
  };
};
const REGION_ADMIN: Actor = {
  id: 'admin-gx',
  name: 'Region admin',
  role: 'region_admin',
  jurisdiction: 'gx',
  email: mail('admin-gx'),
};
/** A county-org token over the whole region: the largest inbox there can be. */
const REGION_ORG: Actor = {
  id: 'org-region',
  name: 'Region-wide county org view',
  role: 'county_org',
  jurisdiction: 'gx',
};

function directory(): Actor[] {
  const out = new Map<string, Actor>([[REGION_ADMIN.id, REGION_ADMIN]]);
  for (let k = 0; k < COUNTIES; k++) {
    for (let t = 0; t < TOWNSHIPS; t++) {
      const o = official(k + t * COUNTIES); // an official in county k, township t
      for (const a of [
        countyOrg(o),
        township(o),
        screening(o, 'discipline'),
        screening(o, 'petition'),
        screening(o, 'police'),
        dispatchingUnit(o),
      ])
        out.set(a.id, a);
    }
  }
  return [...out.values()];
}

const today = new Date();
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
function profile(o: Official): CandidateProfile {
  return {
    officialId: o.id,
    name: o.actor.name,
    email: o.actor.email!,
    post: o.i % 4 === 0 ? 'first_secretary' : 'team_member',
    village: o.village,
    dispatchingUnit: `Unit of ${o.city}`,
    birthDate: `19${80 + (o.i % 15)}-0${1 + (o.i % 9)}-1${o.i % 10}`,
    partyMember: 'full',
    underInvestigation: false,
    sanctioned: false,
    lastRatings: ['competent', 'outstanding'],
    lastHealthCheck: { date: isoDay(new Date(today.getTime() - 60 * 86_400_000)), fit: true },
    workYears: 5 + (o.i % 20),
    formalPost: true,
    willingnessSigned: true,
  };
}

// ------------------------------------------------------------ recording ---

const latencies = new Map<string, number[]>();
const record = (label: string, ms: number) => {
  let a = latencies.get(label);
  if (!a) latencies.set(label, (a = []));
  a.push(ms);
};
const failures: string[] = [];
let appliedThenErrored = 0;
let transientUpdateErrors = 0;
let failureCount = 0;
let retries = 0;
const fail = (what: string) => {
  failureCount++;
  if (failures.length < 30) failures.push(what);
  log(`FAILURE ${what}`);
};

/** Decisions the API or the bare workflow acknowledged: task id → expected log action. */
const ackedDecisions = new Map<string, string>();
const ackedFacts: { officialId: string; fact: 'trained' | 'health_checked' }[] = [];

// ------------------------------------------------------------ processes ---

function forkChild<T extends object>(
  file: string,
  args: T,
  name: string,
  execArgv: string[] = [],
): ChildProcess {
  const child = fork(join(here, file), [JSON.stringify(args)], {
    execArgv: ['--import', 'tsx', ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) fail(`${name} exited (code ${code}, signal ${signal})`);
  });
  process.on('exit', () => child.kill('SIGKILL'));
  return child;
}
let stopping = false;

function whenReady<T>(child: ChildProcess, name: string, timeoutMs = 180_000): Promise<T> {
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} not ready after ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (m: { type: string }) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolveReady(m as T);
      }
    };
    child.on('message', onMessage);
    child.once('exit', () => reject(new Error(`${name} exited before it was ready`)));
  });
}

interface MemoryTrack {
  baseline?: WorkerSample;
  peak?: WorkerSample;
  last?: WorkerSample;
}
function trackMemory(child: ChildProcess, track: MemoryTrack): void {
  child.on('message', (m: WorkerSample | { type: string }) => {
    if (m.type !== 'sample' && m.type !== 'ready') return;
    const s = m as WorkerSample;
    track.baseline ??= s;
    track.last = s;
    if (
      !track.peak ||
      s.cached > track.peak.cached ||
      (s.cached === track.peak.cached && s.rss > track.peak.rss)
    )
      track.peak = s;
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

// ------------------------------------------------------------------ main ---

// A signal ends the run through process.exit, so that the exit hooks stop every server and child.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

async function main(): Promise<void> {
  const runStarted = new Date();
  mkdirSync(OUT, { recursive: true });
  const scratch = mkdtempSync(join(os.tmpdir(), 'zhucun-bench-'));
  chmodSync(scratch, 0o755); // postgres runs as its own user
  process.on('exit', () => {
    // A run cut short leaves PostgreSQL to the exit hooks; stop it before its directory goes.
    try {
      process.kill(
        Number(readFileSync(join(scratch, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]),
        'SIGKILL',
      );
    } catch {
      // not running
    }
    rmSync(scratch, { recursive: true, force: true });
  });
  log(
    `N=${N} officials (+${CLOSED} closed), dayMs=${DAY_MS} (a year is ${((360 * DAY_MS) / 60_000).toFixed(1)} min), batch ${BATCH}, ${COUNTIES} counties; scratch ${scratch}`,
  );

  const [temporalPort, pgPort] = await Promise.all([getFreePort(), getFreePort()]);
  const temporal = await startDevServerWal(temporalPort, join(scratch, 'temporal.db'));
  log(
    `Temporal ${temporal.version.split('\n')[0]} on ${temporal.address} (SQLite, journal_mode=wal)`,
  );
  // persistent: the same settings as `npm start` (fsync on), not the tests' throw-away cluster.
  const postgres = await startEmbeddedPostgres({
    dataDir: join(scratch, 'pg'),
    port: pgPort,
    persistent: true,
    database: 'zhucun',
    onLog: () => undefined,
  });
  await migrate(postgres.url);
  const pool = createPool(postgres.url, { max: 8, applicationName: 'zhucun-bench-driver' });
  const pgVersion = (
    await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")
  ).rows[0]!.v;
  const postmasterPid = Number(
    readFileSync(join(scratch, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0],
  );

  // What one committed write costs on this disk (fsync on): a floor under every recorded decision.
  const commitMs: number[] = [];
  await pool.query('CREATE TABLE bench_commit_probe (n int)');
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await pool.query('INSERT INTO bench_commit_probe VALUES ($1)', [i]);
    commitMs.push(performance.now() - t);
  }
  await pool.query('DROP TABLE bench_commit_probe');

  const actors = directory();
  for (const a of actors) {
    await pool.query(
      'INSERT INTO actors (id, name, role, jurisdiction, body, email) VALUES ($1,$2,$3,$4,$5,$6)',
      [a.id, a.name, a.role, a.jurisdiction, a.body ?? null, a.email ?? null],
    );
  }

  // Mail: count each reminder by its key; keep no bodies.
  const mails = new Map<string, number>();
  const mailTimes: { key: string; at: number }[] = [];
  const catcher = await startMailCatcher({
    port: 0,
    onMail: (m) => {
      const key = m.headers['x-zhucun-reminder'] ?? `(no key) ${m.subject}`;
      mails.set(key, (mails.get(key) ?? 0) + 1);
      mailTimes.push({ key, at: Date.now() });
    },
  });
  const clearCaught = setInterval(() => catcher.clear(), 2_000);

  const jwtSecret = randomBytes(32).toString('hex');
  const maxCached = N + CLOSED + 2_000;
  const workerArgs = (kind: 'domain' | 'bare', taskQueue: string): WorkerChildArgs => ({
    kind,
    temporalAddress: temporal.address,
    taskQueue,
    databaseUrl: postgres.url,
    smtpPort: catcher.port,
    maxCachedWorkflows: maxCached,
  });
  const heap = [`--max-old-space-size=${smoke ? 2048 : 8192}`];
  const domainWorker = forkChild(
    'worker-child.ts',
    workerArgs('domain', TASK_QUEUE),
    'domain worker',
    heap,
  );
  const bareWorker = forkChild(
    'worker-child.ts',
    workerArgs('bare', BARE_TASK_QUEUE),
    'bare worker',
    heap,
  );
  const api = forkChild<ApiChildArgs>(
    'api-child.ts',
    {
      temporalAddress: temporal.address,
      databaseUrl: postgres.url,
      jwtSecret,
      taskQueue: TASK_QUEUE,
      policy,
    },
    'api',
  );
  const domainMemory: MemoryTrack = {};
  const bareMemory: MemoryTrack = {};
  trackMemory(domainWorker, domainMemory);
  trackMemory(bareWorker, bareMemory);
  const [, , apiReady] = await Promise.all([
    whenReady(domainWorker, 'domain worker'),
    whenReady(bareWorker, 'bare worker'),
    whenReady<{ port: number; policyVersion: string }>(api, 'api'),
  ]);
  const baseUrl = `http://127.0.0.1:${apiReady.port}`;
  log(`API on ${baseUrl} under policy ${apiReady.policyVersion}; workers ready`);

  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: 'default' });

  const pids = {
    temporal: temporal.pid,
    postgres: postmasterPid,
    domainWorker: domainWorker.pid,
    bareWorker: bareWorker.pid,
    api: api.pid,
    driver: process.pid,
  };
  const cpu: Record<string, Record<string, number>> = {};
  let mark = cpuSnapshot(pids);
  const phase = (name: string) => {
    const now = cpuSnapshot(pids);
    cpu[name] = cpuCores(mark, now);
    mark = now;
    log(`phase ${name}: ${JSON.stringify(cpu[name])}`);
  };
  const resetMark = () => {
    mark = cpuSnapshot(pids);
  };

  // -------------------------------------------------------------- HTTP ---
  const tokens = new Map<string, Promise<string>>();
  const token = (a: Actor) => {
    let t = tokens.get(a.id);
    if (!t) tokens.set(a.id, (t = signDemoToken(a, jwtSecret, { expiresIn: '3d' })));
    return t;
  };
  interface Reply {
    status: number;
    body: any;
    ms: number;
  }
  async function http(
    method: 'GET' | 'POST',
    path: string,
    as: Actor,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<Reply> {
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { authorization: `Bearer ${await token(as)}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
      const t = performance.now();
      try {
        const res = await fetch(baseUrl + path, {
          method,
          headers,
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        const text = await res.text();
        const ms = performance.now() - t;
        const parsed = text ? (JSON.parse(text) as any) : undefined;
        const transient =
          res.status >= 500 ||
          (res.status === 409 && parsed?.error?.code === 'idempotency_in_progress');
        if (transient && attempt < 10) {
          retries++;
          await sleep(Math.min(3_000, 250 * 2 ** attempt));
          continue;
        }
        return { status: res.status, body: parsed, ms };
      } catch (err) {
        if (attempt >= 10) throw err;
        retries++;
        await sleep(Math.min(3_000, 250 * 2 ** attempt));
      }
    }
  }

  // --------------------------------------------------- domain: steps ---
  interface TaskRow {
    id: string;
    kind: string;
    data: Record<string, unknown> | null;
  }
  const openTasks = async (termId: string) =>
    (
      await pool.query<TaskRow>(
        'SELECT id, kind, data FROM tasks WHERE term_id = $1 AND closed_at IS NULL',
        [termId],
      )
    ).rows;
  /** What the actor would find in their inbox; read from the system of record, not timed. */
  async function waitTask(
    o: Official,
    pred: (t: TaskRow) => boolean,
    what: string,
    timeoutMs = 10 * 60_000,
    stop?: () => boolean,
  ): Promise<TaskRow | undefined> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const t = (await openTasks(o.termId)).find(pred);
      if (t) return t;
      if (stop?.()) return undefined;
      if (Date.now() > until) {
        fail(`${o.id}: no open ${what} after ${timeoutMs} ms`);
        return undefined;
      }
      await sleep(100);
    }
  }
  const EXPECTED_ACTION: Record<string, string> = {
    vetting_reply: 'request_replied',
    approve_dispatch: 'dispatch_approved',
    record_pre_dispatch_training: 'trained',
    close_attendance: 'attendance_closed',
    self_report: 'self_reported',
    rate_official: 'rated',
  };
  async function decideTask(
    o: Official,
    task: TaskRow,
    as: Actor,
    body: Record<string, unknown>,
    label: string,
  ): Promise<boolean> {
    const r = await http(
      'POST',
      `/api/tasks/${encodeURIComponent(task.id)}/decision`,
      as,
      body,
      `decide:${task.id}`,
    );
    // A 5xx frees the Idempotency-Key; when the first attempt had in fact landed, the retry
    // is told "already decided" by this very actor. Not lost, not doubled: the log shows which.
    if (
      r.status === 409 &&
      r.body?.error?.code === 'already_decided' &&
      String(r.body?.error?.message).includes(`by ${as.id})`)
    ) {
      appliedThenErrored++;
      ackedDecisions.set(task.id, EXPECTED_ACTION[task.kind]!);
      return true;
    }
    if (r.status !== 200 || r.body?.ok !== true) {
      fail(
        `${o.id} ${task.kind} ${task.id}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`,
      );
      return false;
    }
    record(label, r.ms);
    ackedDecisions.set(task.id, EXPECTED_ACTION[task.kind]!);
    return true;
  }
  async function domainFact(
    o: Official,
    path: string,
    as: Actor,
    body: unknown,
    fact: 'trained' | 'health_checked',
    label: string,
  ): Promise<void> {
    const r = await http('POST', `/api/officials/${o.id}/${path}`, as, body, `${fact}:${o.id}:y1`);
    if (r.status !== 200)
      return fail(`${o.id} ${path}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    record(label, r.ms);
    ackedFacts.push({ officialId: o.id, fact });
  }

  // ----------------------------------------------------- bare: steps ---
  const bareInput: BareInput = { monthMs: MONTH_MS, months: 12, remindAtMonth: 11, reminders: 2 };
  /** An Update on the bare workflow; "not yet due" (its timer has not fired) is retried outside the callers' semaphore. */
  async function bareUpdate(
    o: Official,
    step: string,
    label: string,
    sem?: Semaphore,
    onSent?: (at: number) => void,
  ): Promise<boolean> {
    const handle = client.workflow.getHandle(bareWorkflowId(o.i));
    for (let attempt = 0; ; attempt++) {
      const outcome = await (sem ?? noLimit).run(async () => {
        const t = performance.now();
        try {
          const sentAt = Date.now();
          await handle.executeUpdate(bareDecide, { args: [{ step }] });
          record(label, performance.now() - t);
          onSent?.(sentAt);
          ackedDecisions.set(`${bareWorkflowId(o.i)}/${step}`, 'bare');
          return 'ok' as const;
        } catch (err) {
          const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
          if (cause instanceof ApplicationFailure && cause.type === 'not_due' && attempt < 6_000)
            return 'not_due' as const;
          // Applied by an attempt whose answer was lost: the retry is refused as a repeat.
          if (
            cause instanceof ApplicationFailure &&
            cause.type === 'already_decided' &&
            attempt > 0
          ) {
            appliedThenErrored++;
            ackedDecisions.set(`${bareWorkflowId(o.i)}/${step}`, 'bare');
            return 'ok' as const;
          }
          // The server gave up on the Update (a workflow task timed out on the loaded machine): retry, as a client would.
          if (!(err instanceof WorkflowUpdateFailedError) && attempt < 10) {
            transientUpdateErrors++;
            return 'not_due' as const;
          }
          const why =
            (err as Error).cause instanceof Error
              ? `: ${((err as Error).cause as Error).message}`
              : '';
          fail(`bare ${o.i} ${step}: ${(err as Error).message}${why}`);
          return 'failed' as const;
        }
      });
      if (outcome !== 'not_due') return outcome === 'ok';
      await sleep(100);
    }
  }
  const noLimit = new Semaphore(1_000_000);

  // ------------------------------------------------- shared skeleton ---
  interface Kind {
    name: 'bare' | 'domain';
    start(o: Official): Promise<number | undefined>;
    /** The three vetting replies of an official, as thunks that time themselves under `label`. */
    /** The three vetting replies, as thunks timed under `label`; `direct`: an Update from the client, not over HTTP. */
    vetting(o: Official): Promise<((label: string, direct?: boolean) => Promise<unknown>)[]>;
    approve(o: Official): Promise<unknown>;
    train(o: Official): Promise<unknown>;
    /** Decides month m's attendance once due; records how long after the month's end the decision went out. */
    month(
      o: Official,
      m: number,
      due: number,
      sem: Semaphore,
      lateness: number[],
      label?: string,
    ): Promise<unknown>;
    fact(o: Official, which: 'training' | 'health', sem: Semaphore): Promise<unknown>;
    selfAndRate(o: Official, sem: Semaphore): Promise<unknown>;
    describeId(o: Official): string;
  }

  const domain: Kind = {
    name: 'domain',
    async start(o) {
      const r = await http(
        'POST',
        '/api/nominations',
        dispatchingUnit(o),
        profile(o),
        `nominate:${o.id}`,
      );
      if (r.status !== 201 && r.status !== 202) {
        fail(`${o.id} nomination: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        return undefined;
      }
      return r.ms;
    },
    async vetting(o) {
      let tasks: TaskRow[] = [];
      for (let i = 0; i < 6_000 && tasks.length < 3; i++) {
        tasks = (await openTasks(o.termId)).filter((t) => t.kind === 'vetting_reply');
        if (tasks.length < 3) await sleep(100);
      }
      if (tasks.length !== 3) fail(`${o.id}: ${tasks.length} vetting tasks open after nomination`);
      const bodyOf = async (t: TaskRow) => {
        const { rows } = await pool.query<{ assignee_body: 'discipline' | 'petition' | 'police' }>(
          'SELECT assignee_body FROM tasks WHERE id = $1',
          [t.id],
        );
        return rows[0]!.assignee_body;
      };
      return tasks.map((t) => async (label: string, direct?: boolean) => {
        const as = screening(o, await bodyOf(t));
        if (!direct)
          return decideTask(o, t, as, { decision: 'approve', comment: 'nothing on file' }, label);
        // The same Update the API sends, straight from a client: the API's share of the round trip.
        const t0 = performance.now();
        try {
          await client.workflow.getHandle(o.termId).executeUpdate(decideTaskUpdate, {
            args: [{ taskId: t.id, actor: as, decision: 'approve', comment: 'nothing on file' }],
          });
          record(label, performance.now() - t0);
          ackedDecisions.set(t.id, EXPECTED_ACTION[t.kind]!);
        } catch (err) {
          fail(`${o.id} direct ${t.id}: ${(err as Error).message}`);
        }
      });
    },
    async approve(o) {
      const t = await waitTask(o, (x) => x.kind === 'approve_dispatch', 'approve_dispatch');
      if (t)
        await decideTask(
          o,
          t,
          countyOrg(o),
          { decision: 'approve', comment: 'approved' },
          'domain.onboard.decide',
        );
    },
    async train(o) {
      const t = await waitTask(
        o,
        (x) => x.kind === 'record_pre_dispatch_training',
        'pre-dispatch training',
      );
      if (t)
        await decideTask(
          o,
          t,
          countyOrg(o),
          { decision: 'approve', comment: 'pre-dispatch training, 5 days' },
          'domain.onboard.decide',
        );
    },
    async month(o, m, due, sem, lateness, label = 'domain.year.decide') {
      const t = await waitTask(
        o,
        (x) => x.kind === 'close_attendance' && Number(x.data?.month) === m,
        `attendance month ${m}`,
      );
      if (!t) return;
      await sem.run(async () => {
        lateness.push(Date.now() - due);
        await decideTask(
          o,
          t,
          township(o),
          { decision: 'approve', comment: 'resident', days: 22 },
          label,
        );
      });
    },
    async fact(o, which, sem) {
      await sem.run(() =>
        which === 'training'
          ? domainFact(
              o,
              'trainings',
              township(o),
              { kind: 'county', title: 'County-level training on rural revitalization' },
              'trained',
              'domain.year.fact',
            )
          : domainFact(
              o,
              'health-checks',
              countyOrg(o),
              { fit: true, note: 'yearly check-up' },
              'health_checked',
              'domain.year.fact',
            ),
      );
    },
    async selfAndRate(o, sem) {
      const s = await waitTask(o, (x) => x.kind === 'self_report', 'self-report');
      if (s)
        await sem.run(() =>
          decideTask(
            o,
            s,
            o.actor,
            { decision: 'approve', comment: '', report: 'Attendance kept, projects on schedule.' },
            'domain.year.decide',
          ),
        );
      const r = await waitTask(o, (x) => x.kind === 'rate_official', 'rating');
      if (r)
        await sem.run(() =>
          decideTask(
            o,
            r,
            countyOrg(o),
            { decision: 'approve', comment: 'steady work', rating: 'competent' },
            'domain.year.decide',
          ),
        );
    },
    describeId: (o) => o.termId,
  };

  const bare: Kind = {
    name: 'bare',
    async start(o) {
      const t = performance.now();
      try {
        await client.workflow.start('bareTermWorkflow', {
          workflowId: bareWorkflowId(o.i),
          taskQueue: BARE_TASK_QUEUE,
          args: [bareInput],
        });
        return performance.now() - t;
      } catch (err) {
        fail(`bare ${o.i} start: ${(err as Error).message}`);
        return undefined;
      }
    },
    async vetting(o) {
      return [0, 1, 2].map((v) => (label: string) => bareUpdate(o, `vet:${v}`, label));
    },
    approve: (o) => bareUpdate(o, 'approve', 'bare.onboard.decide'),
    train: (o) => bareUpdate(o, 'train', 'bare.onboard.decide'),
    async month(o, m, due, sem, lateness) {
      await bareUpdate(o, `month:${m}`, 'bare.year.decide', sem, (at) => lateness.push(at - due));
    },
    fact: (o, which, sem) => bareUpdate(o, which, 'bare.year.fact', sem),
    async selfAndRate(o, sem) {
      await bareUpdate(o, 'self', 'bare.year.decide', sem);
      await bareUpdate(o, 'rate', 'bare.year.decide', sem);
    },
    describeId: (o) => bareWorkflowId(o.i),
  };

  interface KindResult {
    startsPerSecond: { firstBatch: number; onboardedPerSecondAfter: number };
    onboardSeconds: number;
    year: {
      wallSeconds: number;
      idealSeconds: number;
      firstDispatchToLastRatingSeconds: number;
      lateAfterYearEndSeconds: Summary;
      monthLatenessMs: Summary;
    };
    history: { historyLength: Summary; stateTransitionCount: Summary; sampled: number };
  }

  /** Mean events of each type per workflow, and the mean waits inside a workflow task and an Update. */
  async function historyBreakdown(ids: string[]) {
    const types = new Map<string, number>();
    const queued: number[] = [];
    const running: number[] = [];
    const updates: number[] = [];
    for (const id of ids) {
      const h = await client.workflow.getHandle(id).fetchHistory();
      let scheduledAt = 0;
      let startedAt = 0;
      const accepted = new Map<string, number>();
      for (const e of h.events ?? []) {
        const name = String(EventType[e.eventType ?? 0] ?? e.eventType).replace('EVENT_TYPE_', '');
        types.set(name, (types.get(name) ?? 0) + 1 / ids.length);
        const at =
          Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
        if (name === 'WORKFLOW_TASK_SCHEDULED') scheduledAt = at;
        if (name === 'WORKFLOW_TASK_STARTED') {
          startedAt = at;
          if (scheduledAt) queued.push(at - scheduledAt);
        }
        if (name === 'WORKFLOW_TASK_COMPLETED' && startedAt) running.push(at - startedAt);
        const updateId = e.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId;
        if (updateId) accepted.set(updateId, at);
        const done = e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId;
        if (done && accepted.has(done)) updates.push(at - accepted.get(done)!);
      }
    }
    return {
      workflows: ids.length,
      eventsByType: Object.fromEntries(
        [...types.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round(v)]),
      ),
      workflowTaskQueuedMs: summarize(queued),
      workflowTaskRunningMs: summarize(running),
      updateAcceptedToCompletedMs: summarize(updates),
    };
  }

  async function describe(id: string) {
    const d = await client.workflowService.describeWorkflowExecution({
      namespace: 'default',
      execution: { workflowId: id },
    });
    const info = d.workflowExecutionInfo!;
    return {
      historyLength: Number(info.historyLength),
      stateTransitionCount: Number(info.stateTransitionCount),
    };
  }

  interface Started {
    dispatchedAt: Map<number, number>;
    doneAt: Map<number, number>;
    monthLateness: number[];
    histories: { historyLength: number; stateTransitionCount: number }[];
    chains: Promise<void>[];
    onboardSeconds: number;
    startWall: number;
    starts: number;
    restWall: number;
    rest: number;
  }

  /** Onboards the cohort and starts each official's year; `afterProbes` runs between the first batch and the rest. */
  async function runKind(
    kind: Kind,
    cohort: Official[],
    afterProbes: () => Promise<void>,
  ): Promise<Started> {
    const pre = `${kind.name}`;
    const sem = new Semaphore(DECIDE_CALLERS);
    const dispatchedAt = new Map<number, number>();
    const doneAt = new Map<number, number>();
    const monthLateness: number[] = [];
    const histories: { historyLength: number; stateTransitionCount: number }[] = [];
    const chains: Promise<void>[] = [];
    const onboardStarted = Date.now();

    const sleepUntil = (t: number) => sleep(Math.max(0, t - Date.now()));
    const yearChain = async (o: Official, D: number) => {
      for (let m = 1; m <= 11; m++) {
        await sleepUntil(D + m * MONTH_MS + 20);
        await kind.month(o, m, D + m * MONTH_MS, sem, monthLateness);
      }
      // After the first reminder (due-30d falls on month 11's end), before the second.
      await sleepUntil(D + 335 * DAY_MS);
      await kind.fact(o, 'training', sem);
      await sleepUntil(D + 340 * DAY_MS);
      await kind.fact(o, 'health', sem);
      await sleepUntil(D + 12 * MONTH_MS + 20);
      await kind.month(o, 12, D + 12 * MONTH_MS, sem, monthLateness);
      await kind.selfAndRate(o, sem);
      doneAt.set(o.i, Date.now());
      if (o.i % HISTORY_SAMPLE === 0) histories.push(await describe(kind.describeId(o)));
    };

    const dispatch = (o: Official) => {
      const D = Date.now();
      dispatchedAt.set(o.i, D);
      chains.push(yearChain(o, D));
    };

    // The first batch, phase by phase, with nothing else running: starts at 20 callers,
    // then the vetting replies at 1 caller and at 10.
    const batch = cohort.slice(0, BATCH);
    const t0 = performance.now();
    await forEachConcurrent(batch, START_CALLERS, async (o) => {
      const ms = await kind.start(o);
      if (ms !== undefined) record(`${pre}.start`, ms);
    });
    const startWall = (performance.now() - t0) / 1000;
    phase(`${pre}.starts.firstBatch`);
    const replies: ((label: string, direct?: boolean) => Promise<unknown>)[] = [];
    await forEachConcurrent(batch, DECIDE_CALLERS, async (o) => {
      replies.push(...(await kind.vetting(o)));
    });
    resetMark();
    await forEachConcurrent(replies.slice(0, PROBE_C1), 1, (r) =>
      r(`${pre}.decide.c1`).then(() => undefined),
    );
    phase(`${pre}.decide.c1`);
    if (kind.name === 'domain') {
      await forEachConcurrent(replies.slice(PROBE_C1, PROBE_C1 + PROBE_DIRECT), 1, (r) =>
        r('domain.decide.c1.direct', true).then(() => undefined),
      );
      phase('domain.decide.c1.direct');
    }
    const c10From = kind.name === 'domain' ? PROBE_C1 + PROBE_DIRECT : PROBE_C1;
    await forEachConcurrent(replies.slice(c10From), DECIDE_CALLERS, (r) =>
      r(`${pre}.decide.c10`).then(() => undefined),
    );
    phase(`${pre}.decide.c10`);
    await forEachConcurrent(batch, DECIDE_CALLERS, async (o) => {
      await kind.approve(o);
    });
    await forEachConcurrent(batch, DECIDE_CALLERS, async (o) => {
      await kind.train(o);
      dispatch(o);
    });
    log(`${pre}: ${batch.length}/${cohort.length} on duty`);
    await afterProbes();

    // Everyone else, one official at a time per caller, start to dispatch, so that no
    // request waits past its deadline, while the earlier officials' year runs.
    const rest = cohort.slice(BATCH);
    const t1 = performance.now();
    let done = batch.length;
    await forEachConcurrent(rest, DECIDE_CALLERS, async (o) => {
      const ms = await kind.start(o);
      if (ms === undefined) return;
      record(`${pre}.start.pipelined`, ms);
      for (const reply of await kind.vetting(o)) await reply(`${pre}.onboard.vet`);
      await kind.approve(o);
      await kind.train(o);
      dispatch(o);
      if (++done % 500 === 0) log(`${pre}: ${done}/${cohort.length} on duty`);
    });
    const restWall = (performance.now() - t1) / 1000;
    const onboardSeconds = (Date.now() - onboardStarted) / 1000;
    log(`${pre}: onboarding took ${onboardSeconds.toFixed(0)} s; the year runs`);
    return {
      dispatchedAt,
      doneAt,
      monthLateness,
      histories,
      chains,
      onboardSeconds,
      startWall,
      starts: batch.length,
      restWall,
      rest: rest.length,
    };
  }

  async function finishKind(
    kind: Kind,
    s: Started,
    duringYear?: (over: () => boolean) => Promise<void>,
  ): Promise<KindResult> {
    let over = false;
    const probing = duringYear?.(() => over);
    await Promise.all(s.chains);
    over = true;
    await probing;
    log(`${kind.name}: every official's year is done`);
    const firstDispatch = Math.min(...s.dispatchedAt.values());
    const lastDispatch = Math.max(...s.dispatchedAt.values());
    const lastDone = Math.max(...s.doneAt.values());
    const late = [...s.doneAt.entries()].map(
      ([i, t]) => (t - (s.dispatchedAt.get(i)! + 12 * MONTH_MS)) / 1000,
    );
    return {
      startsPerSecond: {
        firstBatch: round(s.starts / s.startWall),
        onboardedPerSecondAfter: s.rest ? round(s.rest / s.restWall) : NaN,
      },
      onboardSeconds: round(s.onboardSeconds),
      year: {
        wallSeconds: round((lastDone - firstDispatch) / 1000),
        idealSeconds: round((lastDispatch - firstDispatch + 12 * MONTH_MS) / 1000),
        firstDispatchToLastRatingSeconds: round((lastDone - firstDispatch) / 1000),
        lateAfterYearEndSeconds: summarize(late),
        monthLatenessMs: summarize(s.monthLateness),
      },
      history: {
        historyLength: summarize(s.histories.map((h) => h.historyLength)),
        stateTransitionCount: summarize(s.histories.map((h) => h.stateTransitionCount)),
        sampled: s.histories.length,
      },
    };
  }

  const cohort = Array.from({ length: N }, (_, i) => official(i));

  // The bare baseline's first batch, then the product's, each measured alone (starts,
  // round trips at 1 and 10 callers); then both onboard the rest and run their years
  // side by side, which halves the wall time of the run on a shared machine.
  let bareProbed!: () => void;
  const bareProbesDone = new Promise<void>((r) => (bareProbed = r));
  let releaseRest!: () => void;
  const restGate = new Promise<void>((r) => (releaseRest = r));
  resetMark();
  const bareRun = runKind(bare, cohort, async () => {
    bareProbed();
    await restGate;
  });
  await bareProbesDone;
  const domainRun = runKind(domain, cohort, async () => {
    resetMark();
    releaseRest();
  });
  const [bareStarted, domainStarted] = await Promise.all([bareRun, domainRun]);
  phase('both.onboard.rest');

  // Inbox as its users list it, while every official is on duty.
  const inboxProbe = async (suffix: string, stopWhen: () => boolean) => {
    const flavors: [string, () => Actor][] = [
      ['county', () => countyOrg(cohort[Math.floor(Math.random() * N)]!)],
      ['township', () => township(cohort[Math.floor(Math.random() * N)]!)],
      ['region', () => REGION_ORG],
      ['official', () => cohort[Math.floor(Math.random() * N)]!.actor],
    ];
    for (let i = 0; !stopWhen(); i++) {
      const [name, who] = flavors[i % flavors.length]!;
      const r = await http('GET', '/api/inbox?limit=50', who());
      if (r.status === 200) record(`inbox.${name}${suffix}`, r.ms);
      else fail(`inbox ${name}: HTTP ${r.status}`);
      await sleep(smoke ? 100 : 250);
    }
  };
  // What the machine is waiting on while the years run: Temporal's task backlogs and the
  // worker's busy PostgreSQL connections (record writes).
  let sampling = true;
  const samples: {
    at: number;
    wfBacklog: number;
    wfBacklogAgeS: number;
    actBacklog: number;
    actBacklogAgeS: number;
    workerConns: number;
    workerIdleInTx: number;
  }[] = [];
  const sampler = (async () => {
    const { temporalCli } = ensureToolPaths();
    while (sampling) {
      const sample = {
        at: Date.now(),
        wfBacklog: NaN,
        wfBacklogAgeS: NaN,
        actBacklog: NaN,
        actBacklogAgeS: NaN,
        workerConns: NaN,
        workerIdleInTx: NaN,
      };
      try {
        const out = await new Promise<string>((res, rej) =>
          execFile(
            temporalCli,
            [
              'task-queue',
              'describe',
              '--address',
              temporal.address,
              '--task-queue',
              TASK_QUEUE,
              '-o',
              'json',
            ],
            { timeout: 10_000 },
            (e, so) => (e ? rej(e) : res(so)),
          ),
        );
        const stats =
          (
            JSON.parse(out) as {
              stats?: {
                taskQueueType: string;
                approximateBacklogCount: number;
                approximateBacklogAge: string;
              }[];
            }
          ).stats ?? [];
        const secs = (a: string) =>
          Number.parseFloat(a) * (a.endsWith('ms') ? 0.001 : a.endsWith('m') ? 60 : 1);
        for (const st of stats) {
          if (st.taskQueueType === 'workflow')
            [sample.wfBacklog, sample.wfBacklogAgeS] = [
              st.approximateBacklogCount,
              secs(st.approximateBacklogAge),
            ];
          if (st.taskQueueType === 'activity')
            [sample.actBacklog, sample.actBacklogAgeS] = [
              st.approximateBacklogCount,
              secs(st.approximateBacklogAge),
            ];
        }
        const { rows } = await pool.query<{ n: number; idle_tx: number }>(
          // Busy (not idle) connections of the worker's record pool, and those idle in a transaction.
          "SELECT count(*) FILTER (WHERE state <> 'idle') AS n, count(*) FILTER (WHERE state = 'idle in transaction') AS idle_tx FROM pg_stat_activity WHERE application_name = 'zhucun-bench-worker'",
        );
        sample.workerConns = rows[0]!.n;
        sample.workerIdleInTx = rows[0]!.idle_tx;
      } catch {
        // a missed sample
      }
      samples.push(sample);
      await sleep(smoke ? 2_000 : 5_000);
    }
  })();
  const [bareResult, domainResult] = await Promise.all([
    finishKind(bare, bareStarted),
    finishKind(domain, domainStarted, (over) => inboxProbe('.running', over)),
  ]);
  phase('both.year');
  sampling = false;
  await sampler;
  log(`bare: ${JSON.stringify(bareResult)}`);
  log(`domain: ${JSON.stringify(domainResult)}`);

  // Where the extra history comes from, and where a workflow task's time goes, on a few terms.
  const breakdown = {
    domain: await historyBreakdown(cohort.slice(0, 5).map((o) => o.termId)),
    bare: await historyBreakdown(cohort.slice(0, 5).map((o) => bareWorkflowId(o.i))),
  };

  const bareSample = cohort.filter((o) => o.i % HISTORY_SAMPLE === 0).slice(0, 200);
  let bareLost = 0;
  let bareDoubled = 0;
  for (const o of bareSample) {
    const c = await client.workflow.getHandle(bareWorkflowId(o.i)).query(bareCounts);
    const expected = [
      'vet:0',
      'vet:1',
      'vet:2',
      'approve',
      'train',
      ...Array.from({ length: 12 }, (_, m) => `month:${m + 1}`),
      'training',
      'health',
      'self',
      'rate',
    ];
    bareLost += expected.filter((x) => !c.decided.includes(x)).length;
    bareDoubled += Math.max(0, c.updates - new Set(c.decided).size);
  }
  const bareMem = memoryPerCached(bareMemory);
  const domainMem = memoryPerCached(domainMemory);
  log(`domain year done: ${JSON.stringify(domainResult)}`);

  // Rounds: the county evaluation rounds take one enrolment signal per official-year.
  const roundYears = [today.getUTCFullYear(), today.getUTCFullYear() + 1];
  let roundEvents = 0;
  for (let k = 0; k < COUNTIES; k++) {
    for (const y of roundYears) {
      try {
        roundEvents += (await describe(roundWorkflowId(countyPath(k), y))).historyLength;
      } catch {
        // no round for that county and year
      }
    }
  }

  // ------------------------------------------------ as many closed ---
  const closedCohort = Array.from({ length: CLOSED }, (_, i) => official(N + i));
  resetMark();
  await forEachConcurrent(closedCohort, START_CALLERS, async (o) => {
    const ms = await domain.start(o);
    if (ms === undefined) return;
    const t = (await openTasks(o.termId)).find((x) => x.kind === 'vetting_reply');
    if (!t) return fail(`${o.id}: no vetting task`);
    const { rows } = await pool.query<{ assignee_body: 'discipline' | 'petition' | 'police' }>(
      'SELECT assignee_body FROM tasks WHERE id = $1',
      [t.id],
    );
    await decideTask(
      o,
      t,
      screening(o, rows[0]!.assignee_body),
      { decision: 'reject', comment: 'on file' },
      'domain.closed.decide',
    );
  });
  const closedTerms = async () =>
    (
      await pool.query<{ n: number }>(
        "SELECT count(*) AS n FROM officials WHERE stage = 'rejected' AND closed_at IS NOT NULL",
      )
    ).rows[0]!.n;
  for (let i = 0; i < 600 && (await closedTerms()) < CLOSED; i++) await sleep(500);
  phase('domain.closedCohort');
  let probes = 0;
  await inboxProbe('.closed', () => ++probes > (smoke ? 80 : 400));

  // Every term has closed after its final evaluation; close whatever month is still open
  // (a term that fell behind), so the reminders can drain and be counted.
  const reminderCountsNow = async () => {
    const q = await pool.query<{
      logged: number;
      rows: number;
      pending: number;
      called_off: number;
      called_off_logged: number;
      sent_with_recipients: number;
      no_recipient: number;
    }>(`
      SELECT (SELECT count(*) FROM decision_log WHERE action IN ('reminded', 'escalated')) AS logged,
             (SELECT count(*) FROM notifications) AS rows,
             (SELECT count(*) FROM notifications WHERE status IN ('pending', 'sending')) AS pending,
             (SELECT count(*) FROM notifications WHERE status = 'cancelled') AS called_off,
             (SELECT count(*) FROM decision_log WHERE action = 'reminder_called_off') AS called_off_logged,
             (SELECT count(*) FROM notifications WHERE status = 'sent' AND cardinality(recipients) > 0) AS sent_with_recipients,
             (SELECT count(*) FROM notifications WHERE status = 'sent' AND cardinality(recipients) = 0) AS no_recipient`);
    return q.rows[0]!;
  };
  // Sweep until quiet: a term that fell behind opens months already overdue, so sweep
  // again until nothing is open and the reminder counts stand still.
  let swept = 0;
  const sweepUntil = Date.now() + (smoke ? 6 : 20) * 60_000;
  for (let quietRounds = 0; quietRounds < 3 && Date.now() < sweepUntil; ) {
    const { rows: leftOpen } = await pool.query<{
      id: string;
      kind: string;
      data: Record<string, unknown> | null;
      official_id: string;
    }>(
      "SELECT id, kind, data, official_id FROM tasks WHERE closed_at IS NULL AND kind = 'close_attendance'",
    );
    await forEachConcurrent(leftOpen, DECIDE_CALLERS, async (t) => {
      const o = official(Number(t.official_id.replace('off-', '')));
      await decideTask(
        o,
        t,
        township(o),
        { decision: 'approve', comment: 'resident', days: 22 },
        'domain.sweep.decide',
      );
    });
    swept += leftOpen.length;
    const c = await reminderCountsNow();
    quietRounds =
      leftOpen.length === 0 &&
      c.pending === 0 &&
      c.logged === c.rows &&
      c.sent_with_recipients === mails.size
        ? quietRounds + 1
        : 0;
    await sleep(1_000);
  }
  log(`swept ${swept} open attendance tasks`);

  // ---------------------------------------------------- correctness ---
  // Reminders: wait until every ordered reminder is in the notifications table and mailed.
  const reminderCounts = reminderCountsNow;
  let rc = await reminderCounts();
  for (let i = 0; i < 240; i++) {
    rc = await reminderCounts();
    if (rc.pending === 0 && rc.logged === rc.rows && rc.sent_with_recipients === mails.size) break;
    await sleep(500);
  }
  const mailedKeys = mails.size;
  const mailedTotal = [...mails.values()].reduce((a, b) => a + b, 0);
  const { rows: keyRows } = await pool.query<{ key: string }>(
    "SELECT key FROM notifications WHERE status = 'sent' AND cardinality(recipients) > 0",
  );
  const notMailed = keyRows.filter((r) => !mails.has(r.key)).length;
  // Every reminder ordered (logged) has a row that ends sent (and mailed) or called off
  // (cancelled, with its own log entry); a row still pending or sending, a row missing,
  // a sent row the catcher never saw, or a cancellation nobody logged is a lost reminder.
  const remindersLost =
    Math.max(0, rc.logged - rc.rows) +
    rc.pending +
    notMailed +
    Math.max(0, rc.called_off - rc.called_off_logged);
  const remindersDoubled = [...mails.values()].reduce((a, n) => a + Math.max(0, n - 1), 0);
  // What the reminders were about, and which tasks were decided after their deadline:
  // a reminder beyond the yearly training and health rungs means someone acted late.
  const { rows: reminderKinds } = await pool.query<{ what: string; rung: string; n: number }>(
    `SELECT COALESCE(t.kind, split_part(n.obligation, ':', 1)) AS what, n.rung, count(*)::int AS n
       FROM notifications n LEFT JOIN tasks t ON n.obligation = 'task:' || t.id
      GROUP BY 1, 2 ORDER BY 3 DESC`,
  );
  const { rows: lateTasks } = await pool.query<{ kind: string; late: number; total: number }>(
    `SELECT kind, count(*) FILTER (WHERE closed_at IS NULL AND due_at < now() OR closed_at > due_at)::int AS late,
            count(*)::int AS total
       FROM tasks GROUP BY kind ORDER BY 2 DESC`,
  );
  const { rows: expectedRows } = await pool.query<{ n: number }>(
    "SELECT count(*) AS n FROM notifications WHERE rung = 'due-30d' AND (obligation = 'training:y1' OR obligation = 'health:y1')",
  );

  // Decisions: every acknowledged decision is in the log exactly once, and its task is closed.
  const domainAcked = [...ackedDecisions.entries()].filter(([, a]) => a !== 'bare');
  const ids = domainAcked.map(([id]) => id);
  const counted = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 5_000) {
    const { rows } = await pool.query<{ task_id: string; n: number }>(
      `SELECT task_id, count(*) AS n FROM decision_log WHERE task_id = ANY($1) AND role <> 'system'
         AND action IN ('request_replied','dispatch_approved','trained','attendance_closed','self_reported','rated') GROUP BY task_id`,
      [ids.slice(i, i + 5_000)],
    );
    for (const r of rows) counted.set(r.task_id, r.n);
  }
  const { rows: stillOpen } = await pool.query<{ n: number }>(
    'SELECT count(*) AS n FROM tasks WHERE id = ANY($1) AND closed_at IS NULL',
    [ids],
  );
  let decisionsLost = stillOpen[0]!.n;
  let decisionsDoubled = 0;
  for (const id of ids) {
    const n = counted.get(id) ?? 0;
    if (n === 0) decisionsLost++;
    if (n > 1) decisionsDoubled += n - 1;
  }
  const { rows: factRows } = await pool.query<{ official_id: string; action: string; n: number }>(
    "SELECT official_id, action, count(*) AS n FROM decision_log WHERE task_id IS NULL AND role <> 'system' AND action IN ('trained','health_checked') GROUP BY official_id, action",
  );
  const factCount = new Map(factRows.map((r) => [`${r.official_id}/${r.action}`, r.n]));
  for (const f of ackedFacts) {
    const n = factCount.get(`${f.officialId}/${f.fact}`) ?? 0;
    if (n === 0) decisionsLost++;
    if (n > 1) decisionsDoubled += n - 1;
  }
  phase('correctness');

  // ------------------------------------------- inbox at region scale ---
  // Fewer officials were driven than the region has: write the rest as records (no
  // workflows behind them) and list the inbox again over all of them.
  let regionScale: { seeded: number; seedSeconds: number; officialsOnRecord: number } | undefined;
  if (REGION > N) {
    const seeded = REGION - N;
    log(`seeding ${seeded} officials' records for the region-scale inbox`);
    const seedSeconds = await seedRecords(pool, seeded, policy.version, DAY_MS);
    const { rows: onRecord } = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM officials',
    );
    regionScale = { seeded, seedSeconds: round(seedSeconds), officialsOnRecord: onRecord[0]!.n };
    const seededActor = (role: 'county_org' | 'township'): Actor => {
      const o = seededOfficial(Math.floor(Math.random() * seeded));
      const jurisdiction = role === 'county_org' ? o.county : o.township;
      const id = `${role}-${jurisdiction.replaceAll('/', '.')}`;
      return { id, name: jurisdiction, role, jurisdiction };
    };
    const flavors: [string, () => Actor][] = [
      ['county', () => seededActor('county_org')],
      ['township', () => seededActor('township')],
      ['region', () => REGION_ORG],
      ['official', () => cohort[Math.floor(Math.random() * N)]!.actor],
    ];
    for (let i = 0; i < (smoke ? 80 : 400); i++) {
      const [name, who] = flavors[i % flavors.length]!;
      const r = await http('GET', '/api/inbox?limit=50', who());
      if (r.status === 200) record(`inbox.${name}.region`, r.ms);
      else fail(`inbox ${name} (region scale): HTTP ${r.status}`);
      await sleep(smoke ? 50 : 100);
    }
    phase('regionScaleInbox');
  }

  // ----------------------------------------------------------- report ---
  const lat = (label: string) => summarize(latencies.get(label) ?? []);
  const reminderWave = mailTimes.map((m) => m.at).sort((a, b) => a - b);
  const remindersPerSecond =
    reminderWave.length > 1
      ? round(
          reminderWave.length /
            ((reminderWave[reminderWave.length - 1]! - reminderWave[0]!) / 1000),
        )
      : NaN;
  let peak = 0;
  for (let i = 0, j = 0; i < reminderWave.length; i++) {
    while (reminderWave[i]! - reminderWave[j]! > 10_000) j++;
    peak = Math.max(peak, (i - j + 1) / 10);
  }
  const sdkVersion = (
    JSON.parse(
      readFileSync(join(repoRoot, 'node_modules/@temporalio/worker/package.json'), 'utf8'),
    ) as { version: string }
  ).version;

  const results = {
    date: runStarted.toISOString(),
    finishedAt: new Date().toISOString(),
    mode: smoke ? 'smoke' : 'full',
    machine: {
      cores: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: round(os.totalmem() / 2 ** 30),
      node: process.version,
      temporal: temporal.version.replace(/\n/g, '; '),
      temporalSdk: sdkVersion,
      postgres: pgVersion,
      temporalServerArgs: temporal.args.filter((a) => !a.startsWith('Zhucun')).join(' '),
    },
    config: {
      officials: N,
      closedCohort: CLOSED,
      dayMs: DAY_MS,
      policyVersion: policy.version,
      batch: BATCH,
      counties: COUNTIES,
      startCallers: START_CALLERS,
      decideCallers: DECIDE_CALLERS,
      probeC1: PROBE_C1,
      probeDirect: PROBE_DIRECT,
      historySampleEvery: HISTORY_SAMPLE,
      maxCachedWorkflows: maxCached,
    },
    starts: {
      domain: domainResult.startsPerSecond,
      bare: bareResult.startsPerSecond,
      latencyMs: { domain: lat('domain.start'), bare: lat('bare.start') },
      latencyPipelinedMs: {
        domain: lat('domain.start.pipelined'),
        bare: lat('bare.start.pipelined'),
      },
    },
    decisionRoundTripMs: {
      c1: {
        domain: lat('domain.decide.c1'),
        bare: lat('bare.decide.c1'),
        domainDirectUpdate: lat('domain.decide.c1.direct'),
      },
      c10: { domain: lat('domain.decide.c10'), bare: lat('bare.decide.c10') },
      duringYear: { domain: lat('domain.year.decide'), bare: lat('bare.year.decide') },
      factsDuringYear: { domain: lat('domain.year.fact'), bare: lat('bare.year.fact') },
    },
    inboxMs: {
      running: {
        county: lat('inbox.county.running'),
        township: lat('inbox.township.running'),
        region: lat('inbox.region.running'),
        official: lat('inbox.official.running'),
      },
      withClosed: {
        county: lat('inbox.county.closed'),
        township: lat('inbox.township.closed'),
        region: lat('inbox.region.closed'),
        official: lat('inbox.official.closed'),
      },
      ...(regionScale
        ? {
            regionScale: {
              ...regionScale,
              county: lat('inbox.county.region'),
              township: lat('inbox.township.region'),
              region: lat('inbox.region.region'),
              official: lat('inbox.official.region'),
            },
          }
        : {}),
    },
    history: {
      domain: domainResult.history,
      bare: bareResult.history,
      roundEventsPerOfficialYear: round(roundEvents / N),
      breakdown,
    },
    memory: { domain: domainMem, bare: bareMem },
    postgresCommitMs: summarize(commitMs),
    duringYears: {
      samples: samples.length,
      workflowBacklog: summarize(samples.map((x) => x.wfBacklog).filter((x) => !Number.isNaN(x))),
      workflowBacklogAgeSeconds: summarize(
        samples.map((x) => x.wfBacklogAgeS).filter((x) => !Number.isNaN(x)),
      ),
      activityBacklog: summarize(samples.map((x) => x.actBacklog).filter((x) => !Number.isNaN(x))),
      activityBacklogAgeSeconds: summarize(
        samples.map((x) => x.actBacklogAgeS).filter((x) => !Number.isNaN(x)),
      ),
      workerPgConnections: summarize(
        samples.map((x) => x.workerConns).filter((x) => !Number.isNaN(x)),
      ),
      workerPgIdleInTransaction: summarize(
        samples.map((x) => x.workerIdleInTx).filter((x) => !Number.isNaN(x)),
      ),
    },
    year: {
      domain: domainResult.year,
      bare: bareResult.year,
      onboardSeconds: { domain: domainResult.onboardSeconds, bare: bareResult.onboardSeconds },
    },
    reminders: {
      sentPerSecond: remindersPerSecond,
      peakPerSecond10s: round(peak),
      mailed: mailedTotal,
      mailedKeys,
      logged: rc.logged,
      notificationRows: rc.rows,
      noRecipient: rc.no_recipient,
      calledOff: rc.called_off,
      expectedTrainingAndHealth: 2 * N,
      trainingAndHealthRows: expectedRows[0]!.n,
      byObligation: reminderKinds,
      lateTasks,
    },
    correctness: {
      decisionsAcknowledged: domainAcked.length + ackedFacts.length,
      decisionsLost,
      decisionsDoubled,
      remindersLost,
      remindersDoubled,
      bareSampled: bareSample.length,
      bareLost,
      bareDoubled,
      failures: failureCount,
      failureExamples: failures,
      httpRetries: retries,
      appliedThenErrored,
      transientUpdateErrors,
    },
    cpuCores: cpu,
  };

  const json = JSON.stringify(results, null, 2);
  const base = smoke ? 'smoke' : 'latest';
  writeFileSync(join(OUT, `${base}.json`), json + '\n');
  const md = renderMarkdown(results);
  writeFileSync(join(OUT, `${base}.md`), md);
  if (!smoke && !flags['no-readme']) updateReadme(join(repoRoot, 'README.md'), md);
  log(`results in ${join(OUT, base)}.{json,md}`);
  process.stdout.write(md + '\n');

  // ------------------------------------------------------------ stop ---
  stopping = true;
  clearInterval(clearCaught);
  await Promise.allSettled([stopChild(api), stopChild(domainWorker), stopChild(bareWorker)]);
  await connection.close();
  await pool.end();
  await catcher.stop();
  await temporal.stop();
  await postgres.stop();
  rmSync(scratch, { recursive: true, force: true });
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function memoryPerCached(t: MemoryTrack) {
  const b = t.baseline;
  const p = t.peak;
  if (!b || !p) return undefined;
  const cached = p.cached;
  return {
    cachedAtPeak: cached,
    rssBaselineMiB: round(b.rss / 2 ** 20),
    rssAtPeakMiB: round(p.rss / 2 ** 20),
    rssPerCachedKiB: cached ? round((p.rss - b.rss) / cached / 1024) : NaN,
    mainHeapPerCachedKiB: cached ? round((p.heapUsed - b.heapUsed) / cached / 1024) : NaN,
    externalPerCachedKiB: cached ? round((p.external - b.external) / cached / 1024) : NaN,
  };
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    log(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
