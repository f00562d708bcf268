// The state of one official's term, as the workflow's handlers use it. A thin
// shell: it holds the term's data, the messages to send after a change and the
// changes pending for the record; every rule is a function in ./term/, named
// after the part of the term it governs. Deterministic: the workflow passes
// the time in, and reads back what to write and which messages to send.
import type { Actor } from '../domain/actors.js';
import type { Calendar } from '../domain/calendar.js';
import type { PublishedPolicy } from '../domain/policy-versions.js';
import { countyOf } from '../domain/jurisdiction.js';
import {
  requireExceptionRecorder,
  requireHealthCheckRecorder,
  requireLeaveRequester,
  requireOwnRecallRequester,
  requireRequestFiler,
  requireReturnReporter,
  requireSpotChecker,
  requireTrainingRecorder,
} from '../domain/permissions.js';
import type { Policy } from '../domain/policy.js';
import { requireRequestReasons } from '../domain/reasons.js';
import type {
  FactReplacement,
  CaseRecord,
  HandoverItem,
  RecordBatch,
  ReminderOrder,
  Stage,
  Task,
} from '../domain/records.js';
import type { RuleFailure } from '../domain/screening.js';
import type { DecideTaskInput } from './messages.js';
import { asWorkflowRefusal } from './refusals.js';
import {
  fileRecallRequest,
  openCase,
  recordException,
  requireExceptionAllowed,
  requireRecallFileable,
} from './term/cases.js';
import {
  keepAbsence,
  annotateCheck,
  requireVoidable,
  stampFactIds,
  voidFact,
  type CorrectionResult,
} from './term/corrections.js';
import { replaceFact, requireReplaceable } from './term/replacements.js';
import { nominatedTerm, type Effect, type TermData, type TermInput } from './term/data.js';
import { decide, recordPreDispatchTraining, validateDecision } from './term/decisions.js';
import {
  closeMonthsDue,
  nextMonthEndAt,
  recordAbsence,
  recordCountyTraining,
  recordHealthCheck,
  yearOfTask,
} from './term/duty-year.js';
import { requireSignable, signHandover } from './term/handover.js';
import { isFinished, log, requireOnPost, type Term } from './term/ledger.js';
import { reportAttendance, requireAttendanceReport } from './term/attendance-report.js';
import { reportReturn, requestLeave, requireLeaveAllowed, requireOnLeave } from './term/leave.js';
import { callOffReminder, isStillDue, nextReminderAt, sendDueReminders } from './term/reminders.js';
import { onPredecessorLeft, onSuccessorProgress } from './term/succession.js';
import { closeIfDone } from './term/term-end.js';
import { askForTermEndSuccessorIfDue, nextSuccessionAskAt } from './term/term-end-succession.js';
import {
  fileAdjustmentRequest,
  requireAdjustable,
  requirePreDispatchTrainingDue,
  screen,
} from './term/vetting.js';
import { adoptOnPost } from './term/on-post.js';
import { receivePolicy } from './term/policy-version.js';
import { snapshotOf, viewOf } from './term/views.js';
import type { SuccessorProgress, TermView } from './views.js';

export type { Effect, TermData, TermInput };

export class TermState implements Term {
  dirty = false;
  /** The request whose handler makes the change now, if any (set by term.ts). */
  requestIdOf?: () => string | undefined;
  /** The workflow's patched() (set by term.ts): which changes to running terms apply. */
  patched?: (marker: string) => boolean;
  /** The real calendar, for terms under patched('holiday-calendar') (set by term.ts). */
  calendar?: Calendar;
  readonly effects: Effect[] = [];
  /** Tasks whose decision waits for an asynchronous check (the quota): not decided twice. */
  private readonly inFlight = new Set<string>();
  /** The snapshot of this run's last batch, as JSON: a batch leaves out an unchanged one. */
  private lastSnapshotJson: string | undefined;

  private constructor(readonly data: TermData) {}

