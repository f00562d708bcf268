// The term year by year, each month closed with its attendance; per year a
// county-level training, a health check, spot checks, and the evaluation
// (self-report, then a rating the absences cap). A term under
// patched('calendar-months') counts calendar months of Shanghai (README, "The
// calendar"); one from before it, twelve policy months from dispatch a year.
// A term under patched('calendar-years') as well has calendar years: its
// obligations fall due by 31 December and its evaluation opens on the
// policy's date of each calendar year (1 December), for every county at once.
import type { Actor } from '../../domain/actors.js';
import type { AttendanceMonth, CalendarYearSpan } from '../../domain/calendar.js';
import { isResidenceBreach } from '../../domain/duty.js';
import { countyOf } from '../../domain/jurisdiction.js';
import {
  calendarOf,
  calendarYearRules,
  days,
  monthMs,
  ROUND_GRACE_DAYS,
} from '../../domain/policy-defaults.js';
import type { Policy } from '../../domain/policy.js';
import { isRecallGround, ratingAllowed, ratingCap, type Rating } from '../../domain/rating.js';
import type { Task } from '../../domain/records.js';
import { refuse } from '../../domain/refuse.js';
import { taskTitle } from '../../domain/task-titles.js';
import { openCaseFor } from './cases.js';
import type { TaskDecision, TermData, TermYear } from './data.js';
import { isOnPost, log, logDecision, openTask, type Term } from './ledger.js';
import { countyOrg, theOfficial, townshipOverVillage } from './parties.js';
import { takeReport } from './attendance-report.js';
import { adoptPolicyDue } from './policy-version.js';
import { closeIfDone, reachTermEnd } from './term-end.js';

// ---- the calendar of the term ------------------------------------------------

type TermClock = Pick<TermData, 'dispatchedAt' | 'policy' | 'nominatedAt' | 'calendarMonths'>;

/** The calendar a term's months run on: Shanghai's, over the policy's clock. */
export const termCalendar = (data: Pick<TermData, 'policy' | 'nominatedAt'>) =>
  calendarOf(data.policy, data.nominatedAt);

/** When month `month` of the term ends (month 0: the dispatch). */
export function monthEndAt(data: TermClock, month: number): number {
  const dispatchedAt = data.dispatchedAt ?? 0;
  if (data.calendarMonths) return termCalendar(data).addMonths(dispatchedAt, month);
  return dispatchedAt + month * monthMs(data.policy);
}

/** When the term has run its length: N calendar months after dispatch (or N policy months). */
export const termEndAt = (data: TermClock): number => monthEndAt(data, data.policy.termMonths);

/** Calendar-month terms: the calendar months the township closes, dispatch to term end. */
export function attendanceMonthsOf(data: TermClock): AttendanceMonth[] {
  return termCalendar(data).attendanceMonths(
    data.dispatchedAt ?? 0,
    termEndAt(data),
    data.policy.minResidenceDaysPerMonth,
  );
}

/** Calendar-month terms: the next calendar month to close, if any. */
function nextAttendanceMonth(data: TermData): AttendanceMonth | undefined {
  // By time, not by count: a policy version that moves the residence minimum
  // may change how the term's first or last part month is joined.
  const closedUntil = data.monthsClosedUntil ?? data.dispatchedAt ?? 0;
  return attendanceMonthsOf(data).find((month) => month.endsAt > closedUntil);
}

/** Calendar-month terms: the running year, until its end has been handled. */
function yearStillRunning(data: TermData): TermYear | undefined {
  const year = currentYear(data.years);
  // `roundYear` is set when a year ends (its evaluation round): the mark of an ended year.
  return year && year.roundYear === undefined ? year : undefined;
}

/** Calendar-year terms: the calendar years the term owes its yearly obligations for. */
export function calendarYearsOf(data: TermClock): CalendarYearSpan[] {
  return termCalendar(data).calendarYears(
    data.dispatchedAt ?? 0,
    termEndAt(data),
    calendarYearRules(data.policy).minPartYearDays,
  );
}

/**
 * Calendar-year terms: when a year's evaluation opens, the policy's date of
 * its calendar year (the same for every term of every county), or the term's
 * end if that comes first (its final evaluation), never before the year starts.
 */
export function evaluationOpensAt(data: TermClock, year: TermYear): number {
  const opensOn = termCalendar(data).onDayOfYear(
    year.calendarYear ?? termCalendar(data).yearOf(year.startsAt),
    calendarYearRules(data.policy).evaluationOpens,
  );
  return Math.max(year.startsAt, Math.min(opensOn, termEndAt(data)));
}

/**
 * Calendar-year terms: when the county's round of a calendar year closes, on
 * the term's calendar (a compressed clock closes it in compressed time).
 */
