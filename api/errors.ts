// One error shape for every failure: {error: {code, message, details?}}, and one
// middleware that maps what went wrong to a status. A 500 never carries a stack.
import type { ErrorRequestHandler } from 'express';
import {
  ApplicationFailure,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from '@temporalio/common';
import {
  ServiceError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { REFUSAL_STATUS, isRefusalCode } from '../domain/refusals.js';
import type { Logger } from './log.js';

// gRPC status codes (numeric, so that we need not depend on @grpc/grpc-js).
const grpcStatus = {
  CANCELLED: 1,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8,
  ABORTED: 10,
  UNAVAILABLE: 14,
} as const;
/** Codes after which the same call may well succeed a moment later. */
const TRANSIENT_GRPC: readonly number[] = [
  grpcStatus.CANCELLED,
  grpcStatus.DEADLINE_EXCEEDED,
  grpcStatus.RESOURCE_EXHAUSTED,
  grpcStatus.ABORTED,
  grpcStatus.UNAVAILABLE,
];

/** Seconds a client should wait before retrying a 503, by its code. */
const RETRY_AFTER_SECONDS: Record<string, number> = {
  outcome_unknown: 1,
  temporal_unavailable: 5,
  database_unavailable: 5,
  // Refused by Temporal (permissions, a bad request of ours) or a record an
  // operator must look at: retrying soon will not help.
  temporal_refused: 60,
  record_blocked: 300,
};

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const serviceUnavailable = (code: string, message: string) =>
  new HttpError(503, code, message, undefined, {
    'Retry-After': String(RETRY_AFTER_SECONDS[code] ?? 5),
  });

export const badRequest = (message: string, details?: unknown) =>
  new HttpError(400, 'invalid_request', message, details);
export const unauthorized = (message = 'sign in: a valid bearer token is required') =>
  new HttpError(401, 'unauthenticated', message);
export const forbidden = (message: string) => new HttpError(403, 'wrong_actor', message);
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const conflict = (code: string, message: string, details?: unknown) =>
  new HttpError(409, code, message, details);
export const unprocessable = (code: string, message: string, details?: unknown) =>
  new HttpError(422, code, message, details);

/** The first ApplicationFailure in a cause chain. */
function applicationFailureIn(err: unknown): ApplicationFailure | undefined {
  for (
    let e: unknown = err, depth = 0;
    e && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    if (e instanceof ApplicationFailure) return e;
  }
  return undefined;
}

function messagesIn(err: unknown): string {
  const messages: string[] = [];
  for (
    let e: unknown = err, depth = 0;
    e && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  )
    messages.push(String((e as { message?: unknown }).message ?? ''));
  return messages.join(' | ');
}

function grpcCodeIn(err: unknown): number | undefined {
  for (
    let e: unknown = err, depth = 0;
    e && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    if (isGrpcServiceError(e)) return e.code;
  }
  return undefined;
}

/**
 * What a failed Temporal call means to the caller: the workflow's refusals
 * carry a RefusalCode as their failure type; the rest is the server's word.
 */
export function fromTemporal(err: unknown): HttpError | undefined {
  if (err instanceof WorkflowUpdateFailedError) {
    const failure = applicationFailureIn(err.cause);
    if (failure && isRefusalCode(failure.type)) {
      const details =
        failure.details?.length === 1
          ? failure.details[0]
          : failure.details?.length
            ? failure.details
            : undefined;
      return new HttpError(REFUSAL_STATUS[failure.type], failure.type, failure.message, details);
    }
    return undefined;
  }
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return conflict('already_exists', 'this official already has a term on record');
  }
  if (err instanceof WorkflowNotFoundError) {
    // The SDK reports any NOT_FOUND of an Update so, an unknown namespace too.
    if (/namespace/i.test(err.message)) return temporalRefused();
    return conflict('term_closed', 'the term is no longer running; its record can still be read');
  }
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return serviceUnavailable(
      'temporal_unavailable',
      'the workflow did not answer in time; try again',
    );
  }
  const code = err instanceof ServiceError || isGrpcServiceError(err) ? grpcCodeIn(err) : undefined;
  if (code === undefined) return undefined;
  // NOT_FOUND names a workflow run that is gone, unless it is the namespace.
  if (code === grpcStatus.NOT_FOUND && !/namespace/i.test(messagesIn(err)))
    return conflict('term_closed', 'the term is no longer running; its record can still be read');
  if (TRANSIENT_GRPC.includes(code))
    return serviceUnavailable('temporal_unavailable', 'Temporal cannot answer now; try again');
  // Temporal refused the call for a reason that is not the caller's (a
  // permission, a namespace, an argument the API built): an outage of this
  // service, not a bug in the request.
  return temporalRefused();
}

