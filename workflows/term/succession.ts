// The successor protocol between two terms. The outgoing term asks for a
// successor once its recall is approved and follows the candidate's progress;
// the successor's term reports its progress (nominated, screened out,
// rejected, withdrawn, dispatched) and hears when the outgoing official left.
// No village is uncovered: the outgoing official leaves after the hand-over.
import { days } from '../../domain/policy-defaults.js';
import type { CaseRecord } from '../../domain/records.js';
import { taskTitle } from '../../domain/task-titles.js';
import type { SuccessorProgress } from '../views.js';
import { isTermEndCase } from './cases.js';
import { SYSTEM, type RequestRecord } from './data.js';
import {
  cancelOpenTasks,
  isFinished,
  log,
  openTask,
  setStage,
  touchCase,
  type Term,
} from './ledger.js';
import { dispatchingUnit } from './parties.js';
import { startHandover } from './handover.js';
import { closeIfDone } from './term-end.js';

// ---- the outgoing term ------------------------------------------------------------

/** The county replied to the recall: rejected, the official stays; approved, a successor is sought. */
export function afterRecallReply(term: Term, now: number, recall: RequestRecord): void {
  const reassignment = term.data.cases.find((candidate) => candidate.caseId === recall.caseId);
  if (!reassignment) return;
  // The term-end succession goes on either way: its successor is sought
  // already; an approved recall makes its hand-over end in a recall.
  if (isTermEndCase(reassignment)) return closeIfDone(term, now);
  if (recall.reply?.decision === 'reject') {
    reassignment.status = 'closed';
    reassignment.outcome = 'recall_rejected';
    reassignment.outcomeReason = recall.reply.reasons;
    reassignment.closedAt = now;
    touchCase(term, reassignment);
    log(
      term,
      now,
      SYSTEM,
      'case_closed',
      `case ${reassignment.caseId} closed: recall rejected, the official stays on duty`,
      {
        reason: recall.reply.reasons,
        caseId: reassignment.caseId,
        params: { caseId: reassignment.caseId, outcome: 'recall_rejected' },
      },
    );
    closeIfDone(term, now);
    return;
  }
  askForSuccessor(term, now, reassignment, 'recall approved');
}

/** Why a successor is asked for, as a code the page words ('recall approved', 'successor rejected' …). */
const successorAskCause = (why: string): string =>
  why === 'recall approved'
    ? 'recall_approved'
    : why === 'term end near'
      ? 'term_end_near'
      : why.replace(/^successor /, 'successor_');

/** The dispatching unit is asked to nominate a (next) successor. */
export function askForSuccessor(
  term: Term,
  now: number,
  reassignment: CaseRecord,
  why: string,
): void {
  const data = term.data;
  const policy = data.policy;
  // A candidate screened out at once never reported 'nominated', so the last ask is still open.
  cancelOpenTasks(
    term,
    now,
    why,
    (task) => task.kind === 'nominate_successor' && task.caseId === reassignment.caseId,
  );
  reassignment.status = 'awaiting_successor';
  reassignment.currentSuccessorId = undefined;
  const ask = openTask(
    term,
    now,
    'nominate_successor',
    dispatchingUnit(data.profile),
    now + days(policy, policy.decisionDays),
    'decision',
    {
      caseId: reassignment.caseId,
      title: taskTitle('nominate_successor', 'en', { officialName: data.profile.name }),
    },
  );
  reassignment.dueAt = ask.dueAt;
  touchCase(term, reassignment);
  log(
    term,
    now,
    SYSTEM,
    'successor_requested',
    `a successor is to be nominated for case ${reassignment.caseId}`,
    {
      reason: why,
      caseId: reassignment.caseId,
      taskId: ask.id,
      params: { caseId: reassignment.caseId, because: successorAskCause(why) },
    },
  );
}

/**
 * Whether news of a candidate counts for the case: a new candidate only while
 * the case waits for one (recall approved, nobody in vetting); afterwards only
 * the current successor's news.
 */
export function successorNewsCounts(
  reassignment: Pick<CaseRecord, 'status' | 'currentSuccessorId'> | undefined,
  news: Pick<SuccessorProgress, 'status' | 'successorOfficialId'>,
): boolean {
  if (!reassignment) return false;
  return news.status === 'nominated' || news.status === 'screened_out'
    ? reassignment.status === 'awaiting_successor'
    : reassignment.status === 'successor_in_vetting' &&
        reassignment.currentSuccessorId === news.successorOfficialId;
}

