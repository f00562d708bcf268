// One request, one reply: a numbered request from one body to another, with a
// reply deadline in working days; exactly one reply, approve or reject, with
// reasons; the same matter cannot be requested twice while one is open.
import type { Actor } from '../../domain/actors.js';
import type { Decision } from '../../domain/decisions.js';
import { addWorkingDays } from '../../domain/policy-defaults.js';
import type { Assignee, Task, TaskKind, TimelineParams } from '../../domain/records.js';
import { refuse } from '../../domain/refuse.js';
import { taskTitle } from '../../domain/task-titles.js';
import { SYSTEM, type RequestRecord, type TermData, type Who } from './data.js';
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
  /** Words `reasons` for the page when the system wrote them: a code and its values. */
  because?: TimelineParams;
}

/**
 * A reply is due the policy's working days after filing: on the real calendar
 * (holidays and make-up working days) for terms that have it, else weekends
 * only. A count that runs past the holiday table's years falls back to
 * weekends only there, and the log says so once per year.
 */
function replyDeadline(term: Term, now: number): number {
  const { data, calendar } = term;
  if (!calendar) return addWorkingDays(data.policy, now, data.policy.replyWorkingDays);
  const { at, uncoveredYears } = calendar.addWorkingDays(now, data.policy.replyWorkingDays);
  for (const year of uncoveredYears) {
    const logged = (data.calendarFallbackYears ??= []);
    if (logged.includes(year)) continue;
    logged.push(year);
    log(
      term,
      now,
      SYSTEM,
      'calendar_fallback',
      `working days in ${year} skip weekends only: the holiday table (${calendar.holidays.source}) ends with ${calendar.holidays.lastYear}`,
      { params: { year, source: calendar.holidays.source, lastYear: calendar.holidays.lastYear } },
    );
  }
  return at;
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
  // The vetting requests' reasons are the system's words.
  const because =
    request.because ?? (kind === 'vetting' ? { because: 'pre_dispatch_vetting' } : {});
  if (hasOpenRequest(data.requests, matter))
    refuse('duplicate_request', `a request on "${matter}" is already open`);
  data.seq.request += 1;
  const no = requestNumber(data.profile.officialId, data.seq.request);
  const deadlineAt = replyDeadline(term, now);
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
    {
      reason: reasons,
      requestNo: no,
      taskId: task.id,
      caseId,
      params: {
        requestNo: no,
        kind,
        role: assignee.role,
        ...(assignee.body ? { body: assignee.body } : {}),
        ...because,
      },
    },
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
    params: { requestNo: request.no, kind: request.kind, decision },
  });
}