export function roundClosesAt(data: TermData, roundYear: number): number | undefined {
  if (!data.calendarYears) return undefined;
  return termCalendar(data).startOfYear(roundYear + 1) + days(data.policy, ROUND_GRACE_DAYS);
}

/** What happens next to the running year: its evaluation opens, or it ends. */
interface YearEvent {
  at: number;
  kind: 'evaluation' | 'end' | 'evaluation_and_end';
  year: TermYear;
}

function nextYearEvent(data: TermData): YearEvent | undefined {
  if (!data.calendarYears) {
    const running = yearStillRunning(data);
    return running && { at: running.endsAt, kind: 'evaluation_and_end', year: running };
  }
  const year = currentYear(data.years);
  if (!year) return undefined;
  if (year.roundYear === undefined)
    return { at: evaluationOpensAt(data, year), kind: 'evaluation', year };
  if (year.endsAt > (data.yearsEndedUntil ?? 0)) return { at: year.endsAt, kind: 'end', year };
  return undefined;
}

/** When the next month of the term closes (or its year ends), while the official is on post. */
export function nextMonthEndAt(data: TermData): number | undefined {
  if (!isOnPost(data)) return undefined;
  if (data.calendarMonths) {
    const times = [nextAttendanceMonth(data)?.endsAt, nextYearEvent(data)?.at].filter(
      (at): at is number => at !== undefined,
    );
    return times.length ? Math.min(...times) : undefined;
  }
  if (data.monthsOpened >= data.policy.termMonths) return undefined;
  return monthEndAt(data, data.monthsOpened + 1);
}

/** A new year of the term, with nothing done yet. */
export function newYear(policy: Policy, year: number, startsAt: number): TermYear {
  return {
    year,
    startsAt,
    endsAt: startsAt + 12 * monthMs(policy),
    trainings: [],
    healthChecks: [],
    attendance: [],
    spotCheckAbsences: 0,
    leaveDays: 0,
  };
}

export function startYear(term: Term, year: number, startsAt: number): void {
  const data = term.data;
  const started = newYear(data.policy, year, startsAt);
  if (data.calendarYears) {
    // A calendar-year term's year is the calendar year it starts in (a short part joins its neighbour).
    const spans = calendarYearsOf(data);
    const span = spans.find((one) => startsAt >= one.startsAt && startsAt < one.endsAt);
    const { calendarYear, endsAt, dueAt } = span ?? spans.at(-1)!;
    started.calendarYear = calendarYear;
    started.endsAt = endsAt;
    started.dueAt = dueAt;
  } else if (data.calendarMonths)
    // A calendar-month term's year y ends 12·y calendar months after dispatch, at the latest with the term.
    started.endsAt = Math.min(monthEndAt(data, 12 * year), termEndAt(data));
  data.years.push(started);
}

export function currentYear(years: readonly TermYear[]): TermYear | undefined {
  return years[years.length - 1];
}

/** The year `now` falls in; after the last year's end, still the last year. */
export function yearAt(years: readonly TermYear[], now: number): TermYear | undefined {
  return years.find((year) => now >= year.startsAt && now < year.endsAt) ?? currentYear(years);
}

/** The year month `month` (1-based) of the term belongs to. */
export function yearOfMonth(years: readonly TermYear[], month: number): TermYear | undefined {
  return (
    years.find((year) => month > (year.year - 1) * 12 && month <= year.year * 12) ??
    currentYear(years)
  );
}

/** The year an evaluation task (self-report, rating) is about. */
export function yearOfTask(
  years: readonly TermYear[],
  task: Pick<Task, 'data'>,
): TermYear | undefined {
  return years.find((year) => year.year === task.data?.year);
}

// ---- months --------------------------------------------------------------------

/** Closes every month of the term that has ended by `now`. */
export function closeMonthsDue(term: Term, now: number): void {
  if (term.data.calendarMonths) return closeCalendarMonthsDue(term, now);
  for (;;) {
    const monthEnd = nextMonthEndAt(term.data);
    if (monthEnd === undefined || monthEnd > now) return;
    closeMonth(term, monthEnd);
  }
}

/**
 * A month ends: the township closes its attendance. A year ends every twelfth
 * month: the official enrols in the county's evaluation round and reports on
 * the year, and the next year starts; the last month ends the term's length.
 */
function closeMonth(term: Term, at: number): void {
  const data = term.data;
  adoptPolicyDue(term, at);
  const policy = data.policy;
  data.monthsOpened += 1;
  const month = data.monthsOpened;
  openAttendanceClose(term, at, { month });
  if (month % 12 === 0) {
    const endedYear = data.years.find((year) => year.year === month / 12);
    // Rounds are per calendar year: the one the term year ends in.
    if (endedYear) openEvaluation(term, at, endedYear, new Date(at).getUTCFullYear());
    if (month < policy.termMonths) startYear(term, month / 12 + 1, at);
  }
  if (month === policy.termMonths) reachTermEnd(term, at);
}

