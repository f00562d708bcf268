// Reassignment cases: a ground (health, evaluation, residence, leave, the
// dispatching unit's request, the official's own request) opens one case with
// one recall request; further
// grounds join the open case. A case closes with the hand-over, a rejected
// recall, an exception by the county, or the end of the term.
import type { Actor } from '../../domain/actors.js';
import { countyOf } from '../../domain/jurisdiction.js';
import type { CaseGround, CaseRecord, TimelineParams } from '../../domain/records.js';
import { refuse } from '../../domain/refuse.js';
import { SYSTEM, type TermData, type Who } from './data.js';
import { cancelOpenTasks, log, requireOnPost, setStage, touchCase, type Term } from './ledger.js';
import { countyOrg } from './parties.js';
import { fileRequest } from './requests.js';

/** The case not yet closed; a term has at most one. */
export function openCase(cases: readonly CaseRecord[]): CaseRecord | undefined {
  return cases.find((reassignment) => reassignment.status !== 'closed');
}

/**
 * Whether a case is the succession at the end of a full term (ground
 * `term_end`, workflows/term/term-end-succession.ts): no recall; its hand-over
 * leaves the outgoing official's stage alone and the term closes on its own.
 */
export const isTermEndCase = (reassignment: Pick<CaseRecord, 'grounds'>): boolean =>
  reassignment.grounds.includes('term_end');

/** A new case of the term, numbered after the last one, on its first ground. */
export function addCase(
  data: TermData,
  now: number,
  ground: CaseGround,
  status: CaseRecord['status'],
): CaseRecord {
  data.seq.case += 1;
  const opened: CaseRecord = {
    caseId: `${data.termId}.c${data.seq.case}`,
    termId: data.termId,
    officialId: data.profile.officialId,
    officialName: data.profile.name,
    county: countyOf(data.profile.village),
    village: data.profile.village,
    grounds: [ground],
    status,
    successorOfficialIds: [],
    openedAt: now,
  };
  data.cases.push(opened);
  return opened;
}

/**
 * Opens a reassignment case with its recall request, or adds the ground to the
 * one already open. `because` words a `why` the system wrote (a code and its
 * values, for the page); a person's own words need none.
 */
export function openCaseFor(
  term: Term,
  now: number,
  ground: CaseGround,
  why: string,
  filer: Who = SYSTEM,
  because: TimelineParams = {},
): CaseRecord {
  const data = term.data;
  const open = openCase(data.cases);
  if (open) {
    if (!open.grounds.includes(ground)) open.grounds.push(ground);
    touchCase(term, open);
    log(term, now, filer, 'case_ground_added', `${ground} added to case ${open.caseId}`, {
      reason: why,
      caseId: open.caseId,
      params: { ground, caseId: open.caseId, ...because },
    });
    // A recall ground during the term-end succession: the successor sought
    // already will take over, but the recall still goes through one request
    // and one reply; approved, the hand-over ends in a recall.
    if (isTermEndCase(open) && open.recallRequestNo === undefined)
      fileRecall(term, now, filer, open, ground, why, because);
    return open;
  }
  const opened = addCase(data, now, ground, 'recall_requested');
  const caseId = opened.caseId;
  log(term, now, filer, 'case_opened', `reassignment case ${caseId} on ground ${ground}`, {
    reason: why,
    caseId,
    params: { ground, caseId, ...because },
  });
  fileRecall(term, now, filer, opened, ground, why, because);
  return opened;
}

/** The case's recall request to the county (a term-end succession keeps its own deadline). */
function fileRecall(
  term: Term,
  now: number,
  filer: Who,
  reassignment: CaseRecord,
  ground: CaseGround,
  why: string,
  because: TimelineParams,
): void {
  const data = term.data;
  const recall = fileRequest(term, now, filer, {
    matter: 'recall',
    kind: 'recall',
    assignee: countyOrg(data.profile),
    taskKind: 'recall_reply',
    subject: `recall ${data.profile.name} (${ground})`,
    reasons: why,
    caseId: reassignment.caseId,
    because: { ground, ...because },
  });
  reassignment.recallRequestNo = recall.no;
  if (!isTermEndCase(reassignment)) reassignment.dueAt = recall.deadlineAt;
  touchCase(term, reassignment);
}

