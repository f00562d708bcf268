// Terms on a compressed clock placed on the dates a test needs: the run's
// instant now is a chosen Shanghai date at 09:00, and every POLICY_DAY of the
// time-skipping server is a day of the calendar.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { calendarOn, instantOf, type Calendar, type LocalDate } from '../../domain/calendar.js';
import { CN_HOLIDAYS } from '../../domain/holidays-cn.js';
import { scaledPolicy, type Policy } from '../../domain/policy.js';
import type { TaskKind } from '../../domain/records.js';
import type { TermView } from '../../workflows/views.js';
import type { Harness } from './term-harness.js';

/** One policy day is a minute of the run: a year is six hours of skipped time. */
export const POLICY_DAY = 60_000;
const HOUR = 3_600_000;

export function placedClock(env: () => TestWorkflowEnvironment, h: () => Harness) {
  return {
    /** A compressed policy (with `rules`) whose run starts now at `date` 09:00 in Shanghai, and its calendar. */
    async placedOn(
      date: LocalDate,
      rules: Partial<Policy> = {},
    ): Promise<{ policy: Policy; calendar: Calendar }> {
      const runOriginMs = await h().now();
      const clock = { runOriginMs, calendarOriginMs: instantOf(date, 9 * HOUR) };
      const policy = { ...scaledPolicy(POLICY_DAY), ...rules, clock };
      return { policy, calendar: calendarOn({ ...clock, dayMs: POLICY_DAY }, CN_HOLIDAYS) };
    },
    /** Moves the server's clock to `at` (never back). */
    async sleepUntil(at: number): Promise<void> {
      const now = await h().now();
      if (at > now) await env().sleep(at - now);
    },
  };
}

/** The run's instant of a Shanghai date and hour on the term's calendar. */
export const runInstant = (calendar: Calendar, date: LocalDate, hour = 0): number =>
  calendar.clock.runOriginMs +
  ((instantOf(date, hour * HOUR) - calendar.clock.calendarOriginMs) * POLICY_DAY) / 86_400_000;

export const openOf = (v: TermView, kind: TaskKind) =>
  v.openTasks.filter((task) => task.kind === kind);