/**
 * Calendar-month terms: closes the calendar months and ends the years that
 * have ended by `now`, in time order (a month that ends with its year first).
 */
function closeCalendarMonthsDue(term: Term, now: number): void {
  for (;;) {
    const data = term.data;
    if (!isOnPost(data)) return;
    const month = nextAttendanceMonth(data);
    const event = nextYearEvent(data);
    if (month && month.endsAt <= now && (!event || month.endsAt <= event.at)) {
      adoptPolicyDue(term, month.endsAt);
      data.monthsOpened += 1;
      data.monthsClosedUntil = month.endsAt;
      openAttendanceClose(term, month.endsAt, {
        month: data.monthsOpened,
        calendarMonth: month.month,
        startsAt: month.startsAt,
      });
    } else if (event && event.at <= now) {
      const { at, year } = event;
      if (event.kind === 'evaluation')
        // The round is the county's of the year's calendar year, opened on the same date for all.
        openEvaluation(term, at, year, year.calendarYear ?? termCalendar(data).yearOf(at));
      else if (event.kind === 'evaluation_and_end')
        // The round is the calendar year the term year ends in, on the term's calendar.
        openEvaluation(term, at, year, termCalendar(data).yearOf(at - 1));
      if (event.kind === 'evaluation') continue;
      if (data.calendarYears) data.yearsEndedUntil = at;
      if (at < termEndAt(data)) startYear(term, year.year + 1, at);
      else reachTermEnd(term, at);
    } else return;
  }
}

/** The township closes the attendance of a month of the term. */
function openAttendanceClose(
  term: Term,
  at: number,
  about: { month: number; calendarMonth?: string; startsAt?: number },
): void {
  const policy = term.data.policy;
  openTask(
    term,
    at,
    'close_attendance',
    townshipOverVillage(term.data.profile),
    at + days(policy, policy.decisionDays),
    'decision',
    { title: taskTitle('close_attendance', 'en', { month: about.month }), data: about },
  );
}

/**
 * The year's evaluation opens (when it ends; for a calendar-year term on the
 * policy's date): the official enrols in the county's round and reports on it.
 */
function openEvaluation(term: Term, at: number, endedYear: TermYear, roundYear: number): void {
  const data = term.data;
  const policy = data.policy;
  endedYear.roundYear = roundYear;
  const closesAt = roundClosesAt(data, roundYear);
  term.effects.push({
    type: 'enrol',
    county: countyOf(data.profile.village),
    year: roundYear,
    ...(closesAt !== undefined ? { closesAt } : {}),
  });
  openTask(
    term,
    at,
    'self_report',
    theOfficial(data.profile),
    at + days(policy, policy.decisionDays),
    'decision',
    {
      title: taskTitle('self_report', 'en', { year: endedYear.year }),
      data: {
        year: endedYear.year,
        ...(endedYear.calendarYear !== undefined ? { calendarYear: endedYear.calendarYear } : {}),
      },
    },
  );
}

/** The township closes a month's attendance; fewer days than the policy opens a case. */
export function closeAttendance(term: Term, now: number, decided: TaskDecision): string {
  const data = term.data;
  const minimum = data.policy.minResidenceDaysPerMonth;
  const daysInVillage = decided.days ?? 0;
  const month = Number(decided.task.data?.month);
  const calendarMonth = decided.task.data?.calendarMonth as string | undefined;
  const startsAt = decided.task.data?.startsAt;
  const breach = isResidenceBreach(daysInVillage, data.policy);
  // A calendar month belongs to the term year that holds most of its days.
  const year =
    typeof startsAt === 'number'
      ? yearAt(data.years, (startsAt + decided.task.createdAt) / 2)
      : yearOfMonth(data.years, month);
  const reported = takeReport(data, decided.task.id);
  year?.attendance.push({
    month,
    days: daysInVillage,
    breach,
    ...(reported ? { reported: reported.days } : {}),
  });
  logDecision(
    term,
    now,
    decided,
    'attendance_closed',
    `month ${month}${calendarMonth ? ` (${calendarMonth})` : ''}: ${daysInVillage} days in the village${breach ? ` — below ${minimum}: residence breach` : ''}`,
    {
      month,
      ...(calendarMonth ? { calendarMonth } : {}),
      days: daysInVillage,
      minimum,
      breach: breach ? 'yes' : 'no',
    },
  );
  if (breach)
    openCaseFor(term, now, 'residence', `${daysInVillage} days in month ${month}`, undefined, {
      because: 'residence_breach',
      days: daysInVillage,
      month,
    });
  closeIfDone(term, now);
  return `month ${month} closed`;
}

