// Policy versions reach running terms: one page of the record's running terms
// at a time, each signalled with the published version.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { FINAL_STAGES } from '../domain/records.js';
import type { Pool } from '../platform/db.js';
import { policyPublished } from '../workflows/messages.js';
import type { PolicyRolloutActivities } from '../workflows/policy-rollout.js';

/** Signals sent at once from one activity. */
const CONCURRENCY = 16;

export function createPolicyActivities(deps: {
  pool: Pool;
  client: Client;
}): PolicyRolloutActivities {
  return {
    async signalPolicyToTerms({ published, afterTermId, limit }) {
      const { rows } = await deps.pool.query<{ term_id: string }>(
        `SELECT term_id FROM officials
          WHERE term_id > $1 AND stage <> ALL($2::text[])
          ORDER BY term_id LIMIT $3`,
        [afterTermId, [...FINAL_STAGES], limit],
      );
      const ids = rows.map((row) => row.term_id);
      for (let i = 0; i < ids.length; i += CONCURRENCY) {
        await Promise.all(
          ids.slice(i, i + CONCURRENCY).map(async (termId) => {
            try {
              await deps.client.workflow.getHandle(termId).signal(policyPublished, published);
            } catch (err) {
              // Closed since the page was read: nothing to adopt.
              if (!(err instanceof WorkflowNotFoundError)) throw err;
            }
          }),
        );
      }
      return { lastTermId: ids.at(-1), signalled: ids.length };
    },
  };
}
