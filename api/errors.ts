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
} from '@temporalio/client';
import { REFUSAL_STATUS, isRefusalCode } from '../domain/refusals.js';
import type { Logger } from './log.js';

// gRPC status codes (numeric, so that we need not depend on @grpc/grpc-js).
const grpcStatus = { DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, UNAVAILABLE: 14 } as const;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

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

function grpcCodeIn(err: unknown): number | undefined {
  for (
    let e: unknown = err, depth = 0;
    e && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number') return code;
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
    return conflict('term_closed', 'the term is no longer running; its record can still be read');
  }
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new HttpError(
      503,
      'temporal_unavailable',
      'the workflow did not answer in time; try again',
    );
  }
  if (err instanceof ServiceError) {
    const code = grpcCodeIn(err);
    if (code === grpcStatus.NOT_FOUND)
      return conflict('term_closed', 'the term is no longer running; its record can still be read');
    if (code === grpcStatus.UNAVAILABLE || code === grpcStatus.DEADLINE_EXCEEDED) {
      return new HttpError(503, 'temporal_unavailable', 'Temporal is not reachable; try again');
    }
  }
  return undefined;
}

export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const e = toHttpError(err);
    if (e.status >= 500 && e.code === 'internal') {
      log.error(`${req.method} ${req.originalUrl} failed`, err);
    }
    // Every 503 is worth retrying shortly (with the same Idempotency-Key).
    if (e.status === 503) res.set('Retry-After', '2');
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
  const type = (err as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') return badRequest('malformed JSON in the request body');
  if (type === 'entity.too.large')
    return new HttpError(413, 'too_large', 'the request body is too large');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return new HttpError(415, 'unsupported_media_type', 'send UTF-8 JSON');
  const temporal = fromTemporal(err);
  if (temporal) return temporal;
  return new HttpError(500, 'internal', 'internal error; it has been logged');
}
