// Which HTTP request a workflow is handling: the API's client interceptor puts
// the request id into the header of every start, Update and Signal it sends
// (api/request-context.ts); this inbound interceptor reads it back, so that
// workflow code can say which request caused a change. Headers are part of
// history, so replay reads the same ids. Registered with the bundle
// (worker/worker.ts, workflowInterceptorModules).
import {
  AsyncLocalStorage,
  defaultPayloadConverter,
  type UpdateInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';
import { REQUEST_ID_HEADER, isRequestId } from '../domain/request-id.js';

// Handlers interleave at every await, so "the current request" is per handler
// invocation: an async context, never a variable they share.
const handlerRequest = new AsyncLocalStorage<string | undefined>();

// Module state is per workflow execution (the SDK isolates each workflow's
// modules, reused V8 context or not).
let startRequest: string | undefined;

/**
 * The request id of the Update or Signal whose handler (or Update validator)
 * is running, at any depth and after any await inside it; undefined outside a
 * handler (the main function, timers) or when the sender gave none.
 */
export function currentRequestId(): string | undefined {
  return handlerRequest.getStore();
}

/**
 * The request id of the start of this run (a nomination's Update-with-Start
 * carries it); undefined when the run was not started by a request, e.g.
 * after continue-as-new.
 */
export function startRequestId(): string | undefined {
  return startRequest;
}

function requestIdIn(headers: UpdateInput['headers']): string | undefined {
  const payload = headers[REQUEST_ID_HEADER];
  if (payload === undefined) return undefined;
  try {
    const value: unknown = defaultPayloadConverter.fromPayload(payload);
    return isRequestId(value) ? value : undefined;
  } catch {
    // A header some other sender encoded otherwise: no id, not a failed task.
    return undefined;
  }
}

const requestContext: WorkflowInboundCallsInterceptor = {
  execute(input, next) {
    startRequest = requestIdIn(input.headers);
    return next(input);
  },
  validateUpdate(input, next) {
    handlerRequest.run(requestIdIn(input.headers), () => next(input));
  },
  handleUpdate(input, next) {
    return handlerRequest.run(requestIdIn(input.headers), () => next(input));
  },
  handleSignal(input, next) {
    return handlerRequest.run(requestIdIn(input.headers), () => next(input));
  },
};

export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [requestContext] });
