// Screening bodies advise; the county decides. A body's objection to a
// candidate (its vetting reply 'reject', with reasons) does not end the
// nomination by itself: the county organization department gets a task to
// decide on it. It ends the nomination citing the objection, or asks the body
// a follow-up question by a new numbered request (one request, one reply), to
// which the body withdraws or maintains its objection. A withdrawn objection
// counts as a clearance; a maintained one goes back to the county, which again
// ends the nomination or asks again. Dispatch is never approved while an
// objection stands (vetting.ts: vettingOutcome).
import { days } from '../../domain/policy-defaults.js';
import { refuse } from '../../domain/refuse.js';
import { taskTitle } from '../../domain/task-titles.js';
import { SYSTEM, type RequestRecord, type TaskDecision, type TermData } from './data.js';
import { cancelOpenTasks, log, logDecision, openTask, setStage, type Term } from './ledger.js';
import { countyOrg } from './parties.js';
import { fileRequest } from './requests.js';
import { notifyPredecessor } from './succession.js';

/**
 * patched() marker: an objection goes to the county to decide. Terms whose
 * history has an objection without it ended the nomination at that reply.
 */
export const OBJECTION_DECIDED_BY_COUNTY = 'objection-decided-by-county';

/** Whether a vetting reply objects to the candidate. */
export const isObjection = (request: RequestRecord): boolean =>
  request.kind === 'vetting' && request.reply?.decision === 'reject';

/** The follow-up questions on one vetting request's objection, in the order they were asked. */
export const followUpsOf = (
  requests: readonly RequestRecord[],
  vetting: Pick<RequestRecord, 'no'>,
): RequestRecord[] =>
  requests.filter(
    (request) => request.kind === 'objection_follow_up' && request.follows === vetting.no,
  );

/** Whether the body withdrew its objection on a follow-up question. */
export const isWithdrawn = (requests: readonly RequestRecord[], vetting: RequestRecord): boolean =>
  followUpsOf(requests, vetting).some((followUp) => followUp.reply?.decision === 'withdraw');

/** The objections that still stand: raised, and not withdrawn. */
export const standingObjections = (requests: readonly RequestRecord[]): RequestRecord[] =>
  requests.filter((request) => isObjection(request) && !isWithdrawn(requests, request));

/** What the county's decide task carries: whose objection, on which request, and why. */
export interface ObjectionTaskData {
  body: string;
  objectionRequestNo: string;
  objection: string;
  /** After a maintained objection: the follow-up request and the body's reasons for maintaining it. */
  followUpRequestNo?: string;
  maintained?: string;
}

/**
 * The county is asked to decide on an objection: when it is raised, and again
 * each time the body maintains it on a follow-up question.
 */
export function referObjectionToCounty(
  term: Term,
  now: number,
  vetting: RequestRecord,
  maintainedOn?: RequestRecord,
): void {
  const data = term.data;
  const body = vetting.assignee.body ?? vetting.assignee.role;
  const taskData: ObjectionTaskData = {
    body,
    objectionRequestNo: vetting.no,
    objection: vetting.reply?.reasons ?? '',
    ...(maintainedOn
      ? { followUpRequestNo: maintainedOn.no, maintained: maintainedOn.reply?.reasons ?? '' }
      : {}),
  };
  const task = openTask(
    term,
    now,
    'decide_objection',
    countyOrg(data.profile),
    now + days(data.policy, data.policy.decisionDays),
    'decision',
    {
      title: taskTitle('decide_objection', 'en', { body, requestNo: vetting.no }),
      data: { ...taskData },
    },
  );
  log(
    term,
    now,
    SYSTEM,
    'objection_referred',
    maintainedOn
      ? `the ${body} body maintains its objection ${vetting.no} (${maintainedOn.no}); the county organization department decides on it`
      : `the ${body} body objects (${vetting.no}); the county organization department decides on it`,
    {
      reason: maintainedOn?.reply?.reasons ?? vetting.reply?.reasons,
      requestNo: vetting.no,
      taskId: task.id,
      params: {
        body,
        requestNo: vetting.no,
        ...(maintainedOn ? { followUpNo: maintainedOn.no, maintained: 'yes' } : {}),
      },
    },
  );
}