/** Whether the county approved the case's recall. */
export function isRecallApproved(
  data: Pick<TermData, 'requests'>,
  reassignment: Pick<CaseRecord, 'recallRequestNo'>,
): boolean {
  return data.requests.some(
    (request) =>
      request.no === reassignment.recallRequestNo && request.reply?.decision === 'approve',
  );
}

/** Who a recall request on each requested ground comes from, for the refusals. */
const REQUESTED_BY = {
  request: 'of the dispatching unit',
  own_request: "at the official's own request",
} as const;

/**
 * Refuses a recall request (of the dispatching unit, or the official's own)
 * off post, or on a case past its recall. Another ground may have filed the
 * recall already: the request joins that case as a ground (one case, one
 * recall request); only its own repeat is a duplicate.
 */
export function requireRecallFileable(
  data: TermData,
  ground: keyof typeof REQUESTED_BY = 'request',
): void {
  requireOnPost(data, 'a recall');
  const open = openCase(data.cases);
  if (open?.grounds.includes(ground))
    refuse(
      'duplicate_request',
      `a recall request ${REQUESTED_BY[ground]} is already on case ${open.caseId}`,
    );
  // A term-end succession takes a recall request until it has one.
  const takesRecall = open && isTermEndCase(open) && open.recallRequestNo === undefined;
  if (open && open.status !== 'recall_requested' && !takesRecall)
    refuse('wrong_stage', `a reassignment case is already past its recall (${open.status})`);
}

/**
 * A recall asked for by the dispatching unit (ground "request") or by the
 * official themself (ground "own_request"): a case with its recall request to
 * the county, filed in the asker's name.
 */
export function fileRecallRequest(
  term: Term,
  now: number,
  actor: Actor,
  reasons: string,
  ground: keyof typeof REQUESTED_BY = 'request',
): { message: string; requestNo?: string; caseId?: string } {
  const reassignment = openCaseFor(term, now, ground, reasons, actor);
  return {
    message: ground === 'request' ? 'recall requested' : 'own recall requested',
    caseId: reassignment.caseId,
    requestNo: reassignment.recallRequestNo,
  };
}

export function closeCase(
  term: Term,
  now: number,
  reassignment: CaseRecord,
  outcome: NonNullable<CaseRecord['outcome']>,
  reason: string,
  because: TimelineParams = {},
): void {
  const data = term.data;
  // The outgoing leaves before its successor is dispatched (exception, term ended):
  // tell the successor no hand-over is due, or its dispatch would wait for one for ever.
  if (
    outcome !== 'recalled' &&
    reassignment.status === 'successor_in_vetting' &&
    data.successorTermId
  )
    term.effects.push({ type: 'notifySuccessor', successorTermId: data.successorTermId });
  reassignment.status = 'closed';
  reassignment.outcome = outcome;
  reassignment.outcomeReason = reason;
  reassignment.closedAt = now;
  reassignment.dueAt = undefined;
  touchCase(term, reassignment);
  log(term, now, SYSTEM, 'case_closed', `case ${reassignment.caseId} closed: ${outcome}`, {
    reason,
    caseId: reassignment.caseId,
    params: { caseId: reassignment.caseId, outcome, ...because },
  });
}

/** An exception applies once the recall is approved and until the successor is dispatched. */
export function requireExceptionAllowed(data: TermData): void {
  const open = openCase(data.cases);
  if (!open || (open.status !== 'awaiting_successor' && open.status !== 'successor_in_vetting'))
    refuse(
      'wrong_stage',
      'an exception applies to a case whose recall is approved and whose successor is not yet dispatched',
    );
}

/** The county lets the official leave before a successor is dispatched. */
export function recordException(term: Term, now: number, actor: Actor, reason: string): string {
  const open = openCase(term.data.cases)!;
  log(
    term,
    now,
    actor,
    'recall_exception',
    `the official leaves before a successor is dispatched`,
    {
      reason,
      caseId: open.caseId,
      params: { caseId: open.caseId },
    },
  );
  closeCase(term, now, open, 'exception', reason);
  cancelOpenTasks(term, now, 'recalled by exception');
  setStage(term, now, 'recalled', actor, `recalled without successor: ${reason}`, {
    because: 'recall_exception',
    reasons: reason,
  });
  return 'recalled by exception';
}
