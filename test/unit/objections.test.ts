// Screening bodies advise; the county decides: an objection goes to the
// county, which ends the nomination citing it or asks the body a follow-up
// question by a new numbered request, which the body answers by withdrawing
// or maintaining its objection.
import { describe, expect, it } from 'vitest';
import { DECISIONS, TASK_DECISIONS, decisionsOf } from '../../domain/decisions.js';
import { APPROVE_ONLY_KINDS, TASK_KINDS } from '../../domain/records.js';
import { decide, validateDecision } from '../../workflows/term/decisions.js';
import type { Term } from '../../workflows/term/ledger.js';
import { pendingRungs } from '../../workflows/term/reminders.js';
import { DAY, ORG, SCREENERS, START } from './support/term-fixtures.js';
import { actionsOf, inVetting, openTaskOf, refusalOf } from './support/terms.js';

type Body = 'discipline' | 'petition' | 'police';

const reply = (term: Term, body: Body, decision: 'approve' | 'reject', comment: string) =>
  decide(term, START + DAY, {
    taskId: openTaskOf(term, 'vetting_reply', (task) => task.assignee.body === body).id,
    actor: SCREENERS[body],
    decision,
    comment,
  });

const countyDecides = (
  term: Term,
  body: Body,
  decision: 'end_nomination' | 'follow_up',
  comment: string,
) =>
  decide(term, START + 2 * DAY, {
    taskId: openTaskOf(term, 'decide_objection', (task) => task.data?.body === body).id,
    actor: ORG,
    decision,
    comment,
  });

const bodyAnswers = (term: Term, body: Body, decision: 'withdraw' | 'maintain', comment: string) =>
  decide(term, START + 3 * DAY, {
    taskId: openTaskOf(term, 'objection_follow_up_reply', (task) => task.assignee.body === body).id,
    actor: SCREENERS[body],
    decision,
    comment,
  });

/** In vetting, the police objecting, the other two bodies clear. */
function policeObjects(): Term {
  const term = inVetting();
  reply(term, 'discipline', 'approve', 'no record');
  reply(term, 'petition', 'approve', 'no record');
  reply(term, 'police', 'reject', 'open case 2026-114');
  return term;
}

describe('the decision table', () => {
  it('gives every kind its decisions, each a known word; approve-only kinds only approve', () => {
    for (const kind of TASK_KINDS) {
      expect(decisionsOf(kind).length, kind).toBeGreaterThan(0);
      for (const decision of decisionsOf(kind)) expect(DECISIONS).toContain(decision);
    }
    for (const kind of APPROVE_ONLY_KINDS) expect(decisionsOf(kind)).toEqual(['approve']);
    expect(decisionsOf('decide_objection')).toEqual(['follow_up', 'end_nomination']);
    expect(decisionsOf('objection_follow_up_reply')).toEqual(['withdraw', 'maintain']);
    // Ending the nomination cannot be undone: the page asks a second time.
    expect(TASK_DECISIONS.decide_objection.end_nomination?.confirm).toBe(true);
  });
});

