// A workflow interceptor module for tests, bundled after the product's
// request-context module: it records what workflow code reads through
// currentRequestId() and startRequestId() while the term's own handlers run,
// and answers with it through a query of its own. Test-only; never in a
// production bundle.
import {
  ApplicationFailure,
  defineQuery,
  setHandler,
  workflowInfo,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';
import { currentRequestId, startRequestId } from '../../workflows/request-context.js';

export interface RequestIdSeen {
  /** start: the main function; update: an Update handler, before it runs and after it returned. */
  via: 'start' | 'update-before' | 'update-after' | 'signal';
  name: string;
  requestId: string | null;
}

export const requestIdsSeen = defineQuery<RequestIdSeen[]>('test.requestIdsSeen');

export const interceptors: WorkflowInterceptorsFactory = () => {
  const seen: RequestIdSeen[] = [];
  setHandler(requestIdsSeen, () => seen);
  return {
    inbound: [
      {
        execute(input, next) {
          seen.push({
            via: 'start',
            name: workflowInfo().workflowType,
            requestId: startRequestId() ?? null,
          });
          return next(input);
        },
        // Validators leave nothing in history to query: a request id the test
        // marks makes the validator refuse, naming the id it read.
        validateUpdate(input, next) {
          const requestId = currentRequestId();
          if (requestId?.startsWith('probe-refuse-'))
            throw ApplicationFailure.nonRetryable(
              `the validator read request id ${requestId}`,
              'rule_refused',
            );
          next(input);
        },
        async handleUpdate(input, next) {
          seen.push({
            via: 'update-before',
            name: input.name,
            requestId: currentRequestId() ?? null,
          });
          // The handler awaits activities and other handlers interleave: the id
          // must still be this Update's afterwards.
          const result = await next(input);
          seen.push({
            via: 'update-after',
            name: input.name,
            requestId: currentRequestId() ?? null,
          });
          return result;
        },
        async handleSignal(input, next) {
          seen.push({
            via: 'signal',
            name: input.signalName,
            requestId: currentRequestId() ?? null,
          });
          return next(input);
        },
      },
    ],
  };
};
