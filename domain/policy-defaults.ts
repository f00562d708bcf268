// The default policy and its time arithmetic, free of zod: the workflow bundle
// loads every module once per cached workflow, so what workflows import must
// stay small. The schema that validates a policy is in policy.ts.
import { calendarOn, DAY_MS, REAL_CLOCK, type Calendar } from './calendar.js';
import { CN_HOLIDAYS } from './holidays-cn.js';
import type { Policy } from './policy.js';

export const DEFAULT_POLICY: Policy = {
  version: 'gx-2025.1',
  dayMs: 86_400_000,
  termMonths: 24,
  monthDays: 30,
  minTeamSize: 3,
  minResidenceDaysPerMonth: 20,
  leave: { townshipMaxDays: 3, yearlyCapDays: 30 },
  absenceLadder: { notOutstandingAt: 1, atBestBasicallyCompetentAt: 2, incompetentAt: 3 },
  countyTrainingsPerYear: 1,
  healthChecksPerYear: 1,
  outstandingQuota: 0.25,
  handoverDays: 30,
  successorLeadMonths: 3,
  replyWorkingDays: 10,
  decisionDays: 10,
  retirementAge: 60,
  minReasonChars: 2,
  minWorkYears: 2,
  reminders: {
    training: [
      { id: 'due-30d', offsetDays: -30, to: ['official'], escalation: false },
      { id: 'due-7d', offsetDays: -7, to: ['official'], escalation: false },
      { id: 'due-day', offsetDays: 0, to: ['official', 'township'], escalation: false },
      { id: 'overdue-7d', offsetDays: 7, to: ['county_org'], escalation: true },
    ],
    reply: [
      { id: 'deadline', offsetDays: 0, to: ['assignee'], escalation: false },
      { id: 'overdue-5d', offsetDays: 5, to: ['escalation'], escalation: true },
    ],
    decision: [
      { id: 'deadline', offsetDays: 0, to: ['assignee'], escalation: false },
      { id: 'overdue-5d', offsetDays: 5, to: ['escalation'], escalation: true },
    ],
    handover: [
      { id: 'unsigned-7d', offsetDays: -23, to: ['official'], escalation: false },
      { id: 'unsigned-3d', offsetDays: -3, to: ['official'], escalation: false },
      { id: 'overdue', offsetDays: 0, to: ['county_org'], escalation: true },
    ],
  },
};

/**
 * The calendar year's rules for a policy that names none (every policy
 * published before them). 92 days: a term dispatched on 1 October or before
 * owes its first year's training, health check and evaluation in that year
 * (1 October to 31 December is 92 days: a quarter, one county training cycle);
 * one dispatched later owes them in the next calendar year (and a term
 * ending before 2 April owes none for its last part). The evaluation opens on
 * 1 December, the policy's "early December".
 */
export const DEFAULT_CALENDAR_YEAR: NonNullable<Policy['calendarYear']> = {
  minPartYearDays: 92,
  evaluationOpens: { month: 12, day: 1 },
};

/**
 * Months before a term's end that its dispatching unit is asked for a
 * successor, for a policy that names none (every policy published before the
 * entry). Three: about a month for screening and vetting (ten working days a
 * reply, the county's decision), the pre-dispatch training, and the 30-day
 * hand-over's overlap before the end.
 */
export const DEFAULT_SUCCESSOR_LEAD_MONTHS = 3;

export const successorLeadMonthsOf = (policy: Policy): number =>
  policy.successorLeadMonths ?? DEFAULT_SUCCESSOR_LEAD_MONTHS;

/** How long a county's evaluation round stays open after its calendar year, for late ratings. */
export const ROUND_GRACE_DAYS = 400;

export const calendarYearRules = (policy: Policy): NonNullable<Policy['calendarYear']> =>
  policy.calendarYear ?? DEFAULT_CALENDAR_YEAR;

/** The default rules with every day lasting `dayMs` milliseconds instead. */
export function scaledPolicy(dayMs: number, base: Policy = DEFAULT_POLICY): Policy {
  return { ...base, version: `${base.version}+scaled-${dayMs}ms`, dayMs };
}

export const days = (policy: Policy, n: number): number => n * policy.dayMs;
export const monthMs = (policy: Policy): number => days(policy, policy.monthDays);
/** A term year is twelve policy months, counted from the day of dispatch. */
export const yearMs = (policy: Policy): number => 12 * monthMs(policy);

/**
 * Working days to elapsed time: weekends are skipped on the real calendar; a
 * scaled policy (dayMs below a real day) has no weekends, only policy days.
 */
export function addWorkingDays(policy: Policy, fromMs: number, workingDays: number): number {
  if (policy.dayMs !== 86_400_000) return fromMs + days(policy, workingDays);
  let t = fromMs;
  let left = workingDays;
  while (left > 0) {
    t += 86_400_000;
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return t;
}

/**
 * The calendar a term runs on: Asia/Shanghai with the public holidays, over a
 * clock on which one policy day is one calendar day (the real clock for a
 * policy of real days). `originMs` places a compressed policy's run on the
 * calendar (as itself) when the policy does not.
 */
export function calendarOf(policy: Policy, originMs: number): Calendar {
  if (policy.dayMs === DAY_MS) return calendarOn(REAL_CLOCK, CN_HOLIDAYS);
  const { runOriginMs, calendarOriginMs } = policy.clock ?? {
    runOriginMs: originMs,
    calendarOriginMs: originMs,
  };
  return calendarOn({ runOriginMs, calendarOriginMs, dayMs: policy.dayMs }, CN_HOLIDAYS);
}
