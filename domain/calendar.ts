// The calendar of Asia/Shanghai, one module for the workflow, the API, the
// reminders and the page's server side: calendar months and years, and
// working days that skip weekends and the State Council's public holidays and
// count the make-up working days (调休).
//
// Pure and deterministic (workflow code imports it): no Intl, no clock of its
// own. Asia/Shanghai has been UTC+8 all year since 1991, so a fixed offset is
// exact for every date a term can have.
//
// Compressed time (tests, the benchmark): a policy day may be shorter than a
// real day. A `Clock` maps the run's instants onto a virtual calendar in which
// one policy day is one calendar day, from a fixed origin; the same calendar
// rules then run over it, and the answers are mapped back.

export const SHANGHAI_UTC_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

/** A date on the Shanghai calendar; month 1–12. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/**
 * How a run's instants map onto the calendar: the run's instant `runOriginMs`
 * is the calendar's instant `calendarOriginMs`, and every `dayMs` of the run
 * after it is one calendar day.
 */
export interface Clock {
  runOriginMs: number;
  calendarOriginMs: number;
  dayMs: number;
}

/** The real clock: one day is a day. */
export const REAL_CLOCK: Clock = { runOriginMs: 0, calendarOriginMs: 0, dayMs: DAY_MS };

/**
 * The public holidays and make-up working days of the years a table covers,
 * as 'YYYY-MM-DD' dates. Built from a maintained data package
 * (domain/holidays-cn.ts, written by `npm run holidays:update`).
 */
export interface HolidayTable {
  /** Where the dates come from, e.g. 'chinese-days@1.5.7'. */
  source: string;
  firstYear: number;
  lastYear: number;
  /** Days off: the public holidays with the weekend days joined to them. */
  offDays: readonly string[];
  /** Weekend days that are working days (调休). */
  makeUpWorkdays: readonly string[];
}

