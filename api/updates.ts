// Every Update the API sends to a term goes through here. Two things make a
// decision land exactly once whatever fails between the API and Temporal:
//  - with an Idempotency-Key, the Update carries an id derived from it, so a
//    retry of the same request attaches to the Update already accepted and
//    gets its outcome (Temporal deduplicates Update ids within a run);
//  - a failure that leaves the outcome unknown is a 503 the client may retry,
//    never a 500 (which would say the server is broken).
import { createHash } from 'node:crypto';
import type { UpdateDefinition } from '@temporalio/common';
import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { Actor } from '../domain/actors.js';
import type { ApiDeps } from './deps.js';
import { HttpError, fromTemporal } from './errors.js';

/** The Update id of a request: the same actor and Idempotency-Key give the same id. */
export function updateIdFor(actor: Actor, idempotencyKey: string): string {
  const digest = createHash('sha256').update(`${actor.id}\0${idempotencyKey}`).digest('hex');
  return `api-${digest.slice(0, 40)}`;
}

export const outcomeUnknown = () =>
  new HttpError(
    503,
    'outcome_unknown',
    'the term may or may not have recorded this: retry with the same Idempotency-Key to get its outcome',
  );

/** Errors that say only that the answer did not come in time. */
function timedOut(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  for (
    let e: unknown = err, depth = 0;
    e && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  )
    if ((e as { code?: unknown }).code === GRPC_DEADLINE_EXCEEDED) return true;
  return false;
}
const GRPC_DEADLINE_EXCEEDED = 4;

export async function sendUpdate<Ret, Arg>(
  deps: Pick<ApiDeps, 'client' | 'log' | 'updateDeadlineMs'>,
  termId: string,
  update: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
  who: { actor: Actor; idempotencyKey?: string },
): Promise<Ret> {
  try {
    // No wait without end: a term that cannot answer (a worker down, a record
    // write retrying) gives the caller a 503 to retry, not a hung request.
    return await deps.client.withDeadline(Date.now() + deps.updateDeadlineMs, () =>
      deps.client.workflow.getHandle(termId).executeUpdate(update, {
        args: [arg],
        ...(who.idempotencyKey !== undefined
          ? { updateId: updateIdFor(who.actor, who.idempotencyKey) }
          : {}),
      }),
    );
  } catch (err) {
    if (timedOut(err)) {
      deps.log.warn(`update ${update.name} on ${termId}: no answer in ${deps.updateDeadlineMs} ms`);
      throw outcomeUnknown();
    }
    // A refusal, an unknown or closed term, Temporal unreachable: the caller knows what it means.
    if (err instanceof HttpError || fromTemporal(err)) throw err;
    deps.log.warn({ err }, `update ${update.name} on ${termId}: outcome unknown`);
    throw outcomeUnknown();
  }
}