describe('an objection: the county decides', () => {
  it('asks the county, not the record, to end the nomination', () => {
    const term = policeObjects();
    expect(term.data.stage).toBe('vetting');
    const task = openTaskOf(term, 'decide_objection');
    expect(task.title).toBe('Decide on the objection of the police body (R-off-1-3)');
    expect(term.data.openTasks.map((open) => open.kind)).toEqual(['decide_objection']);
  });

  it('refuses other decision words, a decision without its reason, and anyone but the county', () => {
    const term = policeObjects();
    const task = openTaskOf(term, 'decide_objection');
    const check = (input: Partial<Parameters<typeof validateDecision>[2]>) => () =>
      validateDecision(term.data, new Set(), {
        taskId: task.id,
        actor: ORG,
        decision: 'follow_up',
        comment: 'is it closed?',
        ...input,
      });
    expect(refusalOf(check({ decision: 'approve' })).code).toBe('rule_refused');
    expect(refusalOf(check({ decision: 'withdraw' })).code).toBe('rule_refused');
    expect(refusalOf(check({ comment: '' })).code).toBe('reason_required');
    expect(refusalOf(check({ decision: 'end_nomination', comment: ' ' })).code).toBe(
      'reason_required',
    );
    expect(refusalOf(check({ actor: SCREENERS.police })).code).toBe('wrong_actor');
    expect(() => check({})()).not.toThrow();
  });

  it('ends the nomination citing the objection; the open requests are answered for their bodies', () => {
    const term = inVetting();
    reply(term, 'police', 'reject', 'open case 2026-114');
    const before = term.data.timeline.length;
    expect(countyDecides(term, 'police', 'end_nomination', 'an open case bars the posting')).toBe(
      'nomination ended on the objection R-off-1-3',
    );
    expect(term.data.stage).toBe('rejected');
    expect(term.data.openTasks).toEqual([]);
    expect(term.data.requests.map((request) => request.reply?.by)).toEqual([
      'system',
      'system',
      'pol-wuming',
    ]);
    // The two bodies' open requests are cancelled with their tasks, on record.
    expect(actionsOf(term, before)).toEqual([
      'nomination_ended',
      'request_cancelled',
      'request_cancelled',
      'stage',
    ]);
    const ended = term.data.timeline.find((entry) => entry.action === 'nomination_ended')!;
    expect(ended).toMatchObject({ actorId: 'org-wuming', reason: 'an open case bars the posting' });
    expect(ended.detail).toContain('R-off-1-3 of the police body: open case 2026-114');
    expect(term.data.timeline.at(-1)!.reason).toContain('open case 2026-114');
  });

  it('asks a follow-up question by a new numbered request to the body, the question as its reasons', () => {
    const term = policeObjects();
    expect(countyDecides(term, 'police', 'follow_up', 'is case 2026-114 still open?')).toBe(
      'R-off-1-4 follow-up question to the police body on R-off-1-3',
    );
    const followUp = term.data.requests.at(-1)!;
    expect(followUp).toMatchObject({
      no: 'R-off-1-4',
      kind: 'objection_follow_up',
      follows: 'R-off-1-3',
      reasons: 'is case 2026-114 still open?',
      filedBy: 'org-wuming',
      assignee: { role: 'screening_body', body: 'police' },
    });
    const task = openTaskOf(term, 'objection_follow_up_reply');
    expect(task).toMatchObject({ requestNo: 'R-off-1-4', ladder: 'reply' });
    // An overdue reply is reminded on its deadline, then escalated to the county.
    const rungs = pendingRungs(term.data).filter(
      (rung) => rung.order.obligation === `task:${task.id}`,
    );
    expect(rungs.map((rung) => [rung.order.rung, rung.order.recipients])).toEqual([
      ['deadline', [task.assignee]],
      ['overdue-5d', [{ role: 'county_org', jurisdiction: 'gx/nanning/wuming' }]],
    ]);
    expect(term.data.stage).toBe('vetting');
    expect(term.data.openTasks.map((open) => open.kind)).toEqual(['objection_follow_up_reply']);
  });

  it('withdrawn: the body counts as not objecting, and the county is asked to approve the dispatch', () => {
    const term = policeObjects();
    countyDecides(term, 'police', 'follow_up', 'is case 2026-114 still open?');
    expect(bodyAnswers(term, 'police', 'withdraw', 'closed without charge')).toBe(
      'R-off-1-4 objection withdrawn',
    );
    expect(term.data.stage).toBe('awaiting_dispatch_approval');
    expect(term.data.openTasks.map((open) => open.kind)).toEqual(['approve_dispatch']);
    expect(term.data.timeline.at(-1)!.reason).toBe(
      'every screening body approved or withdrew its objection',
    );
  });

  it('maintained: the county decides again, and dispatch approval never opens', () => {
    const term = policeObjects();
    countyDecides(term, 'police', 'follow_up', 'is case 2026-114 still open?');
    const followUp = openTaskOf(term, 'objection_follow_up_reply');
    bodyAnswers(term, 'police', 'maintain', 'still open');
    expect(term.data.stage).toBe('vetting');
    expect(term.data.openTasks.map((open) => open.kind)).toEqual(['decide_objection']);
    expect(openTaskOf(term, 'decide_objection').data).toMatchObject({
      followUpRequestNo: 'R-off-1-4',
      maintained: 'still open',
    });
    // One request, one reply.
    expect(
      refusalOf(() =>
        validateDecision(term.data, new Set(), {
          taskId: followUp.id,
          actor: SCREENERS.police,
          decision: 'withdraw',
          comment: 'on second thought',
        }),
      ).code,
    ).toBe('already_decided');
    // Asked again, maintained again: still no dispatch approval.
    countyDecides(term, 'police', 'follow_up', 'what does the case concern?');
    expect(term.data.requests.at(-1)!.no).toBe('R-off-1-5');
    bodyAnswers(term, 'police', 'maintain', 'fraud');
    expect(term.data.openTasks.map((open) => open.kind)).toEqual(['decide_objection']);
    countyDecides(term, 'police', 'end_nomination', 'the objection stands');
    expect(term.data.stage).toBe('rejected');
    expect(term.data.timeline.at(-1)!.reason).toContain('maintained on R-off-1-5: fraud');
  });

  it('refuses to approve a dispatch over a standing objection', () => {
    const term = policeObjects();
    // A dispatch approval that somehow stood open while the objection stands.
    const dispatch = { ...openTaskOf(term, 'decide_objection'), id: 'term-off-1.t99' };
    term.data.openTasks.push({ ...dispatch, kind: 'approve_dispatch', data: undefined });
    expect(
      refusalOf(() =>
        validateDecision(term.data, new Set(), {
          taskId: 'term-off-1.t99',
          actor: ORG,
          decision: 'approve',
          comment: 'ok',
        }),
      ),
    ).toEqual({
      code: 'rule_refused',
      message: 'dispatch is never approved over a standing objection',
      details: undefined,
    });
  });

  it('waits for every objection: one withdrawn while another stands opens nothing', () => {
    const term = inVetting();
    reply(term, 'discipline', 'approve', 'no record');
    reply(term, 'petition', 'reject', 'petition 7 open');
    reply(term, 'police', 'reject', 'open case 2026-114');
    expect(term.data.openTasks.map((open) => open.kind)).toEqual([
      'decide_objection',
      'decide_objection',
    ]);
    countyDecides(term, 'police', 'follow_up', 'is case 2026-114 still open?');
    bodyAnswers(term, 'police', 'withdraw', 'closed without charge');
    expect(term.data.stage).toBe('vetting');
    expect(term.data.openTasks.map((open) => open.kind)).toEqual(['decide_objection']);
    countyDecides(term, 'petition', 'follow_up', 'was petition 7 answered?');
    bodyAnswers(term, 'petition', 'withdraw', 'answered and closed');
    expect(term.data.stage).toBe('awaiting_dispatch_approval');
  });
});
