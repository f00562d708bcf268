// Leave: asked by the official, approved by the tier the policy sets (short
// leave the township, longer leave the county by a request and its reply),
// counted against the year; leave over the yearly cap opens a recall case.
// One leave at a time, closed by the official's return.
import type { Actor } from '../../domain/actors.js';
import type { Decision } from '../../domain/decisions.js';
import { isOverLeaveCap, isValidLeaveLength, leaveApprover } from '../../domain/duty.js';
import { days } from '../../domain/policy-defaults.js';
import { refuse } from '../../domain/refuse.js';
import { taskTitle } from '../../domain/task-titles.js';
import { openCaseFor } from './cases.js';
import type { TermData, Who } from './data.js';
import { yearAt } from './duty-year.js';
import { decisionWord, log, openTask, requireOnPost, type Term } from './ledger.js';
import { countyOrg, townshipOverVillage } from './parties.js';
import { fileRequest } from './requests.js';

/** The township answers short leave within two policy days. */
const SHORT_LEAVE_DECISION_DAYS = 2;

/** Refuses leave off post, while another is asked or taken, or of an impossible length. */
export function requireLeaveAllowed(data: TermData, daysAsked: number): void {
  requireOnPost(data, 'leave');
  if (data.leave) refuse('duplicate_request', `a leave is already ${data.leave.status}`);
  if (!isValidLeaveLength(daysAsked))
    refuse('rule_refused', 'leave days must be a whole number from 1 to 365');
}

export function requestLeave(
  term: Term,
  now: number,
  actor: Actor,
  daysAsked: number,
  reason: string,
): { message: string; taskId?: string; requestNo?: string } {
  const data = term.data;
  log(term, now, actor, 'leave_requested', `${daysAsked} day(s) of leave`, {
    reason,
    params: { days: daysAsked },
  });
  if (leaveApprover(daysAsked, data.policy) === 'township') {
    const approval = openTask(
      term,
      now,
      'approve_leave',
      townshipOverVillage(data.profile),
      now + days(data.policy, SHORT_LEAVE_DECISION_DAYS),
      'decision',
      { title: taskTitle('approve_leave', 'en', { days: daysAsked }), data: { days: daysAsked } },
    );
    data.leave = { days: daysAsked, status: 'requested', taskId: approval.id };
    return { message: 'leave requested from the township', taskId: approval.id };
  }
  const request = fileRequest(term, now, actor, {
    matter: 'leave',
    kind: 'leave',
    assignee: countyOrg(data.profile),
    taskKind: 'leave_reply',
    subject: `${daysAsked} days of leave`,
    reasons: reason,
  });
  data.leave = { days: daysAsked, status: 'requested', requestNo: request.no };
  return {
    message: 'long leave requested from the county organization department',
    requestNo: request.no,
    taskId: request.taskId,
  };
}

/**
 * The leave is approved (the official is on leave, its days count against the
 * year) or rejected (nothing is asked any more). A request's reply is logged
 * as the reply; the township's decision as a decision on leave.
 */
export function applyLeaveDecision(
  term: Term,
  now: number,
  who: Who,
  decision: Decision,
  comment: string,
  viaRequest = false,
): void {
  const data = term.data;
  const leave = data.leave;
  if (!leave) return;
  if (!viaRequest)
    log(
      term,
      now,
      who,
      `leave_${decisionWord(decision)}`,
      `${leave.days} day(s) of leave ${decisionWord(decision)}`,
      {
        reason: comment,
        params: { days: leave.days },
      },
    );
  if (decision === 'reject') {
    data.leave = undefined;
    return;
  }
  leave.status = 'on_leave';
  const year = yearAt(data.years, now)!;
  year.leaveDays += leave.days;
  if (isOverLeaveCap(year.leaveDays, data.policy))
    openCaseFor(
      term,
      now,
      'leave',
      `${year.leaveDays} days of leave in year ${year.year}, over ${data.policy.leave.yearlyCapDays}`,
      undefined,
      {
        because: 'leave_over_cap',
        days: year.leaveDays,
        year: year.year,
        cap: data.policy.leave.yearlyCapDays,
      },
    );
}

/** Refuses a return unless the official is on approved leave. */
export function requireOnLeave(data: Pick<TermData, 'leave'>): void {
  if (data.leave?.status !== 'on_leave')
    refuse('wrong_stage', 'the official is not on approved leave');
}

export function reportReturn(term: Term, now: number, actor: Actor): string {
  log(
    term,
    now,
    actor,
    'returned_from_leave',
    `back in the village after ${term.data.leave?.days} day(s) of leave`,
    { params: { days: term.data.leave?.days ?? 0 } },
  );
  term.data.leave = undefined;
  return 'leave closed';
}
