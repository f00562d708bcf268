// The product's tasks as the driver meets them: found in the system of record
// (what the actor would find in their inbox; read, not timed) and decided over
// the HTTP API, each acknowledged decision noted for the audit.
import type { Actor, ScreeningBody } from '../../domain/actors.js';
import type { Pool } from '../../platform/db.js';
import type { Bench } from '../context.js';
import { sleep } from '../lib.js';
import type { Official } from '../region.js';

export interface OpenTask {
  id: string;
  kind: string;
  data: Record<string, unknown> | null;
}

/** The log action a decided task of each kind leaves on the record. */
export const EXPECTED_ACTION: Record<string, string> = {
  vetting_reply: 'request_replied',
  approve_dispatch: 'dispatch_approved',
  record_pre_dispatch_training: 'trained',
  close_attendance: 'attendance_closed',
  self_report: 'self_reported',
  rate_official: 'rated',
  // The county's reply to a recall request (a reassignment case).
  recall_reply: 'request_replied',
  // The bench's county ends the nomination on an objection (closed cohort).
  decide_objection: 'nomination_ended',
};

export async function openTasksOf(pool: Pool, termId: string): Promise<OpenTask[]> {
  const { rows } = await pool.query<OpenTask>(
    'SELECT id, kind, data FROM tasks WHERE term_id = $1 AND closed_at IS NULL',
    [termId],
  );
  return rows;
}

const DEFAULT_TASK_WAIT_MS = 10 * 60_000;

/** The official's first open task that `matches`, once it is on record; a failure after `timeoutMs`. */
export async function waitForOpenTask(
  bench: Bench,
  official: Official,
  matches: (task: OpenTask) => boolean,
  what: string,
  timeoutMs = DEFAULT_TASK_WAIT_MS,
): Promise<OpenTask | undefined> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const task = (await openTasksOf(bench.pool, official.termId)).find(matches);
    if (task) return task;
    if (Date.now() > giveUpAt) {
      bench.recorder.fail(`${official.id}: no open ${what} after ${timeoutMs} ms`);
      return undefined;
    }
    await sleep(100);
  }
}

/** Which screening body a vetting request went to. */
export async function assignedScreeningBody(pool: Pool, taskId: string): Promise<ScreeningBody> {
  const { rows } = await pool.query<{ assignee_body: ScreeningBody }>(
    'SELECT assignee_body FROM tasks WHERE id = $1',
    [taskId],
  );
  return rows[0]!.assignee_body;
}

/** Decides a task over the API, timed under `label`; whether the decision stands. */
export async function decideOverApi(
  bench: Bench,
  official: Official,
  task: OpenTask,
  as: Actor,
  body: Record<string, unknown>,
  label: string,
  /** Another key for a second, different decision on the same task (a rating the quota refused). */
  idempotencyKey = `decide:${task.id}`,
): Promise<boolean> {
  const { recorder } = bench;
  const reply = await bench.api.call(
    'POST',
    `/api/tasks/${encodeURIComponent(task.id)}/decision`,
    as,
    body,
    idempotencyKey,
  );
  // A 5xx frees the Idempotency-Key; when the first attempt had in fact landed, the retry
  // is told "already decided" (by this very actor, or that the task is no longer open).
  // Not lost, not doubled: the log shows which.
  if (
    reply.status === 409 &&
    reply.body?.error?.code === 'already_decided' &&
    (String(reply.body?.error?.message).includes(`by ${as.id})`) ||
      (await decidedBy(bench, task.id, as)))
  ) {
    recorder.appliedThenErrored++;
    recorder.acknowledgedDecisions.set(task.id, EXPECTED_ACTION[task.kind]!);
    return true;
  }
  if (reply.status !== 200 || reply.body?.ok !== true) {
    recorder.fail(
      `${official.id} ${task.kind} ${task.id}: HTTP ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`,
    );
    return false;
  }
  recorder.time(label, reply.ms);
  recorder.acknowledgedDecisions.set(task.id, EXPECTED_ACTION[task.kind]!);
  return true;
}

/** Whether the log has (or, written after the commit, soon has) the task's decision by `as`. */
async function decidedBy(bench: Bench, taskId: string, as: Actor): Promise<boolean> {
  for (let look = 0; look < 10; look++) {
    const { rows } = await bench.pool.query(
      'SELECT 1 FROM decision_log WHERE task_id = $1 AND actor_id = $2 LIMIT 1',
      [taskId, as.id],
    );
    if (rows.length) return true;
    await sleep(500);
  }
  return false;
}

/** A month's attendance, closed by the township: 22 days in the village. */
export const ATTENDANCE_KEPT = { decision: 'approve', comment: 'resident', days: 22 };
