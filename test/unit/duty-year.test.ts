// The term year by year: months closed with their attendance (a residence
// breach under the policy's days opens a case), the yearly training and health
// check, spot-check absences capping the rating, the evaluation.
import { describe, expect, it } from 'vitest';
import {
  isResidenceBreach,
  isValidAttendance,
  owesHealthCheck,
  owesTraining,
} from '../../domain/duty.js';
import { dateKeyOf, instantOf } from '../../domain/calendar.js';
import { RATINGS, ratingAllowed, ratingCap, type Rating } from '../../domain/rating.js';
import { validateDecision } from '../../workflows/term/decisions.js';
import {
  closeMonthsDue,
  monthEndAt,
  nextMonthEndAt,
  recordAbsence,
  recordCountyTraining,
  recordHealthCheck,
  yearAt,
  yearOfMonth,
} from '../../workflows/term/duty-year.js';
import { isStillDue, pendingRungs } from '../../workflows/term/reminders.js';
import { DAY, ORG, POLICY, TOWNSHIP, officialOf, candidate } from './support/term-fixtures.js';
import {
  DISPATCHED_AT,
  actionsOf,
  decideKind,
  onDuty,
  openTaskOf,
  refusalOf,
} from './support/terms.js';

const MONTH = POLICY.monthDays * DAY;
const official = officialOf(candidate('off-1'));

describe('the months of a term', () => {
  it('closes each month a policy month after the last, and asks the township for its attendance', () => {
    const term = onDuty();
    expect(nextMonthEndAt(term.data)).toBe(DISPATCHED_AT + MONTH);
    closeMonthsDue(term, DISPATCHED_AT + 3 * MONTH + DAY);
    expect(term.data.monthsOpened).toBe(3);
    expect(term.data.openTasks.map((task) => [task.title, task.createdAt])).toEqual([
      ['Close the attendance of month 1', DISPATCHED_AT + MONTH],
      ['Close the attendance of month 2', DISPATCHED_AT + 2 * MONTH],
      ['Close the attendance of month 3', DISPATCHED_AT + 3 * MONTH],
    ]);
    expect(openTaskOf(term, 'close_attendance').assignee).toEqual({
      role: 'township',
      jurisdiction: 'gx/nanning/wuming/fucheng/lianhe',
    });
  });

  it('ends a year at month 12: enrols in the round, asks for the self-report, starts year 2', () => {
    const term = onDuty();
    closeMonthsDue(term, monthEndAt(term.data, 12));
    // The round is the calendar year the term year ends in (UTC): 5 January 2026.
    expect(term.effects).toEqual([{ type: 'enrol', county: 'gx/nanning/wuming', year: 2026 }]);
    expect(openTaskOf(term, 'self_report')).toMatchObject({
      title: 'Submit the self-report for year 1',
      assignee: { role: 'official', actorId: 'off-1' },
      data: { year: 1 },
    });
    expect(term.data.years.map((year) => [year.year, year.startsAt])).toEqual([
      [1, DISPATCHED_AT],
      [2, DISPATCHED_AT + 12 * MONTH],
    ]);
    expect(term.data.years[0]!.roundYear).toBe(2026);
  });

  it('reaches the term end after the last month; no month is closed after it', () => {
    const term = onDuty();
    closeMonthsDue(term, monthEndAt(term.data, 30));
    expect(term.data.monthsOpened).toBe(POLICY.termMonths);
    expect(term.data.stage).toBe('term_end');
    expect(nextMonthEndAt(term.data)).toBeUndefined();
  });

  it('files each month under its year', () => {
    const term = onDuty();
    closeMonthsDue(term, monthEndAt(term.data, 13));
    const years = term.data.years;
    expect([1, 12, 13, 24].map((month) => yearOfMonth(years, month)?.year)).toEqual([1, 1, 2, 2]);
    expect(yearAt(years, DISPATCHED_AT)?.year).toBe(1);
    expect(yearAt(years, DISPATCHED_AT + 12 * MONTH)?.year).toBe(2);
    // After the last year's end: still the last year.
    expect(yearAt(years, DISPATCHED_AT + 40 * MONTH)?.year).toBe(2);
  });
});

