// Reconciliation: does the system of record say what each term's workflow
// says? Compares, term by term, the workflow's own account (the termRecordCheck
// Query) with PostgreSQL: stage, the last batch written, the open tasks, the
// number of decision-log entries and the last entry. An operator runs it from
// the shell (`npm run reconcile`), the region administrator from the API, and
// the concurrency and crash tests after every run; it must find nothing.
//
// It reads every term's workflow, so it is an operator's tool, not a page: it
// pages through the record and keeps a bounded number of Queries in flight.
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { FINAL_STAGES, type Stage } from '../domain/records.js';
import { TERM_WORKFLOW_TYPE, termRecordCheck } from '../workflows/messages.js';
import type { RecordCheck } from '../workflows/views.js';
import type { Pool } from '../platform/db.js';

export interface RecordDifference {
  termId: string;
  officialId?: string;
  /** What differs: stage, batch, open_tasks, log_entries, last_entry, workflow_missing, blocked, lagging. */
  field: string;
  workflow: unknown;
  record: unknown;
}

export interface ReconcileReport {
  checked: number;
  differences: RecordDifference[];
  /** When the check ran, and for how long. */
  startedAt: string;
  millis: number;
}

export interface ReconcileOptions {
  client: Client;
  pool: Pool;
  /** Only terms whose village lies under this path (e.g. a county). */
  under?: string;
  /** Only these terms. */
  termIds?: string[];
  /** Queries in flight at once. */
  concurrency?: number;
  /** How long a term whose write is under way may take to settle before it counts as lagging. */
  settleMs?: number;
}

interface RecordRow {
  term_id: string;
  official_id: string;
  stage: Stage;
  last_batch_seq: number;
  open_task_ids: string[] | null;
  log_entries: number;
  last_action: string | null;
  last_at: Date | null;
  last_actor: string | null;
}

const PAGE = 500;

/** Reads the record's side of a page of terms in one statement. */
async function recordPage(
  pool: Pool,
  after: string,
  options: Pick<ReconcileOptions, 'under' | 'termIds'>,
): Promise<RecordRow[]> {
  const { rows } = await pool.query<RecordRow>(
    `SELECT o.term_id, o.official_id, o.stage, o.last_batch_seq,
            (SELECT array_agg(t.id ORDER BY t.id) FROM tasks t
              WHERE t.term_id = o.term_id AND t.closed_at IS NULL) AS open_task_ids,
            (SELECT count(*)::int FROM decision_log l WHERE l.term_id = o.term_id) AS log_entries,
            last.action AS last_action, last.at AS last_at, last.actor_id AS last_actor
       FROM officials o
       LEFT JOIN LATERAL (SELECT action, at, actor_id FROM decision_log l
                           WHERE l.term_id = o.term_id ORDER BY seq DESC LIMIT 1) last ON true
      WHERE o.term_id > $1
        AND ($2::text IS NULL OR o.village = $2 OR o.village LIKE $3)
        AND ($4::text[] IS NULL OR o.term_id = ANY($4))
      ORDER BY o.term_id
      LIMIT ${PAGE}`,
    [
      after,
      options.under ?? null,
      options.under ? `${options.under.replace(/[\\%_]/g, (c) => '\\' + c)}/%` : null,
      options.termIds ?? null,
    ],
  );
  return rows;
}

