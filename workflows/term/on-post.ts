// A term adopted from a region already on post: the official was nominated,
// vetted and dispatched before the system, so the term starts on duty at the
// month of its term it has reached, with this year's trainings and health
// check as the region's file gives them, and the rest of its history
// summarised in one log entry. Nothing is screened or vetted again.
import { dateKeyOf, type CalendarYearSpan } from '../../domain/calendar.js';
import { monthMs } from '../../domain/policy-defaults.js';
import type { OnPostFacts } from '../../domain/on-post.js';
import type { Policy } from '../../domain/policy.js';
import type { Who } from './data.js';
import {
  attendanceMonthsOf,
  calendarYearsOf,
  currentYear,
  monthEndAt,
  startYear,
  termEndAt,
} from './duty-year.js';
import { log, setStage, type Term } from './ledger.js';

/** Whole policy months since dispatch, by `now`. */
export const monthsOnPost = (dispatchedAt: number, now: number, month: number): number =>
  Math.max(0, Math.floor((now - dispatchedAt) / month));

/**
 * Calendar-year terms: the calendar years an adopted term starts with, those
 * begun by `now` (the first always); the last is the year running now, which
 * holds the file's trainings and health check of "this year".
 */
export const yearsBegunBy = (spans: readonly CalendarYearSpan[], now: number): CalendarYearSpan[] =>
  spans.filter((span, index) => index === 0 || span.startsAt <= now);

/**
 * What the import's check asks of a row before its term is started (a term
 * started now is on calendar months and years): when the term ends, and the
 * year it will hold this year's trainings and health check in. The same
 * functions as the adopted term's, over the same calendar (nominated now).
 */
export function adoptedTermAt(
  policy: Policy,
  dispatchedAt: number,
  now: number,
): { endsAt: number; thisYear: CalendarYearSpan | undefined } {
  const term = { policy, dispatchedAt, nominatedAt: now, calendarMonths: true };
  return {
    endsAt: termEndAt(term),
    thisYear: yearsBegunBy(calendarYearsOf(term), now).at(-1),
  };
}

/**
 * Calendar-month terms: the attendance months closed before the system (the
 * next close is the month now running) and the term years begun by `now`.
 */
function calendarMonthsOnPost(term: Term, now: number): number {
  const data = term.data;
  const months = attendanceMonthsOf(data);
  const closed = months.filter((month) => month.endsAt <= now).slice(0, months.length - 1);
  data.monthsOpened = closed.length;
  if (closed.length) data.monthsClosedUntil = closed[closed.length - 1]!.endsAt;
  if (data.calendarYears) {
    // Calendar years begun by now; those before the running one ended before the system.
    const begun = yearsBegunBy(calendarYearsOf(data), now);
    begun.forEach((span, index) => startYear(term, index + 1, span.startsAt));
    if (begun.length > 1) data.yearsEndedUntil = begun[begun.length - 1]!.startsAt;
    return closed.length;
  }
  const termYears = Math.ceil(data.policy.termMonths / 12);
  for (let year = 1; year <= termYears; year++) {
    const startsAt = monthEndAt(data, 12 * (year - 1));
    if (year > 1 && startsAt > now) break;
    startYear(term, year, startsAt);
  }
  return closed.length;
}

export function adoptOnPost(term: Term, now: number, facts: OnPostFacts, by: Who): void {
  const data = term.data;
  data.dispatchedAt = facts.dispatchedAt;
  let months: number;
  if (data.calendarMonths) months = calendarMonthsOnPost(term, now);
  else {
    const month = monthMs(data.policy);
    months = Math.min(monthsOnPost(facts.dispatchedAt, now, month), data.policy.termMonths - 1);
    // Months already closed before the system: the next close is the month now running.
    data.monthsOpened = months;
    const yearsStarted = Math.floor(months / 12) + 1;
    for (let year = 1; year <= yearsStarted; year++)
      startYear(term, year, facts.dispatchedAt + (year - 1) * 12 * month);
  }
  const year = currentYear(data.years)!;
  year.trainings = facts.trainingsThisYear.map((at) => ({
    at,
    title: 'county-level training (imported)',
    by: by.id,
  }));
  if (facts.healthCheck)
    year.healthChecks = [{ at: facts.healthCheck.at, fit: facts.healthCheck.fit, by: by.id }];
  log(
    term,
    now,
    by,
    'imported_on_post',
    `on post since ${dateKeyOf(facts.dispatchedAt)}, month ${months + 1} of ${data.policy.termMonths}; this year ${facts.trainingsThisYear.length} training(s), health check ${facts.healthCheck ? (facts.healthCheck.fit ? 'fit' : 'not fit') : 'not yet'}; last ratings ${data.profile.lastRatings.join(', ') || 'none'}`,
    {
      reason: facts.source,
      params: {
        since: dateKeyOf(facts.dispatchedAt),
        month: months + 1,
        termMonths: data.policy.termMonths,
        trainings: facts.trainingsThisYear.length,
        health: facts.healthCheck ? (facts.healthCheck.fit ? 'fit' : 'unfit') : 'none',
      },
    },
  );
  setStage(term, now, 'on_duty', by, 'imported on post', { because: 'imported_on_post' });
}