export function localDateOf(ms: number): LocalDate {
  const d = new Date(ms + SHANGHAI_UTC_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** 'YYYY-MM-DD' of a local date. */
export const formatDate = (date: LocalDate): string =>
  `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;

/** 'YYYY-MM-DD' of the Shanghai day an instant falls on. */
export const dateKeyOf = (ms: number): string => formatDate(localDateOf(ms));

/** 'YYYY-MM' of the Shanghai month an instant falls on. */
export function monthKeyOf(ms: number): string {
  const { year, month } = localDateOf(ms);
  return `${pad(year, 4)}-${pad(month)}`;
}

/** The calendar year an instant falls in, in Shanghai. */
export const yearOf = (ms: number): number => localDateOf(ms).year;

/** Milliseconds since the Shanghai midnight that begins the instant's day. */
export const timeOfDayMs = (ms: number): number =>
  (((ms + SHANGHAI_UTC_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;

/** The instant of a local date's midnight, plus `timeOfDay` ms. */
export const instantOf = (date: LocalDate, timeOfDay = 0): number =>
  Date.UTC(date.year, date.month - 1, date.day) - SHANGHAI_UTC_OFFSET_MS + timeOfDay;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * N calendar months after an instant, at the same time of day; a day the
 * month lacks falls on its last day (31 January + 1 month = 28 or 29 February).
 */
export function addMonths(ms: number, months: number): number {
  const { year, month, day } = localDateOf(ms);
  const index = year * 12 + (month - 1) + months;
  const toYear = Math.floor(index / 12);
  const toMonth = (index % 12) + 1;
  const toDay = Math.min(day, daysInMonth(toYear, toMonth));
  return instantOf({ year: toYear, month: toMonth, day: toDay }, timeOfDayMs(ms));
}

/** The Shanghai midnight that begins the month after the instant's month. */
export function startOfNextMonth(ms: number): number {
  const { year, month } = localDateOf(ms);
  return month === 12
    ? instantOf({ year: year + 1, month: 1, day: 1 })
    : instantOf({ year, month: month + 1, day: 1 });
}

/**
 * One calendar month of a term's attendance, as the township closes it: from
 * `startsAt` to `endsAt` (its close), keyed by its calendar month 'YYYY-MM'.
 */
export interface AttendanceMonth {
  month: string;
  startsAt: number;
  endsAt: number;
}

/** Days of a stretch of time, a begun day counting whole. */
const daysSpanned = (fromMs: number, toMs: number): number => Math.ceil((toMs - fromMs) / DAY_MS);

/**
 * The calendar months a term on post from `fromMs` to `toMs` closes its
 * attendance for. Each is a calendar month of Shanghai, closed at its end; the
 * term's first and last months are the parts of a month it covers. A part
 * month with fewer than `minDays` days (a resident official could not reach
 * the residence minimum in it) joins the whole month next to it: dispatched on
 * 25 January, the first close is at the end of February, for '2027-02', and
 * covers 25 January to 28 February.
 */
export function attendanceMonths(fromMs: number, toMs: number, minDays: number): AttendanceMonth[] {
  const months: AttendanceMonth[] = [];
  let startsAt = fromMs;
  while (startsAt < toMs) {
    const endsAt = Math.min(startOfNextMonth(startsAt), toMs);
    months.push({ month: monthKeyOf(startsAt), startsAt, endsAt });
    startsAt = endsAt;
  }
  const isShort = (month: AttendanceMonth) => daysSpanned(month.startsAt, month.endsAt) < minDays;
  if (months.length > 1 && isShort(months[0]!)) {
    const [first, second] = months.splice(0, 2) as [AttendanceMonth, AttendanceMonth];
    months.unshift({ month: second.month, startsAt: first.startsAt, endsAt: second.endsAt });
  }
  if (months.length > 1 && isShort(months[months.length - 1]!)) {
    const last = months.pop()!;
    months[months.length - 1]!.endsAt = last.endsAt;
  }
  return months;
}

/** The Shanghai midnight that begins a calendar year. */
export const startOfYear = (year: number): number => instantOf({ year, month: 1, day: 1 });

/**
 * One calendar year of a term on post, as its yearly obligations count it:
 * from `startsAt` to `endsAt` (the end of 31 December, or the term's end),
 * keyed by its calendar year; its training and health check fall due on
 * `dueAt`, the start of its last day on duty in that calendar year.
 */
export interface CalendarYearSpan {
  calendarYear: number;
  startsAt: number;
  endsAt: number;
  dueAt: number;
}

/**
 * The calendar years a term on post from `fromMs` to `toMs` owes its yearly
 * training, health check and evaluation for. Each is a calendar year of
 * Shanghai, ending at its end (31 December) or the term's. A part year with
 * fewer than `minDays` days joins its neighbour, as a short part month does:
 * dispatched on 15 October 2027, the first year is calendar year 2028, from
 * dispatch to 31 December 2028, due on 31 December 2028; ending on 15 January
 * 2030, the last year is 2029, to 15 January 2030, due on 31 December 2029.
 * (No county training cycle or evaluation fits in less than a quarter.)
 */
export function calendarYears(fromMs: number, toMs: number, minDays: number): CalendarYearSpan[] {
  const years: CalendarYearSpan[] = [];
  let startsAt = fromMs;
  while (startsAt < toMs) {
    const calendarYear = yearOf(startsAt);
    const endsAt = Math.min(startOfYear(calendarYear + 1), toMs);
    years.push({ calendarYear, startsAt, endsAt, dueAt: lastDayOf(endsAt) });
    startsAt = endsAt;
  }
  const isShort = (year: CalendarYearSpan) => daysSpanned(year.startsAt, year.endsAt) < minDays;
  if (years.length > 1 && isShort(years[0]!)) {
    const [first, second] = years.splice(0, 2) as [CalendarYearSpan, CalendarYearSpan];
    years.unshift({ ...second, startsAt: first.startsAt });
  }
  if (years.length > 1 && isShort(years[years.length - 1]!)) {
    const last = years.pop()!;
    // Due by the end of its own calendar year still; the year runs on to the term's end.
    years[years.length - 1]!.endsAt = last.endsAt;
  }
  return years;
}

/** The Shanghai midnight that begins the day an instant falls on. */
export const startOfDay = (ms: number): number => ms - timeOfDayMs(ms);

/**
 * The Shanghai midnight that begins the last day of a stretch ending at
 * `endsAt` (exclusive): for a calendar year, 31 December.
 */
export const lastDayOf = (endsAt: number): number => startOfDay(endsAt - 1);

/** A day of the year, month 1–12 (a day the month lacks falls on its last day). */
export interface MonthDay {
  month: number;
  day: number;
}

/** The Shanghai midnight of a month and day in a calendar year. */
export const onDayOfYear = (year: number, { month, day }: MonthDay): number =>
  instantOf({ year, month, day: Math.min(day, daysInMonth(year, month)) });

/**
 * Whether a date is a working day: a make-up working day is, a public holiday
 * is not, otherwise Monday to Friday. `covered` is false for a date outside the
 * table's years, where only weekends count.
 */
export function workingDay(
  date: LocalDate,
  table: HolidayTable,
): { working: boolean; covered: boolean } {
  const key = formatDate(date);
  const covered = date.year >= table.firstYear && date.year <= table.lastYear;
  if (covered && table.makeUpWorkdays.includes(key)) return { working: true, covered };
  if (covered && table.offDays.includes(key)) return { working: false, covered };
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return { working: weekday !== 0 && weekday !== 6, covered };
}

export interface WorkingDaysResult {
  /** The same time of day on the Nth working day after the start's day. */
  at: number;
  /** Years the count crossed that the table does not cover (weekends only there). */
  uncoveredYears: number[];
}

/** N working days after an instant's day, on the real calendar of Shanghai. */
export function addWorkingDays(
  ms: number,
  workingDays: number,
  table: HolidayTable,
): WorkingDaysResult {
  const uncovered = new Set<number>();
  let at = ms;
  let left = workingDays;
  while (left > 0) {
    at += DAY_MS;
    const date = localDateOf(at);
    const { working, covered } = workingDay(date, table);
    if (!covered) uncovered.add(date.year);
    if (working) left--;
  }
  return { at, uncoveredYears: [...uncovered].sort() };
}

/** An instant of the run as an instant of the calendar. */
export const toCalendar = (clock: Clock, ms: number): number =>
  clock.calendarOriginMs + Math.round(((ms - clock.runOriginMs) * DAY_MS) / clock.dayMs);

/** An instant of the calendar as an instant of the run. */
export const fromCalendar = (clock: Clock, calendarMs: number): number =>
  clock.runOriginMs + Math.round(((calendarMs - clock.calendarOriginMs) * clock.dayMs) / DAY_MS);

/** The calendar's rules over one clock: what rules and views call. */
export interface Calendar {
  readonly clock: Clock;
  readonly holidays: HolidayTable;
  addMonths(ms: number, months: number): number;
  addWorkingDays(ms: number, workingDays: number): WorkingDaysResult;
  startOfNextMonth(ms: number): number;
  attendanceMonths(fromMs: number, toMs: number, minDays: number): AttendanceMonth[];
  startOfYear(year: number): number;
  calendarYears(fromMs: number, toMs: number, minDays: number): CalendarYearSpan[];
  lastDayOf(endsAt: number): number;
  onDayOfYear(year: number, day: MonthDay): number;
  monthKeyOf(ms: number): string;
  yearOf(ms: number): number;
  dateKeyOf(ms: number): string;
}

export function calendarOn(clock: Clock, holidays: HolidayTable): Calendar {
  const to = (ms: number): number => toCalendar(clock, ms);
  const from = (ms: number): number => fromCalendar(clock, ms);
  return {
    clock,
    holidays,
    addMonths: (ms, months) => from(addMonths(to(ms), months)),
    addWorkingDays: (ms, n) => {
      const result = addWorkingDays(to(ms), n, holidays);
      return { at: from(result.at), uncoveredYears: result.uncoveredYears };
    },
    startOfNextMonth: (ms) => from(startOfNextMonth(to(ms))),
    attendanceMonths: (fromMs, toMs, minDays) =>
      attendanceMonths(to(fromMs), to(toMs), minDays).map((month, index, all) => ({
        month: month.month,
        // The term's own instants stay exact; only the month boundaries are mapped back.
        startsAt: index === 0 ? fromMs : from(month.startsAt),
        endsAt: index === all.length - 1 ? toMs : from(month.endsAt),
      })),
    startOfYear: (year) => from(startOfYear(year)),
    calendarYears: (fromMs, toMs, minDays) =>
      calendarYears(to(fromMs), to(toMs), minDays).map((year, index, all) => ({
        calendarYear: year.calendarYear,
        startsAt: index === 0 ? fromMs : from(year.startsAt),
        endsAt: index === all.length - 1 ? toMs : from(year.endsAt),
        dueAt: from(year.dueAt),
      })),
    lastDayOf: (endsAt) => from(lastDayOf(to(endsAt))),
    onDayOfYear: (year, day) => from(onDayOfYear(year, day)),
    monthKeyOf: (ms) => monthKeyOf(to(ms)),
    yearOf: (ms) => yearOf(to(ms)),
    dateKeyOf: (ms) => dateKeyOf(to(ms)),
  };
}
