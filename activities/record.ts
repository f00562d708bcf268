// The system of record: every change of a term lands in PostgreSQL as one
// RecordBatch, in one transaction, exactly once. The inbox, the lists and the
// decision log are read from here, so they outlive the workflow history.
import { ApplicationFailure } from '@temporalio/activity';
import type { Pool, PoolClient } from '../platform/db.js';
import {
  RECORD_REJECTED,
  type RecordBatch,
  type RecordIncident,
  type Task,
  type CaseRecord,
  type OfficialSnapshot,
  type TimelineEntry,
} from '../domain/records.js';
import { describePath, findUnsafeText } from '../domain/text.js';
import { townshipOf } from '../domain/actors.js';
import { NOTIFICATION_COLUMNS, notificationValues } from './reminders.js';
import { renderReminder } from './templates.js';
import {
  GENESIS_HASH,
  entryHash,
  logEntryOfRow,
  type DecisionLogRow,
  type LogEntry,
} from '../domain/record-chain.js';

const iso = (ms: number) => new Date(ms).toISOString();
const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** One multi-row INSERT; `rows` are arrays in `columns` order. */
async function insertRows<Row extends object = object>(
  client: PoolClient,
  table: string,
  columns: string[],
  rows: unknown[][],
  suffix = '',
): Promise<Row[]> {
  if (rows.length === 0) return [];
  const params: unknown[] = [];
  const tuples = rows.map(
    (row) => `(${row.map((v) => (params.push(v), `$${params.length}`)).join(',')})`,
  );
  const result = await client.query<Row>(
    `INSERT INTO ${table} (${columns.join(',')}) VALUES ${tuples.join(',')} ${suffix}`,
    params,
  );
  return result.rows;
}

function taskRow(t: Task): unknown[] {
  return [
    t.id,
    t.termId,
    t.officialId,
    t.officialName,
    t.kind,
    t.title,
    t.ladder,
    t.assignee.role,
    t.assignee.jurisdiction,
    t.assignee.body ?? null,
    t.assignee.actorId ?? null,
    t.county,
    townshipOf(t.village),
    t.village,
    iso(t.dueAt),
    iso(t.createdAt),
    json(t.data),
    t.requestNo ?? null,
    t.caseId ?? null,
  ];
}
const TASK_COLUMNS = [
  'id',
  'term_id',
  'official_id',
  'official_name',
  'kind',
  'title',
  'ladder',
  'assignee_role',
  'assignee_jurisdiction',
  'assignee_body',
  'assignee_actor_id',
  'county',
  'township',
  'village',
  'due_at',
  'created_at',
  'data',
  'request_no',
  'case_id',
];

function caseRow(c: CaseRecord): unknown[] {
  return [
    c.caseId,
    c.termId,
    c.officialId,
    c.officialName,
    c.county,
    c.village,
    c.status,
    c.grounds,
    iso(c.openedAt),
    c.dueAt !== undefined ? iso(c.dueAt) : null,
    c.closedAt !== undefined ? iso(c.closedAt) : null,
    c.outcome ?? null,
    json(c),
  ];
}
const CASE_COLUMNS = [
  'case_id',
  'term_id',
  'official_id',
  'official_name',
  'county',
  'village',
  'status',
  'grounds',
  'opened_at',
  'due_at',
  'closed_at',
  'outcome',
  'record',
];

function logRow(e: LogEntry, hash: string): unknown[] {
  return [
    e.termId,
    e.seq,
    e.officialId,
    e.at,
    e.actorId,
    e.role,
    e.action,
    e.detail,
    e.reason ?? null,
    e.policyVersion,
    e.requestNo ?? null,
    e.taskId ?? null,
    e.caseId ?? null,
    e.requestId ?? null,
    json(e.params),
    e.prevHash,
    hash,
  ];
}
const LOG_COLUMNS = [
  'term_id',
  'seq',
  'official_id',
  'at',
  'actor_id',
  'role',
  'action',
  'detail',
  'reason',
  'policy_version',
  'request_no',
  'task_id',
  'case_id',
  'request_id',
  'params',
  'prev_hash',
  'hash',
];

function toLogEntry(
  termId: string,
  officialId: string,
  seq: number,
  prevHash: string,
  t: TimelineEntry,
): LogEntry {
  return {
    termId,
    officialId,
    seq,
    at: iso(t.at),
    actorId: t.actorId,
    role: t.role,
    action: t.action,
    detail: t.detail,
    ...(t.reason ? { reason: t.reason } : {}),
    policyVersion: t.policyVersion,
    ...(t.requestNo ? { requestNo: t.requestNo } : {}),
    ...(t.taskId ? { taskId: t.taskId } : {}),
    ...(t.caseId ? { caseId: t.caseId } : {}),
    ...(t.requestId ? { requestId: t.requestId } : {}),
    ...(t.params ? { params: t.params } : {}),
    prevHash,
  };
}

