// What a task's decider needs to decide it, read from the system of record:
// the term's snapshot (one row by primary key) and, per kind, the term's own
// tasks or log entries (by term id, indexed). Never a Query of a workflow.
import type { z } from 'zod';
import type { Actor } from '../domain/actors.js';
import { yearHolding } from '../domain/duty.js';
import type { OfficialSnapshot, YearObligations } from '../domain/records.js';
import type { Policy } from '../domain/policy.js';
import type { Pool } from '../platform/db.js';
import type { TaskRow } from './rows.js';
import type { TaskContextSchema } from './task-context-schemas.js';

export type TaskContext = z.infer<typeof TaskContextSchema>;
type Snapshot = Partial<OfficialSnapshot>;

const iso = (d: Date | number) => new Date(d).toISOString();
const opt = <K extends string, V>(key: K, v: V | null | undefined): Partial<Record<K, V>> =>
  v === null || v === undefined ? {} : ({ [key]: v } as Record<K, V>);

/**
 * The term's policy figures: those the record keeps with the term, else (a
 * snapshot written before it kept them) the API's policy.
 */
export function limitsOf(snapshot: Snapshot, policy: Policy) {
  return (
    snapshot.limits ?? {
      minResidenceDaysPerMonth: policy.minResidenceDaysPerMonth,
      monthDays: policy.monthDays,
      dayMs: policy.dayMs,
      leaveYearlyCapDays: policy.leave.yearlyCapDays,
      leaveTownshipMaxDays: policy.leave.townshipMaxDays,
    }
  );
}

/** The term year a month of the term (1-based) belongs to. */
export const yearOfMonth = (years: readonly YearObligations[], month: number) =>
  years.find((year) => month > (year.year - 1) * 12 && month <= year.year * 12) ?? years.at(-1);

/** Attendance closed before `month`, latest first. */
export function attendanceBefore(years: readonly YearObligations[], month: number) {
  return years
    .flatMap((year) => year.attendance)
    .filter((closed) => closed.month < month)
    .sort((a, b) => b.month - a.month);
}

/** The context of one task, or undefined for kinds that need none. */
export async function taskContext(
  pool: Pool,
  policy: Policy,
  actor: Actor,
  task: TaskRow,
): Promise<TaskContext | undefined> {
  const { rows } = await pool.query<{ snapshot: Snapshot }>(
    'SELECT snapshot FROM officials WHERE term_id = $1',
    [task.term_id],
  );
  const snapshot = rows[0]?.snapshot ?? {};
  const years = snapshot.years ?? [];
  const limits = limitsOf(snapshot, policy);
  switch (task.kind) {
    case 'approve_dispatch':
    case 'vetting_reply':
      return {
        kind: 'dispatch',
        candidate: {
          name: snapshot.name ?? task.official_name,
          post: snapshot.post ?? '',
          dispatchingUnit: snapshot.dispatchingUnit ?? '',
          village: snapshot.village ?? task.village,
          facts: snapshot.vettingFacts ?? null,
          screeningFailures: snapshot.screeningFailures ?? [],
        },
        // The replies are for the county that decides: each screening body
        // answers on its own and sees no other body's reply, here or on its own task.
        replies:
          task.kind === 'approve_dispatch' && actor.role !== 'screening_body'
            ? await screeningReplies(pool, task.term_id)
            : [],
      };
    case 'approve_leave':
    case 'leave_reply': {
      const asked = await lastLogEntry(pool, task.term_id, 'leave_requested', task.created_at);
      const year = yearHolding(years, task.created_at.getTime());
      const days =
        typeof task.data?.days === 'number'
          ? task.data.days
          : Number(/^(\d+) day/.exec(asked?.detail ?? '')?.[1] ?? NaN);
      return {
        kind: 'leave',
        ...(Number.isInteger(days) ? { days } : {}),
        ...opt('reason', asked?.reason),
        ...opt('requestedAt', asked && iso(asked.at)),
        ...opt('termYear', year?.year),
        usedThisYear: year?.leaveDays ?? 0,
        yearlyCap: limits.leaveYearlyCapDays,
        townshipMaxDays: limits.leaveTownshipMaxDays,
      };
    }
    case 'close_attendance': {
      const month = Number(task.data?.month);
      const year = yearOfMonth(years, month);
      const recorded = years.flatMap((y) => y.attendance).find((closed) => closed.month === month);
      const periodEnd = task.created_at.getTime();
      return {
        kind: 'attendance',
        month,
        // A calendar month names its start; a policy month is monthDays long.
        periodStart: iso(
          typeof task.data?.startsAt === 'number'
            ? task.data.startsAt
            : periodEnd - limits.monthDays * limits.dayMs,
        ),
        ...opt(
          'calendarMonth',
          typeof task.data?.calendarMonth === 'string' ? task.data.calendarMonth : undefined,
        ),
        periodEnd: iso(periodEnd),
        minimum: limits.minResidenceDaysPerMonth,
        monthDays: limits.monthDays,
        ...opt('recorded', recorded),
        ...opt('reported', task.closed_at ? undefined : await officialReport(pool, task)),
        earlierMonths: attendanceBefore(years, month).slice(0, 12),
        leaveDaysThisYear: year?.leaveDays ?? 0,
        spotCheckAbsencesThisYear: year?.spotCheckAbsences ?? 0,
      };
    }
    case 'rate_official':
    case 'self_report': {
      const yearNo = typeof task.data?.year === 'number' ? task.data.year : undefined;
      const year = years.find((y) => y.year === yearNo);
      const selfReport =
        typeof task.data?.selfReport === 'string' ? task.data.selfReport : year?.selfReport;
      return {
        kind: 'evaluation',
        ...opt('year', yearNo),
        ...opt('selfReport', selfReport),
        ratingsThisTerm: years.flatMap((y) =>
          y.rating ? [{ year: y.year, rating: y.rating }] : [],
        ),
        ratingsBeforeTerm: snapshot.vettingFacts?.lastRatings ?? [],
        spotCheckAbsences: year?.spotCheckAbsences ?? 0,
      };
    }
    case 'recall_reply':
    case 'adjustment_reply': {
      const filed = task.request_no
        ? await requestFiling(pool, task.term_id, task.request_no)
        : undefined;
      return {
        kind: 'request',
        ...opt('requestNo', task.request_no),
        ...opt('filedBy', filed?.actor_id),
        ...opt('filedAt', filed && iso(filed.at)),
        ...opt('reasons', filed?.reason),
        ...opt('reasonCode', filed?.params?.because as string | undefined),
      };
    }
    default:
      return undefined;
  }
}

