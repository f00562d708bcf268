// Builds the Express app from its dependencies; server.ts listens.
import express, { type Express, type RequestHandler } from 'express';
import type { Client } from '@temporalio/client';
import { DEFAULT_POLICY, type Policy } from '../domain/policy.js';
import { TASK_QUEUE } from '../workflows/messages.js';
import type { Config } from '../platform/config.js';
import type { Pool } from '../platform/db.js';
import { temporalHealthy } from '../platform/temporal.js';
import { createAuthenticator } from './auth.js';
import type { ApiDeps } from './deps.js';
import { DOCS_STYLE, buildOpenApiDocument, docsPage } from './docs.js';
import { BODY_ENCODINGS, errorMiddleware, notFound, unsupportedEncoding } from './errors.js';
import { createLogger, requestLogger, type Logger } from './log.js';
import { createApiMetrics, httpMetrics, type ApiMetrics } from './metrics.js';
import { requestIds, withRequestIds } from './request-context.js';
import { mount, type RouteDef } from './route.js';
import { caseRoutes } from './routes/cases.js';
import { importRoutes } from './routes/imports.js';
import { meRoutes } from './routes/me.js';
import { nominationRoutes } from './routes/nominations.js';
import { officialRoutes } from './routes/officials.js';
import { policyRoutes } from './routes/policies.js';
import { operationRoutes } from './routes/operations.js';
import { overviewRoutes } from './routes/overview.js';
import { taskRoutes } from './routes/tasks.js';
import { monthCloseRoutes } from './routes/month-close.js';
import { webRoutes } from './routes/web.js';
import { allowInlineStyle, securityHeaders, writeRateLimit } from './security.js';

export interface AppOptions {
  config: Config;
  client: Client;
  pool: Pool;
  taskQueue?: string;
  policy?: Policy;
  log?: Logger;
  /** Where the app counts; serve metrics.registry to read them (api/metrics.ts). */
  metrics?: ApiMetrics;
  recordWaitMs?: number;
  updateDeadlineMs?: number;
}

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref()),
  ]);

export const BODY_LIMIT = '64kb';

/**
 * JSON bodies, plain or compressed as the OpenAPI document says (gzip,
 * deflate, br); the limit applies to the decompressed body.
 */
function jsonBodies(): RequestHandler {
  const parse = express.json({ limit: BODY_LIMIT, strict: true });
  return (req, res, next) => {
    const encoding = (req.get('content-encoding') ?? 'identity').trim().toLowerCase();
    if (req.is('application/json') && !(BODY_ENCODINGS as readonly string[]).includes(encoding))
      return next(unsupportedEncoding(encoding));
    parse(req, res, next);
  };
}

export function createApp(options: AppOptions): Express {
  const deps: ApiDeps = {
    config: options.config,
    // Every start, Update and Signal carries the id of the request that sent it.
    client: withRequestIds(options.client),
    pool: options.pool,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    policy: options.policy ?? DEFAULT_POLICY,
    log: options.log ?? createLogger(options.config.logLevel),
    metrics: options.metrics ?? createApiMetrics(),
    recordWaitMs: options.recordWaitMs ?? 10_000,
    updateDeadlineMs: options.updateDeadlineMs ?? 15_000,
  };
  const defs: RouteDef[] = [
    ...nominationRoutes(deps),
    ...taskRoutes(deps),
    ...monthCloseRoutes(deps),
    ...officialRoutes(deps),
    ...caseRoutes(deps),
    ...meRoutes(deps),
    ...operationRoutes(deps),
    ...policyRoutes(deps),
    ...overviewRoutes(deps),
    ...importRoutes(deps),
  ];
  const openapi = buildOpenApiDocument(defs, options.config.publicUrl);
  const docs = docsPage(openapi);

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // First the request's id (every later line and header uses it), then its
  // log line and metrics, then the headers every answer carries.
  app.use(requestIds());
  app.use(requestLogger(deps.log));
  app.use(httpMetrics(deps.metrics));
  app.use(securityHeaders());

  app.get('/healthz', async (_req, res) => {
    const [temporal, database] = await Promise.all([
      temporalHealthy(deps.client),
      withTimeout(deps.pool.query('SELECT 1'), 2_000)
        .then(() => true)
        .catch(() => false),
    ]);
    const body = {
      temporal: temporal ? 'ok' : 'unavailable',
      database: database ? 'ok' : 'unavailable',
    };
    res.status(temporal && database ? 200 : 503).json(body);
  });
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.get('/api/docs', allowInlineStyle(DOCS_STYLE), (_req, res) => {
    res.type('html').send(docs);
  });

  mount(app, defs, {
    authenticate: createAuthenticator(options.config.auth),
    pool: deps.pool,
    bodyParser: jsonBodies(),
    writeLimit: writeRateLimit(options.config.rateLimitWritesPerMinute, deps.log),
  });

  app.use(webRoutes(deps));
  app.use((req, _res, next) => next(notFound(`${req.method} ${req.path}`)));
  app.use(errorMiddleware(deps.log));
  return app;
}