describe('residence', () => {
  it('is breached below the policy days, for every possible count of days', () => {
    for (const minimum of [0, 1, 20, 30]) {
      const policy = { ...POLICY, minResidenceDaysPerMonth: minimum };
      for (let days = 0; days <= policy.monthDays; days++)
        expect(isResidenceBreach(days, policy), `${days} of ${minimum}`).toBe(days < minimum);
    }
  });

  it('takes a whole number of days from 0 to a month', () => {
    const valid = [0, 1, 20, 30];
    const invalid = [-1, 31, 2.5, Number.NaN, undefined, '20'];
    for (const days of valid) expect(isValidAttendance(days, POLICY)).toBe(true);
    for (const days of invalid) expect(isValidAttendance(days, POLICY)).toBe(false);
  });

  it.each([
    [19, true],
    [20, false],
  ])('with %i days in the village, opens a case: %s', (days, opens) => {
    const term = onDuty();
    closeMonthsDue(term, DISPATCHED_AT + MONTH);
    const message = decideKind(term, DISPATCHED_AT + MONTH + DAY, 'close_attendance', TOWNSHIP, {
      days,
    });
    expect(message).toBe('month 1 closed');
    expect(term.data.years[0]!.attendance).toEqual([{ month: 1, days, breach: opens }]);
    expect(term.data.cases.map((opened) => opened.grounds)).toEqual(opens ? [['residence']] : []);
  });

  it('refuses attendance that is not a number of days', () => {
    const term = onDuty();
    closeMonthsDue(term, DISPATCHED_AT + MONTH);
    const taskId = openTaskOf(term, 'close_attendance').id;
    const close = (days?: number) => () =>
      validateDecision(term.data, new Set(), {
        taskId,
        actor: TOWNSHIP,
        decision: 'approve',
        comment: '',
        days,
      });
    expect(refusalOf(close(31))).toEqual({
      code: 'rule_refused',
      message: 'attendance needs "days", a whole number from 0 to 30',
    });
    expect(refusalOf(close(undefined)).code).toBe('rule_refused');
    expect(() => close(30)()).not.toThrow();
  });
});

describe('the yearly training and health check', () => {
  it('are owed until the policy number is recorded', () => {
    const year = { trainings: [] as unknown[], healthChecks: [] as unknown[] };
    expect(owesTraining(year as never, POLICY)).toBe(true);
    expect(owesHealthCheck(year as never, POLICY)).toBe(true);
    const twice = { ...POLICY, countyTrainingsPerYear: 2 };
    const once = { trainings: [{}], healthChecks: [{}] } as never;
    expect(owesTraining(once, POLICY)).toBe(false);
    expect(owesTraining(once, twice)).toBe(true);
    expect(owesHealthCheck(once, POLICY)).toBe(false);
  });

  it('are reminded before the year ends and escalated after, until recorded', () => {
    const term = onDuty();
    const year = term.data.years[0]!;
    const training = pendingRungs(term.data).filter(
      (rung) => rung.order.obligation === 'training:y1',
    );
    expect(training.map((rung) => [rung.order.rung, (rung.at - year.endsAt) / DAY])).toEqual([
      ['due-30d', -30],
      ['due-7d', -7],
      ['due-day', 0],
      ['overdue-7d', 7],
    ]);
    expect(training.map((rung) => rung.order.recipients.map((to) => to.role))).toEqual([
      ['official'],
      ['official'],
      ['official', 'township'],
      ['county_org'],
    ]);
    const order = training[0]!.order;
    expect(order.obligationTitle).toBe('County-level training, year 1');
    expect(isStillDue(term.data, order)).toBe(true);
    expect(recordCountyTraining(term, DISPATCHED_AT + DAY, ORG, 'rural finance')).toBe(
      'training recorded for year 1',
    );
    expect(isStillDue(term.data, order)).toBe(false);
    expect(pendingRungs(term.data).some((rung) => rung.order.obligation === 'training:y1')).toBe(
      false,
    );
    expect(pendingRungs(term.data).some((rung) => rung.order.obligation === 'health:y1')).toBe(
      true,
    );
  });

  it('a health check that finds the official unfit opens a health case', () => {
    const term = onDuty();
    expect(recordHealthCheck(term, DISPATCHED_AT + DAY, ORG, true, '')).toBe('fit');
    expect(term.data.cases).toEqual([]);
    expect(recordHealthCheck(term, DISPATCHED_AT + 2 * DAY, ORG, false, 'heart')).toBe(
      'not fit: reassignment case opened',
    );
    expect(term.data.cases.map((opened) => [opened.grounds, opened.status])).toEqual([
      [['health'], 'recall_requested'],
    ]);
    expect(term.data.years[0]!.healthChecks.map((check) => check.fit)).toEqual([true, false]);
  });
});

