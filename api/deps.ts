import type { Client } from '@temporalio/client';
import type { Policy } from '../domain/policy.js';
import type { Config } from '../platform/config.js';
import type { Pool } from '../platform/db.js';
import type { Logger } from './log.js';
import type { ApiMetrics } from './metrics.js';

/** What every route module is built from. */
export interface ApiDeps {
  config: Config;
  client: Client;
  pool: Pool;
  taskQueue: string;
  /** The rules new terms start under. */
  policy: Policy;
  log: Logger;
  metrics: ApiMetrics;
  /** How long a nomination waits for the term's first record (ms). */
  recordWaitMs: number;
  /**
   * How long an Update may take before the caller gets 503 outcome_unknown
   * (ms). A retry with the same Idempotency-Key then gets the real outcome.
   */
  updateDeadlineMs: number;
}
