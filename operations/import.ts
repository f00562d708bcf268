// Imports checked rows: each becomes a term that starts on duty at the month
// it has reached. Idempotent and resumable: a term's workflow id is its
// official's, so a row imported before (by an earlier run, or one cut short)
// is found started and skipped; nothing else is written twice.
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Actor } from '../domain/actors.js';
import { countyOf } from '../domain/jurisdiction.js';
import type { Policy } from '../domain/policy.js';
import type { PublishedPolicy } from '../domain/policy-versions.js';
import { TERM_WORKFLOW_TYPE, termWorkflowId } from '../workflows/messages.js';
import { COUNTY_KEY, KIND_KEY, STAGE_KEY } from '../workflows/search-attributes.js';
import type { TermInput } from '../workflows/term/data.js';
import type { ImportRow } from './import-file.js';

export interface ImportCounts {
  started: number;
  /** Rows whose term was already running or on record. */
  skipped: number;
  /** Rows Temporal refused or could not take (after the client's own retries). */
  failed: number;
}

export interface ImportReport extends ImportCounts {
  /** The failed rows, each with its line and Temporal's reason. */
  failures: { line: number; officialId: string; message: string }[];
  millis: number;
}

export async function importOfficials(options: {
  client: Client;
  taskQueue: string;
  rows: readonly ImportRow[];
  policy: Policy;
  upcoming?: PublishedPolicy[];
  /** Who imports: the region administrator, named in each term's log. */
  by: Actor;
  concurrency?: number;
  onProgress?: (done: number, total: number, counts: ImportCounts) => void;
}): Promise<ImportReport> {
  const { client, taskQueue, rows, policy, upcoming, by, onProgress } = options;
  const started = Date.now();
  let next = 0;
  let done = 0;
  const report: ImportCounts = { started: 0, skipped: 0, failed: 0 };
  const failures: ImportReport['failures'] = [];
  const importOne = async (row: ImportRow) => {
    const input: TermInput = {
      profile: row.profile,
      policy,
      ...(upcoming?.length ? { upcomingPolicies: upcoming } : {}),
      nominatedBy: by,
      onPost: row.onPost,
    };
    try {
      await client.workflow.start(TERM_WORKFLOW_TYPE, {
        workflowId: termWorkflowId(row.profile.officialId),
        taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'FAIL',
        typedSearchAttributes: [
          { key: COUNTY_KEY, value: countyOf(row.profile.village) },
          { key: STAGE_KEY, value: 'on_duty' },
          { key: KIND_KEY, value: 'term' },
        ],
      });
      report.started++;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) report.skipped++;
      else {
        // One row Temporal would not take does not stop the others; a re-run
        // of the file tries it again and skips the rest.
        report.failed++;
        failures.push({
          line: row.line,
          officialId: row.profile.officialId,
          message: (err as Error).message,
        });
      }
    }
    onProgress?.(++done, rows.length, { ...report });
  };
  const lane = async () => {
    while (next < rows.length) await importOne(rows[next++]!);
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, lane));
  return { ...report, failures, millis: Date.now() - started };
}
