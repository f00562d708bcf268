// `npm run schemathesis`: the API against real servers, probed by schemathesis
// from its own OpenAPI document. Starts what `npm start` starts (a Temporal dev
// server, an embedded PostgreSQL, a mail catcher, a worker and the API), on
// free ports and in a scratch directory, seeds the demo actors and one term,
// runs `st run` with every check, prints the figures and exits with its status.
//
// Environment: SCHEMATHESIS (the `st` executable, default .venv/schemathesis/bin/st),
// SCHEMATHESIS_EXAMPLES (examples per operation, default 25),
// SCHEMATHESIS_SEED (default 1; a fixed seed makes a CI failure reproducible),
// SCHEMATHESIS_TIME_LIMIT (seconds before the run is stopped as failed, default 600).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, chmodSync, existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { createApp } from '../api/app.js';
import { DEMO_ACTORS, demoCandidate, seedDemoActors, signDemoToken } from '../api/demo.js';
import { createLogger } from '../api/log.js';
import { DEFAULT_POLICY } from '../domain/policy.js';
import { loadConfig } from '../platform/config.js';
import { createPool, migrate } from '../platform/db.js';
import { startMailCatcher } from '../dev/mail-catcher.js';
import { createMailer } from '../platform/mailer.js';
import {
  getFreePort,
  startEmbeddedPostgres,
  startTemporalDevServer,
  type ServiceHandle,
} from '../dev/services.js';
import { connectTemporal } from '../platform/temporal.js';
import { bundleWorkflows, createWorker } from '../worker/worker.js';
import { ensureToolPaths, repoRoot } from '../dev/tools.js';

/** The demo actor whose token schemathesis sends: it may nominate and read a city's officials. */
const ACTOR_ID = 'du-nanning';
const TASK_QUEUE = 'zhucun-schemathesis';

const say = (line: string) => process.stdout.write(`[schemathesis] ${line}\n`);

/**
 * Copies schemathesis's output line by line, with its `==== … ====` banners
 * unwrapped. Its closing banner ("==== 3 warnings in 51.67s ====") has the
 * shape of pytest's closing line, which CI reads as a test runner that ran no
 * test; unwrapped it reads as what it is.
 */
function relayWithoutBanners(from: NodeJS.ReadableStream, to: NodeJS.WritableStream): void {
  const lines = createInterface({ input: from, crlfDelay: Infinity });
  lines.on('line', (line) => {
    const banner = /^=+ (.*?) =+$/.exec(line);
    to.write(banner ? `[schemathesis] ${banner[1]}\n` : `${line}\n`);
  });
}
const positiveInt = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number > 0`);
  return value;
};

interface RunFigures {
  requests: number;
  failures: number;
  errors: number;
}

/** Counts from the NDJSON event stream `st run` writes (one JSON object per line). */
function figuresFrom(ndjsonPath: string): RunFigures {
  const figures: RunFigures = { requests: 0, failures: 0, errors: 0 };
  if (!existsSync(ndjsonPath)) return figures;
  for (const line of readFileSync(ndjsonPath, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const event = JSON.parse(line) as Record<string, any>;
    const scenario = event.ScenarioFinished as
      | { recorder?: { interactions?: Record<string, unknown>; checks?: Record<string, any[]> } }
      | undefined;
    if (scenario?.recorder) {
      figures.requests += Object.keys(scenario.recorder.interactions ?? {}).length;
      for (const checks of Object.values(scenario.recorder.checks ?? {}))
        figures.failures += checks.filter(
          (c: { status?: string }) => c.status?.toLowerCase() === 'failure',
        ).length;
    }
    if (event.NonFatalError) figures.errors++;
  }
  return figures;
}

/** One nominated term, so that lists, records and tasks have something to show. */
async function seedTerm(baseUrl: string, token: string): Promise<void> {
  const res = await fetch(`${baseUrl}/api/nominations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(demoCandidate('off-seed-1', Date.now(), { name: '李明' })),
  });
  if (res.status !== 201) throw new Error(`seeding a term: ${res.status} ${await res.text()}`);
}

