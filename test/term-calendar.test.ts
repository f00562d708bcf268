// A term's months and years on the calendar of Shanghai (patched
// 'calendar-months'), on the time-skipping server over a compressed clock
// placed on the dates that matter: attendance closes at calendar month ends,
// the term ends N calendar months after dispatch (31 January + 1 month = the
// end of February); under 'calendar-years' too, its years are calendar years.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { calendarOn, instantOf, type Calendar, type LocalDate } from '../domain/calendar.js';
import { CN_HOLIDAYS } from '../domain/holidays-cn.js';
import { scaledPolicy, type Policy } from '../domain/policy.js';
import type { TaskKind } from '../domain/records.js';
import { countyOf } from '../domain/jurisdiction.js';
import {
  recordHealthCheck,
  recordTraining,
  roundView,
  roundWorkflowId,
} from '../workflows/messages.js';
import type { TermView } from '../workflows/views.js';
import {
  actor,
  candidate,
  keepHistory,
  officialActor,
  useTermHarness,
  type Harness,
} from './support/term-harness.js';
import { openOf, placedClock, runInstant } from './support/placed-clock.js';

let env: TestWorkflowEnvironment;
let h: Harness;
useTermHarness((e, harness) => {
  env = e;
  h = harness;
});

const org = actor('org-wuming');
const twp = actor('twp-fucheng');
// One policy day is a minute of the run: two years are twelve hours of skipped time.
const POLICY_DAY = 60_000;
const HOUR = 3_600_000;

const { placedOn, sleepUntil } = placedClock(
  () => env,
  () => h,
);

