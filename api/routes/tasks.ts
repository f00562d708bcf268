// The inbox (an indexed query over open tasks, never a fan-out to workflows)
// and the decision on a task (an Update on the term workflow).
import { ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { isWithin, type Actor } from '../../domain/actors.js';
import { decideTask } from '../../workflows/messages.js';
import { inboxFilterOf } from '../../domain/assignment.js';
import { inboxFilterSql } from '../../platform/assignment-sql.js';
import { holdsRequestSql, maySeeTaskOfTerm } from '../access.js';
import type { ApiDeps } from '../deps.js';
import { conflict, notFound } from '../errors.js';
import { countDecision } from '../metrics.js';
import { UPDATE_UNAVAILABLE, route } from '../route.js';
import { sendUpdate, updateIdFor } from '../updates.js';
import type { TaskRow } from '../rows.js';
import { taskContext } from '../task-context.js';
import { taskViews } from '../task-views.js';
import {
  DecisionBody,
  DecisionResultSchema,
  InboxPage,
  InboxQuery,
  TaskParams,
  encodeCursor,
} from '../schemas.js';
import { TaskDetailSchema } from '../task-context-schemas.js';

/** Whether the actor may see a task: theirs, their own term's, or one in their jurisdiction. */
const maySeeTask = (actor: Actor, t: TaskRow) =>
  t.assignee_actor_id === actor.id ||
  t.official_id === actor.id ||
  (actor.role !== 'official' &&
    (isWithin(actor.jurisdiction, t.village) ||
      isWithin(actor.jurisdiction, t.assignee_jurisdiction)));

const NO_SUCH_TASK = { description: 'no such task in your jurisdiction', codes: ['not_found'] };
const TASK_LINKS = {
  getOfficialOfTask: {
    operationId: 'getOfficial',
    parameters: { officialId: '$response.body#/officialId' },
    description: "the record of the task's official",
  },
};

export function taskRoutes(deps: ApiDeps) {
  const { pool, client } = deps;

  /**
   * A task the actor may see; anyone else's is as unknown as none (404). Who
   * may decide it is the workflow's to say (its validator refuses a wrong
   * actor with 403), not this route's.
   */
  async function loadTask(actor: Actor, taskId: string): Promise<TaskRow> {
    // Least privilege: a screening body sees the candidates it was asked
    // about; whether it was is read with the task, in the same statement.
    const body = actor.role === 'screening_body';
    const { rows } = await pool.query<TaskRow & { held?: boolean }>(
      body
        ? `SELECT t.*, ${holdsRequestSql('t.term_id', '$2')} AS held FROM tasks t WHERE t.id = $1`
        : 'SELECT * FROM tasks WHERE id = $1',
      body ? [taskId, actor.body ?? ''] : [taskId],
    );
    const row = rows[0];
    if (!row || !maySeeTask(actor, row) || !maySeeTaskOfTerm(actor, row) || (body && !row.held))
      throw notFound(`task ${taskId}`);
    const { held: _held, ...task } = row;
    return task;
  }

  return [
    route({
      method: 'get',
      path: '/api/inbox',
      operationId: 'listInbox',
      tag: 'tasks',
      summary: "The signed-in actor's open tasks, soonest deadline first",
      query: InboxQuery,
      responses: {
        200: {
          description: 'a page of open tasks, with totals',
          schema: InboxPage,
          links: {
            firstTask: {
              operationId: 'getTask',
              parameters: { taskId: '$response.body#/items/0/id' },
              description: 'the first task of the page',
            },
            decideFirstTask: {
              operationId: 'decideTask',
              parameters: { taskId: '$response.body#/items/0/id' },
              description: 'a decision on the first task of the page',
            },
          },
        },
      },
      handler: async ({ query, actor }) => {
        const params: unknown[] = [];
        const where = ['t.closed_at IS NULL', inboxFilterSql(inboxFilterOf(actor), params)];
        const add = (sql: (p: string) => string, v: unknown) => {
          params.push(v);
          where.push(sql(`$${params.length}`));
        };
        if (query.kind) add((p) => `t.kind = ${p}`, query.kind);
        if (query.county) add((p) => `t.county = ${p}`, query.county);
        if (query.township) add((p) => `t.township = ${p}`, query.township);
        if (query.overdue !== undefined)
          where.push(query.overdue ? 't.due_at < now()' : 't.due_at >= now()');
        if (query.dueBefore !== undefined)
          add((p) => `t.due_at < to_timestamp(${p}::float8 / 1000)`, query.dueBefore);
        const filtered = where.join(' AND ');
        const totals = await pool.query<{ total: number; overdue: number }>(
          `SELECT count(*) AS total, count(*) FILTER (WHERE t.due_at < now()) AS overdue FROM tasks t WHERE ${filtered}`,
          params,
        );
        const pageParams = [...params];
        let pageWhere = filtered;
        if (query.cursor) {
          pageParams.push(query.cursor.dueAtMs, query.cursor.id);
          pageWhere += ` AND (t.due_at, t.id) > (to_timestamp($${pageParams.length - 1}::float8 / 1000), $${pageParams.length})`;
        }
        pageParams.push(query.limit + 1);
        const { rows } = await pool.query<TaskRow>(
          `SELECT t.* FROM tasks t WHERE ${pageWhere} ORDER BY t.due_at, t.id LIMIT $${pageParams.length}`,
          pageParams,
        );
        const more = rows.length > query.limit;
        const page = rows.slice(0, query.limit);
        const now = Date.now();
        return {
          status: 200,
          body: {
            items: await taskViews(pool, actor, page, now),
            total: totals.rows[0]!.total,
            overdue: totals.rows[0]!.overdue,
            ...(more ? { nextCursor: encodeCursor(page.at(-1)!.due_at, page.at(-1)!.id) } : {}),
          },
        };
      },
    }),

    route({
      method: 'get',
      path: '/api/tasks/:taskId',
      operationId: 'getTask',
      tag: 'tasks',
      summary: 'One task, open or closed, with what its decider needs to decide it',
      params: TaskParams,
      responses: {
        200: {
          description: 'the task and its context (by kind, from the system of record)',
          schema: TaskDetailSchema,
          links: TASK_LINKS,
        },
        404: NO_SUCH_TASK,
      },
      handler: async ({ params, actor }) => {
        const task = await loadTask(actor, params.taskId);
        const [[view], context] = await Promise.all([
          taskViews(pool, actor, [task]),
          taskContext(pool, deps.policy, actor, task),
        ]);
        return { status: 200, body: { ...view!, ...(context ? { context } : {}) } };
      },
    }),

    route({
      method: 'post',
      path: '/api/tasks/:taskId/decision',
      operationId: 'decideTask',
      tag: 'tasks',
      summary:
        "Decide a task with one of its kind's decisions (approve or reject; on an objection end_nomination or follow_up; on a follow-up question withdraw or maintain), with a comment (and days, rating or report where the task asks for one)",
      params: TaskParams,
      body: DecisionBody,
      idempotent: true,
      responses: {
        200: {
          description: 'decided; the record is updated before this answer',
          schema: DecisionResultSchema,
        },
        403: {
          description: 'the task waits for another role, body or person',
          codes: ['wrong_actor'],
        },
        404: NO_SUCH_TASK,
        409: {
          description: 'already decided, or the term is not at that stage',
          codes: ['already_decided', 'wrong_stage', 'duplicate_request', 'term_closed'],
        },
        422: {
          description:
            "refused by a rule (a decision the task's kind does not take, no reason given where one is due, rating cap, quota, missing facts)",
          codes: ['rule_refused', 'reason_required', 'rating_capped', 'quota_exceeded'],
        },
        503: UPDATE_UNAVAILABLE,
      },
      handler: async ({ params, body, actor, idempotencyKey }) => {
        const task = await loadTask(actor, params.taskId);
        // Counted by the task's kind once it is known (an unknown task is a 404, no decision).
        return countDecision(deps.metrics, task.kind, async () => {
          const alreadyDecided = (t: typeof task) =>
            conflict(
              'already_decided',
              `task ${t.id} was already decided (${t.outcome ?? 'closed'} by ${t.closed_by ?? 'the system'})`,
            );
          // A retry of a decision that landed while its answer was lost (503):
          // the same Idempotency-Key gives the same Update id, and Temporal
          // answers with the outcome of the Update it already ran.
          const retryOfOwn = idempotencyKey !== undefined && task.closed_by === actor.id;
          if (task.closed_at && !retryOfOwn) throw alreadyDecided(task);
          try {
            const result = await sendUpdate(
              deps,
              task.term_id,
              decideTask,
              {
                taskId: task.id,
                actor,
                decision: body.decision,
                comment: body.comment,
                ...(body.days !== undefined ? { days: body.days } : {}),
                ...(body.rating !== undefined ? { rating: body.rating } : {}),
                ...(body.report !== undefined ? { report: body.report } : {}),
              },
              { actor, idempotencyKey },
            );
            return { status: 200, body: result };
          } catch (err) {
            // A competing decision may have ended the term (a rejection) just
            // before this one arrived: to this caller, the task was decided.
            if (
              err instanceof WorkflowNotFoundError ||
              (err instanceof ServiceError && /not found|completed/i.test(err.message))
            ) {
              const now = await loadTask(actor, params.taskId);
              // This very request decided it, and the term ended with it: its
              // answer was lost, and the record holds what it did.
              if (
                now.closed_at &&
                idempotencyKey !== undefined &&
                now.closed_by_update === updateIdFor(actor, idempotencyKey)
              ) {
                const official = await deps.pool.query<{ stage: string }>(
                  'SELECT stage FROM officials WHERE term_id = $1',
                  [now.term_id],
                );
                return {
                  status: 200,
                  body: {
                    ok: true as const,
                    termId: now.term_id,
                    stage: official.rows[0]?.stage ?? 'closed',
                    message: `${now.kind} ${now.outcome}`,
                    taskId: now.id,
                    ...(now.request_no ? { requestNo: now.request_no } : {}),
                    ...(now.case_id ? { caseId: now.case_id } : {}),
                  },
                };
              }
              if (now.closed_at) throw alreadyDecided(now);
            }
            throw err;
          }
        });
      },
    }),
  ];
}
