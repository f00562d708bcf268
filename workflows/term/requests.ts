// One request, one reply: a numbered request from one body to another, with a
// reply deadline in working days; exactly one reply, approve or reject, with
// reasons; the same matter cannot be requested twice while one is open.
import type { Actor } from '../../domain/actors.js';
import type { Decision } from '../../domain/decisions.js';
import { addWorkingDays } from '../../domain/policy-defaults.js';
import type { Assignee, Task, TaskKind } from '../../domain/records.js';
import { refuse } from '../../domain/refuse.js';
import { taskTitle } from '../../domain/task-titles.js';
import type { RequestRecord, TermData, Who } from './data.js';
import { closeTask, decisionWord, log, openTask, type Term } from './ledger.js';

/** Whether a request on `matter` waits for its reply. */
export function hasOpenRequest(requests: readonly RequestRecord[], matter: string): boolean {
  return requests.some((request) => request.matter === matter && !request.reply);
}

/** The request a task awaits the reply to, if it is a reply task. */
export function requestOfTask(
  requests: readonly RequestRecord[],
  task: Pick<Task, 'requestNo'>,
): RequestRecord | undefined {
  return task.requestNo ? requests.find((request) => request.no === task.requestNo) : undefined;
}

/** Request numbers are per official and never reused. */
export const requestNumber = (officialId: string, seq: number) => `R-${officialId}-${seq}`;

export interface RequestToFile {
  /** What the request is about; one open request per matter. */
  matter: string;
  kind: RequestRecord['kind'];
  assignee: Assignee;
  /** The task in the assignee's inbox that awaits the reply. */
  taskKind: TaskKind;
  subject: string;
  reasons: string;
  caseId?: string;
  /** A follow-up question: the request it follows up. */
  follows?: string;
  /** What the reply task shows its decider besides the request (Task.data). */
  taskData?: Record<string, unknown>;
}

/** Files a numbered request and opens its reply task; the same matter cannot be open twice. */
export function fileRequest(
  term: Term,
  now: number,
  who: Who,
  request: RequestToFile,
): RequestRecord {
  const data: TermData = term.data;
  const { matter, kind, assignee, taskKind, subject, reasons, caseId, follows, taskData } = request;
  if (hasOpenRequest(data.requests, matter))
    refuse('duplicate_request', `a request on "${matter}" is already open`);
  data.seq.request += 1;
  const no = requestNumber(data.profile.officialId, data.seq.request);
  const deadlineAt = addWorkingDays(data.policy, now, data.policy.replyWorkingDays);
  const task = openTask(term, now, taskKind, assignee, deadlineAt, 'reply', {
    requestNo: no,
    caseId,
    title: taskTitle(taskKind, 'en', { requestNo: no, subject }),
    ...(taskData ? { data: taskData } : {}),
  });
  const filed: RequestRecord = {
    no,
    matter,
    kind,
    subject,
    reasons,
    filedBy: who.id,
    filedAt: now,
    deadlineAt,
    assignee,
    taskId: task.id,
    caseId,
    ...(follows !== undefined ? { follows } : {}),
  };
  data.requests.push(filed);
  log(
    term,
    now,
    who,
    'request_filed',
    `${no} to ${assignee.role}${assignee.body ? ` (${assignee.body})` : ''}: ${subject}`,
    { reason: reasons, requestNo: no, taskId: task.id, caseId },
  );
  return filed;
}

/** Records the one reply to a request and closes its task; a second reply is refused. */
export function replyTo(
  term: Term,
  now: number,
  request: RequestRecord,
  actor: Actor,
  decision: Decision,
  reasons: string,
): void {
  if (request.reply) refuse('already_decided', `request ${request.no} was already answered`);
  request.reply = {
    decision,
    reasons,
    by: actor.id,
    at: now,
    policyVersion: term.data.policy.version,
  };
  closeTask(term, now, request.taskId, decision, actor.id);
  log(term, now, actor, 'request_replied', `${request.no} ${decisionWord(decision)}`, {
    reason: reasons,
    requestNo: request.no,
    taskId: request.taskId,
    caseId: request.caseId,
  });
}