describe('a term on calendar months', () => {
  it('dispatched on 31 January: closes February, March and April at their ends and ends on 30 April', async () => {
    const { policy, calendar } = await placedOn(
      { year: 2027, month: 1, day: 31 },
      { termMonths: 3 },
    );
    const profile = candidate(await h.now());
    const wh = await h.nominate(profile, { policy });
    await h.vetAndDispatch(wh);
    let v = await h.waitFor(wh, 'on duty', (x) => x.stage === 'on_duty');
    expect(calendar.dateKeyOf(v.dispatchedAt!)).toBe('2027-01-31');
    // 31 January + 3 months: 30 April, at the hour of dispatch.
    expect(calendar.dateKeyOf(v.termEndsAt!)).toBe('2027-04-30');

    // 31 January alone is one day: it joins February, closed at its end.
    await sleepUntil(runInstant(calendar, { year: 2027, month: 2, day: 27 }, 12));
    expect(openOf(await h.view(wh), 'close_attendance')).toEqual([]);
    const closes: { month: unknown; calendarMonth: unknown; on: string }[] = [];
    for (const firstOfNext of [
      { year: 2027, month: 3, day: 1 },
      { year: 2027, month: 4, day: 1 },
    ]) {
      await sleepUntil(runInstant(calendar, firstOfNext, 12));
      v = await h.waitFor(wh, 'a month close', (x) => openOf(x, 'close_attendance').length === 1);
      const [close] = openOf(v, 'close_attendance');
      closes.push({ ...close!.data, on: calendar.dateKeyOf(close!.createdAt) } as never);
      await h.decide(wh, 'close_attendance', twp, { days: 24 });
    }
    await sleepUntil(runInstant(calendar, { year: 2027, month: 4, day: 30 }, 12));
    v = await h.waitFor(wh, 'the term end', (x) => x.stage === 'term_end');
    const [last] = openOf(v, 'close_attendance');
    closes.push({ ...last!.data, on: calendar.dateKeyOf(last!.createdAt) } as never);
    expect(closes.map(({ month, calendarMonth, on }) => ({ month, calendarMonth, on }))).toEqual([
      { month: 1, calendarMonth: '2027-02', on: '2027-03-01' },
      { month: 2, calendarMonth: '2027-03', on: '2027-04-01' },
      { month: 3, calendarMonth: '2027-04', on: '2027-04-30' },
    ]);
    await h.decide(wh, 'close_attendance', twp, { days: 22 });
    await h.decide(wh, 'self_report', officialActor(profile), { report: 'three months' });
    await h.decide(wh, 'rate_official', org, { rating: 'competent', comment: 'short term' });
    expect(await wh.result()).toMatchObject({ stage: 'closed' });
    v = await h.view(wh);
    expect(v.years[0]!.attendance.map((closed) => closed.month)).toEqual([1, 2, 3]);
    expect(v.timeline.filter((e) => e.action === 'attendance_closed').map((e) => e.detail)).toEqual(
      [
        'month 1 (2027-02): 24 days in the village',
        'month 2 (2027-03): 24 days in the village',
        'month 3 (2027-04): 22 days in the village',
      ],
    );
    // The record has the calendar month of every close.
    const rows = await h.pool.query(
      `SELECT data->>'calendarMonth' AS month FROM tasks
        WHERE term_id = $1 AND kind = 'close_attendance' ORDER BY created_at`,
      [wh.workflowId],
    );
    expect(rows.rows.map((row) => row.month)).toEqual(['2027-02', '2027-03', '2027-04']);
    await keepHistory('calendar-months-31-january', wh);
  });

  it('dispatched on 3 December 2026 for 24 months: ends on 3 December 2028, two years, 24 closes', async () => {
    const { policy, calendar } = await placedOn(
      { year: 2026, month: 12, day: 3 },
      { termMonths: 24 },
    );
    const profile = candidate(await h.now());
    const me = officialActor(profile);
    const wh = await h.nominate(profile, { policy });
    await h.vetAndDispatch(wh);
    let v = await h.waitFor(wh, 'on duty', (x) => x.stage === 'on_duty');
    expect(calendar.dateKeyOf(v.dispatchedAt!)).toBe('2026-12-03');
    expect(calendar.dateKeyOf(v.termEndsAt!)).toBe('2028-12-03');
    // Calendar years: 3-31 December 2026 (29 days) joins 2027, due on its 31 December.
    expect(v.years.map((year) => [year.calendarYear, calendar.dateKeyOf(year.dueAt!)])).toEqual([
      [2027, '2027-12-31'],
    ]);

    const closed: string[] = [];
    const decideOpen = async () => {
      v = await h.view(wh);
      for (const task of openOf(v, 'close_attendance')) {
        closed.push(`${task.data?.calendarMonth} on ${calendar.dateKeyOf(task.createdAt)}`);
        await h.decide(wh, 'close_attendance', twp, { days: 24 }, (t) => t.id === task.id);
      }
      if (openOf(v, 'self_report').length) {
        await h.decide(wh, 'self_report', me, { report: 'roads, water, school' });
        await h.decide(wh, 'rate_official', org, { rating: 'competent', comment: 'review' });
      }
    };
    // Midday after each close and evaluation: the 1st of every month, the term end.
    const wakes: LocalDate[] = [];
    for (let index = 1; index <= 24; index++) {
      const monthIndex = 12 + index; // January 2027 onwards
      wakes.push({
        year: 2026 + Math.floor((monthIndex - 1) / 12),
        month: ((monthIndex - 1) % 12) + 1,
        day: 1,
      });
    }
    wakes.push({ year: 2028, month: 12, day: 3 });
    for (const wake of wakes) {
      if (wake.month === 3) {
        // Each year's training and health check, in March.
        await wh.executeUpdate(recordTraining, {
          args: [{ actor: org, kind: 'county', title: `County training ${wake.year}` }],
        });
        await wh.executeUpdate(recordHealthCheck, {
          args: [{ actor: org, fit: true, note: 'annual check' }],
        });
      }
      await sleepUntil(runInstant(calendar, wake, 12));
      await decideOpen();
    }
    // On a loaded machine the term may reach its end just after the last look.
    await h.waitFor(wh, 'the term end', (x) => x.stage !== 'on_duty');
    await decideOpen();
    v = await h.waitFor(wh, 'closed', (x) => x.stage === 'closed');
    expect(await wh.result()).toMatchObject({ stage: 'closed' });
    // December 2026 (29 days) to November 2028; 1-3 December 2028 is closed with November.
    expect(closed).toHaveLength(24);
    expect(closed[0]).toBe('2026-12 on 2027-01-01');
    expect(closed[1]).toBe('2027-01 on 2027-02-01');
    expect(closed).toContain('2028-02 on 2028-03-01');
    expect(closed.at(-1)).toBe('2028-11 on 2028-12-03');
    // Year 2027 ends with 31 December, year 2028 with the term.
    expect(v.years.map((year) => calendar.dateKeyOf(year.endsAt))).toEqual([
      '2028-01-01',
      '2028-12-03',
    ]);
    // December 2026 to December 2027, then January to November 2028.
    expect(v.years.map((year) => year.attendance.length)).toEqual([13, 11]);
    expect(v.years.map((year) => year.rating)).toEqual(['competent', 'competent']);
    // Each year's evaluation (opened on 1 December) is in the county's round of its calendar year.
    for (const year of [2027, 2028]) {
      const round = await h.client.workflow
        .getHandle(roundWorkflowId(countyOf(profile.village), year))
        .query(roundView);
      expect(round.enrolled).toContain(wh.workflowId);
    }
    // Nothing was reminded about this official (by id: two demo candidates may share a name).
    expect(
      h.mail
        .messages()
        .filter((m) => m.text.includes(profile.officialId) || m.to.includes(profile.email)),
    ).toEqual([]);
    // Recorded before calendar-years as calendar-months-3-december (years to the anniversaries).
    await keepHistory('calendar-years-3-december', wh);
  });
});