/** Where a term's record and its workflow's account disagree. */
export function compareTerm(row: RecordRow, check: RecordCheck): RecordDifference[] {
  const out: RecordDifference[] = [];
  const differ = (field: string, workflow: unknown, record: unknown) =>
    out.push({ termId: row.term_id, officialId: row.official_id, field, workflow, record });
  if (check.blocked) differ('blocked', check.blocked, null);
  if (check.stage !== row.stage) differ('stage', check.stage, row.stage);
  if (check.writtenBatchSeq !== row.last_batch_seq)
    differ('batch', check.writtenBatchSeq, row.last_batch_seq);
  const recordTasks = row.open_task_ids ?? [];
  if (check.openTaskIds.join(',') !== recordTasks.join(','))
    differ('open_tasks', check.openTaskIds, recordTasks);
  if (check.logEntries !== row.log_entries)
    differ('log_entries', check.logEntries, row.log_entries);
  const last = check.lastEntry;
  const recordLast =
    row.last_action === null
      ? undefined
      : { action: row.last_action, at: row.last_at!.getTime(), actorId: row.last_actor };
  if (
    (last === undefined) !== (recordLast === undefined) ||
    (last &&
      recordLast &&
      (last.action !== recordLast.action ||
        last.at !== recordLast.at ||
        last.actorId !== recordLast.actorId))
  )
    differ(
      'last_entry',
      last && { action: last.action, at: last.at, actorId: last.actorId },
      recordLast ?? null,
    );
  return out;
}

/** A write under way or changes not yet batched: the record may lag, not differ. */
const settling = (check: RecordCheck) =>
  !check.blocked &&
  (check.writing || check.unwrittenChanges || check.batchSeq !== check.writtenBatchSeq);

async function checkTerm(options: ReconcileOptions, row: RecordRow): Promise<RecordDifference[]> {
  const settleBy = Date.now() + (options.settleMs ?? 10_000);
  for (;;) {
    let check: RecordCheck;
    try {
      check = await options.client.workflow.getHandle(row.term_id).query(termRecordCheck);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      // History gone (retention): only a final stage may outlive its workflow.
      return FINAL_STAGES.includes(row.stage)
        ? []
        : [
            {
              termId: row.term_id,
              officialId: row.official_id,
              field: 'workflow_missing',
              workflow: null,
              record: row.stage,
            },
          ];
    }
    if (settling(check) && Date.now() < settleBy) {
      await sleep(250);
      // The record may have moved on too: read it again.
      const [fresh] = await recordPage(options.pool, '', { termIds: [row.term_id] });
      if (fresh) row = fresh;
      continue;
    }
    const differences = compareTerm(row, check);
    if (settling(check))
      differences.push({
        termId: row.term_id,
        officialId: row.official_id,
        field: 'lagging',
        workflow: { batchSeq: check.batchSeq, writtenBatchSeq: check.writtenBatchSeq },
        record: row.last_batch_seq,
      });
    return differences;
  }
}

/** Running terms with no record at all (a nomination whose first write never landed). */
async function termsWithoutRecord(options: ReconcileOptions): Promise<RecordDifference[]> {
  if (options.under || options.termIds) return [];
  const running: string[] = [];
  for await (const execution of options.client.workflow.list({
    query: `WorkflowType = '${TERM_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'`,
  }))
    running.push(execution.workflowId);
  const out: RecordDifference[] = [];
  for (let index = 0; index < running.length; index += PAGE) {
    const ids = running.slice(index, index + PAGE);
    const { rows } = await options.pool.query<{ term_id: string }>(
      'SELECT term_id FROM officials WHERE term_id = ANY($1)',
      [ids],
    );
    const known = new Set(rows.map((row) => row.term_id));
    for (const termId of ids)
      if (!known.has(termId))
        out.push({ termId, field: 'record_missing', workflow: 'running', record: null });
  }
  return out;
}

export async function reconcile(options: ReconcileOptions): Promise<ReconcileReport> {
  const started = Date.now();
  const differences: RecordDifference[] = [];
  let checked = 0;
  const concurrency = options.concurrency ?? 8;
  for (let after = ''; ; ) {
    const page = await recordPage(options.pool, after, options);
    if (page.length === 0) break;
    after = page.at(-1)!.term_id;
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, page.length) }, async () => {
        while (next < page.length) {
          const row = page[next++]!;
          differences.push(...(await checkTerm(options, row)));
          checked++;
        }
      }),
    );
    if (page.length < PAGE) break;
  }
  differences.push(...(await termsWithoutRecord(options)));
  return {
    checked,
    differences,
    startedAt: new Date(started).toISOString(),
    millis: Date.now() - started,
  };
}
