// Leave: the tier that approves it, one leave at a time, the yearly cap.
import { describe, expect, it } from 'vitest';
import { isOverLeaveCap, isValidLeaveLength, leaveApprover } from '../../domain/duty.js';
import { requireLeaveRequester, requireReturnReporter } from '../../domain/permissions.js';
import { decide } from '../../workflows/term/decisions.js';
import {
  applyLeaveDecision,
  reportReturn,
  requestLeave,
  requireLeaveAllowed,
  requireOnLeave,
} from '../../workflows/term/leave.js';
import { DAY, ORG, POLICY, TOWNSHIP, candidate, officialOf } from './support/term-fixtures.js';
import {
  DISPATCHED_AT,
  actionsOf,
  decideKind,
  inVetting,
  onDuty,
  openTaskOf,
  refusalOf,
} from './support/terms.js';

const official = officialOf(candidate('off-1'));
const NOW = DISPATCHED_AT + 3 * DAY;

describe('leave', () => {
  it('is approved by the township up to the policy days, by the county beyond', () => {
    for (const townshipMaxDays of [0, 3, 7]) {
      const policy = { ...POLICY, leave: { ...POLICY.leave, townshipMaxDays } };
      for (let days = 1; days <= 40; days++)
        expect(leaveApprover(days, policy)).toBe(
          days <= townshipMaxDays ? 'township' : 'county_org',
        );
    }
  });

  it('asks the township for short leave by a task', () => {
    const term = onDuty();
    expect(requestLeave(term, NOW, official, 3, 'family')).toEqual({
      message: 'leave requested from the township',
      taskId: 'term-off-1.t6',
    });
    expect(openTaskOf(term, 'approve_leave')).toMatchObject({
      title: 'Approve 3 day(s) of leave',
      assignee: { role: 'township', jurisdiction: 'gx/nanning/wuming/fucheng/lianhe' },
      dueAt: NOW + 2 * DAY,
    });
    expect(term.data.requests.filter((request) => request.kind === 'leave')).toEqual([]);
  });

  it('asks the county for long leave by a request and its reply', () => {
    const term = onDuty();
    const asked = requestLeave(term, NOW, official, 4, 'surgery');
    expect(asked).toMatchObject({ requestNo: 'R-off-1-4' });
    expect(openTaskOf(term, 'leave_reply').title).toBe(
      'Reply to the long-leave request R-off-1-4: 4 days of leave',
    );
    decideKind(term, NOW + DAY, 'leave_reply', ORG);
    expect(term.data.leave).toMatchObject({ status: 'on_leave', days: 4 });
    expect(term.data.years[0]!.leaveDays).toBe(4);
  });

  it('takes one leave at a time, and a return only from approved leave', () => {
    const term = onDuty();
    expect(() => requireLeaveAllowed(term.data, 2)).not.toThrow();
    requestLeave(term, NOW, official, 2, 'family');
    expect(refusalOf(() => requireLeaveAllowed(term.data, 2))).toEqual({
      code: 'duplicate_request',
      message: 'a leave is already requested',
    });
    expect(refusalOf(() => requireOnLeave(term.data)).code).toBe('wrong_stage');
    decideKind(term, NOW, 'approve_leave', TOWNSHIP);
    expect(() => requireOnLeave(term.data)).not.toThrow();
    expect(reportReturn(term, NOW + 2 * DAY, official)).toBe('leave closed');
    expect(term.data.leave).toBeUndefined();
    expect(() => requireLeaveAllowed(term.data, 2)).not.toThrow();
  });

  it('is rejected by the tier: nothing is asked any more, and the log says "rejected"', () => {
    const term = onDuty();
    requestLeave(term, NOW, official, 2, 'family');
    const before = term.data.timeline.length;
    expect(
      decide(term, NOW, {
        taskId: openTaskOf(term, 'approve_leave').id,
        actor: TOWNSHIP,
        decision: 'reject',
        comment: 'harvest',
      }),
    ).toBe('leave rejected');
    expect(term.data.leave).toBeUndefined();
    expect(actionsOf(term, before)).toEqual(['leave_rejected']);
    expect(term.data.years[0]!.leaveDays).toBe(0);
  });

  it('over the yearly cap opens a recall case, once', () => {
    const term = onDuty();
    let now = NOW;
    for (const days of [20, 10, 5]) {
      applyLeaveDecision(term, now, ORG, 'approve', '', true); // no leave asked: nothing
      requestLeave(term, now, official, days, 'care');
      decideKind(term, now + DAY, 'leave_reply', ORG);
      reportReturn(term, now + days * DAY, official);
      now += 40 * DAY;
    }
    expect(term.data.years[0]!.leaveDays).toBe(35);
    expect(term.data.cases.map((opened) => opened.grounds)).toEqual([['leave']]);
    expect(term.data.timeline.filter((entry) => entry.action === 'case_opened')).toHaveLength(1);
    expect(isOverLeaveCap(30, POLICY)).toBe(false);
    expect(isOverLeaveCap(31, POLICY)).toBe(true);
  });

  it('refuses what is not leave: off post, impossible lengths, anyone but the official', () => {
    expect(refusalOf(() => requireLeaveAllowed(inVetting().data, 2)).code).toBe('wrong_stage');
    for (const days of [0, -1, 1.5, 366]) expect(isValidLeaveLength(days)).toBe(false);
    expect(refusalOf(() => requireLeaveAllowed(onDuty().data, 0)).message).toBe(
      'leave days must be a whole number from 1 to 365',
    );
    expect(refusalOf(() => requireLeaveRequester(TOWNSHIP, 'off-1')).code).toBe('wrong_actor');
    expect(refusalOf(() => requireLeaveRequester({ ...official, id: 'off-2' }, 'off-1')).code).toBe(
      'wrong_actor',
    );
    expect(() => requireLeaveRequester(official, 'off-1')).not.toThrow();
    expect(refusalOf(() => requireReturnReporter(ORG, 'off-1')).message).toBe(
      'only the official reports their own return',
    );
  });
});