  static resume(data: TermData): TermState {
    const term = new TermState(data);
    term.data.continuedTimes += 1;
    return term;
  }

  static nominate(input: TermInput, termId: string, now: number): TermState {
    const term = new TermState(nominatedTerm(input, termId, now));
    const { profile } = input;
    log(
      term,
      now,
      input.nominatedBy,
      'nominated',
      `${profile.name} nominated as ${profile.post} for ${profile.village}`,
      { params: { name: profile.name, post: profile.post, village: profile.village } },
    );
    if (input.onPost) adoptOnPost(term, now, input.onPost, input.nominatedBy);
    return term;
  }

  // ---- reading ---------------------------------------------------------------

  get stage(): Stage {
    return this.data.stage;
  }
  get county(): string {
    return countyOf(this.data.profile.village);
  }
  get policy(): Policy {
    return this.data.policy;
  }
  isFinished(): boolean {
    return isFinished(this.data);
  }
  snapshot() {
    return snapshotOf(this.data);
  }
  view(): TermView {
    return viewOf(this.data);
  }
  openCase(): CaseRecord | undefined {
    return openCase(this.data.cases);
  }
  taskById(taskId: string): Task | undefined {
    return this.data.openTasks.find((task) => task.id === taskId);
  }
  yearOfTask(task: Task) {
    return yearOfTask(this.data.years, task);
  }

  // ---- the record --------------------------------------------------------------

  /** Whether anything changed since the last batch was taken. */
  hasPendingChanges(): boolean {
    const pending = this.data.pending;
    return (
      pending.entries.length > 0 ||
      pending.tasksOpened.length > 0 ||
      pending.tasksClosed.length > 0 ||
      pending.cases.length > 0 ||
      (pending.remindersCalledOff?.length ?? 0) > 0
    );
  }

  /** The changes not yet in the system of record, as the next numbered batch. */
  takeBatch(): RecordBatch | null {
    const data = this.data;
    const pending = data.pending;
    if (!this.hasPendingChanges() && data.seq.batch > 0) return null;
    data.seq.batch += 1;
    // The snapshot only when it changed since this run's previous batch (the
    // first batch of a run always has one; a replay recomputes the same).
    const snapshot = this.snapshot();
    const snapshotJson = JSON.stringify(snapshot);
    const snapshotChanged = snapshotJson !== this.lastSnapshotJson;
    this.lastSnapshotJson = snapshotJson;
    const batch: RecordBatch = {
      termId: data.termId,
      seq: data.seq.batch,
      officialId: data.profile.officialId,
      ...(snapshotChanged ? { snapshot } : {}),
      entries: pending.entries,
      tasksOpened: pending.tasksOpened,
      tasksClosed: pending.tasksClosed,
      cases: data.cases.filter((reassignment) => pending.cases.includes(reassignment.caseId)),
      ...(pending.remindersCalledOff?.length
        ? { remindersCalledOff: pending.remindersCalledOff }
        : {}),
    };
    data.pending = { entries: [], tasksOpened: [], tasksClosed: [], cases: [] };
    return batch;
  }

  /** Names the Update that closed a task, so that a retry of it can be answered from the record. */
  markClosedByUpdate(taskId: string, updateId: string | undefined): void {
    const closed = this.data.pending.tasksClosed.find((closing) => closing.id === taskId);
    if (closed && updateId) closed.updateId = updateId;
  }

  // ---- time ----------------------------------------------------------------------

  /** When the workflow must wake next, if nothing else happens first. */
  nextAlarmAt(): number | undefined {
    if (this.isFinished()) return undefined;
    const times = [
      nextReminderAt(this.data),
      nextMonthEndAt(this.data),
      nextSuccessionAskAt(this.data),
    ].filter((at): at is number => at !== undefined);
    return times.length ? Math.min(...times) : undefined;
  }

  /** Does what has fallen due by `now`: month and year ends, reminders. */
  /** A policy version was published: kept until the month boundary it takes effect at. */
  receivePolicy(published: PublishedPolicy): void {
    receivePolicy(this, published);
  }

