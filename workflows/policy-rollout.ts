// Brings a published policy version to every running term: page by page
// through the record (term ids in order), each page signalled by one
// activity. Durable: a crash resumes at the page it was on, and a term
// signalled twice ignores the second. One rollout per version (its id).
import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { PublishedPolicy } from '../domain/policy-versions.js';

export interface PolicyRolloutActivities {
  /** Signals the running terms after `afterTermId` (at most `limit`); the last id signalled. */
  signalPolicyToTerms(input: {
    published: PublishedPolicy;
    afterTermId: string;
    limit: number;
  }): Promise<{ lastTermId?: string; signalled: number }>;
}

export interface PolicyRolloutInput {
  published: PublishedPolicy;
  afterTermId?: string;
  signalled?: number;
}

const { signalPolicyToTerms } = proxyActivities<PolicyRolloutActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const PAGE = 200;
/** Pages per run before continuing as new: history stays small at any region size. */
const PAGES_PER_RUN = 100;

export async function policyRolloutWorkflow(
  input: PolicyRolloutInput,
): Promise<{ signalled: number }> {
  let after = input.afterTermId ?? '';
  let signalled = input.signalled ?? 0;
  for (let page = 0; page < PAGES_PER_RUN; page++) {
    const done = await signalPolicyToTerms({
      published: input.published,
      afterTermId: after,
      limit: PAGE,
    });
    signalled += done.signalled;
    if (done.lastTermId === undefined) return { signalled };
    after = done.lastTermId;
  }
  return continueAsNew<typeof policyRolloutWorkflow>({
    published: input.published,
    afterTermId: after,
    signalled,
  });
}
