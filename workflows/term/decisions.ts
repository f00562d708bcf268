// Decisions on open tasks: which task, whether this actor may decide it and
// with what, and the rule of its kind that applies the decision. A reply to a
// request goes through one request, one reply, then to the request's rule.
import type { Actor } from '../../domain/actors.js';
import { resolveCorrection } from './corrections.js';
import { decisionRule, decisionsOf } from '../../domain/decisions.js';
import { requireTaskDecider } from '../../domain/permissions.js';
import { APPROVE_ONLY_KINDS, type Task } from '../../domain/records.js';
import { requireReason } from '../../domain/reasons.js';
import { refuse } from '../../domain/refuse.js';
import type { DecideTaskInput } from '../messages.js';
import type { RequestRecord, TaskDecision, TermData, Who } from './data.js';
import {
  closeAttendance,
  rateOfficial,
  requireRatingAllowed,
  requireSelfReport,
  submitSelfReport,
} from './duty-year.js';
import { requireAttendanceDays } from '../../domain/duty.js';
import { closeTask, decisionWord, type Term } from './ledger.js';
import { applyLeaveDecision } from './leave.js';
import { decideObjection, standingObjections } from './objections.js';
import { replyTo, requestOfTask } from './requests.js';
import { afterRecallReply } from './succession.js';
import {
  afterAdjustmentReply,
  afterVettingReply,
  completePreDispatchTraining,
  decideDispatch,
} from './vetting.js';

/** The open task `id`; one decided or cancelled is refused as already decided, another as unknown. */
export function taskToDecide(data: TermData, id: string): Task {
  const task = data.openTasks.find((open) => open.id === id);
  if (task) return task;
  const closed =
    data.timeline.some((entry) => entry.taskId === id) ||
    data.pending.tasksClosed.some((closing) => closing.id === id);
  return refuse(
    closed || id.startsWith(data.termId + '.') ? 'already_decided' : 'not_found',
    `task ${id} is not open`,
  );
}

/**
 * Validator of decideTask: refuses before anything enters history. `inFlight`
 * holds tasks whose decision waits for an asynchronous check (the quota).
 */
export function validateDecision(
  data: TermData,
  inFlight: ReadonlySet<string>,
  input: DecideTaskInput,
): void {
  const task = taskToDecide(data, input.taskId);
  if (inFlight.has(task.id))
    refuse('already_decided', `task ${task.id} is being decided by someone else`);
  requireTaskDecider(input.actor, task, {
    nominatedBy: data.nominatedBy.id,
    requestFiledBy: requestOfTask(data.requests, task)?.filedBy,
  });
  if (input.decision === 'reject' && APPROVE_ONLY_KINDS.includes(task.kind))
    refuse('rule_refused', `a "${task.kind}" task is completed, not rejected`);
  if (!decisionRule(task.kind, input.decision))
    refuse(
      'rule_refused',
      `a "${task.kind}" task is decided with ${decisionsOf(task.kind)
        .map((word) => `"${word}"`)
        .join(' or ')}, not "${input.decision}"`,
    );
  if (task.kind === 'nominate_successor')
    refuse(
      'rule_refused',
      'nominate the successor through POST /api/nominations with replacesOfficialId',
    );
  if (task.kind === 'sign_handover')
    refuse('rule_refused', 'sign each hand-over item through the case');
  requireReason(task.kind, input.decision, input.comment, data.policy);
  // The task opens only once vetting passed; the rule is said here all the same.
  if (
    task.kind === 'approve_dispatch' &&
    input.decision === 'approve' &&
    standingObjections(data.requests).length > 0
  )
    refuse('rule_refused', 'dispatch is never approved over a standing objection');
  if (task.kind === 'close_attendance') requireAttendanceDays(input.days, data.policy);
  if (task.kind === 'self_report') requireSelfReport(input.report);
  if (task.kind === 'rate_official') requireRatingAllowed(data, task, input.rating);
}

/** Applies a validated decision; returns what the decider is told. */
export function decide(term: Term, now: number, input: DecideTaskInput): string {
  const { taskId: _taskId, ...said } = input;
  const task = taskToDecide(term.data, input.taskId);
  const request = requestOfTask(term.data.requests, task);
  if (request) {
    replyTo(term, now, request, input.actor, input.decision, input.comment);
    afterReply(term, now, request);
    return `${request.no} ${decisionWord(input.decision)}`;
  }
  closeTask(term, now, task.id, input.decision, input.actor.id);
  const decided: TaskDecision = { ...said, task };
  switch (task.kind) {
    case 'approve_dispatch':
      return decideDispatch(term, now, decided);
    case 'record_pre_dispatch_training':
      return completePreDispatchTraining(term, now, decided);
    case 'close_attendance':
      return closeAttendance(term, now, decided);
    case 'approve_leave':
      applyLeaveDecision(term, now, input.actor, input.decision, input.comment);
      return `leave ${decisionWord(input.decision)}`;
    case 'self_report':
      return submitSelfReport(term, now, decided);
    case 'rate_official':
      return rateOfficial(term, now, decided);
    case 'decide_objection':
      return decideObjection(term, now, decided);
    case 'resolve_correction':
      return resolveCorrection(term, now, decided);
    default:
      return refuse('rule_refused', `a "${task.kind}" task cannot be decided here`);
  }
}

/** A request has its reply: the rule of the request's kind takes it from there. */
function afterReply(term: Term, now: number, request: RequestRecord): void {
  switch (request.kind) {
    case 'vetting':
    case 'objection_follow_up':
      return afterVettingReply(term, now, request);
    case 'adjustment':
      return afterAdjustmentReply(term, now, request);
    case 'leave': {
      const reply = request.reply!;
      // The county's reply decides the leave; the reply itself is already logged.
      const county: Who = { id: reply.by, role: 'county_org' } as Who;
      return applyLeaveDecision(term, now, county, reply.decision, reply.reasons, true);
    }
    case 'recall':
      return afterRecallReply(term, now, request);
  }
}

/** The pre-dispatch training is recorded as the decision on its task. */
export function recordPreDispatchTraining(
  term: Term,
  now: number,
  actor: Actor,
  title: string,
): string {
  const task = term.data.openTasks.find((open) => open.kind === 'record_pre_dispatch_training');
  if (!task) refuse('wrong_stage', 'no pre-dispatch training is due');
  decide(term, now, { taskId: task.id, actor, decision: 'approve', comment: title });
  return 'pre-dispatch training recorded; dispatched';
}
