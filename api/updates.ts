// Every Update the API sends to a term goes through here. Two things make a
// decision land exactly once whatever fails between the API and Temporal:
//  - with an Idempotency-Key, the Update carries an id derived from it, so a
//    retry of the same request attaches to the Update already accepted and
//    gets its outcome (Temporal deduplicates Update ids within a run);
//  - a failure that leaves the outcome unknown is a 503 the client may retry,
//    never a 500 (which would say the server is broken).
import { createHash } from 'node:crypto';
import type { UpdateDefinition } from '@temporalio/common';
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

export async function sendUpdate<Ret, Arg>(
  deps: Pick<ApiDeps, 'client' | 'log'>,
  termId: string,
  update: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
  who: { actor: Actor; idempotencyKey?: string },
): Promise<Ret> {
  try {
    return await deps.client.workflow.getHandle(termId).executeUpdate(update, {
      args: [arg],
      ...(who.idempotencyKey !== undefined
        ? { updateId: updateIdFor(who.actor, who.idempotencyKey) }
        : {}),
    });
  } catch (err) {
    // A refusal, an unknown or closed term, Temporal unreachable: the caller knows what it means.
    if (err instanceof HttpError || fromTemporal(err)) throw err;
    deps.log.warn(`update ${update.name} on ${termId}: outcome unknown`, err);
    throw outcomeUnknown();
  }
}
