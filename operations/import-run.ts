// An import followed in PostgreSQL (the `imports` table): started by the API
// for the administrator's page and by the benchmark. The terms are made
// idempotent by their workflow ids (operations/import.ts); this row only
// counts what a run did, so that the page can show progress and a run that
// stopped (its process died) can be told apart from one still going.
import { createHash, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Actor } from '../domain/actors.js';
import type { Policy } from '../domain/policy.js';
import type { PublishedPolicy } from '../domain/policy-versions.js';
import type { Pool } from '../platform/db.js';
import type { ImportRow } from './import-file.js';
import { importOfficials, type ImportCounts, type ImportReport } from './import.js';

/** How often a running import writes its counts; a heartbeat older than STALE_MS means it stopped. */
const HEARTBEAT_MS = 1_000;
export const STALE_MS = 30_000;

export type ImportStatus = 'running' | 'done' | 'failed' | 'interrupted';

export interface ImportProgress {
  importId: string;
  fileName: string;
  startedBy: string;
  status: ImportStatus;
  rowsTotal: number;
  rowsStarted: number;
  rowsSkipped: number;
  rowsFailed: number;
  failures: ImportReport['failures'];
  startedAt: string;
  finishedAt: string | null;
}

export const sha256Of = (data: Buffer | string): string =>
  createHash('sha256').update(data).digest('hex');

interface ImportRowDb {
  import_id: string;
  file_name: string;
  started_by: string;
  status: 'running' | 'done' | 'failed';
  rows_total: number;
  rows_started: number;
  rows_skipped: number;
  rows_failed: number;
  failures: ImportReport['failures'];
  started_at: Date;
  heartbeat_at: Date;
  finished_at: Date | null;
  stale: boolean;
}

const SELECT = `SELECT *, heartbeat_at < now() - make_interval(secs => ${STALE_MS / 1000}) AS stale FROM imports`;

const progressOf = (row: ImportRowDb): ImportProgress => ({
  importId: row.import_id,
  fileName: row.file_name,
  startedBy: row.started_by,
  status: row.status === 'running' && row.stale ? 'interrupted' : row.status,
  rowsTotal: row.rows_total,
  rowsStarted: row.rows_started,
  rowsSkipped: row.rows_skipped,
  rowsFailed: row.rows_failed,
  failures: row.failures,
  startedAt: row.started_at.toISOString(),
  finishedAt: row.finished_at?.toISOString() ?? null,
});

export async function importProgress(
  pool: Pool,
  importId: string,
): Promise<ImportProgress | undefined> {
  const { rows } = await pool.query<ImportRowDb>(`${SELECT} WHERE import_id = $1`, [importId]);
  return rows[0] && progressOf(rows[0]);
}

/** An import of the same file still running (its heartbeat is fresh), if any. */
export async function runningImportOf(
  pool: Pool,
  fileSha256: string,
): Promise<ImportProgress | undefined> {
  const { rows } = await pool.query<ImportRowDb>(
    `${SELECT} WHERE file_sha256 = $1 AND status = 'running' ORDER BY started_at DESC`,
    [fileSha256],
  );
  const running = rows.map(progressOf).find((p) => p.status === 'running');
  return running;
}

export async function beginImport(
  pool: Pool,
  file: { name: string; sha256: string; rows: number },
  by: Actor,
): Promise<string> {
  const importId = `imp-${randomUUID()}`;
  await pool.query(
    `INSERT INTO imports (import_id, file_name, file_sha256, started_by, status, rows_total)
     VALUES ($1, $2, $3, $4, 'running', $5)`,
    [importId, file.name, file.sha256, by.id, file.rows],
  );
  return importId;
}

/**
 * Runs an import begun with beginImport, writing its counts every second and
 * its outcome at the end. Rows whose term exists are counted as skipped, so a
 * second run of a file that was cut short completes it without doubles.
 */
export async function runImport(options: {
  pool: Pool;
  client: Client;
  taskQueue: string;
  importId: string;
  rows: readonly ImportRow[];
  policy: Policy;
  upcoming?: PublishedPolicy[];
  by: Actor;
  concurrency?: number;
}): Promise<ImportReport> {
  const { pool, importId } = options;
  let counts: ImportCounts = { started: 0, skipped: 0, failed: 0 };
  let writing = Promise.resolve();
  const write = (extra = '', values: unknown[] = []) => {
    const snapshot = counts;
    writing = writing
      .then(async () => {
        await pool.query(
          `UPDATE imports SET rows_started = $2, rows_skipped = $3, rows_failed = $4,
             heartbeat_at = now()${extra} WHERE import_id = $1`,
          [importId, snapshot.started, snapshot.skipped, snapshot.failed, ...values],
        );
      })
      // A missed heartbeat is retried by the next one; the last write is awaited.
      .catch(() => undefined);
    return writing;
  };
  const heartbeat = setInterval(() => void write(), HEARTBEAT_MS);
  try {
    const report = await importOfficials({
      client: options.client,
      pool,
      taskQueue: options.taskQueue,
      rows: options.rows,
      policy: options.policy,
      ...(options.upcoming ? { upcoming: options.upcoming } : {}),
      by: options.by,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      onProgress: (_done, _total, now) => {
        counts = now;
      },
    });
    clearInterval(heartbeat);
    counts = report;
    await write(`, status = 'done', finished_at = now(), failures = $5`, [
      JSON.stringify(report.failures.slice(0, 100)),
    ]);
    return report;
  } catch (err) {
    clearInterval(heartbeat);
    await write(`, status = 'failed', finished_at = now(), failures = $5`, [
      JSON.stringify([{ line: 0, officialId: '', message: (err as Error).message }]),
    ]);
    throw err;
  }
}