interface LogRow {
  actor_id: string;
  at: Date;
  detail: string;
  reason: string | null;
  params?: Record<string, string | number> | null;
}

/** The latest entry of an action in the term's log up to `until` (index decision_log_action). */
async function lastLogEntry(
  pool: Pool,
  termId: string,
  action: string,
  until: Date,
): Promise<LogRow | undefined> {
  const { rows } = await pool.query<LogRow>(
    `SELECT actor_id, at, detail, reason FROM decision_log
      WHERE term_id = $1 AND action = $2 AND at <= $3
      ORDER BY seq DESC LIMIT 1`,
    [termId, action, until],
  );
  return rows[0];
}

/** The official's latest report of an open close's days (index decision_log_action). */
async function officialReport(pool: Pool, task: TaskRow) {
  const { rows } = await pool.query<{ days: number | null; reason: string | null; at: Date }>(
    `SELECT (params->>'days')::int AS days, reason, at FROM decision_log
      WHERE term_id = $1 AND action = 'attendance_reported' AND task_id = $2
      ORDER BY seq DESC LIMIT 1`,
    [task.term_id, task.id],
  );
  const row = rows[0];
  if (!row || row.days === null) return undefined;
  return { days: row.days, ...opt('note', row.reason || undefined), at: iso(row.at) };
}

/** The filing of a request: its first log entry (index decision_log_action). */
async function requestFiling(
  pool: Pool,
  termId: string,
  requestNo: string,
): Promise<LogRow | undefined> {
  const { rows } = await pool.query<LogRow>(
    `SELECT actor_id, at, detail, reason, params FROM decision_log
      WHERE term_id = $1 AND action = 'request_filed' AND request_no = $2
      ORDER BY seq LIMIT 1`,
    [termId, requestNo],
  );
  return rows[0];
}

/**
 * The vetting requests of the term with their replies so far: the tasks (index
 * tasks_term) and each reply's reasons from the log (index decision_log_action).
 */
async function screeningReplies(pool: Pool, termId: string) {
  const { rows } = await pool.query<{
    body: 'discipline' | 'petition' | 'police';
    request_no: string | null;
    created_at: Date;
    due_at: Date;
    outcome: string | null;
    closed_by: string | null;
    closed_at: Date | null;
    reason: string | null;
    replied_at: Date | null;
  }>(
    `SELECT t.assignee_body AS body, t.request_no, t.created_at, t.due_at, t.outcome, t.closed_by,
            t.closed_at, reply.reason, reply.at AS replied_at
       FROM tasks t
       LEFT JOIN LATERAL (
         SELECT d.reason, d.at FROM decision_log d
          WHERE d.term_id = t.term_id AND d.action = 'request_replied' AND d.request_no = t.request_no
          ORDER BY d.seq DESC LIMIT 1
       ) reply ON true
      WHERE t.term_id = $1 AND t.kind = 'vetting_reply'
      ORDER BY t.created_at, t.id`,
    [termId],
  );
  return rows.map((row) => ({
    body: row.body,
    ...opt('requestNo', row.request_no),
    askedAt: iso(row.created_at),
    dueAt: iso(row.due_at),
    ...opt('decision', row.outcome),
    ...opt('reasons', row.reason),
    ...opt('repliedBy', row.closed_by),
    ...opt(
      'repliedAt',
      (row.replied_at ?? row.closed_at) && iso((row.replied_at ?? row.closed_at)!),
    ),
  }));
}