async function main(): Promise<number> {
  const st = process.env.SCHEMATHESIS ?? join(repoRoot, '.venv', 'schemathesis', 'bin', 'st');
  if (!existsSync(st))
    throw new Error(
      `no schemathesis at ${st}: run .ci/run, or set SCHEMATHESIS to the st executable`,
    );
  const examples = positiveInt('SCHEMATHESIS_EXAMPLES', 25);
  const seed = positiveInt('SCHEMATHESIS_SEED', 1);
  const timeLimitS = positiveInt('SCHEMATHESIS_TIME_LIMIT', 600);
  ensureToolPaths();

  const scratch = mkdtempSync(join(tmpdir(), 'zhucun-schemathesis-'));
  chmodSync(scratch, 0o755); // postgres runs as its own user and must get in
  const reportDir = join(repoRoot, 'test-results', 'schemathesis');
  rmSync(reportDir, { recursive: true, force: true });
  mkdirSync(reportDir, { recursive: true });
  const services: ServiceHandle[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const [temporalPort, pgPort, apiPort] = await Promise.all([
      getFreePort(),
      getFreePort(),
      getFreePort(),
    ]);
    const [temporal, postgres] = await Promise.all([
      startTemporalDevServer({ port: temporalPort, headless: true }),
      startEmbeddedPostgres({ dataDir: join(scratch, 'pg'), port: pgPort, persistent: false }),
    ]);
    services.push(temporal, postgres);
    const baseUrl = `http://127.0.0.1:${apiPort}`;
    const config = loadConfig({
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: temporal.address,
      AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
      EMBEDDED: '1',
      PORT: String(apiPort),
      PUBLIC_URL: baseUrl,
      LOG_LEVEL: 'warn',
      // One actor sends every generated request: a limit would answer most writes 429.
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
    });
    await migrate(config.databaseUrl);
    const pool = createPool(config.databaseUrl, { max: 10 });
    cleanups.push(() => pool.end());
    await seedDemoActors(pool);
    const { connection, client } = await connectTemporal(config.temporal);
    cleanups.push(() => connection.close());

    const mail = await startMailCatcher({ port: 0 });
    cleanups.push(() => mail.stop());
    const native = await NativeConnection.connect({ address: config.temporal.address });
    cleanups.push(() => native.close());
    const mailFrom = 'Zhucun <noreply@zhucun.local>';
    const worker: Worker = await createWorker({
      connection: native,
      namespace: config.temporal.namespace,
      taskQueue: TASK_QUEUE,
      workflowBundle: await bundleWorkflows(),
      pool,
      client,
      mailer: createMailer({ host: mail.host, port: mail.port, secure: false, from: mailFrom }),
      mailFrom,
      publicUrl: baseUrl,
    });
    const running = worker.run();
    cleanups.push(async () => {
      worker.shutdown();
      await running;
    });

    const app = createApp({
      config,
      client,
      pool,
      taskQueue: TASK_QUEUE,
      policy: DEFAULT_POLICY,
      log: createLogger('warn'),
    });
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(apiPort, '127.0.0.1', () => resolve(s));
    });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );

    const actor = DEMO_ACTORS.find((a) => a.id === ACTOR_ID)!;
    const token = await signDemoToken(actor, (config.auth as { secret: string }).secret, {
      expiresIn: '2h',
    });
    say(`API on ${baseUrl} against Temporal ${temporal.address} and PostgreSQL :${pgPort}`);
    await seedTerm(baseUrl, token);

    const ndjson = join(reportDir, 'events.ndjson');
    const args = [
      'run',
      `${baseUrl}/api/openapi.json`,
      '--checks',
      'all',
      '--max-examples',
      String(examples),
      '--seed',
      String(seed),
      '--header',
      `Authorization: Bearer ${token}`,
      // One worker: with two, hypothesis parses lambdas' source in two threads
      // at once, which Python before 3.11.8 gets wrong (CPython gh-106905:
      // "SystemError: AST constructor recursion depth mismatch").
      '--workers',
      '1',
      '--request-timeout',
      '20',
      '--generation-database',
      'none',
      '--report',
      'ndjson,junit',
      '--report-dir',
      reportDir,
      '--report-ndjson-path',
      ndjson,
      '--no-color',
    ];
    const configFile = join(repoRoot, 'scripts', 'schemathesis.toml');
    say(`st --config-file scripts/schemathesis.toml ${args.join(' ').replace(token, '<token>')}`);
    const started = Date.now();
    const child = spawn(st, ['--config-file', configFile, ...args], {
      // Its crash store (for `st replay`) goes next to the reports.
      cwd: reportDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONUNBUFFERED: '1' },
    });
    relayWithoutBanners(child.stdout, process.stdout);
    relayWithoutBanners(child.stderr, process.stderr);
    let timedOut = false;
    const limit = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, timeLimitS * 1000);
    const status = await new Promise<number>((resolve) =>
      child.once('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))),
    );
    clearTimeout(limit);
    const seconds = Math.round((Date.now() - started) / 1000);
    const figures = figuresFrom(ndjson);
    say(
      `${figures.requests} requests, ${figures.failures} failed checks, ${figures.errors} errors in ${seconds} s (exit ${status})`,
    );
    if (timedOut) {
      say(`stopped after ${timeLimitS} s (SCHEMATHESIS_TIME_LIMIT)`);
      return 1;
    }
    return status;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    for (const service of services.reverse()) await service.stop().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (status) => process.exit(status),
  (err: unknown) => {
    process.stderr.write(`[schemathesis] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