describe('ratings capped by spot-check absences', () => {
  const rank: Record<Rating, number> = {
    outstanding: 3,
    competent: 2,
    basically_competent: 1,
    incompetent: 0,
  };

  it('allow at best the cap, and only "incompetent" at the last rung, for every ladder', () => {
    const ladders = [
      POLICY.absenceLadder,
      { notOutstandingAt: 2, atBestBasicallyCompetentAt: 3, incompetentAt: 5 },
      { notOutstandingAt: 1, atBestBasicallyCompetentAt: 1, incompetentAt: 1 },
    ];
    for (const absenceLadder of ladders) {
      const policy = { ...POLICY, absenceLadder };
      for (let absences = 0; absences <= 8; absences++) {
        const cap = ratingCap(absences, policy);
        const expectedCap: Rating =
          absences >= absenceLadder.incompetentAt
            ? 'incompetent'
            : absences >= absenceLadder.atBestBasicallyCompetentAt
              ? 'basically_competent'
              : absences >= absenceLadder.notOutstandingAt
                ? 'competent'
                : 'outstanding';
        expect(cap).toBe(expectedCap);
        for (const rating of RATINGS)
          expect(ratingAllowed(rating, absences, policy), `${rating} at ${absences}`).toBe(
            cap === 'incompetent' ? rating === 'incompetent' : rank[rating] <= rank[cap],
          );
        // More absences never allow a better rating.
        expect(rank[ratingCap(absences + 1, policy)]).toBeLessThanOrEqual(rank[cap]);
      }
    }
  });

  it('refuses a rating over the cap of the rated year, with the cap', () => {
    const term = onDuty();
    recordAbsence(term, DISPATCHED_AT + DAY, TOWNSHIP, 'not found');
    expect(recordAbsence(term, DISPATCHED_AT + 2 * DAY, TOWNSHIP, 'not found again')).toBe(
      'absence 2 recorded; best rating basically_competent',
    );
    closeMonthsDue(term, monthEndAt(term.data, 12));
    decideKind(term, monthEndAt(term.data, 12) + DAY, 'self_report', official, {
      report: 'a year of work',
    });
    const rate = openTaskOf(term, 'rate_official');
    expect(rate.title).toBe('Rate Candidate off-1 for year 1');
    const rateAs = (rating: Rating) => () =>
      validateDecision(term.data, new Set(), {
        taskId: rate.id,
        actor: ORG,
        decision: 'approve',
        comment: '',
        rating,
      });
    expect(refusalOf(rateAs('competent'))).toEqual({
      code: 'rating_capped',
      message: '2 spot-check absence(s) this year allow at best "basically_competent"',
      details: { absences: 2, cap: 'basically_competent' },
    });
    expect(() => rateAs('basically_competent')()).not.toThrow();
  });

  it('an "incompetent" rating opens an evaluation case', () => {
    const term = onDuty();
    closeMonthsDue(term, monthEndAt(term.data, 12));
    decideKind(term, monthEndAt(term.data, 12), 'self_report', official, { report: 'report' });
    const before = term.data.timeline.length;
    expect(
      decideKind(term, monthEndAt(term.data, 12) + DAY, 'rate_official', ORG, {
        rating: 'incompetent',
      }),
    ).toBe('rated incompetent');
    expect(term.data.years[0]!.rating).toBe('incompetent');
    expect(actionsOf(term, before)).toEqual(['rated', 'case_opened', 'request_filed']);
    expect(term.data.cases[0]!.grounds).toEqual(['evaluation']);
  });
});

