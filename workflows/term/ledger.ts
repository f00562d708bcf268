// The bookkeeping every rule goes through: the timeline, the stage, the open
// tasks and the changes pending for the record. A rule changes a term only by
// these functions, so that each change is logged once and reaches the record.
import type { Calendar } from '../../domain/calendar.js';
import { countyOf } from '../../domain/jurisdiction.js';
import {
  FINAL_STAGES,
  ON_POST_STAGES,
  type Assignee,
  type CaseRecord,
  type ReminderLadder,
  type Stage,
  type Task,
  type TaskKind,
  type TimelineEntry,
  type TimelineParams,
} from '../../domain/records.js';
import { DECISION_WORDS, type Decision } from '../../domain/decisions.js';
import { refuse } from '../../domain/refuse.js';
import { taskTitle } from '../../domain/task-titles.js';
import { SYSTEM, type Effect, type TermData, type Who } from './data.js';

/** One term as the rules see it: its data and the messages to send once a change is made. */
export interface Term {
  readonly data: TermData;
  readonly effects: Effect[];
  /** Set by every change; the workflow's main loop wakes on it. */
  dirty: boolean;
  /** The request whose handler makes the change now, if any: stamped on its log entries. */
  requestIdOf?: () => string | undefined;
  /**
   * Whether a change to running terms applies here (the workflow's patched();
   * absent, as in the rules' unit tests: it applies).
   */
  patched?: (marker: string) => boolean;
  /**
   * The real calendar (public holidays, make-up working days), for terms that
   * run under patched('holiday-calendar'); without it working days skip
   * weekends only, as terms started before that change do.
   */
  calendar?: Calendar;
}

/** Whether the change `marker` applies to this term (see Term.patched). */
export const changeApplies = (term: Term, marker: string): boolean =>
  term.patched?.(marker) ?? true;

/** A term with no messages waiting, as a rule module's unit test starts one. */
export const termOf = (data: TermData): Term => ({ data, effects: [], dirty: false });

export function isFinished(data: Pick<TermData, 'stage'>): boolean {
  return FINAL_STAGES.includes(data.stage);
}

export function isOnPost(data: Pick<TermData, 'stage' | 'dispatchedAt'>): boolean {
  return ON_POST_STAGES.includes(data.stage) && data.dispatchedAt !== undefined;
}

/** Refuses (wrong_stage) `what` unless the official is on post. */
export function requireOnPost(data: Pick<TermData, 'stage' | 'dispatchedAt'>, what: string): void {
  if (!isOnPost(data))
    refuse(
      'wrong_stage',
      `${what} is recorded only while the official is on post (stage is ${data.stage})`,
      // The stage, for the page to say the refusal in its own words.
      { stage: data.stage },
    );
}

/** Logs a decision on a task by its decider, with the comment as the reason. */
export function logDecision(
  term: Term,
  now: number,
  decided: { task: Pick<Task, 'id'>; actor: Who; comment: string },
  action: string,
  detail: string,
  params?: TimelineParams,
): void {
  log(term, now, decided.actor, action, detail, {
    reason: decided.comment,
    taskId: decided.task.id,
    ...(params ? { params } : {}),
  });
}

const requestOf = (term: Term): { requestId?: string } => {
  const requestId = term.requestIdOf?.();
  return requestId ? { requestId } : {};
};

export function log(
  term: Term,
  now: number,
  who: Who,
  action: string,
  detail: string,
  extra: Partial<TimelineEntry> = {},
): void {
  const entry: TimelineEntry = {
    at: now,
    actorId: who.id,
    role: who.role,
    action,
    detail,
    policyVersion: term.data.policy.version,
    ...requestOf(term),
    ...extra,
  };
  term.data.timeline.push(entry);
  term.data.pending.entries.push(entry);
  term.dirty = true;
}

/**
 * Moves the term to `stage` (logged with why); a final stage closes the term.
 * `because` words `why` for the page: a code (`because`) and its values; a
 * `why` that is a person's own words is left to the reason alone.
 */
