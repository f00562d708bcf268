// Tasks as the signed-in actor sees them: the row, and whether the actor may
// decide it, computed by the domain's permission table (domain/permissions.ts)
// from facts the record holds. The route does not decide who may decide (the
// workflow's validator does, and refuses); this only tells the page what the
// validator will say, so it can offer the decision or not.
import type { Actor } from '../domain/actors.js';
import { recipientFilterOf } from '../domain/assignment.js';
import { mayDecide, type DeciderFacts } from '../domain/permissions.js';
import type { Assignee } from '../domain/records.js';
import { recipientFilterSql } from '../platform/assignment-sql.js';
import type { Pool } from '../platform/db.js';
import { taskView, type TaskRow } from './rows.js';

/** Who nominated each task's official and who filed the request it answers, by task id. */
async function deciderFacts(
  pool: Pool,
  rows: readonly TaskRow[],
): Promise<Map<string, DeciderFacts>> {
  const open = rows.filter((row) => row.closed_at === null);
  if (open.length === 0) return new Map();
  // The first log entry of a request is its filing (activities/record.ts).
  const { rows: facts } = await pool.query<{
    id: string;
    nominated_by: string;
    request_filed_by: string | null;
  }>(
    `SELECT t.id, o.nominated_by,
            (SELECT d.actor_id FROM decision_log d
              WHERE t.request_no IS NOT NULL AND d.term_id = t.term_id AND d.request_no = t.request_no
              ORDER BY d.seq LIMIT 1) AS request_filed_by
       FROM tasks t JOIN officials o ON o.term_id = t.term_id
      WHERE t.id = ANY($1::text[])`,
    [open.map((row) => row.id)],
  );
  return new Map(
    facts.map((fact) => [
      fact.id,
      {
        nominatedBy: fact.nominated_by,
        ...(fact.request_filed_by !== null ? { requestFiledBy: fact.request_filed_by } : {}),
      },
    ]),
  );
}

/** Who a task waits for, by name: the named actor, or the nearest body of its role over its place. */
export interface AssigneeActor {
  id: string;
  name: string;
}

/**
 * The actor each distinct assignee of `rows` names: the named actor, else the
 * one of the role (and screening body) at the nearest jurisdiction at or above
 * the assignee's place (as reminders address it); none when the directory has
 * nobody there.
 */
async function assigneeActors(
  pool: Pool,
  rows: readonly TaskRow[],
): Promise<Map<string, AssigneeActor>> {
  const byKey = new Map<string, Assignee>();
  for (const row of rows) {
    const assignee = taskView(row).assignee;
    byKey.set(JSON.stringify(assignee), assignee);
  }
  const found = new Map<string, AssigneeActor>();
  await Promise.all(
    [...byKey].map(async ([key, assignee]) => {
      const params: unknown[] = [];
      const where = recipientFilterSql(recipientFilterOf(assignee), params);
      const { rows: actors } = await pool.query<AssigneeActor>(
        `SELECT id, name FROM actors WHERE ${where} ORDER BY length(jurisdiction) DESC, id LIMIT 1`,
        params,
      );
      if (actors[0]) found.set(key, actors[0]);
    }),
  );
  return found;
}

/** The task views of `rows`, each with `canDecide` for the actor (false once closed). */
export async function taskViews(
  pool: Pool,
  actor: Actor,
  rows: readonly TaskRow[],
  now = Date.now(),
) {
  const [facts, assignees] = await Promise.all([
    deciderFacts(pool, rows),
    assigneeActors(pool, rows),
  ]);
  return rows.map((row) => {
    const view = taskView(row, now);
    const known = facts.get(row.id);
    const assigneeActor = assignees.get(JSON.stringify(view.assignee));
    return {
      ...view,
      ...(assigneeActor ? { assigneeActor } : {}),
      canDecide: known !== undefined && mayDecide(actor, view, known),
    };
  });
}