/** The vetting request whose objection a decide_objection task is about. */
export function objectionOfTask(data: TermData, task: TaskDecision['task']): RequestRecord {
  const requestNo = (task.data as Partial<ObjectionTaskData> | undefined)?.objectionRequestNo;
  const vetting = data.requests.find((request) => request.no === requestNo);
  if (!vetting || !isObjection(vetting))
    return refuse('rule_refused', `task ${task.id} names no objection`);
  return vetting;
}

/** The county's decision on an objection: end the nomination citing it, or ask a follow-up question. */
export function decideObjection(term: Term, now: number, decided: TaskDecision): string {
  const vetting = objectionOfTask(term.data, decided.task);
  return decided.decision === 'end_nomination'
    ? endNominationOnObjection(term, now, decided, vetting)
    : askFollowUp(term, now, decided, vetting);
}

/** The objection, and its latest maintenance, as the record cites them. */
function citation(requests: readonly RequestRecord[], vetting: RequestRecord): string {
  const body = vetting.assignee.body ?? vetting.assignee.role;
  const maintained = followUpsOf(requests, vetting)
    .filter((followUp) => followUp.reply?.decision === 'maintain')
    .at(-1);
  return (
    `objection ${vetting.no} of the ${body} body: ${vetting.reply?.reasons}` +
    (maintained ? `; maintained on ${maintained.no}: ${maintained.reply?.reasons}` : '')
  );
}

function endNominationOnObjection(
  term: Term,
  now: number,
  decided: TaskDecision,
  vetting: RequestRecord,
): string {
  const data = term.data;
  const cited = citation(data.requests, vetting);
  logDecision(
    term,
    now,
    decided,
    'nomination_ended',
    `the county organization department ended the nomination on the ${cited}`,
    { body: vetting.assignee.body ?? vetting.assignee.role, requestNo: vetting.no },
  );
  cancelOpenTasks(term, now, 'nomination ended on an objection');
  // Every request ends with one reply: those still open are answered for their bodies.
  for (const unanswered of data.requests.filter(
    (request) =>
      (request.kind === 'vetting' || request.kind === 'objection_follow_up') && !request.reply,
  ))
    unanswered.reply = {
      decision: unanswered.kind === 'vetting' ? 'reject' : 'maintain',
      reasons: 'not answered: the nomination ended on an objection',
      by: 'system',
      at: now,
      policyVersion: data.policy.version,
    };
  setStage(term, now, 'rejected', decided.actor, `nomination ended on the ${cited}`, {
    because: 'nomination_ended_on_objection',
    body: vetting.assignee.body ?? vetting.assignee.role,
    requestNo: vetting.no,
    reasons: vetting.reply?.reasons ?? '',
  });
  notifyPredecessor(term, now, 'rejected');
  return `nomination ended on the objection ${vetting.no}`;
}

function askFollowUp(
  term: Term,
  now: number,
  decided: TaskDecision,
  vetting: RequestRecord,
): string {
  const body = vetting.assignee.body ?? vetting.assignee.role;
  const followUp = fileRequest(term, now, decided.actor, {
    matter: `objection:${vetting.no}`,
    kind: 'objection_follow_up',
    assignee: vetting.assignee,
    taskKind: 'objection_follow_up_reply',
    subject: `follow-up on the ${body} objection ${vetting.no}`,
    // The county's question is the request's reasons.
    reasons: decided.comment,
    follows: vetting.no,
    // The body sees what it is asked about: its objection and the county's question.
    taskData: {
      body,
      objectionRequestNo: vetting.no,
      objection: vetting.reply?.reasons ?? '',
      question: decided.comment,
    },
  });
  return `${followUp.no} follow-up question to the ${body} body on ${vetting.no}`;
}

/**
 * The body answered the follow-up question. Maintained: the county decides
 * again. Withdrawn: the objection is lifted (vettingOutcome counts the body
 * as not objecting), and vetting may pass.
 */
export function afterFollowUpReply(term: Term, now: number, followUp: RequestRecord): void {
  const vetting = term.data.requests.find((request) => request.no === followUp.follows);
  if (vetting && followUp.reply?.decision === 'maintain')
    referObjectionToCounty(term, now, vetting, followUp);
}
