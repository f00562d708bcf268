// Leave by tier, candidate adjustment, and the promotion-priority flag.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain/actors.js';
import { DEFAULT_POLICY } from '../domain/policy.js';
import {
  fileRequest,
  reportReturnFromLeave,
  requestLeave,
  recordTraining,
  recordHealthCheck,
} from '../workflows/messages.js';
import {
  actor,
  candidate,
  officialActor,
  useTermHarness,
  type Harness,
} from './support/term-harness.js';
import { refusalOf } from './support/refusal.js';

let env: TestWorkflowEnvironment;
let h: Harness;
useTermHarness((e, harness) => {
  env = e;
  h = harness;
});

const org = actor('org-wuming');
const twp = actor('twp-fucheng');
const unit = actor('du-nanning');
const DAY = 86_400_000;

describe('leave', () => {
  it('goes to the township up to three days and to the county beyond, closes on return', async () => {
    const profile = candidate(await h.now());
    const me = officialActor(profile);
    const wh = await h.bringOnDuty(profile);

    const short = await wh.executeUpdate(requestLeave, {
      args: [{ actor: me, days: 2, reason: 'family' }],
    });
    expect(short.requestNo).toBeUndefined();
    let v = await h.view(wh);
    expect(v.openTasks.find((t) => t.id === short.taskId)?.assignee).toMatchObject({
      role: 'township',
    });
    // The county cannot take the township's decision.
    const wrongTier = await refusalOf(h.decide(wh, 'approve_leave', org));
    expect(wrongTier.code).toBe('wrong_actor');
    await h.decide(wh, 'approve_leave', twp, { comment: 'granted' });
    expect(
      (
        await refusalOf(
          wh.executeUpdate(requestLeave, { args: [{ actor: me, days: 1, reason: 'again' }] }),
        )
      ).code,
    ).toBe('duplicate_request');
    await wh.executeUpdate(reportReturnFromLeave, { args: [{ actor: me }] });

    const long = await wh.executeUpdate(requestLeave, {
      args: [{ actor: me, days: 10, reason: 'surgery' }],
    });
    expect(long.requestNo).toMatch(/^R-/);
    v = await h.view(wh);
    expect(v.requests.find((r) => r.no === long.requestNo)).toMatchObject({
      kind: 'leave',
      assignee: { role: 'county_org' },
    });
    await h.decide(wh, 'leave_reply', org, { comment: 'approved, with a stand-in' });
    await wh.executeUpdate(reportReturnFromLeave, { args: [{ actor: me }] });
    v = await h.view(wh);
    expect(v.years[0]!.leaveDays).toBe(12);
    expect(v.cases).toEqual([]);

    // Over the yearly cap (30 days): a reassignment case on the ground "leave".
    await wh.executeUpdate(requestLeave, {
      args: [{ actor: me, days: 25, reason: 'long illness' }],
    });
    await h.decide(wh, 'leave_reply', org, { comment: 'approved' });
    v = await h.waitFor(wh, 'a case', (x) => x.cases.length === 1);
    expect(v.cases[0]!.grounds).toEqual(['leave']);
  });
});

describe('candidate adjustment', () => {
  it('replaces a candidate before dispatch only through a request and its reply', async () => {
    const wh = await h.nominate(candidate(await h.now()));
    await h.waitFor(wh, 'vetting', (x) => x.stage === 'vetting');
    const r = await wh.executeUpdate(fileRequest, {
      args: [{ actor: unit, matter: 'adjustment', reasons: 'candidate needed at home unit' }],
    });
    const dup = await refusalOf(
      wh.executeUpdate(fileRequest, {
        args: [{ actor: unit, matter: 'adjustment', reasons: 'again' }],
      }),
    );
    expect(dup.code).toBe('duplicate_request');
    expect(
      (
        await refusalOf(
          wh.executeUpdate(fileRequest, {
            args: [{ actor: org, matter: 'adjustment', reasons: 'not mine' }],
          }),
        )
      ).code,
    ).toBe('wrong_actor');
    await h.decide(
      wh,
      'adjustment_reply',
      org,
      { comment: 'agreed' },
      (t) => t.requestNo === r.requestNo,
    );
    expect(await wh.result()).toMatchObject({ stage: 'withdrawn' });
    const v = await h.view(wh);
    expect(v.openTasks).toEqual([]);
    expect(v.requests.find((x) => x.no === r.requestNo)?.reply).toMatchObject({
      decision: 'approve',
      by: 'org-wuming',
    });
  });

  it('refuses an adjustment once the official is on duty', async () => {
    const wh = await h.bringOnDuty(candidate(await h.now()));
    const late = await refusalOf(
      wh.executeUpdate(fileRequest, {
        args: [{ actor: unit, matter: 'adjustment', reasons: 'too late' }],
      }),
    );
    expect(late.code).toBe('wrong_stage');
  });
});

describe('term end', () => {
  it('flags an official rated outstanding at the end of the term for promotion priority', async () => {
    // A one-year term in a county whose policy lets every official be outstanding.
    const policy = {
      ...DEFAULT_POLICY,
      version: 'test-one-year',
      termMonths: 12,
      outstandingQuota: 1,
    };
    // Binyang county: its evaluation round is this test's alone.
    const county = 'gx/nanning/binyang';
    const byOrg = actor('org-binyang');
    const byTwp: Actor = {
      id: 'twp-xintian',
      name: 'Xintian Township',
      role: 'township',
      jurisdiction: `${county}/xintian`,
    };
    const profile = candidate(await h.now(), { village: `${county}/xintian/shanxia` });
    const wh = await h.nominate(profile, { policy });
    for (const body of ['discipline', 'petition', 'police'] as const) {
      const screener: Actor = {
        id: `${body}-binyang`,
        name: body,
        role: 'screening_body',
        body,
        jurisdiction: county,
      };
      await h.decide(wh, 'vetting_reply', screener, {}, (t) => t.assignee.body === body);
    }
    await h.decide(wh, 'approve_dispatch', byOrg);
    await h.decide(wh, 'record_pre_dispatch_training', byOrg);
    await env.sleep(DAY / 2); // off the whole-day instants of the term's timers
    await wh.executeUpdate(recordTraining, {
      args: [{ actor: byTwp, kind: 'county', title: 'spring course' }],
    });
    await wh.executeUpdate(recordHealthCheck, { args: [{ actor: byOrg, fit: true, note: 'fit' }] });
    // Twelve calendar months: 11 or 12 closes (a part month under the minimum joins its neighbour).
    for (let m = 1, last = false; !last; m++) {
      last = (await h.untilMonthClose(wh, m, policy.dayMs)).stage === 'term_end';
      await h.decide(wh, 'close_attendance', byTwp, { days: 25 }, (t) => t.data?.month === m);
    }
    await h.decide(wh, 'self_report', officialActor(profile), { report: 'built a road' });
    await h.decide(wh, 'rate_official', byOrg, {
      rating: 'outstanding',
      comment: 'excellent year',
    });
    expect(await wh.result()).toMatchObject({ stage: 'closed' });
    const v = await h.view(wh);
    expect(v.promotionPriority).toBe(true);
    expect(v.timeline.find((e) => e.action === 'term_completed')?.detail).toContain(
      'promotion priority',
    );
    expect(v.timeline.every((e) => e.policyVersion === 'test-one-year')).toBe(true);
    const row = await h.pool.query(
      `SELECT snapshot->>'promotionPriority' AS p FROM officials WHERE official_id = $1`,
      [profile.officialId],
    );
    expect(row.rows[0].p).toBe('true');
  });
});