export function setStage(
  term: Term,
  now: number,
  stage: Stage,
  who: Who,
  why: string,
  because?: TimelineParams,
): void {
  const data = term.data;
  if (data.stage === stage) return;
  log(term, now, who, 'stage', `${data.stage} → ${stage}`, {
    reason: why,
    params: { from: data.stage, to: stage, ...because },
  });
  data.stage = stage;
  if (FINAL_STAGES.includes(stage)) data.closedAt = now;
}

/** Opens a numbered task in the assignee's inbox; its title is its kind's unless `extra` has one. */
export function openTask(
  term: Term,
  now: number,
  kind: TaskKind,
  assignee: Assignee,
  dueAt: number,
  ladder: ReminderLadder,
  extra: Partial<Task> = {},
): Task {
  const data = term.data;
  data.seq.task += 1;
  const task: Task = {
    id: `${data.termId}.t${data.seq.task}`,
    kind,
    termId: data.termId,
    officialId: data.profile.officialId,
    officialName: data.profile.name,
    county: countyOf(data.profile.village),
    village: data.profile.village,
    title: taskTitle(kind, 'en'),
    assignee,
    createdAt: now,
    dueAt,
    ladder,
    ...extra,
  };
  data.openTasks.push(task);
  data.pending.tasksOpened.push(task);
  term.dirty = true;
  return task;
}

/** Closes an open task with its outcome; a task no longer open is refused as already decided. */
export function closeTask(term: Term, now: number, id: string, outcome: string, by: string): Task {
  const data = term.data;
  const task = data.openTasks.find((open) => open.id === id);
  if (!task) return refuse('already_decided', `task ${id} is no longer open`);
  data.openTasks = data.openTasks.filter((open) => open.id !== id);
  data.pending.tasksClosed.push({ id, outcome, by, at: now });
  term.dirty = true;
  return task;
}

/**
 * Cancels the open tasks `which` selects (all by default), saying why. A task
 * that awaits the reply to a numbered request takes the request with it: that
 * is on the timeline, so that no request ends unseen.
 */
export function cancelOpenTasks(
  term: Term,
  now: number,
  why: string,
  which: (task: Task) => boolean = () => true,
): void {
  for (const task of term.data.openTasks.filter(which)) {
    closeTask(term, now, task.id, `cancelled: ${why}`, 'system');
    if (task.requestNo)
      log(term, now, SYSTEM, 'request_cancelled', `${task.requestNo} cancelled: ${why}`, {
        reason: why,
        requestNo: task.requestNo,
        taskId: task.id,
        caseId: task.caseId,
        params: {
          requestNo: task.requestNo,
          taskKind: task.kind,
          role: task.assignee.role,
          ...(task.assignee.body ? { body: task.assignee.body } : {}),
          because: cancelCause(why),
        },
      });
  }
}

/** The cancellation's why as a code the page words; the English stays in `reason`. */
const CANCEL_CAUSES: Record<string, string> = {
  'vetting rejected': 'vetting_ended',
  'nomination ended on an objection': 'nomination_ended_on_objection',
  'candidate replaced': 'candidate_replaced',
  'recalled by exception': 'recalled_by_exception',
  'term closed': 'term_closed',
  'the official left the village': 'official_left',
  'case opened in error': 'case_opened_in_error',
  'no successor by the term end': 'no_successor_by_term_end',
};
const cancelCause = (why: string): string => CANCEL_CAUSES[why] ?? 'other';

/** "approved", "rejected", …: how the log and the answers word a decision. */
export const decisionWord = (decision: Decision) => DECISION_WORDS[decision];

/** Marks a case as changed, so that the next batch carries it. */
export function touchCase(term: Term, reassignmentCase: CaseRecord): void {
  const changed = term.data.pending.cases;
  if (!changed.includes(reassignmentCase.caseId)) changed.push(reassignmentCase.caseId);
  term.dirty = true;
}
