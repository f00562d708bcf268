// The calendar of Asia/Shanghai: calendar months, working days with the
// public holidays and make-up working days, and the same rules over a
// compressed clock.
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  addWorkingDays,
  attendanceMonths,
  calendarOn,
  calendarYears,
  lastDayOf,
  onDayOfYear,
  dateKeyOf,
  instantOf,
  monthKeyOf,
  REAL_CLOCK,
  yearOf,
  type LocalDate,
} from '../../domain/calendar.js';
import { CN_HOLIDAYS } from '../../domain/holidays-cn.js';
import { holidaysFromPackage } from '../../scripts/update-holidays.js';

const HOUR = 3_600_000;
const at = (date: string, hour = 9): number => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return instantOf({ year, month, day } satisfies LocalDate, hour * HOUR);
};
const shanghai = (ms: number): string =>
  `${dateKeyOf(ms)} ${String(Math.floor((ms + 8 * HOUR) / HOUR) % 24).padStart(2, '0')}h`;

describe('calendar months', () => {
  it('ends a 24-month term 24 calendar months after dispatch, not 720 days', () => {
    expect(shanghai(addMonths(at('2026-12-03'), 24))).toBe('2028-12-03 09h');
    expect(shanghai(addMonths(at('2026-12-03'), 12))).toBe('2027-12-03 09h');
  });

  it('puts a day the month lacks on its last day', () => {
    expect(shanghai(addMonths(at('2027-01-31'), 1))).toBe('2027-02-28 09h');
    expect(shanghai(addMonths(at('2028-01-31'), 1))).toBe('2028-02-29 09h');
    expect(shanghai(addMonths(at('2027-01-31'), 13))).toBe('2028-02-29 09h');
    expect(shanghai(addMonths(at('2027-03-31'), -1))).toBe('2027-02-28 09h');
  });

  it('counts months and years in Shanghai, not in UTC', () => {
    const newYearInShanghai = Date.UTC(2026, 11, 31, 16, 30); // 00:30 on 1 January in Shanghai
    expect(monthKeyOf(newYearInShanghai)).toBe('2027-01');
    expect(yearOf(newYearInShanghai)).toBe(2027);
    expect(monthKeyOf(newYearInShanghai - HOUR)).toBe('2026-12');
  });
});

describe("a term's attendance months", () => {
  const months = (from: number, to: number, minDays = 20) =>
    attendanceMonths(from, to, minDays).map(
      (month) => `${month.month}: ${shanghai(month.startsAt)} → ${shanghai(month.endsAt)}`,
    );

  it('closes at calendar month ends from 31 January, and ends with the term at the end of February', () => {
    const dispatched = at('2027-01-31');
    const end = addMonths(dispatched, 1);
    expect(shanghai(end)).toBe('2027-02-28 09h');
    // 31 January alone is too short for the residence minimum: it joins February.
    expect(months(dispatched, end)).toEqual(['2027-02: 2027-01-31 09h → 2027-02-28 09h']);
    const longer = months(dispatched, addMonths(dispatched, 3));
    expect(longer).toEqual([
      '2027-02: 2027-01-31 09h → 2027-03-01 00h',
      '2027-03: 2027-03-01 00h → 2027-04-01 00h',
      '2027-04: 2027-04-01 00h → 2027-04-30 09h',
    ]);
  });

  it('keeps a part month long enough for the minimum as its own month', () => {
    const dispatched = at('2026-12-03');
    const list = attendanceMonths(dispatched, addMonths(dispatched, 24), 20);
    // December 2026 (29 days) to November 2028; 1–3 December 2028 joins November.
    expect(list).toHaveLength(24);
    expect(list[0]).toEqual({
      month: '2026-12',
      startsAt: dispatched,
      endsAt: at('2027-01-01', 0),
    });
    expect(list.at(-1)).toEqual({
      month: '2028-11',
      startsAt: at('2028-11-01', 0),
      endsAt: at('2028-12-03'),
    });
    expect(list.map((month) => month.month)).toContain('2028-02');
    // Every month's close is the next one's start: no day is closed twice or never.
    list.slice(1).forEach((month, index) => expect(month.startsAt).toBe(list[index]!.endsAt));
  });

  it('counts a leap February and the year end in Shanghai', () => {
    expect(months(at('2028-02-01', 0), at('2028-03-01', 0))).toEqual([
      '2028-02: 2028-02-01 00h → 2028-03-01 00h',
    ]);
    expect(months(at('2027-12-10'), at('2028-01-20'))).toEqual([
      '2027-12: 2027-12-10 09h → 2028-01-01 00h',
      '2028-01: 2028-01-01 00h → 2028-01-20 09h',
    ]);
    // A part month at either end under the minimum (5 and 12 days) joins its neighbour.
    expect(months(at('2027-12-27'), at('2028-02-12'))).toEqual([
      '2028-01: 2027-12-27 09h → 2028-02-12 09h',
    ]);
  });
});

