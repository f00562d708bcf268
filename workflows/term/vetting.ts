// From nomination to dispatch: the six no-dispatch rules, one vetting request
// per screening body (one reply each; an objection goes to the county to
// decide, see objections.ts), the county's approval, the pre-dispatch
// training, and the dispatch itself. Before dispatch the dispatching unit may
// ask to replace its candidate, by a request and its reply.
import type { Actor } from '../../domain/actors.js';
import { days } from '../../domain/policy-defaults.js';
import type { Stage } from '../../domain/records.js';
import { refuse } from '../../domain/refuse.js';
import { SCREENING_BODIES } from '../../domain/roles.js';
import { screenCandidate, type RuleFailure } from '../../domain/screening.js';
import { SYSTEM, type RequestRecord, type TaskDecision, type TermData, type Who } from './data.js';
import { startYear } from './duty-year.js';
import {
  cancelOpenTasks,
  changeApplies,
  log,
  logDecision,
  openTask,
  setStage,
  type Term,
} from './ledger.js';
import {
  OBJECTION_DECIDED_BY_COUNTY,
  afterFollowUpReply,
  isObjection,
  isWithdrawn,
  referObjectionToCounty,
  standingObjections,
} from './objections.js';
import { countyOrg, screeningBody } from './parties.js';
import { fileRequest, hasOpenRequest } from './requests.js';
import { notifyPredecessor } from './succession.js';

/** Runs the six no-dispatch rules; none failed: one vetting request goes to each screening body. */
export function screen(term: Term, now: number): RuleFailure[] {
  const data = term.data;
  const failures = screenCandidate(data.profile, data.policy, now);
  if (failures.length) {
    data.screeningFailures = failures;
    for (const failure of failures)
      log(term, now, SYSTEM, 'screening_failed', `${failure.ruleId} ${failure.text}`, {
        reason: failure.reason,
        params: { ruleId: failure.ruleId, because: 'screening_rule' },
      });
    setStage(
      term,
      now,
      'screened_out',
      SYSTEM,
      `failed ${failures.map((failure) => failure.ruleId).join(', ')}`,
      {
        because: 'screening_failed',
        ruleIds: failures.map((failure) => failure.ruleId).join(','),
      },
    );
    notifyPredecessor(term, now, 'screened_out');
    return failures;
  }
  log(term, now, SYSTEM, 'screened', 'passed the six no-dispatch rules', { params: {} });
  setStage(term, now, 'vetting', SYSTEM, 'screening passed', { because: 'screening_passed' });
  for (const body of SCREENING_BODIES) {
    fileRequest(term, now, SYSTEM, {
      matter: `vetting:${body}`,
      kind: 'vetting',
      assignee: screeningBody(data.profile, body),
      taskKind: 'vetting_reply',
      subject: `${body} check of ${data.profile.name}`,
      reasons: 'pre-dispatch vetting',
    });
  }
  notifyPredecessor(term, now, 'nominated');
  return [];
}

export type VettingOutcome =
  | { outcome: 'objected'; objections: RequestRecord[] }
  | { outcome: 'approved' }
  | { outcome: 'waiting' };

/**
 * Vetting passes when every screening body approved or withdrew its
 * objection; while an objection stands (undecided, under a follow-up
 * question, or maintained), it does not.
 */
export function vettingOutcome(requests: readonly RequestRecord[]): VettingOutcome {
  const vetting = requests.filter((request) => request.kind === 'vetting');
  const objections = standingObjections(requests);
  if (objections.length) return { outcome: 'objected', objections };
  if (
    vetting.every(
      (request) =>
        request.reply?.decision === 'approve' ||
        (isObjection(request) && isWithdrawn(requests, request)),
    )
  )
    return { outcome: 'approved' };
  return { outcome: 'waiting' };
}

/**
 * After each reply to a vetting request or to a follow-up question on an
 * objection: an objection goes to the county to decide (before
 * OBJECTION_DECIDED_BY_COUNTY it ended the nomination at once); once every
 * body approved or withdrew its objection, the county is asked to approve the
 * dispatch.
 */
export function afterVettingReply(term: Term, now: number, request: RequestRecord): void {
  const data = term.data;
  if (isObjection(request)) {
    if (changeApplies(term, OBJECTION_DECIDED_BY_COUNTY))
      referObjectionToCounty(term, now, request);
    else endVettingOnObjection(term, now, request);
    return;
  }
  if (request.kind === 'objection_follow_up') afterFollowUpReply(term, now, request);
  if (vettingOutcome(data.requests).outcome !== 'approved') return;
  const withdrawn = data.requests.some(
    (vetting) => isObjection(vetting) && isWithdrawn(data.requests, vetting),
  );
  setStage(
    term,
    now,
    'awaiting_dispatch_approval',
    SYSTEM,
    withdrawn
      ? 'every screening body approved or withdrew its objection'
      : 'every screening body approved',
    { because: withdrawn ? 'vetting_passed_withdrawn' : 'vetting_passed' },
  );
  openTask(
    term,
    now,
    'approve_dispatch',
    countyOrg(data.profile),
    now + days(data.policy, data.policy.decisionDays),
    'decision',
  );
}

