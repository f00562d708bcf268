// Prometheus metrics of the API (prom-client), served on a port of their own
// (API_METRICS_PORT) so that /metrics is never public with the API. Labels are
// route templates and codes, never raw paths or ids.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { toHttpError } from './errors.js';
import { routeOf } from './log.js';

export interface ApiMetrics {
  registry: Registry;
  httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  decisions: Counter<'kind' | 'outcome'>;
  idempotentReplays: Counter<'route'>;
  recordBlocked: Counter<'route'>;
  outcomeUnknown: Counter<'route'>;
}

export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'zhucun_http_request_duration_seconds',
      help: 'HTTP requests answered, by method, route template and status, and how long they took',
      labelNames: ['method', 'route', 'status'],
      // Up to the Update deadline (15 s) and past it.
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
      registers,
    }),
    decisions: new Counter({
      name: 'zhucun_decisions_total',
      help: 'Decisions on tasks, by task kind and outcome: ok, or the code of the refusal or failure',
      labelNames: ['kind', 'outcome'],
      registers,
    }),
    idempotentReplays: new Counter({
      name: 'zhucun_idempotent_replays_total',
      help: 'Requests answered with the stored answer of an earlier one with the same Idempotency-Key',
      labelNames: ['route'],
      registers,
    }),
    recordBlocked: new Counter({
      name: 'zhucun_record_blocked_total',
      help: "503 record_blocked answers: a term's record write was refused and the term takes nothing new",
      labelNames: ['route'],
      registers,
    }),
    outcomeUnknown: new Counter({
      name: 'zhucun_outcome_unknown_total',
      help: '503 outcome_unknown answers: no answer from the workflow before the Update deadline',
      labelNames: ['route'],
      registers,
    }),
  };
}

/** Observes every answered request; mount it before the routes. */
export function httpMetrics(metrics: ApiMetrics): RequestHandler {
  return (req, res, next) => {
    const stop = metrics.httpRequestDuration.startTimer();
    res.once('finish', () => {
      const route = routeOf(req);
      stop({ method: req.method, route, status: String(res.statusCode) });
      if (res.getHeader('idempotent-replayed') === 'true') metrics.idempotentReplays.inc({ route });
      const code = (res.locals as { errorCode?: string }).errorCode;
      if (code === 'record_blocked') metrics.recordBlocked.inc({ route });
      if (code === 'outcome_unknown') metrics.outcomeUnknown.inc({ route });
    });
    next();
  };
}

/** Runs a decision and counts its outcome under the task's kind. */
export async function countDecision<T>(
  metrics: ApiMetrics,
  kind: string,
  decide: () => Promise<T>,
): Promise<T> {
  try {
    const reply = await decide();
    metrics.decisions.inc({ kind, outcome: 'ok' });
    return reply;
  } catch (err) {
    metrics.decisions.inc({ kind, outcome: toHttpError(err).code });
    throw err;
  }
}

/** GET /metrics on its own listener; anything else is 404. */
export async function serveMetrics(
  registry: Registry,
  listen: { port: number; host: string },
): Promise<Server> {
  const answer = async (method: string | undefined, url: string | undefined) => {
    if (method !== 'GET' || new URL(url ?? '/', 'http://metrics').pathname !== '/metrics')
      return { status: 404, type: 'text/plain', body: 'not found: GET /metrics\n' };
    return { status: 200, type: registry.contentType, body: await registry.metrics() };
  };
  const server = createServer((req, res) => {
    answer(req.method, req.url).then(
      ({ status, type, body }) => res.writeHead(status, { 'content-type': type }).end(body),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  return server;
}

export const metricsUrl = (server: Server) => {
  const { address, family, port } = server.address() as AddressInfo;
  return `http://${family === 'IPv6' ? `[${address}]` : address}:${port}/metrics`;
};
