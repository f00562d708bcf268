// The official's own report of a month's days in the village. The township
// closes each month (duty-year.ts); before it does, the official may say how
// many days they count, with a note, and say it again to correct it. The close
// keeps the report beside the days confirmed; the township decides.
import type { Actor } from '../../domain/actors.js';
import { requireAttendanceReporter } from '../../domain/permissions.js';
import { requireAttendanceDays } from '../../domain/duty.js';
import type { AttendanceReport, Task } from '../../domain/records.js';
import { refuse } from '../../domain/refuse.js';
import type { TermData } from './data.js';
import { log, type Term } from './ledger.js';

/** The open close of a term month, or a refusal naming the months that are open. */
function openClose(data: TermData, month: number): Task {
  const closes = data.openTasks.filter((task) => task.kind === 'close_attendance');
  const close = closes.find((task) => Number(task.data?.month) === month);
  if (!close)
    refuse(
      'wrong_stage',
      closes.length
        ? `month ${month} has no open attendance close (open: ${closes.map((task) => task.data?.month).join(', ')})`
        : `month ${month} has no open attendance close: a month is reported once it has ended and until the township closes it`,
      { month },
    );
  return close;
}

export function requireAttendanceReport(
  data: TermData,
  actor: Actor,
  month: number,
  days: number,
): void {
  requireAttendanceReporter(actor, data.profile.officialId);
  requireAttendanceDays(days, data.policy);
  openClose(data, month);
}

export function reportAttendance(
  term: Term,
  now: number,
  actor: Actor,
  input: { month: number; days: number; note?: string },
): string {
  const close = openClose(term.data, input.month);
  const note = input.note?.trim();
  const earlier = term.data.attendanceReports?.[close.id];
  // Reports of closes no longer open (the term ended before the township
  // closed them) go; the record keeps them in the log.
  const open = new Set(term.data.openTasks.map((task) => task.id));
  term.data.attendanceReports = {
    ...Object.fromEntries(
      Object.entries(term.data.attendanceReports ?? {}).filter(([taskId]) => open.has(taskId)),
    ),
    [close.id]: { days: input.days, ...(note ? { note } : {}), at: now },
  };
  const calendarMonth = close.data?.calendarMonth as string | undefined;
  log(
    term,
    now,
    actor,
    'attendance_reported',
    `month ${input.month}${calendarMonth ? ` (${calendarMonth})` : ''}: ${input.days} days in the village, as the official counts them${earlier ? ` (was ${earlier.days})` : ''}`,
    {
      taskId: close.id,
      ...(note ? { reason: note } : {}),
      params: {
        month: input.month,
        ...(calendarMonth ? { calendarMonth } : {}),
        days: input.days,
        ...(earlier ? { was: earlier.days } : {}),
      },
    },
  );
  return `month ${input.month} reported: ${input.days} days`;
}

/** The report of a close, removed from the open ones as the close is decided. */
export function takeReport(data: TermData, taskId: string): AttendanceReport | undefined {
  const report = data.attendanceReports?.[taskId];
  if (report) {
    const { [taskId]: _taken, ...rest } = data.attendanceReports!;
    data.attendanceReports = Object.keys(rest).length ? rest : undefined;
  }
  return report;
}