describe('the calendar months of a term (patched calendar-months)', () => {
  // Dispatched at 09:00 on Friday 10 January 2025 in Shanghai.
  const shanghaiDay = (ms: number) => dateKeyOf(ms);
  const calendarTerm = () => onDuty('off-1', { calendarMonths: true });

  it('leaves a term from before the marker on policy months: 3 December 2026 + 24 = 22 November 2028', () => {
    const term = onDuty();
    const data = { ...term.data, dispatchedAt: instantOf({ year: 2026, month: 12, day: 3 }) };
    expect(shanghaiDay(monthEndAt(data, 24))).toBe('2028-11-22');
    expect(shanghaiDay(monthEndAt({ ...data, calendarMonths: true }, 24))).toBe('2028-12-03');
    expect(nextMonthEndAt(term.data)).toBe(DISPATCHED_AT + MONTH);
    closeMonthsDue(term, DISPATCHED_AT + MONTH);
    expect(openTaskOf(term, 'close_attendance').data).toEqual({ month: 1 });
  });

  it('closes each calendar month at its end and names it', () => {
    const term = calendarTerm();
    expect(shanghaiDay(DISPATCHED_AT)).toBe('2025-01-10');
    expect(nextMonthEndAt(term.data)).toBe(instantOf({ year: 2025, month: 2, day: 1 }));
    closeMonthsDue(term, instantOf({ year: 2025, month: 4, day: 15 }));
    expect(term.data.openTasks.map((task) => [task.data?.calendarMonth, task.createdAt])).toEqual([
      ['2025-01', instantOf({ year: 2025, month: 2, day: 1 })],
      ['2025-02', instantOf({ year: 2025, month: 3, day: 1 })],
      ['2025-03', instantOf({ year: 2025, month: 4, day: 1 })],
    ]);
    expect(term.data.openTasks.map((task) => task.data?.month)).toEqual([1, 2, 3]);
  });

  it('ends year 1 on the anniversary of the dispatch, in the round of that calendar year', () => {
    const term = calendarTerm();
    expect(shanghaiDay(term.data.years[0]!.endsAt)).toBe('2026-01-10');
    closeMonthsDue(term, term.data.years[0]!.endsAt);
    expect(term.effects).toEqual([{ type: 'enrol', county: 'gx/nanning/wuming', year: 2026 }]);
    expect(term.data.years.map((year) => shanghaiDay(year.startsAt))).toEqual([
      '2025-01-10',
      '2026-01-10',
    ]);
    // December 2025 closed on 1 January; January 2026 is still running.
    expect(term.data.monthsOpened).toBe(12);
    expect(openTaskOf(term, 'self_report').createdAt).toBe(term.data.years[0]!.endsAt);
  });

  it('runs 24 calendar months: to 10 January 2027, its last ten days closed with December', () => {
    const term = calendarTerm();
    const end = monthEndAt(term.data, 24);
    expect(shanghaiDay(end)).toBe('2027-01-10');
    closeMonthsDue(term, end);
    expect(term.data.stage).toBe('term_end');
    expect(term.data.monthsOpened).toBe(24);
    const last = term.data.openTasks.filter((task) => task.kind === 'close_attendance').at(-1)!;
    expect(last).toMatchObject({ createdAt: end, data: { month: 24, calendarMonth: '2026-12' } });
    expect(nextMonthEndAt(term.data)).toBeUndefined();
  });

  it('puts a closed month in the term year that holds most of its days', () => {
    const term = calendarTerm();
    closeMonthsDue(term, monthEndAt(term.data, 24));
    while (term.data.openTasks.some((task) => task.kind === 'close_attendance'))
      decideKind(term, monthEndAt(term.data, 24) + DAY, 'close_attendance', TOWNSHIP, {
        days: 22,
      });
    // January 2026 (year 2 from the 10th) is year 2's; year 2 ends with December and 1-10 January 2027.
    expect(term.data.years.map((year) => year.attendance.map((a) => a.month))).toEqual([
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
      [13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24],
    ]);
  });
});

