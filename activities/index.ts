// Every activity the worker registers, built from its dependencies so that
// tests pass real ones (a real database, a real SMTP listener, a real client).
import type { Client } from '@temporalio/client';
import type { Pool } from '../platform/db.js';
import type { Mailer } from '../platform/mailer.js';
import type { TermActivities } from '../workflows/term.js';
import type { PolicyRolloutActivities } from '../workflows/policy-rollout.js';
import { createPolicyActivities } from './policies.js';
import { createRecordActivities } from './record.js';
import { createReminderActivities } from './reminders.js';
import { createRoundActivities } from './rounds.js';

export interface ActivityDeps {
  pool: Pool;
  /** The reminders' own pool (default: `pool`). */
  mailPool?: Pool;
  mailer: Mailer;
  mailFrom: string;
  publicUrl: string;
  client: Client;
  taskQueue: string;
}

export function createActivities(deps: ActivityDeps) {
  const activities = {
    ...createRecordActivities({ pool: deps.pool }),
    ...createReminderActivities({
      pool: deps.mailPool ?? deps.pool,
      mailer: deps.mailer,
      from: deps.mailFrom,
      publicUrl: deps.publicUrl,
    }),
    ...createRoundActivities({ client: deps.client, taskQueue: deps.taskQueue }),
    ...createPolicyActivities({ pool: deps.pool, client: deps.client }),
  };
  // The workflows' view of the activities must match what is registered.
  return activities satisfies TermActivities & PolicyRolloutActivities;
}