/**
 * PostgreSQL refusals that retrying cannot mend, by SQLSTATE class: data
 * exceptions (22: an invalid byte sequence, a value out of range), integrity
 * constraint violations (23), program limits (54: a value too large to index).
 */
const DATA_ERROR_CLASSES = ['22', '23', '54'];

function refusedAsData(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !DATA_ERROR_CLASSES.includes(code.slice(0, 2))) return undefined;
  return `PostgreSQL refused the batch (SQLSTATE ${code}): ${(err as Error).message}`;
}

const rejected = (batch: RecordBatch, problem: string) =>
  ApplicationFailure.create({
    type: RECORD_REJECTED,
    message: `record batch ${batch.seq} of ${batch.termId}: ${problem}`,
    nonRetryable: true,
  });

export function createRecordActivities({ pool }: { pool: Pool }) {
  return {
    /**
     * Applies one batch in one transaction; a batch already applied is skipped.
     * A batch the record cannot hold as it is (text unfit for the record, a
     * data error) fails for good with RECORD_REJECTED: retrying cannot mend it.
     */
    async applyRecordBatch(batch: RecordBatch): Promise<void> {
      const unsafe = findUnsafeText(batch);
      if (unsafe) throw rejected(batch, `${describePath(unsafe.path)}: ${unsafe.problem}`);
      try {
        await writeBatch(pool, batch);
      } catch (err) {
        const problem = refusedAsData(err);
        if (problem) throw rejected(batch, problem);
        throw err;
      }
    },

    /** Puts a term whose record was refused in front of its county and the administrator. */
    async reportRecordIncident(incident: RecordIncident): Promise<void> {
      await pool.query(
        `INSERT INTO record_incidents (term_id, batch_seq, official_id, county, village, problem, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (term_id, batch_seq) DO NOTHING`,
        [
          incident.termId,
          incident.batchSeq,
          incident.officialId,
          incident.county,
          incident.village,
          incident.problem.slice(0, 2000),
          iso(incident.at),
        ],
      );
    },
  };
}

/** The hash of every stored entry, recomputed from what PostgreSQL gives back. */
function checkStoredHashes(stored: DecisionLogRow[]): void {
  for (const row of stored) {
    if (entryHash(logEntryOfRow(row)) !== row.hash)
      throw Object.assign(
        new Error(`decision_log entry ${row.seq} reads back other than it was hashed`),
        { code: '22000' },
      );
  }
}

/**
 * The official's row (the term as it now stands) and the official as an actor
 * (reminders and their own tasks find them there), in one statement: the
 * actor row is written only when its name, village or e-mail changed.
 */
async function writeOfficial(client: PoolClient, seq: number, s: OfficialSnapshot): Promise<void> {
  await client.query(
    `WITH official AS (
       INSERT INTO officials (term_id, official_id, name, email, stage, county, township, village, dispatching_unit,
           nominated_by, policy_version, snapshot, last_batch_seq, nominated_at, updated_at, closed_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14, now(), $15)
         ON CONFLICT (term_id) DO UPDATE SET
           name = EXCLUDED.name, email = EXCLUDED.email, stage = EXCLUDED.stage, county = EXCLUDED.county,
           township = EXCLUDED.township, village = EXCLUDED.village, dispatching_unit = EXCLUDED.dispatching_unit,
           policy_version = EXCLUDED.policy_version, snapshot = EXCLUDED.snapshot,
           last_batch_seq = EXCLUDED.last_batch_seq, updated_at = now(), closed_at = EXCLUDED.closed_at
         WHERE officials.last_batch_seq < EXCLUDED.last_batch_seq
       RETURNING 1)
     INSERT INTO actors (id, name, role, jurisdiction, email) VALUES ($2, $3, 'official', $8, $4)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, jurisdiction = EXCLUDED.jurisdiction,
           email = EXCLUDED.email, updated_at = now()
       WHERE (actors.name, actors.jurisdiction, actors.email)
             IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.jurisdiction, EXCLUDED.email)`,
    [
      s.termId,
      s.officialId,
      s.name,
      s.email,
      s.stage,
      s.county,
      s.township,
      s.village,
      s.dispatchingUnit,
      s.nominatedBy,
      s.policyVersion,
      json(s),
      seq,
      iso(s.nominatedAt),
      s.closedAt !== undefined ? iso(s.closedAt) : null,
    ],
  );
}