/** The rule before OBJECTION_DECIDED_BY_COUNTY: one objection ended the nomination at once. */
function endVettingOnObjection(term: Term, now: number, objection: RequestRecord): void {
  const data = term.data;
  cancelOpenTasks(term, now, 'vetting rejected', (task) => task.kind === 'vetting_reply');
  // The other bodies' requests are answered for them: each request ends with one reply.
  for (const unanswered of data.requests.filter(
    (request) => request.kind === 'vetting' && !request.reply,
  ))
    unanswered.reply = {
      decision: 'reject',
      reasons: 'withdrawn: vetting rejected',
      by: 'system',
      at: now,
      policyVersion: data.policy.version,
    };
  setStage(
    term,
    now,
    'rejected',
    SYSTEM,
    `vetting rejected by ${objection.assignee.body}: ${objection.reply?.reasons}`,
    {
      because: 'vetting_rejected',
      body: objection.assignee.body ?? '',
      requestNo: objection.no,
      reasons: objection.reply?.reasons ?? '',
    },
  );
  notifyPredecessor(term, now, 'rejected');
}

/** The county approves the dispatch (the pre-dispatch training is next) or rejects it. */
export function decideDispatch(term: Term, now: number, decided: TaskDecision): string {
  const data = term.data;
  if (decided.decision === 'reject') {
    logDecision(
      term,
      now,
      decided,
      'dispatch_rejected',
      'the county organization department rejected the dispatch',
      {},
    );
    setStage(
      term,
      now,
      'rejected',
      decided.actor,
      decided.comment || 'dispatch rejected',
      decided.comment ? {} : { because: 'dispatch_rejected' },
    );
    notifyPredecessor(term, now, 'rejected');
  } else {
    logDecision(
      term,
      now,
      decided,
      'dispatch_approved',
      'the county organization department approved the dispatch',
      {},
    );
    setStage(term, now, 'pre_dispatch_training', decided.actor, 'dispatch approved', {
      because: 'dispatch_approved',
    });
    openTask(
      term,
      now,
      'record_pre_dispatch_training',
      countyOrg(data.profile),
      now + days(data.policy, data.policy.decisionDays),
      'decision',
    );
  }
  return decided.task.kind;
}

/** Refuses the pre-dispatch training outside its stage. */
export function requirePreDispatchTrainingDue(data: Pick<TermData, 'stage'>): void {
  if (data.stage !== 'pre_dispatch_training')
    refuse(
      'wrong_stage',
      `pre-dispatch training is recorded before dispatch (stage is ${data.stage})`,
    );
}

/** The pre-dispatch training is done: the official is dispatched. */
export function completePreDispatchTraining(
  term: Term,
  now: number,
  decided: TaskDecision,
): string {
  logDecision(
    term,
    now,
    decided,
    'trained',
    `pre-dispatch training completed${decided.comment ? `: ${decided.comment}` : ''}`,
    { training: 'pre_dispatch' },
  );
  // Kept as a fact, that a correction can name (data in the batch, no new command).
  (term.data.preDispatchTrainings ??= []).push({
    at: now,
    title: decided.comment,
    by: decided.actor.id,
  });
  dispatch(term, now, decided.actor);
  return decided.task.kind;
}

/**
 * Dispatch starts year 1. A successor overlaps with its predecessor for the
 * hand-over ('dispatched') and is on duty alone once it is done.
 */
function dispatch(term: Term, now: number, who: Who): void {
  const data = term.data;
  data.dispatchedAt = now;
  startYear(term, 1, now);
  if (data.predecessorTermId && data.succeedsCaseId) {
    setStage(
      term,
      now,
      'dispatched',
      who,
      `dispatched; hand-over from ${data.predecessorTermId} under way`,
      { because: 'dispatched_handover', predecessorTermId: data.predecessorTermId },
    );
    notifyPredecessor(term, now, 'dispatched');
  } else {
    setStage(term, now, 'on_duty', who, 'dispatched to the village', { because: 'dispatched' });
  }
}

/** Stages in which the dispatching unit may still replace its candidate. */
const ADJUSTABLE_STAGES: readonly Stage[] = [
  'vetting',
  'awaiting_dispatch_approval',
  'pre_dispatch_training',
];

/** Refuses an adjustment after dispatch, or while one is open. */
export function requireAdjustable(data: TermData): void {
  if (!ADJUSTABLE_STAGES.includes(data.stage))
    refuse(
      'wrong_stage',
      `a candidate can be adjusted only before dispatch (stage is ${data.stage})`,
    );
  if (hasOpenRequest(data.requests, 'adjustment'))
    refuse('duplicate_request', 'an adjustment request is already open');
}

/** The dispatching unit asks the county to replace its candidate. */
export function fileAdjustmentRequest(
  term: Term,
  now: number,
  actor: Actor,
  reasons: string,
): { message: string; requestNo?: string } {
  const request = fileRequest(term, now, actor, {
    matter: 'adjustment',
    kind: 'adjustment',
    assignee: countyOrg(term.data.profile),
    taskKind: 'adjustment_reply',
    subject: `replace candidate ${term.data.profile.name}`,
    reasons,
  });
  return { message: 'adjustment requested', requestNo: request.no };
}

/** An approved adjustment withdraws the candidate; a rejected one changes nothing. */
export function afterAdjustmentReply(term: Term, now: number, request: RequestRecord): void {
  if (request.reply?.decision !== 'approve') return;
  cancelOpenTasks(term, now, 'candidate replaced');
  setStage(term, now, 'withdrawn', SYSTEM, `candidate adjustment ${request.no} approved`, {
    because: 'adjustment_approved',
    requestNo: request.no,
  });
  notifyPredecessor(term, now, 'withdrawn');
}