// ---- the yearly evaluation --------------------------------------------------------

export function requireSelfReport(report: string | undefined): void {
  if (!report?.trim()) refuse('rule_refused', 'a self-report needs "report"');
}

/** The official reports on the year; the county then rates them. */
export function submitSelfReport(term: Term, now: number, decided: TaskDecision): string {
  const data = term.data;
  const { task, report } = decided;
  const year = yearOfTask(data.years, task);
  if (year) year.selfReport = report;
  logDecision(
    term,
    now,
    decided,
    'self_reported',
    `self-report for year ${task.data?.year} submitted`,
    { year: Number(task.data?.year) },
  );
  openTask(
    term,
    now,
    'rate_official',
    countyOrg(data.profile),
    now + days(data.policy, data.policy.decisionDays),
    'decision',
    {
      title: taskTitle('rate_official', 'en', {
        officialName: data.profile.name,
        year: task.data?.year as number,
      }),
      data: { year: task.data?.year, selfReport: report },
    },
  );
  return 'self-report submitted';
}

/** Refuses a missing rating, or one better than the year's spot-check absences allow. */
export function requireRatingAllowed(
  data: Pick<TermData, 'years' | 'policy'>,
  task: Pick<Task, 'data'>,
  rating: Rating | undefined,
): void {
  if (!rating) return refuse('rule_refused', 'a rating needs "rating"');
  const absences = yearOfTask(data.years, task)?.spotCheckAbsences ?? 0;
  if (!ratingAllowed(rating, absences, data.policy)) {
    const cap = ratingCap(absences, data.policy);
    refuse('rating_capped', `${absences} spot-check absence(s) this year allow at best "${cap}"`, {
      absences,
      cap,
    });
  }
}

/** The county rates the year; "incompetent" opens a case; the last rating may close the term. */
export function rateOfficial(term: Term, now: number, decided: TaskDecision): string {
  const data = term.data;
  const { task } = decided;
  const rating = decided.rating!;
  const year = yearOfTask(data.years, task);
  if (year) year.rating = rating;
  logDecision(term, now, decided, 'rated', `rated ${rating} for year ${task.data?.year}`, {
    rating,
    year: Number(task.data?.year),
  });
  if (isRecallGround(rating))
    openCaseFor(
      term,
      now,
      'evaluation',
      `rated incompetent for year ${task.data?.year}`,
      undefined,
      {
        because: 'rated_incompetent',
        year: Number(task.data?.year),
      },
    );
  closeIfDone(term, now);
  return `rated ${rating}`;
}

// ---- facts on duty ------------------------------------------------------------------

export function recordCountyTraining(term: Term, now: number, actor: Actor, title: string): string {
  const year = yearAt(term.data.years, now)!;
  year.trainings.push({ at: now, title, by: actor.id });
  log(term, now, actor, 'trained', `county-level training, year ${year.year}: ${title}`, {
    params: { training: 'county', year: year.year, title },
  });
  return `training recorded for year ${year.year}`;
}

/** A health check; one that finds the official unfit opens a reassignment case. */
export function recordHealthCheck(
  term: Term,
  now: number,
  actor: Actor,
  fit: boolean,
  note: string,
): string {
  const year = yearAt(term.data.years, now)!;
  year.healthChecks.push({ at: now, fit, by: actor.id });
  log(
    term,
    now,
    actor,
    'health_checked',
    `health check, year ${year.year}: ${fit ? 'fit' : 'NOT fit'} for village work`,
    { reason: note, params: { year: year.year, fit: fit ? 'yes' : 'no' } },
  );
  if (!fit)
    openCaseFor(
      term,
      now,
      'health',
      note || 'health check failed',
      undefined,
      note ? {} : { because: 'health_unfit' },
    );
  return fit ? 'fit' : 'not fit: reassignment case opened';
}

/** An absence found on a spot check: it caps the year's rating. */
export function recordAbsence(term: Term, now: number, actor: Actor, note: string): string {
  const year = yearAt(term.data.years, now)!;
  year.spotCheckAbsences += 1;
  const cap = ratingCap(year.spotCheckAbsences, term.data.policy);
  log(
    term,
    now,
    actor,
    'absent_on_spot_check',
    `absence ${year.spotCheckAbsences} in year ${year.year}; best rating now "${cap}"`,
    { reason: note, params: { absences: year.spotCheckAbsences, year: year.year, cap } },
  );
  return `absence ${year.spotCheckAbsences} recorded; best rating ${cap}`;
}