const temporalRefused = () =>
  serviceUnavailable('temporal_refused', 'Temporal refused the call; the operators have been told');

/** PostgreSQL that cannot be reached or is shutting down, or a pool with no connection to give. */
function databaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    // Connection exceptions (08…), too many connections (53300), admin/crash shutdown (57P0…).
    if (/^(08|57P0)/.test(code) || code === '53300') return true;
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'].includes(code))
      return true;
  }
  const message = (err as Error | null)?.message ?? '';
  return /timeout exceeded when trying to connect|Connection terminated/i.test(message);
}

export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const e = toHttpError(err);
    res.locals.errorCode = e.code; // for the metrics (api/metrics.ts)
    if (e.status >= 500 && e.code === 'internal') {
      log.error({ err }, `${req.method} ${req.originalUrl} failed`);
    } else if (e.status >= 500) {
      const cause = err instanceof HttpError ? '' : `: ${messagesIn(err)}`;
      log.warn(`${req.method} ${req.path} answered ${e.status} ${e.code}${cause}`);
    }
    for (const [name, value] of Object.entries(e.headers)) res.setHeader(name, value);
    // Every 503 says when to come back (outcome_unknown and record_blocked too).
    if (e.status === 503 && !res.getHeader('retry-after'))
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS[e.code] ?? 5));
    res.status(e.status).json({
      error: {
        code: e.code,
        message: e.message,
        ...(e.details !== undefined ? { details: e.details } : {}),
      },
    });
  };
}

export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  // body-parser's own errors carry a type and a status.
  const failure = (err ?? {}) as {
    type?: string;
    status?: unknown;
    encoding?: string;
    code?: unknown;
  };
  const type = failure.type;
  if (type === 'entity.parse.failed') return badRequest('malformed JSON in the request body');
  if (type === 'entity.too.large')
    return new HttpError(413, 'too_large', 'the request body is too large');
  if (type === 'encoding.unsupported' && failure.encoding !== undefined)
    return unsupportedEncoding(failure.encoding);
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return new HttpError(415, 'unsupported_media_type', 'send UTF-8 JSON');
  if (typeof failure.code === 'string' && failure.code.startsWith('Z_'))
    // zlib could not inflate the body: it is not what its Content-Encoding says.
    return badRequest('the request body does not decode as its Content-Encoding says');
  if (err instanceof URIError && failure.status === 400)
    // The router could not percent-decode a path segment into UTF-8.
    return badRequest('the path is not valid percent-encoded UTF-8', {
      issues: [{ path: 'params', message: 'is not valid percent-encoded UTF-8' }],
    });
  const temporal = fromTemporal(err);
  if (temporal) return temporal;
  if (databaseUnavailable(err))
    return serviceUnavailable('database_unavailable', 'the database cannot answer now; try again');
  // Any other client error Express or body-parser raised (a path that is not
  // valid percent-encoding, an aborted upload): the request's fault, not ours.
  if (typeof failure.status === 'number' && failure.status >= 400 && failure.status < 500)
    return new HttpError(
      failure.status,
      failure.status === 400 ? 'invalid_request' : 'request_refused',
      failure.status === 400
        ? 'the request could not be read (its path, headers or body are malformed)'
        : 'the request was refused',
    );
  return new HttpError(500, 'internal', 'internal error; it has been logged');
}

/** The encodings the API reads a request body in. */
export const BODY_ENCODINGS = ['identity', 'gzip', 'deflate', 'br'] as const;

export const unsupportedEncoding = (encoding: string) =>
  new HttpError(
    415,
    'unsupported_media_type',
    `Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} is not supported: send the body as ${BODY_ENCODINGS.join(', ')}`,
  );