  tick(now: number): void {
    if (this.isFinished()) return;
    closeMonthsDue(this, now);
    askForTermEndSuccessorIfDue(this, now);
    sendDueReminders(this, now);
    closeIfDone(this, now);
  }

  /** Whether a reminder ordered earlier is still worth sending. */
  stillDue(order: ReminderOrder): boolean {
    return isStillDue(this.data, order);
  }

  callOffReminder(now: number, order: ReminderOrder): void {
    callOffReminder(this, now, order);
  }

  // ---- nomination --------------------------------------------------------------------

  /** Runs the six no-dispatch rules; returns the failures (none: vetting starts). */
  screen(now: number): RuleFailure[] {
    return asWorkflowRefusal(() => screen(this, now));
  }

  // ---- decisions on tasks -----------------------------------------------------------

  /** Validator of decideTask: refuses before anything enters history. */
  validateDecision(input: DecideTaskInput): void {
    asWorkflowRefusal(() => validateDecision(this.data, this.inFlight, input));
  }

  /** Marks a task as being decided while an asynchronous check (the quota) runs. */
  hold(taskId: string): void {
    this.inFlight.add(taskId);
  }
  release(taskId: string): void {
    this.inFlight.delete(taskId);
  }

  /** Applies a validated decision. */
  decide(now: number, input: DecideTaskInput): string {
    return asWorkflowRefusal(() => decide(this, now, input));
  }

  // ---- facts on duty -------------------------------------------------------------------

  validateTraining(actor: Actor, kind: 'pre_dispatch' | 'county'): void {
    asWorkflowRefusal(() => {
      requireTrainingRecorder(actor, this.data.profile.village, kind);
      if (kind === 'pre_dispatch') requirePreDispatchTrainingDue(this.data);
      else requireOnPost(this.data, 'county-level training');
    });
  }

  recordTraining(
    now: number,
    actor: Actor,
    kind: 'pre_dispatch' | 'county',
    title: string,
  ): string {
    const message = asWorkflowRefusal(() =>
      kind === 'pre_dispatch'
        ? recordPreDispatchTraining(this, now, actor, title)
        : recordCountyTraining(this, now, actor, title),
    );
    stampFactIds(this.data);
    return message;
  }

  validateHealthCheck(actor: Actor): void {
    asWorkflowRefusal(() => {
      requireHealthCheckRecorder(actor, this.data.profile.village);
      requireOnPost(this.data, 'a health check');
    });
  }

  recordHealthCheck(now: number, actor: Actor, fit: boolean, note: string): string {
    const message = asWorkflowRefusal(() => recordHealthCheck(this, now, actor, fit, note));
    annotateCheck(this.data, note, fit ? undefined : this.openCase()?.caseId);
    return message;
  }

  validateAbsence(actor: Actor): void {
    asWorkflowRefusal(() => {
      requireSpotChecker(actor, this.data.profile.village);
      requireOnPost(this.data, 'a spot-check absence');
    });
  }

  recordAbsence(now: number, actor: Actor, note: string): string {
    const message = asWorkflowRefusal(() => recordAbsence(this, now, actor, note));
    keepAbsence(this.data, now, actor, note);
    return message;
  }

  // ---- corrections -----------------------------------------------------------------------

  validateVoid(
    now: number,
    actor: Actor,
    factId: string,
    reason: string,
    replacement?: FactReplacement,
  ): void {
    asWorkflowRefusal(() =>
      replacement
        ? requireReplaceable(this.data, actor, factId, reason, replacement, now)
        : requireVoidable(this.data, actor, factId, reason),
    );
  }

  /** Voids the fact, or with a replacement corrects it: voided and replaced in one step. */
  voidFact(
    now: number,
    actor: Actor,
    factId: string,
    reason: string,
    replacement?: FactReplacement,
  ): CorrectionResult & { replacementId?: string } {
    return asWorkflowRefusal(() =>
      replacement
        ? replaceFact(this, now, actor, factId, reason, replacement)
        : voidFact(this, now, actor, factId, reason),
    );
  }

