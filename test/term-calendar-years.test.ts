// A term's years on the calendar of Shanghai (patched 'calendar-years'), on
// the time-skipping server over a compressed clock placed on the dates that
// matter: the training and health check fall due on 31 December with their
// reminder ladder before it, and every county's evaluation of a calendar year
// opens on the same date (1 December), with the outstanding quota per county
// and year.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain/actors.js';
import { calendarOn, instantOf, type Calendar, type LocalDate } from '../domain/calendar.js';
import { CN_HOLIDAYS } from '../domain/holidays-cn.js';
import { countyOf } from '../domain/jurisdiction.js';
import { scaledPolicy, type Policy } from '../domain/policy.js';
import type { TaskKind } from '../domain/records.js';
import {
  decideTask,
  recordHealthCheck,
  roundView,
  roundWorkflowId,
} from '../workflows/messages.js';
import type { TermView } from '../workflows/views.js';
import { openOf, placedClock, runInstant } from './support/placed-clock.js';
import { refusalOf } from './support/refusal.js';
import {
  actor,
  candidate,
  keepHistory,
  officialActor,
  SCREENERS,
  useTermHarness,
  type Harness,
} from './support/term-harness.js';

let env: TestWorkflowEnvironment;
let h: Harness;
useTermHarness((e, harness) => {
  env = e;
  h = harness;
});

const org = actor('org-wuming');
const HOUR = 3_600_000;

const { placedOn, sleepUntil } = placedClock(
  () => env,
  () => h,
);

