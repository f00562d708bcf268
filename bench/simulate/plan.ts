// The simulated region year on its calendar: the rates from shared/DOMAIN.md
// (the report's figures), the compressed clock that maps the run onto the
// calendar, and each official's year (when they train, when their health is
// checked, whether they are found unfit). Pure: nothing here reads the record.
import {
  DAY_MS,
  fromCalendar,
  startOfYear,
  toCalendar,
  type Clock,
} from '../../domain/calendar.js';

/** The report's year: 74 officials were reassigned for health in 2024. */
export const REPORT_YEAR = 2024;

/** The report's figures (People's Daily, 2025-11-20), for the side-by-side table. */
export const REPORT = {
  officials: 19_000,
  countyTrainings: 51_400,
  evaluated: 4_790,
  outstandingShare: 0.25,
  healthReassignments: 74,
} as const;

/** County trainings an official attends in the year: 51,400 over 19,000, about 2.7. */
export const TRAININGS_PER_OFFICIAL = REPORT.countyTrainings / REPORT.officials;
/** Officials found unfit at their yearly health check: 74 of 19,000, about 0.4 %. */
export const UNFIT_SHARE = REPORT.healthReassignments / REPORT.officials;
/** The share of a county's officials its organization department rates outstanding. */
export const OUTSTANDING_TARGET = REPORT.outstandingShare;

/** The earliest dispatch in the file: every term year ends inside the report's year. */
const FIRST_DISPATCH = { month: 1, day: 5 };
/** Rows written and put on the record per second, the pace the lead before the year allows for. */
const ASSUMED_IMPORT_ROWS_PER_SECOND = 3;
const MIN_LEAD_DAYS = 45;
const MAX_LEAD_DAYS = 300;
/** Health checks fall from late January to September, so that a case runs its course inside the year. */
const HEALTH_CHECK_DAYS = { first: 20, span: 250 };

export interface SimulationPlan {
  /** The calendar year simulated (the figures' year). */
  year: number;
  officials: number;
  dayMs: number;
  /** The calendar day (its Shanghai midnight) the file is written and imported on. */
  importDay: number;
  leadDays: number;
  /** The run's instants of the report year's first and last instants (the figures' window). */
  window: { fromMs: number; toMs: number };
  clock: Clock;
}

const shanghaiMidnight = (year: number, month: number, day: number) =>
  Date.UTC(year, month - 1, day) - 8 * 3_600_000;

/**
 * The lead before the report year, in calendar days: long enough for the
 * import at the assumed pace, and at least a month, so that the latest
 * dispatch's first term year ends before December.
 */
export function leadDaysFor(officials: number, dayMs: number): number {
  const importSeconds = (1.5 * officials) / ASSUMED_IMPORT_ROWS_PER_SECOND;
  const days = Math.ceil((importSeconds * 1000) / dayMs);
  return Math.min(MAX_LEAD_DAYS, Math.max(MIN_LEAD_DAYS, days));
}

/** The plan of a run whose calendar starts (at `importDay`) at the run's instant `runOriginMs`. */
export function planSimulation(
  officials: number,
  dayMs: number,
  runOriginMs: number,
  year: number = REPORT_YEAR,
): SimulationPlan {
  const leadDays = leadDaysFor(officials, dayMs);
  const yearStart = startOfYear(year);
  const importDay = yearStart - leadDays * DAY_MS;
  const clock: Clock = { runOriginMs, calendarOriginMs: importDay, dayMs };
  return {
    year,
    officials,
    dayMs,
    importDay,
    leadDays,
    window: {
      fromMs: fromCalendar(clock, yearStart),
      toMs: fromCalendar(clock, startOfYear(year + 1)),
    },
    clock,
  };
}

/** Days on post of row `index` on the import day: dispatched between 5 January and two days before. */
export function onPostDays(plan: SimulationPlan, index: number): number {
  const first = shanghaiMidnight(plan.year - 1, FIRST_DISPATCH.month, FIRST_DISPATCH.day);
  const span = Math.floor((plan.importDay - first) / DAY_MS) - 2;
  return 2 + ((index * 37) % span);
}

/** A deterministic number in [0, 1) for an official and a purpose. */
function hashed(index: number, salt: number): number {
  let h = (index + 1) * 2_654_435_761 + salt * 40_503;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

/** Officials found unfit: about 0.4 % of them, at least one, spread over the region. */
export function unfitOfficials(officials: number): Set<number> {
  const count = Math.max(1, Math.round(officials * UNFIT_SHARE));
  return new Set(
    Array.from({ length: count }, (_, k) => Math.floor(((k + 0.5) * officials) / count)),
  );
}

export type FactKind = 'training' | 'health';

export interface PlannedFact {
  officialIndex: number;
  kind: FactKind;
  /** The n-th fact of its kind for the official in the year (idempotency keys). */
  nth: number;
  /** The run's instant it is recorded at. */
  atMs: number;
  fit?: boolean;
}

/**
 * Each official's year: two or three county trainings (2.7 on average,
 * spread over the year), and one health check, unfit for the chosen few.
 */
export function plannedFacts(plan: SimulationPlan): PlannedFact[] {
  const yearStart = startOfYear(plan.year);
  const runAt = (dayOfYear: number) => fromCalendar(plan.clock, yearStart + dayOfYear * DAY_MS);
  const unfit = unfitOfficials(plan.officials);
  const whole = Math.floor(TRAININGS_PER_OFFICIAL);
  const facts: PlannedFact[] = [];
  for (let index = 0; index < plan.officials; index++) {
    const trainings = whole + (hashed(index, 1) < TRAININGS_PER_OFFICIAL - whole ? 1 : 0);
    for (let nth = 0; nth < trainings; nth++) {
      const slot = 360 / trainings;
      const day = Math.floor(nth * slot + 2 + hashed(index, 10 + nth) * (slot - 4));
      facts.push({ officialIndex: index, kind: 'training', nth, atMs: runAt(day + 0.4) });
    }
    const healthDay =
      HEALTH_CHECK_DAYS.first + Math.floor(hashed(index, 2) * HEALTH_CHECK_DAYS.span);
    facts.push({
      officialIndex: index,
      kind: 'health',
      nth: 0,
      atMs: runAt(healthDay + 0.6),
      fit: !unfit.has(index),
    });
  }
  return facts.sort((a, b) => a.atMs - b.atMs);
}

/** The calendar day an instant of the run falls on, for the log. */
export const calendarDayOf = (plan: SimulationPlan, ms: number): string =>
  new Date(toCalendar(plan.clock, ms) + 8 * 3_600_000).toISOString().slice(0, 10);
