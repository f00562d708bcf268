// The rules of a term, one by one, on the time-skipping server.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import type { RuleId } from '../domain/screening.js';
import { decideTask, recordSpotCheckAbsence, recordTraining } from '../workflows/messages.js';
import {
  actor,
  candidate,
  keepHistory,
  officialActor,
  SCREENERS,
  useTermHarness,
  type Harness,
} from './support/term-harness.js';
import { refusalOf } from './support/refusal.js';
import type { DecisionResult } from '../workflows/views.js';

let env: TestWorkflowEnvironment;
let h: Harness;
useTermHarness((e, harness) => {
  env = e;
  h = harness;
});

const org = actor('org-wuming');
const twp = actor('twp-fucheng');
const DAY = 86_400_000;

describe('screening by the six no-dispatch rules', () => {
  const failing: Record<RuleId, (now: number) => Parameters<typeof candidate>[1]> = {
    'NO-1': () => ({ post: 'first_secretary', partyMember: 'probationary' }),
    'NO-2': () => ({ underInvestigation: true }),
    'NO-3': () => ({ lastRatings: ['competent', 'basically_competent'] }),
    'NO-4': (now) => ({
      lastHealthCheck: { date: new Date(now - 400 * DAY).toISOString().slice(0, 10), fit: true },
    }),
    'NO-5': () => ({ birthDate: '1967-05-01' }),
    'NO-6': () => ({ willingnessSigned: false }),
  };
  for (const [ruleId, make] of Object.entries(failing) as [
    RuleId,
    (n: number) => Parameters<typeof candidate>[1],
  ][]) {
    it(`screens out a candidate by ${ruleId} alone and records why`, async () => {
      const now = await h.now();
      const profile = candidate(now, make(now));
      const wh = await h.nominate(profile);
      expect(await wh.result()).toMatchObject({ stage: 'screened_out' });
      if (ruleId === 'NO-4') await keepHistory('screened-out-no-4', wh);
      const v = await h.view(wh);
      expect(v.screeningFailures.map((f) => f.ruleId)).toEqual([ruleId]);
      expect(v.openTasks).toEqual([]);
      const log = await h.pool.query(
        `SELECT action, detail, reason FROM decision_log WHERE official_id = $1 AND action = 'screening_failed'`,
        [profile.officialId],
      );
      expect(log.rows).toHaveLength(1);
      expect(log.rows[0].detail).toContain(ruleId);
      expect(log.rows[0].reason).toBeTruthy();
    });
  }
});

