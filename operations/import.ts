// Imports checked rows: each becomes a term that starts on duty at the month
// it has reached. Idempotent and resumable: a term's workflow id is its
// official's, so a row imported before (by an earlier run, or one cut short)
// is found started and skipped; nothing else is written twice. With the
// record at hand, rows whose term is already on it are skipped by one query
// per thousand rows, without asking Temporal row by row; the rest are
// started (or found started) by their workflow ids, as before.
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Actor } from '../domain/actors.js';
import { countyOf } from '../domain/jurisdiction.js';
import type { Policy } from '../domain/policy.js';
import type { PublishedPolicy } from '../domain/policy-versions.js';
import type { Pool } from '../platform/db.js';
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

/** Starts in flight at once (measured: docs/performance.md, "Import"). */
export const IMPORT_CONCURRENCY = 64;

/** Rows looked up on the record per query. */
const RECORD_CHUNK = 1_000;

/** The term ids among `termIds` that are on the record (their term started before). */
async function onRecord(pool: Pool, termIds: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let at = 0; at < termIds.length; at += RECORD_CHUNK) {
    const { rows } = await pool.query<{ term_id: string }>(
      'SELECT term_id FROM officials WHERE term_id = ANY($1)',
      [termIds.slice(at, at + RECORD_CHUNK)],
    );
    for (const row of rows) found.add(row.term_id);
  }
  return found;
}

export async function importOfficials(options: {
  client: Client;
  /** The system of record: rows whose term is on it are skipped without a start. */
  pool?: Pool;
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
  const recorded = options.pool
    ? await onRecord(
        options.pool,
        rows.map((row) => termWorkflowId(row.profile.officialId)),
      )
    : new Set<string>();
  const toStart = rows.filter((row) => !recorded.has(termWorkflowId(row.profile.officialId)));
  if (recorded.size) {
    report.skipped += recorded.size;
    done += recorded.size;
    onProgress?.(done, rows.length, { ...report });
  }
  const lane = async () => {
    while (next < toStart.length) await importOne(toStart[next++]!);
  };
  await Promise.all(Array.from({ length: options.concurrency ?? IMPORT_CONCURRENCY }, lane));
  return { ...report, failures, millis: Date.now() - started };
}