describe('a term on calendar years', () => {
  // Rounds are keyed by county and calendar year alone: each test has its own years.
  it('dispatched in March: training due on 31 December, the ladder before it, the evaluation on 1 December', async () => {
    const { policy, calendar } = await placedOn({ year: 2027, month: 3, day: 15 }, {});
    const profile = candidate(await h.now());
    const wh = await h.nominate(profile, { policy });
    await h.vetAndDispatch(wh);
    let v = await h.waitFor(wh, 'on duty', (x) => x.stage === 'on_duty');
    expect(calendar.dateKeyOf(v.dispatchedAt!)).toBe('2027-03-15');
    expect(calendar.dateKeyOf(v.termEndsAt!)).toBe('2029-03-15');
    const [first] = v.years;
    expect(first!.calendarYear).toBe(2027);
    expect(calendar.dateKeyOf(first!.dueAt!)).toBe('2027-12-31');
    // The year ends with 31 December: facts of that day still count for it.
    expect(calendar.dateKeyOf(first!.endsAt)).toBe('2028-01-01');
    expect(calendar.dateKeyOf(first!.endsAt - 1)).toBe('2027-12-31');
    const due = v.deadlines.filter((deadline) => /training|health/i.test(deadline.what));
    expect(due.map((deadline) => calendar.dateKeyOf(deadline.at))).toEqual([
      '2027-12-31',
      '2027-12-31',
    ]);

    // The health check is done in November; the training never comes.
    await sleepUntil(runInstant(calendar, { year: 2027, month: 11, day: 10 }, 12));
    await wh.executeUpdate(recordHealthCheck, {
      args: [{ actor: org, fit: true, note: 'annual check' }],
    });
    await sleepUntil(runInstant(calendar, { year: 2028, month: 1, day: 8 }, 12));
    v = await h.waitFor(wh, 'the overdue rung', (x) =>
      x.timeline.some((entry) => entry.params?.rung === 'overdue-7d'),
    );
    const ladder = v.timeline
      .filter((entry) => entry.action === 'reminded' || entry.action === 'escalated')
      .filter((entry) => entry.params?.obligation !== 'task')
      .map((entry) => ({
        obligation: entry.params?.obligation,
        year: entry.params?.year,
        rung: entry.params?.rung,
        on: calendar.dateKeyOf(entry.at),
      }));
    expect(ladder).toEqual([
      { obligation: 'training', year: 1, rung: 'due-30d', on: '2027-12-01' },
      { obligation: 'training', year: 1, rung: 'due-7d', on: '2027-12-24' },
      { obligation: 'training', year: 1, rung: 'due-day', on: '2027-12-31' },
      { obligation: 'training', year: 1, rung: 'overdue-7d', on: '2028-01-07' },
    ]);
    // The reminders went out by mail, to the official and then the county.
    const mails = h.mail.messages().filter((mail) => mail.text.includes(profile.name));
    expect(mails.length).toBeGreaterThanOrEqual(4);

    // The evaluation of 2027 opened on 1 December, in the county's round of 2027.
    const [report] = openOf(v, 'self_report');
    expect(report!.data).toEqual({ year: 1, calendarYear: 2027 });
    expect(calendar.dateKeyOf(report!.createdAt)).toBe('2027-12-01');
    const round = await h.client.workflow
      .getHandle(roundWorkflowId(countyOf(profile.village), 2027))
      .query(roundView);
    expect(round.enrolled).toContain(wh.workflowId);
    // The second year is calendar year 2028, due on its 31 December.
    expect(v.years.map((year) => year.calendarYear)).toEqual([2027, 2028]);
    expect(calendar.dateKeyOf(v.years[1]!.startsAt)).toBe('2028-01-01');
    expect(calendar.dateKeyOf(v.years[1]!.dueAt!)).toBe('2028-12-31');
    await keepHistory('calendar-years-march', wh);
    await wh.terminate('test done');
  });

  it("opens every county's evaluation of 2029 on 1 December, with the quota per county and year", async () => {
    // Half of a county's officials may be outstanding; dispatched after 1 October, the year is 2030.
    const { policy, calendar } = await placedOn(
      { year: 2029, month: 3, day: 1 },
      { outstandingQuota: 0.5 },
    );
    const binyang = (screener: Actor): Actor => ({
      ...screener,
      id: screener.id.replace('wuming', 'binyang'),
      jurisdiction: 'gx/nanning/binyang',
    });
    const orgBinyang = actor('org-binyang');
    const village = {
      wuming: 'gx/nanning/wuming/fucheng/lianhe',
      binyang: 'gx/nanning/binyang/binzhou/xinqiao',
    };

    /** A term in a county, on duty from a date of 2029. */
    const onDutyFrom = async (county: 'wuming' | 'binyang', date: LocalDate) => {
      await sleepUntil(runInstant(calendar, date, 9));
      const profile = candidate(await h.now(), { village: village[county] });
      const wh = await h.nominate(profile, { policy });
      const countyOrg = county === 'wuming' ? org : orgBinyang;
      for (const body of ['discipline', 'petition', 'police']) {
        const screener = county === 'wuming' ? SCREENERS[body]! : binyang(SCREENERS[body]!);
        await h.decide(
          wh,
          'vetting_reply',
          screener,
          { comment: 'nothing on file' },
          (t) => t.assignee.body === body,
        );
      }
      await h.decide(wh, 'approve_dispatch', countyOrg, { comment: 'approved' });
      await h.decide(wh, 'record_pre_dispatch_training', countyOrg, { comment: 'course' });
      const v = await h.waitFor(wh, 'on duty', (x) => x.stage === 'on_duty');
      expect(calendar.dateKeyOf(v.dispatchedAt!)).toBe(
        `2029-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`,
      );
      return { wh, profile, countyOrg };
    };
    const terms = [
      await onDutyFrom('wuming', { year: 2029, month: 3, day: 8 }),
      await onDutyFrom('wuming', { year: 2029, month: 7, day: 12 }),
      await onDutyFrom('binyang', { year: 2029, month: 8, day: 16 }),
      await onDutyFrom('binyang', { year: 2029, month: 10, day: 15 }),
    ];
    const [march, july, august, october] = terms as [
      (typeof terms)[number],
      (typeof terms)[number],
      (typeof terms)[number],
      (typeof terms)[number],
    ];
    expect((await h.view(october.wh)).years.map((year) => year.calendarYear)).toEqual([2030]);

    await sleepUntil(runInstant(calendar, { year: 2029, month: 12, day: 1 }, 12));
    const reports: Record<string, string> = {};
    for (const { wh, profile } of terms.slice(0, 3)) {
      const v = await h.waitFor(
        wh,
        'the self-report',
        (x) => openOf(x, 'self_report').length === 1,
      );
      const [report] = openOf(v, 'self_report');
      expect(report!.data).toEqual({ year: 1, calendarYear: 2029 });
      reports[wh.workflowId] = calendar.dateKeyOf(report!.createdAt);
      await h.decide(wh, 'self_report', officialActor(profile), { report: 'the year' });
    }
    // The same day for every term of both counties, however long each has served.
    expect(Object.values(reports)).toEqual(['2029-12-01', '2029-12-01', '2029-12-01']);
    // Dispatched on 15 October: 2029 joins 2030, evaluated on 1 December 2030.
    expect(openOf(await h.view(october.wh), 'self_report')).toEqual([]);

    const roundOf = (county: string) =>
      h.client.workflow.getHandle(roundWorkflowId(`gx/nanning/${county}`, 2029)).query(roundView);
    expect((await roundOf('wuming')).enrolled.sort()).toEqual(
      [march.wh.workflowId, july.wh.workflowId].sort(),
    );
    expect((await roundOf('binyang')).enrolled).toEqual([august.wh.workflowId]);

    const rate = async (
      term: { wh: WorkflowHandle; countyOrg: Actor },
      rating: 'outstanding' | 'competent',
    ) => {
      const v = await h.waitFor(
        term.wh,
        'the rating',
        (x) => openOf(x, 'rate_official').length === 1,
      );
      const [task] = openOf(v, 'rate_official');
      return term.wh.executeUpdate(decideTask, {
        args: [
          {
            taskId: task!.id,
            actor: term.countyOrg,
            decision: 'approve',
            comment: 'year review',
            rating,
          },
        ],
      });
    };
    // Wuming's 2029: two enrolled, one outstanding slot, taken by the first.
    await rate(march, 'outstanding');
    const julyRefused = await refusalOf(rate(july, 'outstanding'));
    expect(julyRefused.code).toBe('quota_exceeded');
    expect(julyRefused.message).toContain('2029');
    expect(julyRefused.message).toContain('1 of 1');
    // Binyang's 2029 counts its own: one enrolled, no outstanding slot; Wuming's use is not its.
    const augustRefused = await refusalOf(rate(august, 'outstanding'));
    expect(augustRefused.code).toBe('quota_exceeded');
    expect(augustRefused.message).toContain('0 of 0');
    await rate(july, 'competent');
    await rate(august, 'competent');
    const wuming = await roundOf('wuming');
    expect({ year: wuming.year, outstanding: wuming.outstanding, slots: wuming.slots }).toEqual({
      year: 2029,
      outstanding: [march.wh.workflowId],
      slots: 1,
    });
    expect((await roundOf('binyang')).outstanding).toEqual([]);
    for (const { wh } of terms) await wh.terminate('test done');
  });
});