describe('working days', () => {
  it('skips the Spring Festival holiday and counts its make-up Saturdays', () => {
    // Filed on Friday 13 February 2026: Saturday the 14th is a make-up working
    // day, 15–23 February are off, Saturday the 28th is worked again.
    const result = addWorkingDays(at('2026-02-13'), 10, CN_HOLIDAYS);
    expect(shanghai(result.at)).toBe('2026-03-05 09h');
    expect(result.uncoveredYears).toEqual([]);
  });

  it('skips National Day and counts the Saturday after it', () => {
    // 1–7 October 2026 are off; Saturday 10 October is worked.
    expect(shanghai(addWorkingDays(at('2026-09-30'), 3, CN_HOLIDAYS).at)).toBe('2026-10-10 09h');
  });

  it('falls back to weekends only past the table, and says which years', () => {
    const result = addWorkingDays(at('2026-12-25'), 10, CN_HOLIDAYS);
    // 28–31 December, then 1 January 2027 (not yet in the table) counts as a Friday.
    expect(shanghai(result.at)).toBe('2027-01-08 09h');
    expect(result.uncoveredYears).toEqual([2027]);
  });
});

describe('a compressed clock', () => {
  const origin = at('2027-01-01', 0);
  const calendar = calendarOn(
    { runOriginMs: origin, calendarOriginMs: origin, dayMs: 400 },
    CN_HOLIDAYS,
  );
  const day = (n: number): number => origin + n * 400;

  it('runs the same rules with one policy day as one calendar day', () => {
    expect(calendar.monthKeyOf(day(30))).toBe('2027-01');
    expect(calendar.monthKeyOf(day(31))).toBe('2027-02');
    expect(calendar.addMonths(day(30), 1)).toBe(day(58)); // 31 January → 28 February
    expect(calendar.startOfNextMonth(day(40))).toBe(day(59)); // 1 March
    expect(calendar.yearOf(day(365))).toBe(2028);
    expect(calendar.startOfYear(2028)).toBe(day(365));
  });

  it("closes a term's months at the calendar month ends of the scaled clock", () => {
    // Dispatched on 31 January 2027 (day 30), for 3 months: to 30 April (day 119).
    const end = calendar.addMonths(day(30), 3);
    expect(end).toBe(day(119));
    expect(calendar.attendanceMonths(day(30), end, 20)).toEqual([
      { month: '2027-02', startsAt: day(30), endsAt: day(59) },
      { month: '2027-03', startsAt: day(59), endsAt: day(90) },
      { month: '2027-04', startsAt: day(90), endsAt: day(119) },
    ]);
  });

  it('counts working days as the real calendar does', () => {
    const real = calendarOn(REAL_CLOCK, CN_HOLIDAYS);
    const realDeadline = real.addWorkingDays(at('2027-01-04', 0), 10).at;
    const scaledDeadline = calendar.addWorkingDays(day(3), 10).at;
    expect((scaledDeadline - origin) / 400).toBe((realDeadline - origin) / 86_400_000);
  });
});

describe('the holiday table', () => {
  it('is the installed chinese-days package, as npm run holidays:update writes it', () => {
    expect(CN_HOLIDAYS).toEqual(holidaysFromPackage());
  });

  it('covers the current year', () => {
    expect(CN_HOLIDAYS.lastYear).toBeGreaterThanOrEqual(2026);
    expect(CN_HOLIDAYS.offDays).toContain('2026-02-17');
    expect(CN_HOLIDAYS.makeUpWorkdays).toContain('2026-02-14');
  });
});

