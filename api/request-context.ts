// Every request gets an id: the caller's X-Request-Id when it is a sane one
// (domain/request-id.ts), a fresh UUID otherwise. It is echoed in the response,
// written into every log line the request causes (api/log.ts reads it from
// here), and sent in a Temporal header with every start, Update and Signal the
// request makes, for the workflow to read (workflows/request-context.ts).
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Client, type WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import type { RequestHandler } from 'express';
import { REQUEST_ID_HEADER, isRequestId } from '../domain/request-id.js';

export const REQUEST_ID_HTTP_HEADER = 'X-Request-Id';

const requests = new AsyncLocalStorage<{ requestId: string }>();

/** The id of the request being handled, anywhere down its async path. */
export function currentRequestId(): string | undefined {
  return requests.getStore()?.requestId;
}

/** The first middleware: the request's id, echoed, and the context everything after it runs in. */
export function requestIds(): RequestHandler {
  return (req, res, next) => {
    const offered = req.get(REQUEST_ID_HTTP_HEADER);
    const requestId = isRequestId(offered) ? offered : randomUUID();
    req.id = requestId; // pino-http logs it as req.id
    res.setHeader(REQUEST_ID_HTTP_HEADER, requestId);
    requests.run({ requestId }, next);
  };
}

function withRequestId(headers: Headers): Headers {
  const requestId = currentRequestId();
  if (requestId === undefined) return headers;
  return { ...headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(requestId) };
}

/** Puts the current request's id into the headers of what the API sends to workflows. */
export const requestIdInterceptor: WorkflowClientInterceptor = {
  startWithDetails: (input, next) => next({ ...input, headers: withRequestId(input.headers) }),
  startUpdate: (input, next) => next({ ...input, headers: withRequestId(input.headers) }),
  startUpdateWithStart: (input, next) =>
    next({
      ...input,
      workflowStartHeaders: withRequestId(input.workflowStartHeaders),
      updateHeaders: withRequestId(input.updateHeaders),
    }),
  signal: (input, next) => next({ ...input, headers: withRequestId(input.headers) }),
  signalWithStart: (input, next) => next({ ...input, headers: withRequestId(input.headers) }),
};

/**
 * The same client (connection, namespace, data converter, interceptors) with
 * the request-id interceptor added. createApp applies it to whatever client it
 * is given, so every app (the server, the benchmark's, the tests') sends ids.
 */
export function withRequestIds(client: Client): Client {
  const { namespace, identity, dataConverter, interceptors, workflow } = client.options;
  const workflowInterceptors = interceptors.workflow ?? [];
  if (!Array.isArray(workflowInterceptors))
    throw new TypeError('withRequestIds: the client uses the deprecated interceptor factories');
  return new Client({
    connection: client.connection,
    namespace,
    identity,
    dataConverter,
    workflow,
    interceptors: { ...interceptors, workflow: [...workflowInterceptors, requestIdInterceptor] },
  });
}