  // ---- leave -----------------------------------------------------------------------------

  validateLeave(actor: Actor, daysAsked: number): void {
    asWorkflowRefusal(() => {
      requireLeaveRequester(actor, this.data.profile.officialId);
      requireLeaveAllowed(this.data, daysAsked);
    });
  }

  requestLeave(
    now: number,
    actor: Actor,
    daysAsked: number,
    reason: string,
  ): { message: string; taskId?: string; requestNo?: string } {
    return asWorkflowRefusal(() => requestLeave(this, now, actor, daysAsked, reason));
  }

  validateReturn(actor: Actor): void {
    asWorkflowRefusal(() => {
      requireReturnReporter(actor, this.data.profile.officialId);
      requireOnLeave(this.data);
    });
  }

  reportReturn(now: number, actor: Actor): string {
    return asWorkflowRefusal(() => reportReturn(this, now, actor));
  }

  // ---- the official's report of a month -------------------------------------------------

  validateAttendanceReport(actor: Actor, month: number, days: number): void {
    asWorkflowRefusal(() => requireAttendanceReport(this.data, actor, month, days));
  }

  reportAttendance(
    now: number,
    actor: Actor,
    report: { month: number; days: number; note?: string },
  ): string {
    return asWorkflowRefusal(() => reportAttendance(this, now, actor, report));
  }

  // ---- requests of the dispatching unit ----------------------------------------------------

  validateFileRequest(actor: Actor, matter: 'recall' | 'adjustment'): void {
    asWorkflowRefusal(() => {
      requireRequestFiler(actor, this.data.profile.village);
      if (matter === 'adjustment') requireAdjustable(this.data);
      else requireRecallFileable(this.data);
    });
  }

  fileDispatchingRequest(
    now: number,
    actor: Actor,
    matter: 'recall' | 'adjustment',
    reasons: string,
  ): { message: string; requestNo?: string; caseId?: string } {
    return asWorkflowRefusal(() =>
      matter === 'adjustment'
        ? fileAdjustmentRequest(this, now, actor, reasons)
        : fileRecallRequest(this, now, actor, reasons),
    );
  }

  // ---- the official's own request for their recall ---------------------------------------

  validateOwnRecall(actor: Actor, reasons: string): void {
    asWorkflowRefusal(() => {
      requireOwnRecallRequester(actor, this.data.profile.officialId);
      requireRequestReasons(reasons, this.data.policy);
      requireRecallFileable(this.data, 'own_request');
    });
  }

  requestOwnRecall(
    now: number,
    actor: Actor,
    reasons: string,
  ): { message: string; requestNo?: string; caseId?: string } {
    return asWorkflowRefusal(() => fileRecallRequest(this, now, actor, reasons, 'own_request'));
  }

  // ---- reassignment, successor, hand-over ------------------------------------------------------

  validateSign(actor: Actor, item: HandoverItem): void {
    asWorkflowRefusal(() => requireSignable(this.data, actor, item));
  }

  signHandover(now: number, actor: Actor, item: HandoverItem): string {
    return asWorkflowRefusal(() => signHandover(this, now, actor, item));
  }

  validateException(actor: Actor): void {
    asWorkflowRefusal(() => {
      requireExceptionRecorder(actor, this.data.profile.village);
      requireExceptionAllowed(this.data);
    });
  }

  recordException(now: number, actor: Actor, reason: string): string {
    return asWorkflowRefusal(() => recordException(this, now, actor, reason));
  }

  /** News from a successor's term (signal). */
  onSuccessorProgress(now: number, progress: SuccessorProgress): void {
    onSuccessorProgress(this, now, progress);
  }

  /** The predecessor's hand-over is complete, or it left before this dispatch (signal). */
  onHandoverCompleted(now: number, outgoingTermId: string): void {
    onPredecessorLeft(this, now, outgoingTermId);
  }
}
