// The API as a user meets it: the real Express app on a loopback port, a real
// worker on the shared Temporal dev server, a fresh PostgreSQL database and a
// loopback SMTP catcher; requests go over HTTP with signed bearer tokens.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { createApp } from '../../api/app.js';
import { seedDemoActors, signDemoToken } from '../../api/demo.js';
import type { Logger } from '../../api/log.js';
import { createApiMetrics, metricsUrl, serveMetrics, type ApiMetrics } from '../../api/metrics.js';
import type { Actor } from '../../domain/actors.js';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy.js';
import type { CandidateProfile } from '../../domain/profile.js';
import { loadConfig, type Config } from '../../platform/config.js';
import { createPool, migrate, type Pool } from '../../platform/db.js';
import { startMailCatcher, type MailCatcher } from '../../dev/mail-catcher.js';
import { createMailer } from '../../platform/mailer.js';
import { connectTemporal } from '../../platform/temporal.js';
import { bundleWorkflows, createWorker } from '../../worker/worker.js';
import { candidateAt, demoActor, officialActor, uniqueId } from './fixtures.js';
import { createTestDatabase, devServerAddress } from './servers.js';

export { demoActor, officialActor, uniqueId };

/** A candidate who passes every rule today; override fields to make one fail. */
export const candidate = (overrides: Partial<CandidateProfile> = {}): CandidateProfile =>
  candidateAt(Date.now(), overrides);

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  /** An actor id of the demo set, an Actor (signed on the fly), a raw token, or null for none. */
  as?: string | Actor | { token: string } | null;
  body?: unknown;
  /** Sent as is, not JSON-encoded. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface ApiHarness {
  baseUrl: string;
  config: Config;
  client: Client;
  pool: Pool;
  mail: MailCatcher;
  taskQueue: string;
  /** What the app counts. */
  metrics: ApiMetrics;
  /** GET here for Prometheus text, when API_METRICS_PORT was set in env. */
  metricsUrl?: string;
  token(actor: string | Actor, expiresIn?: string | number): Promise<string>;
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<Reply<T>>;
  get<T = any>(path: string, as?: CallOptions['as']): Promise<Reply<T>>;
  post<T = any>(
    path: string,
    as: CallOptions['as'],
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply<T>>;
  /** Polls until `pred` holds (the record is written before Updates return, but timers run on their own). */
  eventually<T>(
    what: string,
    fn: () => Promise<T>,
    pred: (v: T) => boolean,
    timeoutMs?: number,
  ): Promise<T>;
  stop(): Promise<void>;
}

export interface ApiHarnessOptions {
  policy?: Policy;
  /** false: no worker (for suites that need no workflow). */
  worker?: boolean;
  embedded?: boolean;
  env?: Record<string, string>;
  /** The API's Update deadline (ms), before 503 outcome_unknown. */
  updateDeadlineMs?: number;
  /** The app's logger (default: pino at LOG_LEVEL on stderr). */
  log?: Logger;
  /** Workflow interceptor modules bundled after the product's (a bundle of the suite's own). */
  interceptorModules?: string[];
}

let bundle: ReturnType<typeof bundleWorkflows> | undefined;
const sharedBundle = () => (bundle ??= bundleWorkflows());

export async function startApi(options: ApiHarnessOptions = {}): Promise<ApiHarness> {
  const databaseUrl = await createTestDatabase('api');
  await migrate(databaseUrl);
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: devServerAddress(),
    AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
    EMBEDDED: options.embedded === false ? '0' : '1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    // Suites act as a few actors many times a minute; api-security lowers it.
    RATE_LIMIT_WRITES_PER_MINUTE: '0',
    ...options.env,
  });
  const secret = config.auth.kind === 'hs256' ? config.auth.secret : '';
  const pool = createPool(databaseUrl, { max: 10 });
  await seedDemoActors(pool);
  const { connection, client } = await connectTemporal(config.temporal);
  const taskQueue = uniqueId('api-tq');
  const mail = await startMailCatcher({ port: 0 });

  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let native: NativeConnection | undefined;
  if (options.worker !== false) {
    native = await NativeConnection.connect({ address: config.temporal.address });
    const mailFrom = 'Zhucun <noreply@zhucun.local>';
    worker = await createWorker({
      connection: native,
      namespace: config.temporal.namespace,
      taskQueue,
      workflowBundle: options.interceptorModules
        ? await bundleWorkflows({ interceptorModules: options.interceptorModules })
        : await sharedBundle(),
      pool,
      client,
      mailer: createMailer({ host: mail.host, port: mail.port, secure: false, from: mailFrom }),
      mailFrom,
      publicUrl: 'http://zhucun.test',
    });
    running = worker.run();
  }

  const metrics = createApiMetrics();
  const metricsServer = config.apiMetrics
    ? await serveMetrics(metrics.registry, config.apiMetrics)
    : undefined;
  const app = createApp({
    config,
    client,
    pool,
    taskQueue,
    metrics,
    ...(options.log ? { log: options.log } : {}),
    policy: options.policy ?? DEFAULT_POLICY,
    ...(options.updateDeadlineMs !== undefined
      ? { updateDeadlineMs: options.updateDeadlineMs }
      : {}),
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const tokens = new Map<string, string>();
  const token = async (a: string | Actor, expiresIn?: string | number) => {
    const actor = typeof a === 'string' ? demoActor(a) : a;
    const cacheKey = `${JSON.stringify(actor)}|${expiresIn ?? ''}`;
    if (!tokens.has(cacheKey))
      tokens.set(
        cacheKey,
        await signDemoToken(actor, secret, expiresIn !== undefined ? { expiresIn } : {}),
      );
    return tokens.get(cacheKey)!;
  };

  const h: ApiHarness = {
    baseUrl,
    config,
    client,
    pool,
    mail,
    taskQueue,
    metrics,
    ...(metricsServer ? { metricsUrl: metricsUrl(metricsServer) } : {}),
    token,
    async call(method, path, o = {}) {
      const headers: Record<string, string> = { ...o.headers };
      if (o.as)
        headers.authorization ??= `Bearer ${typeof o.as === 'object' && 'token' in o.as ? o.as.token : await token(o.as)}`;
      let body: string | undefined;
      if (o.rawBody !== undefined) body = o.rawBody;
      else if (o.body !== undefined) body = JSON.stringify(o.body);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const res = await fetch(baseUrl + path, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
      });
      const text = await res.text();
      let parsed: unknown = text;
      if ((res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
      return { status: res.status, body: parsed as any, headers: res.headers };
    },
    get: (path, as) => h.call('GET', path, { as }),
    post: (path, as, body, headers) =>
      h.call('POST', path, { as, body: body ?? {}, ...(headers ? { headers } : {}) }),
    async eventually(what, fn, pred, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      let last: Awaited<ReturnType<typeof fn>> | undefined;
      while (Date.now() < until) {
        last = await fn();
        if (pred(last)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last).slice(0, 500)}`);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      metricsServer?.close();
      if (worker) {
        worker.shutdown();
        await running;
      }
      await native?.close();
      await (connection as Connection).close();
      await mail.stop();
      await pool.end();
    },
  };
  return h;
}
