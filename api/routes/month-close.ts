// The township's month close: every official on post in one township, with
// their attendance figures and the month's close, from one indexed query over
// the record (officials by village prefix, their tasks by term). Each close is
// decided through POST /api/tasks/{taskId}/decision, one request per task.
import { isWithin } from '../../domain/actors.js';
import { calendarOf } from '../../domain/policy-defaults.js';
import type { OfficialSnapshot } from '../../domain/records.js';
import { subtreePattern } from '../access.js';
import type { ApiDeps } from '../deps.js';
import { forbidden, notFound } from '../errors.js';
import { route } from '../route.js';
import type { TaskRow } from '../rows.js';
import { MonthCloseQuery, MonthCloseSchema } from '../task-context-schemas.js';
import { attendanceBefore, limitsOf, yearOfMonth } from '../task-context.js';
import { yearHolding } from '../../domain/duty.js';
import { taskViews } from '../task-views.js';

/** Stages in which a term's months are still closed. */
const ON_POST = ['dispatched', 'on_duty', 'term_end', 'handing_over'];
const MAY_VIEW = ['township', 'county_org', 'region_admin'];
const ZONE = 'Asia/Shanghai';

/**
 * The calendar month a close is about: the one it names (terms on calendar
 * months, patched 'calendar-months'), else the month in which a policy month
 * of the term ended (terms from before it).
 */
const closeMonth = (table = '') =>
  `COALESCE(${table}data->>'calendarMonth', to_char(${table}created_at AT TIME ZONE '${ZONE}', 'YYYY-MM'))`;

type Row = TaskRow & {
  o_term_id: string;
  o_official_id: string;
  o_name: string;
  o_village: string;
  o_stage: string;
  o_snapshot: Partial<OfficialSnapshot>;
  task_id: string | null;
  r_days: number | null;
  r_note: string | null;
  r_at: Date | null;
};

export function monthCloseRoutes(deps: ApiDeps) {
  const { pool } = deps;
  return [
    route({
      method: 'get',
      path: '/api/month-close',
      operationId: 'getMonthClose',
      tag: 'tasks',
      summary:
        "A township's month close: each official on post with their attendance figures and the month's close",
      description:
        "One row per official on post in the township (and per close, where two months of a term ended in one calendar month), ordered by village. `township` defaults to the signed-in township Party committee's own; another actor names one in their jurisdiction. Each close is decided through POST /api/tasks/{taskId}/decision.",
      query: MonthCloseQuery,
      responses: {
        200: { description: 'the month close', schema: MonthCloseSchema },
        403: {
          description:
            'only a township Party committee, a county organization department or the regional administrator may view month closes',
          codes: ['wrong_actor'],
        },
        404: { description: 'no such township in your jurisdiction', codes: ['not_found'] },
      },
      handler: async ({ query, actor }) => {
        if (!MAY_VIEW.includes(actor.role))
          throw forbidden(
            'only a township Party committee, a county organization department or the regional administrator may view month closes',
          );
        const township = query.township ?? actor.jurisdiction;
        // A township is the fourth level: region/city/county/township.
        if (township.split('/').length !== 4 || !isWithin(actor.jurisdiction, township))
          throw notFound(`township ${township}`);
        const pattern = subtreePattern(township);
        // Calendar months with a close still open: a close waits for the
        // township over its village (index tasks_inbox, by role and prefix).
        const open = await pool.query<{ month: string }>(
          `SELECT DISTINCT ${closeMonth()} AS month
             FROM tasks
            WHERE closed_at IS NULL AND assignee_role = 'township'
              AND assignee_jurisdiction LIKE $1 AND kind = 'close_attendance'
            ORDER BY month`,
          [pattern],
        );
        const openMonths = open.rows.map((row) => row.month);
        const month =
          query.month ??
          openMonths[0] ??
          calendarOf(deps.policy, Date.now()).monthKeyOf(Date.now());
        // Officials by village prefix (index officials_village), their closes
        // that month by term (index tasks_term): one query for the township.
        const { rows } = await pool.query<Row>(
          `SELECT o.term_id AS o_term_id, o.official_id AS o_official_id, o.name AS o_name,
                  o.village AS o_village, o.stage AS o_stage, o.snapshot AS o_snapshot,
                  t.id AS task_id, t.*, r.r_days, r.r_note, r.r_at
             FROM officials o
             LEFT JOIN tasks t
               ON t.term_id = o.term_id AND t.kind = 'close_attendance'
              AND ${closeMonth('t.')} = $3
             -- The official's latest report of an open close (index decision_log_action).
             LEFT JOIN LATERAL (
               SELECT (d.params->>'days')::int AS r_days, d.reason AS r_note, d.at AS r_at
                 FROM decision_log d
                WHERE t.closed_at IS NULL AND d.term_id = o.term_id
                  AND d.action = 'attendance_reported' AND d.task_id = t.id
                ORDER BY d.seq DESC LIMIT 1
             ) r ON true
            WHERE o.village LIKE $1
              AND (o.stage = ANY($2::text[]) OR t.id IS NOT NULL)
            ORDER BY o.village, o.name, o.term_id, t.created_at`,
          [pattern, ON_POST, month],
        );
        const withTask = rows.filter((row) => row.task_id !== null);
        const views = new Map(
          (await taskViews(pool, actor, withTask)).map((view) => [view.id, view]),
        );
        return {
          status: 200,
          body: {
            month,
            township,
            openMonths,
            rows: rows.map((row) => {
              const snapshot = row.o_snapshot ?? {};
              const years = snapshot.years ?? [];
              const limits = limitsOf(snapshot, deps.policy);
              const termMonth = row.task_id ? Number(row.data?.month) : undefined;
              const year =
                termMonth !== undefined
                  ? yearOfMonth(years, termMonth)
                  : yearHolding(years, Date.now());
              const closed = years.flatMap((y) => y.attendance);
              const lastClosed =
                termMonth !== undefined
                  ? attendanceBefore(years, termMonth)[0]
                  : closed.sort((a, b) => b.month - a.month)[0];
              const recorded =
                termMonth !== undefined ? closed.find((c) => c.month === termMonth) : undefined;
              const task = row.task_id ? views.get(row.task_id) : undefined;
              return {
                officialId: row.o_official_id,
                name: row.o_name,
                village: row.o_village,
                stage: row.o_stage,
                ...(snapshot.post ? { post: snapshot.post } : {}),
                minimum: limits.minResidenceDaysPerMonth,
                monthDays: limits.monthDays,
                ...(lastClosed ? { lastClosed } : {}),
                ...(recorded ? { recorded } : {}),
                ...(row.r_days !== null && row.r_at !== null
                  ? {
                      reported: {
                        days: row.r_days,
                        ...(row.r_note ? { note: row.r_note } : {}),
                        at: row.r_at.toISOString(),
                      },
                    }
                  : {}),
                leaveDaysThisYear: year?.leaveDays ?? 0,
                spotCheckAbsencesThisYear: year?.spotCheckAbsences ?? 0,
                ...(task ? { task } : {}),
              };
            }),
          },
        };
      },
    }),
  ];
}
