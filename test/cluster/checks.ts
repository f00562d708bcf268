// What the topology tests assert after each fault: no acknowledged action lost
// or doubled in the record, and the record agreeing with the workflows.
import type { Client } from '@temporalio/client';
import type { Pool } from '../../platform/db.js';
import { reconcile } from '../../operations/reconcile.js';
import { termView } from '../../workflows/messages.js';
import type { Ack } from './driver.js';

export interface LostOrDoubled {
  /** Acknowledged, but not in the decision log (or its task still open). */
  lost: string[];
  /** In the decision log more than once. */
  doubled: string[];
  /** Decision entries of these terms with no acknowledged action behind them. */
  unacknowledged: string[];
}

const label = (ack: Ack) =>
  `${ack.kind} ${ack.taskId ?? ack.termId} by ${ack.actorId} (${ack.phase}, ${ack.attempts} attempt(s))`;

/**
 * The decision log has exactly one entry per acknowledged action, and every
 * acknowledged decision's task is closed with its outcome.
 */
export async function lostOrDoubled(pool: Pool, acks: Ack[]): Promise<LostOrDoubled> {
  const result: LostOrDoubled = { lost: [], doubled: [], unacknowledged: [] };
  const termIds = [...new Set(acks.map((ack) => ack.termId))];
  const { rows } = await pool.query<{
    term_id: string;
    action: string;
    task_id: string | null;
    actor_id: string;
  }>(
    `SELECT term_id, action, task_id, actor_id FROM decision_log
      WHERE term_id = ANY($1) AND action IN ('nominated', 'request_replied', 'dispatch_approved')`,
    [termIds],
  );
  const entries = new Map<string, number>();
  const keyOf = (termId: string, action: string, taskId: string | null, actorId: string) =>
    `${termId}|${action}|${taskId ?? ''}|${actorId}`;
  for (const row of rows) {
    const key = keyOf(row.term_id, row.action, row.task_id, row.actor_id);
    entries.set(key, (entries.get(key) ?? 0) + 1);
  }
  const acknowledged = new Set<string>();
  for (const ack of acks) {
    const key = keyOf(ack.termId, ack.action, ack.taskId ?? null, ack.actorId);
    acknowledged.add(key);
    const count = entries.get(key) ?? 0;
    if (count === 0) result.lost.push(label(ack));
    if (count > 1) result.doubled.push(`${label(ack)}: ${count} entries`);
  }
  for (const key of entries.keys()) if (!acknowledged.has(key)) result.unacknowledged.push(key);

  const decided = acks.filter((ack) => ack.taskId);
  const { rows: tasks } = await pool.query<{
    id: string;
    outcome: string | null;
    closed_by: string;
  }>('SELECT id, outcome, closed_by FROM tasks WHERE id = ANY($1)', [
    decided.map((ack) => ack.taskId),
  ]);
  const taskById = new Map(tasks.map((task) => [task.id, task]));
  for (const ack of decided) {
    const task = taskById.get(ack.taskId!);
    if (task?.outcome !== 'approve' || task.closed_by !== ack.actorId)
      result.lost.push(`${label(ack)}: task ${JSON.stringify(task ?? null)}`);
  }
  return result;
}

/**
 * Compares every term's record with its workflow (the termView Query): stage,
 * open tasks, and the timeline against the decision log. An empty list means
 * they agree.
 *
 * Stands in for `npm run reconcile` (scripts/reconcile.ts, being written on
 * another branch: exit code 1 and a list of differences): once that is on
 * main, run it here against the cluster's DATABASE_URL, TEMPORAL_ADDRESS and
 * TEMPORAL_NAMESPACE instead.
 */
export async function recordDisagreements(pool: Pool, client: Client): Promise<string[]> {
  const differences: string[] = [];
  const { rows: officials } = await pool.query<{ term_id: string; stage: string }>(
    'SELECT term_id, stage FROM officials ORDER BY term_id',
  );
  const { rows: openTasks } = await pool.query<{ term_id: string; id: string }>(
    'SELECT term_id, id FROM tasks WHERE closed_at IS NULL',
  );
  const { rows: log } = await pool.query<{ term_id: string; action: string }>(
    'SELECT term_id, action FROM decision_log ORDER BY term_id, seq',
  );
  const group = <T extends { term_id: string }, V>(list: T[], pick: (row: T) => V) => {
    const byTerm = new Map<string, V[]>();
    for (const row of list)
      byTerm.set(row.term_id, [...(byTerm.get(row.term_id) ?? []), pick(row)]);
    return byTerm;
  };
  const openByTerm = group(openTasks, (row) => row.id);
  const logByTerm = group(log, (row) => row.action);

  for (const official of officials) {
    const view = await client.workflow.getHandle(official.term_id).query(termView);
    const where = official.term_id;
    if (view.stage !== official.stage)
      differences.push(
        `${where}: stage ${official.stage} on record, ${view.stage} in the workflow`,
      );
    const recordTasks = (openByTerm.get(where) ?? []).sort().join(',');
    const workflowTasks = view.openTasks
      .map((task) => task.id)
      .sort()
      .join(',');
    if (recordTasks !== workflowTasks)
      differences.push(
        `${where}: open tasks [${recordTasks}] on record, [${workflowTasks}] in the workflow`,
      );
    const recordLog = (logByTerm.get(where) ?? []).join(',');
    const workflowLog = view.timeline.map((entry) => entry.action).join(',');
    if (recordLog !== workflowLog)
      differences.push(`${where}: log [${recordLog}] on record, [${workflowLog}] in the workflow`);
  }
  // And what operators run (npm run reconcile): batches, log counts, last entries, blocked terms.
  const report = await reconcile({ client, pool });
  for (const difference of report.differences)
    differences.push(
      `${difference.termId}: reconcile ${difference.field}: workflow ${JSON.stringify(difference.workflow)}, record ${JSON.stringify(difference.record)}`,
    );
  return differences;
}
