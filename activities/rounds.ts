import { ApplicationFailure } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { enrolInRound, reserveOutstanding, roundWorkflowId } from '../workflows/messages.js';
import type { RoundInput } from '../workflows/evaluation-round.js';
import type { ReservationResult } from '../workflows/views.js';

interface RoundArgs {
  county: string;
  year: number;
  termId: string;
  policyVersion: string;
  quota: number;
  closesAt?: number;
}

/** Talks to the county's evaluation round on behalf of a term. */
export function createRoundActivities(deps: { client: Client; taskQueue: string }) {
  const { client, taskQueue } = deps;

  // Starts the round if it is not running yet; enrolling twice is harmless.
  const enrol = (a: RoundArgs) =>
    client.workflow.signalWithStart('evaluationRoundWorkflow', {
      workflowId: roundWorkflowId(a.county, a.year),
      taskQueue,
      args: [
        {
          county: a.county,
          year: a.year,
          quota: a.quota,
          policyVersion: a.policyVersion,
          ...(a.closesAt !== undefined ? { closesAt: a.closesAt } : {}),
        } satisfies RoundInput,
      ],
      signal: enrolInRound,
      signalArgs: [{ termId: a.termId }],
    });

  return {
    async enrolInEvaluationRound(a: RoundArgs): Promise<void> {
      await enrol(a);
    },

    /** Reserves one outstanding slot; a refusal is a non-retryable `quota_exceeded`. */
    async reserveOutstandingSlot(a: RoundArgs): Promise<ReservationResult> {
      const handle = await enrol(a);
      try {
        return await handle.executeUpdate(reserveOutstanding, {
          args: [{ termId: a.termId, year: a.year }],
        });
      } catch (err) {
        if (
          err instanceof WorkflowUpdateFailedError &&
          err.cause instanceof ApplicationFailure &&
          err.cause.type === 'quota_exceeded'
        ) {
          throw ApplicationFailure.create({
            type: 'quota_exceeded',
            message: err.cause.message,
            nonRetryable: true,
            details: err.cause.details ?? [],
          });
        }
        throw err;
      }
    },
  };
}