describe('vetting: one request, one reply', () => {
  it('files one numbered request per screening body; an objection goes to the county, which ends the nomination citing it', async () => {
    const profile = candidate(await h.now());
    const wh = await h.nominate(profile);
    const v = await h.waitFor(wh, 'three vetting requests', (x) => x.requests.length === 3);
    expect(v.requests.map((r) => r.assignee.body).sort()).toEqual([
      'discipline',
      'petition',
      'police',
    ]);
    expect(new Set(v.requests.map((r) => r.no)).size).toBe(3);
    await h.decide(
      wh,
      'vetting_reply',
      SCREENERS.discipline!,
      { comment: 'clear' },
      (t) => t.assignee.body === 'discipline',
    );
    const objected = (await h.decide(
      wh,
      'vetting_reply',
      SCREENERS.police!,
      { decision: 'reject', comment: 'open police matter 2026-114' },
      (t) => t.assignee.body === 'police',
    )) as DecisionResult;
    // The body advises: the nomination goes on, and the county decides.
    expect(objected.stage).toBe('vetting');
    const referred = await h.waitFor(wh, 'the county asked to decide', (x) =>
      x.openTasks.some((t) => t.kind === 'decide_objection'),
    );
    const county = referred.openTasks.find((t) => t.kind === 'decide_objection')!;
    expect(county.assignee).toEqual({ role: 'county_org', jurisdiction: 'gx/nanning/wuming' });
    expect(county.data).toMatchObject({ body: 'police', objection: 'open police matter 2026-114' });
    // Every decision on an objection says why.
    const bare = await refusalOf(
      wh.executeUpdate(decideTask, {
        args: [{ taskId: county.id, actor: org, decision: 'end_nomination', comment: ' ' }],
      }),
    );
    expect(bare.code).toBe('reason_required');
    const approve = await refusalOf(
      wh.executeUpdate(decideTask, {
        args: [{ taskId: county.id, actor: org, decision: 'approve', comment: 'fine' }],
      }),
    );
    expect(approve.code).toBe('rule_refused');
    await h.decide(wh, 'decide_objection', org, {
      decision: 'end_nomination',
      comment: 'an open police matter bars the posting',
    });
    expect(await wh.result()).toMatchObject({ stage: 'rejected' });
    await keepHistory('objection-ended-by-county', wh);
    const end = await h.view(wh);
    expect(end.openTasks).toEqual([]);
    const stage = end.timeline.find((e) => e.action === 'stage' && e.detail.endsWith('rejected'))!;
    expect(stage.actorId).toBe('org-wuming');
    expect(stage.reason).toContain('police body: open police matter 2026-114');
    expect(end.timeline.find((e) => e.action === 'nomination_ended')?.reason).toBe(
      'an open police matter bars the posting',
    );
    const tasks = await h.pool.query(
      `SELECT count(*)::int AS n FROM tasks WHERE official_id = $1 AND closed_at IS NULL`,
      [profile.officialId],
    );
    expect(tasks.rows[0].n).toBe(0);
  });

  it('asks the objecting body a follow-up question; withdrawn, the dispatch is approved and the official dispatched', async () => {
    const profile = candidate(await h.now());
    const wh = await h.nominate(profile);
    await h.waitFor(wh, 'vetting', (x) => x.requests.length === 3);
    for (const body of ['discipline', 'petition'] as const)
      await h.decide(wh, 'vetting_reply', SCREENERS[body]!, {}, (t) => t.assignee.body === body);
    await h.decide(
      wh,
      'vetting_reply',
      SCREENERS.police!,
      { decision: 'reject', comment: 'open police matter 2026-114' },
      (t) => t.assignee.body === 'police',
    );
    const asked = (await h.decide(wh, 'decide_objection', org, {
      decision: 'follow_up',
      comment: 'is matter 2026-114 still open?',
    })) as DecisionResult;
    const v = await h.waitFor(wh, 'the follow-up request', (x) => x.requests.length === 4);
    const followUp = v.requests.at(-1)!;
    // The county's answer names the new request.
    expect(asked.requestNo).toBe(followUp.no);
    expect(followUp).toMatchObject({
      kind: 'objection_follow_up',
      reasons: 'is matter 2026-114 still open?',
      filedBy: 'org-wuming',
      assignee: { body: 'police' },
    });
    const task = v.openTasks.find((t) => t.kind === 'objection_follow_up_reply')!;
    expect(task.requestNo).toBe(followUp.no);
    // Only the body asked replies; with its reasons.
    const wrong = await refusalOf(
      wh.executeUpdate(decideTask, {
        args: [
          { taskId: task.id, actor: SCREENERS.petition!, decision: 'withdraw', comment: 'x1' },
        ],
      }),
    );
    expect(wrong.code).toBe('wrong_actor');
    const bare = await refusalOf(
      wh.executeUpdate(decideTask, {
        args: [{ taskId: task.id, actor: SCREENERS.police!, decision: 'withdraw', comment: '' }],
      }),
    );
    expect(bare.code).toBe('reason_required');
    const withdrawn = await wh.executeUpdate(decideTask, {
      args: [
        {
          taskId: task.id,
          actor: SCREENERS.police!,
          decision: 'withdraw',
          comment: 'matter 2026-114 closed without charge',
        },
      ],
    });
    expect(withdrawn).toMatchObject({
      stage: 'awaiting_dispatch_approval',
      requestNo: followUp.no,
    });
    // One request, one reply.
    const again = await refusalOf(
      wh.executeUpdate(decideTask, {
        args: [{ taskId: task.id, actor: SCREENERS.police!, decision: 'maintain', comment: 'no' }],
      }),
    );
    expect(again.code).toBe('already_decided');
    await h.decide(wh, 'approve_dispatch', org, { comment: 'approved' });
    await h.decide(wh, 'record_pre_dispatch_training', org, { comment: 'course, 5 days' });
    await h.waitFor(wh, 'on duty', (x) => x.stage === 'on_duty');
    await keepHistory('objection-withdrawn-dispatched', wh);
    const reply = await h.pool.query(`SELECT outcome, closed_by FROM tasks WHERE id = $1`, [
      task.id,
    ]);
    expect(reply.rows).toEqual([{ outcome: 'withdraw', closed_by: 'pol-wuming' }]);
    await wh.terminate('test done');
  });

  it('never opens the dispatch approval over a maintained objection; the county ends the nomination', async () => {
    const profile = candidate(await h.now());
    const wh = await h.nominate(profile);
    await h.waitFor(wh, 'vetting', (x) => x.requests.length === 3);
    for (const body of ['discipline', 'petition'] as const)
      await h.decide(wh, 'vetting_reply', SCREENERS[body]!, {}, (t) => t.assignee.body === body);
    await h.decide(
      wh,
      'vetting_reply',
      SCREENERS.police!,
      { decision: 'reject', comment: 'open police matter 2026-114' },
      (t) => t.assignee.body === 'police',
    );
    await h.decide(wh, 'decide_objection', org, {
      decision: 'follow_up',
      comment: 'is matter 2026-114 still open?',
    });
    const maintained = (await h.decide(wh, 'objection_follow_up_reply', SCREENERS.police!, {
      decision: 'maintain',
      comment: 'still open, hearing in May',
    })) as DecisionResult;
    expect(maintained.stage).toBe('vetting');
    const v = await h.waitFor(wh, 'the county asked again', (x) =>
      x.openTasks.some((t) => t.kind === 'decide_objection'),
    );
    expect(v.openTasks.map((t) => t.kind)).toEqual(['decide_objection']);
    expect(v.openTasks[0]!.data).toMatchObject({ maintained: 'still open, hearing in May' });
    await h.decide(wh, 'decide_objection', org, {
      decision: 'end_nomination',
      comment: 'the objection is maintained',
    });
    expect(await wh.result()).toMatchObject({ stage: 'rejected' });
    await keepHistory('objection-maintained-ended', wh);
    const end = await h.view(wh);
    expect(end.timeline.some((e) => e.action === 'dispatch_approved')).toBe(false);
    const opened = await h.pool.query(
      `SELECT count(*)::int AS n FROM tasks WHERE official_id = $1 AND kind = 'approve_dispatch'`,
      [profile.officialId],
    );
    expect(opened.rows[0].n).toBe(0);
    expect(
      end.timeline.find((e) => e.action === 'stage' && e.detail.endsWith('rejected'))?.reason,
    ).toContain('maintained on');
  });

  it('reminds the body of an overdue follow-up reply, then escalates to the county', async () => {
    const profile = candidate(await h.now());
    const wh = await h.nominate(profile);
    await h.waitFor(wh, 'vetting', (x) => x.requests.length === 3);
    for (const body of ['discipline', 'petition'] as const)
      await h.decide(wh, 'vetting_reply', SCREENERS[body]!, {}, (t) => t.assignee.body === body);
    await h.decide(
      wh,
      'vetting_reply',
      SCREENERS.police!,
      { decision: 'reject', comment: 'open police matter 2026-114' },
      (t) => t.assignee.body === 'police',
    );
    await h.decide(wh, 'decide_objection', org, {
      decision: 'follow_up',
      comment: 'is matter 2026-114 still open?',
    });
    const v = await h.waitFor(wh, 'the follow-up', (x) =>
      x.openTasks.some((t) => t.kind === 'objection_follow_up_reply'),
    );
    const task = v.openTasks.find((t) => t.kind === 'objection_follow_up_reply')!;
    await env.sleep(task.dueAt - (await h.now()) + DAY);
    const reminder = await h.mail.waitFor(
      (m) =>
        m.subject.includes('驻村提醒') &&
        m.to.includes('pol-wuming@zhucun.local') &&
        m.text.includes(profile.name),
    );
    expect(reminder.to).toEqual(['pol-wuming@zhucun.local']);
    await env.sleep(5 * DAY);
    const escalation = await h.mail.waitFor(
      (m) => m.subject.includes('驻村督办') && m.text.includes(profile.name),
    );
    expect(escalation.to).toContain('org-wuming@zhucun.local');
    await wh.terminate('test done');
  });

  it('refuses a second reply to the same request, and a reply from the wrong body', async () => {
    const wh = await h.nominate(candidate(await h.now()));
    const v = await h.waitFor(wh, 'vetting', (x) => x.requests.length === 3);
    const task = v.openTasks.find((t) => t.assignee.body === 'discipline')!;
    const wrong = await refusalOf(
      wh.executeUpdate(decideTask, {
        args: [{ taskId: task.id, actor: SCREENERS.police!, decision: 'approve', comment: 'x' }],
      }),
    );
    expect(wrong.code).toBe('wrong_actor');
    await wh.executeUpdate(decideTask, {
      args: [
        { taskId: task.id, actor: SCREENERS.discipline!, decision: 'approve', comment: 'clear' },
      ],
    });
    const again = await refusalOf(
      wh.executeUpdate(decideTask, {
        args: [
          {
            taskId: task.id,
            actor: SCREENERS.discipline!,
            decision: 'reject',
            comment: 'changed my mind',
          },
        ],
      }),
    );
    expect(again.code).toBe('already_decided');
    const after = await h.view(wh);
    expect(after.requests.find((r) => r.assignee.body === 'discipline')?.reply).toMatchObject({
      decision: 'approve',
      by: 'disc-wuming',
    });
  });

  it('reminds the body of an overdue reply, then escalates to the county organization department', async () => {
    const profile = candidate(await h.now());
    const wh = await h.nominate(profile);
    const v = await h.waitFor(wh, 'vetting', (x) => x.requests.length === 3);
    const deadline = v.requests[0]!.deadlineAt;
    const now = await h.now();
    // Ten working days: at least ten days after the request (less the moments
    // since), more when weekends and holidays fall between. (Not twelve: two
    // make-up Saturdays, 调休, can make ten working days twelve days long.)
    expect(deadline - now).toBeGreaterThan(10 * DAY - 60_000);
    for (const body of ['discipline', 'petition'] as const)
      await h.decide(wh, 'vetting_reply', SCREENERS[body]!, {}, (t) => t.assignee.body === body);
    await env.sleep(deadline - now + DAY);
    const reminder = await h.mail.waitFor(
      (m) =>
        m.subject.includes('驻村提醒') &&
        m.to.includes('pol-wuming@zhucun.local') &&
        m.text.includes(profile.name),
    );
    expect(reminder.to).toEqual(['pol-wuming@zhucun.local']);
    expect(
      h.mail
        .messages()
        .some((m) => m.to.includes('disc-wuming@zhucun.local') && m.text.includes(profile.name)),
    ).toBe(false);
    await env.sleep(5 * DAY);
    const escalation = await h.mail.waitFor(
      (m) => m.subject.includes('驻村督办') && m.text.includes(profile.name),
    );
    expect(escalation.to).toContain('org-wuming@zhucun.local');
    const tl = (await h.view(wh)).timeline.map((e) => e.action);
    expect(tl).toContain('reminded');
    expect(tl).toContain('escalated');
  });
});