describe('the calendar years of a term (patched calendar-years)', () => {
  // Dispatched at 09:00 on Friday 10 January 2025 in Shanghai, for 24 months: to 10 January 2027.
  const yearsTerm = () => onDuty('off-1', { calendarMonths: true, calendarYears: true });
  const day = (year: number, month: number, date: number) => instantOf({ year, month, day: date });

  it('is asked only with calendar months: a term without them keeps policy years', () => {
    expect(onDuty('off-1', { calendarYears: true }).data.calendarYears).toBeUndefined();
    expect(yearsTerm().data.calendarYears).toBe(true);
  });

  it('owes the first year by 31 December, its ladder counting back from it', () => {
    const term = yearsTerm();
    const [first] = term.data.years;
    expect(first).toMatchObject({ calendarYear: 2025, startsAt: DISPATCHED_AT });
    expect(dateKeyOf(first!.dueAt!)).toBe('2025-12-31');
    expect(first!.endsAt).toBe(day(2026, 1, 1));
    const training = pendingRungs(term.data).filter(
      (rung) => rung.order.obligation === 'training:y1',
    );
    expect(training.map((rung) => [rung.order.rung, dateKeyOf(rung.at)])).toEqual([
      ['due-30d', '2025-12-01'],
      ['due-7d', '2025-12-24'],
      ['due-day', '2025-12-31'],
      ['overdue-7d', '2026-01-07'],
    ]);
    // A training on 31 December still counts for the year.
    recordCountyTraining(term, day(2025, 12, 31) + 10 * 3_600_000, ORG, 'year-end course');
    expect(term.data.years[0]!.trainings).toHaveLength(1);
    expect(isStillDue(term.data, training[2]!.order)).toBe(false);
  });

  it('opens the evaluation on 1 December in the round of 2025, and starts 2026 on 1 January', () => {
    const term = yearsTerm();
    closeMonthsDue(term, day(2025, 12, 1));
    expect(term.effects.filter((effect) => effect.type === 'enrol')).toEqual([
      {
        type: 'enrol',
        county: 'gx/nanning/wuming',
        year: 2025,
        closesAt: day(2026, 1, 1) + 400 * DAY,
      },
    ]);
    expect(openTaskOf(term, 'self_report')).toMatchObject({
      createdAt: day(2025, 12, 1),
      data: { year: 1, calendarYear: 2025 },
    });
    // November closed at the same instant, before the evaluation.
    expect(term.data.monthsOpened).toBe(11);
    expect(term.data.years).toHaveLength(1);
    expect(nextMonthEndAt(term.data)).toBe(day(2026, 1, 1));

    closeMonthsDue(term, day(2026, 1, 1));
    expect(term.data.monthsOpened).toBe(12);
    const second = term.data.years[1]!;
    // 1-10 January 2027 (ten days) runs on with 2026: due on 31 December 2026 still.
    expect(second).toMatchObject({ year: 2, calendarYear: 2026, startsAt: day(2026, 1, 1) });
    expect(second.endsAt).toBe(monthEndAt(term.data, 24));
    expect(dateKeyOf(second.dueAt!)).toBe('2026-12-31');
  });

  it('evaluates 2026 on 1 December 2026 and reaches the term end on 10 January 2027', () => {
    const term = yearsTerm();
    const end = monthEndAt(term.data, 24);
    closeMonthsDue(term, end);
    expect(term.data.stage).toBe('term_end');
    expect(
      term.data.openTasks
        .filter((task) => task.kind === 'self_report')
        .map((task) => [task.data?.calendarYear, dateKeyOf(task.createdAt)]),
    ).toEqual([
      [2025, '2025-12-01'],
      [2026, '2026-12-01'],
    ]);
    expect(term.data.years.map((year) => year.roundYear)).toEqual([2025, 2026]);
    expect(nextMonthEndAt(term.data)).toBeUndefined();
  });
});