/** News from a successor's term about its candidate. */
export function onSuccessorProgress(term: Term, now: number, news: SuccessorProgress): void {
  const data = term.data;
  const reassignment = data.cases.find((candidate) => candidate.caseId === news.caseId);
  // Nominations are not refused upstream on these grounds, so news that does not
  // count is logged and, if that term still runs, released.
  if (!reassignment || !successorNewsCounts(reassignment, news)) {
    const why =
      !reassignment || reassignment.status === 'closed'
        ? `case ${news.caseId} is not open`
        : `case ${reassignment.caseId} is ${reassignment.status}${reassignment.currentSuccessorId ? ` with successor ${reassignment.currentSuccessorId}` : ''}`;
    log(
      term,
      now,
      SYSTEM,
      'successor_ignored',
      `${news.successorOfficialId} ${news.status}, but ${why}`,
      {
        caseId: reassignment?.caseId,
        params: {
          successorOfficialId: news.successorOfficialId,
          status: news.status,
          caseId: news.caseId,
          caseStatus: reassignment?.status ?? 'closed',
        },
      },
    );
    // Its dispatch must not wait for a hand-over from here.
    if (news.status === 'nominated' || news.status === 'dispatched')
      term.effects.push({ type: 'notifySuccessor', successorTermId: news.successorTermId });
    return;
  }
  switch (news.status) {
    case 'nominated': {
      cancelOpenTasks(
        term,
        now,
        `successor ${news.successorOfficialId} nominated`,
        (task) => task.kind === 'nominate_successor' && task.caseId === reassignment.caseId,
      );
      if (!reassignment.successorOfficialIds.includes(news.successorOfficialId))
        reassignment.successorOfficialIds.push(news.successorOfficialId);
      reassignment.currentSuccessorId = news.successorOfficialId;
      reassignment.status = 'successor_in_vetting';
      data.successorTermId = news.successorTermId;
      data.successorOfficialId = news.successorOfficialId;
      touchCase(term, reassignment);
      log(
        term,
        now,
        SYSTEM,
        'successor_nominated',
        `successor ${news.successorOfficialId} (${news.successorTermId}) nominated, in vetting`,
        {
          caseId: reassignment.caseId,
          params: { successorOfficialId: news.successorOfficialId, caseId: reassignment.caseId },
        },
      );
      return;
    }
    case 'screened_out':
    case 'rejected':
    case 'withdrawn':
      if (!reassignment.successorOfficialIds.includes(news.successorOfficialId))
        reassignment.successorOfficialIds.push(news.successorOfficialId);
      log(
        term,
        now,
        SYSTEM,
        'successor_failed',
        `successor ${news.successorOfficialId} ${news.status.replace('_', ' ')}; the next candidate is needed`,
        {
          caseId: reassignment.caseId,
          params: {
            successorOfficialId: news.successorOfficialId,
            status: news.status,
            caseId: reassignment.caseId,
          },
        },
      );
      data.successorTermId = undefined;
      data.successorOfficialId = undefined;
      askForSuccessor(term, now, reassignment, `successor ${news.status}`);
      return;
    case 'dispatched':
      return startHandover(term, now, reassignment, news);
  }
}

// ---- the successor's term -------------------------------------------------------------

/** Tells the term this one replaces how its candidate is doing. */
export function notifyPredecessor(
  term: Term,
  now: number,
  status: SuccessorProgress['status'],
): void {
  const data = term.data;
  if (!data.predecessorTermId || !data.succeedsCaseId) return;
  term.effects.push({
    type: 'notifyPredecessor',
    predecessorTermId: data.predecessorTermId,
    progress: {
      successorTermId: data.termId,
      successorOfficialId: data.profile.officialId,
      caseId: data.succeedsCaseId,
      status,
      at: now,
    },
  });
}

/**
 * The predecessor has left. After the hand-over the successor is on duty
 * alone; before its own dispatch there is nobody to hand over from, so
 * dispatch goes straight on duty.
 */
export function onPredecessorLeft(term: Term, now: number, outgoingTermId: string): void {
  const data = term.data;
  if (data.stage === 'dispatched')
    setStage(term, now, 'on_duty', SYSTEM, `hand-over from ${outgoingTermId} complete`, {
      because: 'handover_complete',
      predecessorTermId: outgoingTermId,
    });
  else if (data.dispatchedAt === undefined && !isFinished(data) && data.succeedsCaseId) {
    data.succeedsCaseId = undefined; // no more progress reports, no 'dispatched' stage
    log(
      term,
      now,
      SYSTEM,
      'predecessor_left',
      `${outgoingTermId} left before this official's dispatch: no hand-over is due`,
      { params: { predecessorTermId: outgoingTermId } },
    );
  }
}
