// One county's yearly evaluation round: the single writer of its outstanding
// quota. Reservations are handled one at a time by the workflow, so two
// approvers submitting at the same instant cannot both take the last slot.
import {
  condition,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  allHandlersFinished,
} from '@temporalio/workflow';
import { outstandingSlots } from '../domain/rating.js';
import { DEFAULT_POLICY, ROUND_GRACE_DAYS } from '../domain/policy-defaults.js';
import { enrolInRound, reserveOutstanding, roundView } from './messages.js';
import { COUNTY_KEY, KIND_KEY } from './search-attributes.js';
import { refuse } from './refusals.js';

export interface RoundInput {
  county: string;
  year: number;
  quota: number;
  policyVersion: string;
  /** How long the round stays open after its year ends, for late ratings. */
  graceMs?: number;
  /**
   * When the round closes, on the clock of the terms that enrol (set by
   * calendar-year terms: their calendar's end of the year plus the grace, so
   * that a compressed clock closes it in compressed time). Without it, the
   * real clock's 1 January after the year plus `graceMs`.
   */
  closesAt?: number;
}

export async function evaluationRoundWorkflow(
  input: RoundInput,
): Promise<{ outstanding: string[]; enrolled: number }> {
  const enrolled = new Set<string>();
  const outstanding = new Set<string>();
  const policy = { ...DEFAULT_POLICY, outstandingQuota: input.quota, version: input.policyVersion };
  const slots = () => outstandingSlots(enrolled.size, policy);

  upsertSearchAttributes([
    { key: COUNTY_KEY, value: input.county },
    { key: KIND_KEY, value: 'evaluation_round' },
  ]);

  setHandler(enrolInRound, ({ termId }) => {
    enrolled.add(termId);
  });
  setHandler(
    reserveOutstanding,
    ({ termId }) => {
      enrolled.add(termId);
      outstanding.add(termId);
      return { granted: true as const, used: outstanding.size, slots: slots() };
    },
    {
      validator: ({ termId }) => {
        if (outstanding.has(termId)) return; // a retried reservation keeps its slot
        const wouldEnrol = enrolled.has(termId) ? enrolled.size : enrolled.size + 1;
        const limit = outstandingSlots(wouldEnrol, policy);
        if (outstanding.size + 1 > limit) {
          refuse(
            'quota_exceeded',
            `the county's outstanding quota for ${input.year} is used: ${outstanding.size} of ${limit} (${Math.round(input.quota * 100)} % of ${wouldEnrol})`,
            {
              used: outstanding.size,
              slots: limit,
              enrolled: wouldEnrol,
            },
          );
        }
      },
    },
  );
  setHandler(roundView, () => ({
    county: input.county,
    year: input.year,
    enrolled: [...enrolled],
    outstanding: [...outstanding],
    slots: slots(),
    policyVersion: input.policyVersion,
  }));

  // The round closes a while after its calendar year; ratings come in after the year's end.
  const closesAt =
    input.closesAt ??
    Date.UTC(input.year + 1, 0, 1) + (input.graceMs ?? ROUND_GRACE_DAYS * 86_400_000);
  const started = workflowInfo().startTime.getTime();
  await condition(() => false, Math.max(closesAt - started, 1000)).catch(() => undefined);
  await condition(allHandlersFinished);
  return { outstanding: [...outstanding], enrolled: enrolled.size };
}
