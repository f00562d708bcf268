// From nomination to dispatch: one vetting request per screening body, one
// reply each, an overdue reply reminded and then escalated.
import { describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../domain/policy-defaults.js';
import type { RequestRecord } from '../../workflows/term/data.js';
import { decide, validateDecision } from '../../workflows/term/decisions.js';
import { pendingRungs, sendDueReminders } from '../../workflows/term/reminders.js';
import { fileRequest, hasOpenRequest, replyTo } from '../../workflows/term/requests.js';
import { SYSTEM } from '../../workflows/term/data.js';
import { vettingOutcome } from '../../workflows/term/vetting.js';
import { DAY, ORG, POLICY, SCREENERS, START, TOWNSHIP, UNIT } from './support/term-fixtures.js';
import {
  DISPATCHED_AT,
  actionsOf,
  decideKind,
  inVetting,
  nominated,
  onDuty,
  openTaskOf,
  refusalOf,
} from './support/terms.js';
import { screen } from '../../workflows/term/vetting.js';

const replyTask = (term: ReturnType<typeof inVetting>, body: string) =>
  openTaskOf(term, 'vetting_reply', (task) => task.assignee.body === body);

describe('screening and vetting', () => {
  it('files one request per screening body, each with one reply task, due in 10 working days', () => {
    const term = inVetting();
    expect(term.data.stage).toBe('vetting');
    expect(term.data.requests.map((request) => [request.no, request.assignee.body])).toEqual([
      ['R-off-1-1', 'discipline'],
      ['R-off-1-2', 'petition'],
      ['R-off-1-3', 'police'],
    ]);
    const deadline = addWorkingDays(POLICY, START, POLICY.replyWorkingDays);
    // START is a Monday: ten working days later is the Monday two weeks on.
    expect(deadline).toBe(START + 14 * DAY);
    for (const request of term.data.requests) {
      const task = term.data.openTasks.find((open) => open.id === request.taskId)!;
      expect(task).toMatchObject({
        kind: 'vetting_reply',
        requestNo: request.no,
        dueAt: deadline,
        ladder: 'reply',
        assignee: { role: 'screening_body', jurisdiction: 'gx/nanning/wuming' },
      });
      expect(task.title).toBe(`Reply to the vetting request ${request.no}: ${request.subject}`);
    }
  });

  it('screens a candidate out on the six rules: no request is filed', () => {
    const term = nominated('off-2', { partyMember: 'none', lastHealthCheck: null });
    const failures = screen(term, START);
    expect(failures.map((failure) => failure.ruleId)).toEqual(['NO-1', 'NO-4']);
    expect(term.data.stage).toBe('screened_out');
    expect(term.data.requests).toEqual([]);
    expect(term.data.closedAt).toBe(START);
  });

  it('takes one reply from each body; a second reply is refused', () => {
    const term = inVetting();
    const police = replyTask(term, 'police');
    expect(
      decide(term, START + DAY, {
        taskId: police.id,
        actor: SCREENERS.police,
        decision: 'approve',
        comment: 'no record',
      }),
    ).toBe('R-off-1-3 approved');
    expect(
      refusalOf(() =>
        validateDecision(term.data, new Set(), {
          taskId: police.id,
          actor: SCREENERS.police,
          decision: 'reject',
          comment: 'on second thought',
        }),
      ),
    ).toEqual({ code: 'already_decided', message: `task ${police.id} is not open` });
    const request = term.data.requests.find((filed) => filed.no === 'R-off-1-3')!;
    expect(
      refusalOf(() => replyTo(term, START + DAY, request, SCREENERS.police, 'reject', '')),
    ).toMatchObject({ code: 'already_decided' });
    expect(request.reply).toMatchObject({ decision: 'approve', by: 'pol-wuming' });
  });

  it('lets only the body asked reply, never the nominator', () => {
    const term = inVetting();
    const police = replyTask(term, 'police');
    const ask = (actor: typeof UNIT) => () =>
      validateDecision(term.data, new Set(), {
        taskId: police.id,
        actor,
        decision: 'approve',
        comment: '无异议',
      });
    expect(refusalOf(ask(SCREENERS.discipline)).code).toBe('wrong_actor');
    expect(refusalOf(ask(ORG)).code).toBe('wrong_actor');
    expect(refusalOf(ask({ ...SCREENERS.police, id: UNIT.id })).message).toBe(
      'the nominator cannot decide on their own nomination',
    );
    expect(() => ask(SCREENERS.police)()).not.toThrow();
  });

  it('refers an objection to the county to decide: the nomination goes on', () => {
    const term = inVetting();
    decide(term, START + DAY, {
      taskId: replyTask(term, 'petition').id,
      actor: SCREENERS.petition,
      decision: 'reject',
      comment: 'open petition',
    });
    expect(term.data.stage).toBe('vetting');
    expect(openTaskOf(term, 'decide_objection')).toMatchObject({
      assignee: { role: 'county_org', jurisdiction: 'gx/nanning/wuming' },
      ladder: 'decision',
      data: { body: 'petition', objectionRequestNo: 'R-off-1-2', objection: 'open petition' },
    });
    // The other bodies still reply.
    expect(term.data.openTasks.filter((task) => task.kind === 'vetting_reply')).toHaveLength(2);
  });

  it('before objection-decided-by-county, ends the nomination on one rejection, answering the open requests for their bodies', () => {
    const term = inVetting();
    term.patched = (marker) => marker !== 'objection-decided-by-county';
    decide(term, START + DAY, {
      taskId: replyTask(term, 'petition').id,
      actor: SCREENERS.petition,
      decision: 'reject',
      comment: 'open petition',
    });
    expect(term.data.stage).toBe('rejected');
    expect(term.data.openTasks).toEqual([]);
    // Every request ends with exactly one reply.
    expect(term.data.requests.map((request) => request.reply?.decision)).toEqual([
      'reject',
      'reject',
      'reject',
    ]);
    expect(term.data.requests.map((request) => request.reply?.by)).toEqual([
      'system',
      'pet-wuming',
      'system',
    ]);
  });

  it('asks the county to approve the dispatch once every body approved', () => {
    const term = inVetting();
    for (const body of ['discipline', 'petition'] as const)
      decide(term, START + DAY, {
        taskId: replyTask(term, body).id,
        actor: SCREENERS[body],
        decision: 'approve',
        comment: '',
      });
    expect(term.data.stage).toBe('vetting');
    decide(term, START + DAY, {
      taskId: replyTask(term, 'police').id,
      actor: SCREENERS.police,
      decision: 'approve',
      comment: '',
    });
    expect(term.data.stage).toBe('awaiting_dispatch_approval');
    expect(openTaskOf(term, 'approve_dispatch').assignee).toEqual({
      role: 'county_org',
      jurisdiction: 'gx/nanning/wuming',
    });
  });

  it('decides vetting by the replies: an objection stands until withdrawn, all approved, or still waiting', () => {
    const request = (decision?: 'approve' | 'reject') =>
      ({
        kind: 'vetting',
        no: 'R-1',
        ...(decision ? { reply: { decision } } : {}),
      }) as RequestRecord;
    const followUp = (decision?: 'withdraw' | 'maintain') =>
      ({
        kind: 'objection_follow_up',
        no: 'R-2',
        follows: 'R-1',
        ...(decision ? { reply: { decision } } : {}),
      }) as RequestRecord;
    expect(vettingOutcome([request('approve'), request(), request()]).outcome).toBe('waiting');
    expect(vettingOutcome([request('approve'), request('reject'), request()]).outcome).toBe(
      'objected',
    );
    expect(vettingOutcome([request('approve'), request('approve')]).outcome).toBe('approved');
    expect(vettingOutcome([request('approve'), request('reject'), followUp()]).outcome).toBe(
      'objected',
    );
    expect(
      vettingOutcome([request('approve'), request('reject'), followUp('maintain')]).outcome,
    ).toBe('objected');
    expect(
      vettingOutcome([request('approve'), request('reject'), followUp('withdraw')]).outcome,
    ).toBe('approved');
  });

  it('reminds the body of an overdue reply on its deadline, then escalates to the county', () => {
    const term = inVetting();
    const police = replyTask(term, 'police');
    const rungs = pendingRungs(term.data).filter(
      (rung) => rung.order.obligation === `task:${police.id}`,
    );
    expect(
      rungs.map((rung) => [rung.order.rung, rung.at - police.dueAt, rung.order.escalation]),
    ).toEqual([
      ['deadline', 0, false],
      ['overdue-5d', 5 * DAY, true],
    ]);
    expect(rungs[0]!.order.recipients).toEqual([police.assignee]);
    expect(rungs[1]!.order.recipients).toEqual([
      { role: 'county_org', jurisdiction: 'gx/nanning/wuming' },
    ]);

    const before = term.data.timeline.length;
    sendDueReminders(term, police.dueAt - 1);
    expect(term.effects).toEqual([]);
    sendDueReminders(term, police.dueAt);
    sendDueReminders(term, police.dueAt + DAY); // each rung goes out once
    expect(term.effects.map((effect) => effect.type === 'remind' && effect.order.rung)).toEqual([
      'deadline',
      'deadline',
      'deadline',
    ]);
    sendDueReminders(term, police.dueAt + 5 * DAY);
    expect(actionsOf(term, before)).toEqual([
      'reminded',
      'reminded',
      'reminded',
      'escalated',
      'escalated',
      'escalated',
    ]);
  });

  it('refuses the same matter twice while its request is open', () => {
    const term = onDuty();
    const ask = () =>
      fileRequest(term, DISPATCHED_AT, SYSTEM, {
        matter: 'leave',
        kind: 'leave',
        assignee: { role: 'county_org', jurisdiction: 'gx/nanning/wuming' },
        taskKind: 'leave_reply',
        subject: '10 days of leave',
        reasons: '',
      });
    const first = ask();
    expect(hasOpenRequest(term.data.requests, 'leave')).toBe(true);
    expect(refusalOf(ask)).toEqual({
      code: 'duplicate_request',
      message: 'a request on "leave" is already open',
    });
    replyTo(term, DISPATCHED_AT + DAY, first, ORG, 'reject', 'not now');
    expect(hasOpenRequest(term.data.requests, 'leave')).toBe(false);
    expect(ask().no).toBe('R-off-1-5');
  });

  it('dispatches after the pre-dispatch training: year 1 starts, the official is on duty', () => {
    const term = onDuty();
    expect(term.data.stage).toBe('on_duty');
    expect(term.data.dispatchedAt).toBe(DISPATCHED_AT);
    expect(term.data.years.map((year) => [year.year, year.startsAt])).toEqual([[1, DISPATCHED_AT]]);
    expect(() => decideKind(term, DISPATCHED_AT, 'close_attendance', TOWNSHIP)).toThrow(
      'no open close_attendance task',
    );
  });

  it('tells the predecessor how its successor is doing', () => {
    const term = inVetting('off-9', {
      predecessorTermId: 'term-off-old',
      caseId: 'term-off-old.c1',
    });
    expect(term.effects).toEqual([
      {
        type: 'notifyPredecessor',
        predecessorTermId: 'term-off-old',
        progress: {
          successorTermId: 'term-off-9',
          successorOfficialId: 'off-9',
          caseId: 'term-off-old.c1',
          status: 'nominated',
          at: START,
        },
      },
    ]);
  });
});