describe('on duty', () => {
  it('reminds the official of a missed county training, then escalates', async () => {
    const profile = candidate(await h.now());
    const wh = await h.bringOnDuty(profile);
    // Year 1 ends 12 calendar months after dispatch.
    const yearEnd = (await h.view(wh)).years[0]!.endsAt;
    const sentTo = (rung: RegExp) =>
      h.mail
        .messages()
        .filter(
          (m) =>
            m.text.includes(profile.name) &&
            /培训|training/i.test(m.subject) &&
            rung.test(m.subject),
        );
    await env.sleep(yearEnd - 31 * DAY - (await h.now()));
    expect(sentTo(/./)).toEqual([]);
    await env.sleep(2 * DAY); // 30 days before
    const first = await h.mail.waitFor(
      (m) => m.text.includes(profile.name) && /培训|training/i.test(m.subject),
    );
    expect(first.to).toEqual([profile.email]);
    await env.sleep(24 * DAY); // 7 days before
    await env.sleep(8 * DAY); // the last day
    await h.mail.waitFor(
      (m) =>
        m.text.includes(profile.name) &&
        /培训|training/i.test(m.subject) &&
        m.to.includes('twp-fucheng@zhucun.local'),
    );
    await env.sleep(8 * DAY); // a week overdue
    const esc = await h.mail.waitFor(
      (m) =>
        m.text.includes(profile.name) &&
        /培训|training/i.test(m.subject) &&
        m.subject.includes('督办'),
    );
    expect(esc.to).toEqual(['org-wuming@zhucun.local']);
    const training = h.mail
      .messages()
      .filter((m) => m.text.includes(profile.name) && /培训|training/i.test(m.subject));
    expect(training).toHaveLength(4); // -30, -7, 0 (official + township in one message), +7
    await keepHistory('training-missed-running', wh);
    const v = await h.view(wh);
    expect(
      v.timeline
        .filter((e) => e.detail.startsWith('County-level training, year 1'))
        .map((e) => e.action),
    ).toEqual(['reminded', 'reminded', 'reminded', 'escalated']);
  });

  it('sends no training reminder when the training was recorded in time', async () => {
    const profile = candidate(await h.now());
    const wh = await h.bringOnDuty(profile);
    await env.sleep(100 * DAY);
    await wh.executeUpdate(recordTraining, {
      args: [{ actor: org, kind: 'county', title: 'Rural governance, Wuming party school' }],
    });
    await env.sleep(300 * DAY);
    const v = await h.view(wh);
    expect(v.years[0]!.trainings).toHaveLength(1);
    expect(v.timeline.some((e) => e.detail.startsWith('County-level training, year 1'))).toBe(
      false,
    );
    expect(
      h.mail
        .messages()
        .filter((m) => m.text.includes(profile.name) && /培训|training/i.test(m.subject)),
    ).toEqual([]);
  });

  it('turns an attendance close below 20 days into a residence breach and a reassignment case', async () => {
    const profile = candidate(await h.now());
    const wh = await h.bringOnDuty(profile);
    await h.untilMonthClose(wh, 1);
    await h.decide(wh, 'close_attendance', twp, { days: 12, comment: 'township ledger' });
    const v = await h.waitFor(wh, 'a case', (x) => x.cases.length === 1);
    expect(v.years[0]!.attendance).toEqual([{ month: 1, days: 12, breach: true }]);
    expect(v.cases[0]).toMatchObject({ grounds: ['residence'], status: 'recall_requested' });
    expect(
      v.openTasks.some((t) => t.kind === 'recall_reply' && t.assignee.role === 'county_org'),
    ).toBe(true);
  });

  it('caps the rating by the spot-check absence ladder', async () => {
    const profile = candidate(await h.now());
    const wh = await h.bringOnDuty(profile);
    await wh.executeUpdate(recordSpotCheckAbsence, {
      args: [{ actor: twp, note: 'not in village on spot check 1' }],
    });
    await wh.executeUpdate(recordSpotCheckAbsence, {
      args: [{ actor: twp, note: 'not in village on spot check 2' }],
    });
    // Past the year end, off the whole-day instants of the term's timers.
    await env.sleep((await h.view(wh)).years[0]!.endsAt - (await h.now()) + 1.5 * DAY);
    await h.decide(wh, 'self_report', officialActor(profile), { report: 'year one' });
    const v = await h.waitFor(wh, 'rating task', (x) =>
      x.openTasks.some((t) => t.kind === 'rate_official'),
    );
    const task = v.openTasks.find((t) => t.kind === 'rate_official')!;
    for (const rating of ['outstanding', 'competent'] as const) {
      const r = await refusalOf(
        wh.executeUpdate(decideTask, {
          args: [{ taskId: task.id, actor: org, decision: 'approve', comment: 'x', rating }],
        }),
      );
      expect(r.code).toBe('rating_capped');
      expect(r.message).toContain('basically_competent');
    }
    await wh.executeUpdate(decideTask, {
      args: [
        {
          taskId: task.id,
          actor: org,
          decision: 'approve',
          comment: 'two absences',
          rating: 'basically_competent',
        },
      ],
    });
    expect((await h.view(wh)).years[0]!.rating).toBe('basically_competent');
    await keepHistory('rating-capped-running', wh);
  });
});

describe('long life', () => {
  it('continues as new before the history grows large and keeps the whole timeline', async () => {
    const profile = candidate(await h.now());
    const wh = await h.bringOnDuty(profile, { maxHistoryEvents: 150 });
    const firstRunId = (await wh.describe()).runId;
    for (let month = 1; month <= 8; month++) {
      await h.untilMonthClose(wh, month);
      await h.decide(wh, 'close_attendance', twp, { days: 22 }, (t) => t.data?.month === month);
    }
    const v = await h.view(wh);
    expect(v.historyContinuedTimes).toBeGreaterThan(0);
    expect(v.timeline[0]!.action).toBe('nominated');
    expect(v.timeline.filter((e) => e.action === 'attendance_closed')).toHaveLength(8);
    const desc = await wh.describe();
    expect(desc.runId).not.toBe(firstRunId);
    await keepHistory('continued-as-new-first-run', wh, firstRunId);
    const log = await h.pool.query(
      'SELECT count(*)::int AS n FROM decision_log WHERE official_id = $1',
      [profile.officialId],
    );
    expect(log.rows[0].n).toBe(v.timeline.length);
  });
});
