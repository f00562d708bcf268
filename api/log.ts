// The API's logger: pino, one JSON object per line on stderr. A line written
// while a request is handled carries that request's id (requestId), whichever
// module writes it; pino-http adds one line per request when it is answered.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { LogLevel } from '../platform/config.js';
import { currentRequestId } from './request-context.js';

export type Logger = PinoLogger;

export function createLogger(
  level: LogLevel,
  destination: DestinationStream = pino.destination({ dest: 2, sync: true }),
): Logger {
  return pino(
    {
      name: 'zhucun-api',
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Merged into the line (a field of the same name in the call wins), so
      // that a line never holds requestId twice.
      mixin: () => {
        const requestId = currentRequestId();
        return requestId === undefined ? {} : { requestId };
      },
    },
    destination,
  );
}

/** The route's template (/api/tasks/:taskId/decision), never the raw path, or what stands for one. */
export function routeOf(req: IncomingMessage): string {
  const { route, baseUrl, originalUrl } = req as IncomingMessage & {
    route?: { path?: unknown };
    baseUrl?: string;
    originalUrl?: string;
  };
  if (typeof route?.path === 'string') return (baseUrl ?? '') + route.path;
  if ((originalUrl ?? req.url ?? '').startsWith('/web/')) return '/web/*';
  return 'unmatched';
}

/** One line per answered request: method, route, status, time; no headers (tokens), no bodies. */
export function requestLogger(log: Logger): HttpLogger {
  const fields = (req: IncomingMessage, res: ServerResponse, val: object) => ({
    ...val,
    requestId: req.id,
    route: routeOf(req),
  });
  return pinoHttp({
    logger: log,
    genReqId: (req) => req.id,
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    // A 500 is a bug; a 503 is an outage the error middleware has explained.
    customLogLevel: (_req, res) =>
      res.statusCode === 500 ? 'error' : res.statusCode >= 500 ? 'warn' : 'info',
    customSuccessMessage: (req, res) =>
      `${req.method} ${routeOf(req)} ${res.statusCode}${res.writableEnded ? '' : ' (aborted)'}`,
    customErrorMessage: (req, res) => `${req.method} ${routeOf(req)} ${res.statusCode}`,
    customSuccessObject: fields,
    // pino-http makes up an Error for every 5xx; its stack says nothing.
    customErrorObject: (req, res, _err, { err: _madeUp, ...val }: { err?: unknown }) =>
      fields(req, res, val),
  });
}