describe('a compressed clock placed on another date', () => {
  it('counts the Spring Festival of 2026 for a run started today', () => {
    const runStart = Date.UTC(2026, 11, 3, 1); // now, in a test or a benchmark
    const calendar = calendarOn(
      { runOriginMs: runStart, calendarOriginMs: at('2026-02-13'), dayMs: 1_000 },
      CN_HOLIDAYS,
    );
    expect(calendar.dateKeyOf(runStart)).toBe('2026-02-13');
    // 10 working days from Friday 13 February 2026 are 20 calendar days.
    expect(calendar.addWorkingDays(runStart, 10).at).toBe(runStart + 20 * 1_000);
    expect(calendar.monthKeyOf(runStart + 16 * 1_000)).toBe('2026-03');
  });
});

describe("a term's calendar years (patched calendar-years)", () => {
  const spans = (years: ReturnType<typeof calendarYears>) =>
    years.map((year) => [
      year.calendarYear,
      shanghai(year.startsAt),
      shanghai(year.endsAt),
      shanghai(year.dueAt),
    ]);

  it('cuts a term at the ends of December; a March start owes its first year by 31 December', () => {
    const from = at('2027-03-15');
    expect(spans(calendarYears(from, addMonths(from, 33), 92))).toEqual([
      [2027, '2027-03-15 09h', '2028-01-01 00h', '2027-12-31 00h'],
      [2028, '2028-01-01 00h', '2029-01-01 00h', '2028-12-31 00h'],
      // A last part year of 92 days or more is its own: due on the term's last day.
      [2029, '2029-01-01 00h', '2029-12-15 09h', '2029-12-15 00h'],
    ]);
  });

  it('joins a part year shorter than the threshold to its neighbour: dispatched after 1 October', () => {
    const onFirst = calendarYears(at('2027-10-01'), addMonths(at('2027-10-01'), 24), 92);
    expect(onFirst.map((year) => year.calendarYear)).toEqual([2027, 2028, 2029]);
    const onSecond = calendarYears(at('2027-10-02'), addMonths(at('2027-10-02'), 24), 92);
    expect(spans(onSecond)).toEqual([
      [2028, '2027-10-02 09h', '2029-01-01 00h', '2028-12-31 00h'],
      [2029, '2029-01-01 00h', '2029-10-02 09h', '2029-10-02 00h'],
    ]);
    // Ending on 15 March (74 days of 2029), the last part runs on with 2028, due by its 31 December.
    const from = at('2027-03-15');
    expect(spans(calendarYears(from, addMonths(from, 24), 92))).toEqual([
      [2027, '2027-03-15 09h', '2028-01-01 00h', '2027-12-31 00h'],
      [2028, '2028-01-01 00h', '2029-03-15 09h', '2028-12-31 00h'],
    ]);
  });

  it('opens every evaluation on the same date of the calendar year', () => {
    expect(shanghai(onDayOfYear(2027, { month: 12, day: 1 }))).toBe('2027-12-01 00h');
    expect(shanghai(onDayOfYear(2027, { month: 2, day: 30 }))).toBe('2027-02-28 00h');
    expect(shanghai(lastDayOf(at('2028-01-01', 0)))).toBe('2027-12-31 00h');
  });

  it('runs over a compressed clock as over the real one', () => {
    const origin = at('2027-01-01', 0);
    const calendar = calendarOn(
      { runOriginMs: 5_000, calendarOriginMs: origin, dayMs: 1_000 },
      CN_HOLIDAYS,
    );
    const day = (n: number): number => 5_000 + n * 1_000;
    // Dispatched 15 March 2027 (day 73) for 18 months, to 15 September 2028 (day 623).
    const years = calendar.calendarYears(day(73), calendar.addMonths(day(73), 18), 92);
    expect(years).toEqual([
      { calendarYear: 2027, startsAt: day(73), endsAt: day(365), dueAt: day(364) },
      { calendarYear: 2028, startsAt: day(365), endsAt: day(623), dueAt: day(622) },
    ]);
    expect(calendar.lastDayOf(day(365))).toBe(day(364));
    expect(calendar.onDayOfYear(2027, { month: 12, day: 1 })).toBe(day(334));
  });
});
