// What an official on post owes, as the county's policy sets it: residence in
// the village, leave by the right tier, a yearly training and health check.
// Pure functions of the policy and a year's facts; the workflow applies them.
import type { Policy } from './policy.js';
import { refuse } from './refuse.js';
import type { YearObligations } from './records.js';

/** The year an instant falls in; after the last year's end (or before the first), the last year. */
export const yearHolding = <Y extends { startsAt: number; endsAt: number }>(
  years: readonly Y[],
  at: number,
): Y | undefined => years.find((year) => at >= year.startsAt && at < year.endsAt) ?? years.at(-1);

/** Fewer days in the village in a month than the policy asks is a residence breach. */
export function isResidenceBreach(daysInVillage: number, policy: Policy): boolean {
  return daysInVillage < policy.minResidenceDaysPerMonth;
}

/** Attendance is a whole number of days, at most the days of a policy month. */
export function isValidAttendance(daysInVillage: unknown, policy: Policy): boolean {
  return (
    typeof daysInVillage === 'number' &&
    Number.isInteger(daysInVillage) &&
    daysInVillage >= 0 &&
    daysInVillage <= policy.monthDays
  );
}

/** Refuses attendance that is not a whole number of days in a month. */
export function requireAttendanceDays(daysInVillage: number | undefined, policy: Policy): void {
  if (!isValidAttendance(daysInVillage, policy))
    refuse('rule_refused', `attendance needs "days", a whole number from 0 to ${policy.monthDays}`);
}

/** Leave is asked in whole days, at most a year of them. */
export function isValidLeaveLength(daysAsked: number): boolean {
  return Number.isInteger(daysAsked) && daysAsked >= 1 && daysAsked <= 365;
}

/**
 * Who approves a leave: short leave the township Party committee, longer leave
 * the county organization department, by a request and its reply.
 */
export function leaveApprover(daysAsked: number, policy: Policy): 'township' | 'county_org' {
  return daysAsked <= policy.leave.townshipMaxDays ? 'township' : 'county_org';
}

/** Leave over the yearly cap triggers a recall. */
export function isOverLeaveCap(leaveDaysThisYear: number, policy: Policy): boolean {
  return leaveDaysThisYear > policy.leave.yearlyCapDays;
}

/**
 * When a year's training and health check fall due: the start of its last day
 * on duty for a calendar-year term (31 December; the workflow sets `dueAt`
 * from domain/calendar.ts), else the year's end. The reminder ladders, the
 * deadlines of the view and the page all count from it.
 */
export const obligationsDueAt = (year: Pick<YearObligations, 'endsAt' | 'dueAt'>): number =>
  year.dueAt ?? year.endsAt;

/** Whether a year still owes its county-level training(s). */
export function owesTraining(year: Pick<YearObligations, 'trainings'>, policy: Policy): boolean {
  return counted(year.trainings) < policy.countyTrainingsPerYear;
}

/** Whether a year still owes its health check(s). */
export function owesHealthCheck(
  year: Pick<YearObligations, 'healthChecks'>,
  policy: Policy,
): boolean {
  return counted(year.healthChecks) < policy.healthChecksPerYear;
}

/** Facts that count toward an obligation: a voided one is kept on record but no longer counts. */
export const counted = (facts: readonly { voided?: unknown }[]): number =>
  facts.filter((fact) => !fact.voided).length;