async function writeBatch(pool: Pool, batch: RecordBatch): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // One writer per term at a time, so the chain head cannot move under us:
    // the lock is taken (the CTE runs first) before the batch is claimed.
    const fresh = await client.query(
      `WITH term_lock AS (SELECT pg_advisory_xact_lock(hashtext($1)))
       INSERT INTO record_batches (term_id, seq) SELECT $1, $2 FROM term_lock ON CONFLICT DO NOTHING`,
      [batch.termId, batch.seq],
    );
    if (fresh.rowCount === 0) {
      await client.query('ROLLBACK');
      return;
    }

    const officialId = batch.snapshot?.officialId ?? batch.officialId;
    if (!officialId) throw rejected(batch, 'the batch names no official');
    if (batch.snapshot) await writeOfficial(client, batch.seq, batch.snapshot);
    else
      // Nothing of the official changed: only the number of the batch it is at.
      await client.query(
        'UPDATE officials SET last_batch_seq = $2, updated_at = now() WHERE term_id = $1 AND last_batch_seq < $2',
        [batch.termId, batch.seq],
      );

    if (batch.entries.length) {
      const head = await client.query<{ seq: number; hash: string }>(
        'SELECT seq, hash FROM decision_log WHERE term_id = $1 ORDER BY seq DESC LIMIT 1 FOR UPDATE',
        [batch.termId],
      );
      let seq = head.rows[0]?.seq ?? 0;
      let prev = head.rows[0]?.hash ?? GENESIS_HASH;
      const rows = batch.entries.map((t) => {
        const entry = toLogEntry(batch.termId, officialId, ++seq, prev, t);
        prev = entryHash(entry);
        return logRow(entry, prev);
      });
      // What is hashed must be what is stored: read it back and check.
      const stored = await insertRows<DecisionLogRow>(
        client,
        'decision_log',
        LOG_COLUMNS,
        rows,
        'RETURNING *',
      );
      checkStoredHashes(stored);
    }

    await insertRows(
      client,
      'tasks',
      TASK_COLUMNS,
      [...new Map(batch.tasksOpened.map((t) => [t.id, t])).values()].map(taskRow),
      'ON CONFLICT (id) DO NOTHING',
    );
    // Every close in one statement; a task closed twice in a batch keeps its first close.
    const firstCloses = new Map<string, RecordBatch['tasksClosed'][number]>();
    for (const c of batch.tasksClosed) if (!firstCloses.has(c.id)) firstCloses.set(c.id, c);
    const closes = [...firstCloses.values()];
    if (closes.length)
      await client.query(
        `UPDATE tasks SET closed_at = c.at, outcome = c.outcome, closed_by = c.by, closed_by_update = c.update_id
           FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[])
                AS c(id, at, outcome, by, update_id)
          WHERE tasks.id = c.id AND tasks.closed_at IS NULL`,
        [
          closes.map((c) => c.id),
          closes.map((c) => iso(c.at)),
          closes.map((c) => c.outcome),
          closes.map((c) => c.by),
          closes.map((c) => c.updateId ?? null),
        ],
      );

    await insertRows(
      client,
      'cases',
      CASE_COLUMNS,
      [...new Map(batch.cases.map((c) => [c.caseId, c])).values()].map(caseRow),
      `ON CONFLICT (case_id) DO UPDATE SET status = EXCLUDED.status, grounds = EXCLUDED.grounds, due_at = EXCLUDED.due_at,
             closed_at = EXCLUDED.closed_at, outcome = EXCLUDED.outcome, record = EXCLUDED.record, official_name = EXCLUDED.official_name,
             updated_at = now()`,
    );

    // A called-off reminder that no attempt has sent ends 'cancelled'; one
    // never attempted gets its row here, so every ordered reminder has one.
    for (const order of batch.remindersCalledOff ?? []) {
      await client.query(
        `INSERT INTO notifications (${NOTIFICATION_COLUMNS}, status, cancelled_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'cancelled', now())
             ON CONFLICT (key) DO UPDATE SET status = 'cancelled', cancelled_at = now()
              WHERE notifications.status IN ('pending', 'sending')`,
        notificationValues(order, renderReminder(order, '').subject),
      );
    }

    if (batch.resolvesIncident)
      await client.query(
        'UPDATE record_incidents SET resolved_at = now() WHERE term_id = $1 AND resolved_at IS NULL',
        [batch.termId],
      );

    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export type RecordActivities = ReturnType<typeof createRecordActivities>;
