// One official's term, nomination to closed record. The function is thin: the
// state lives in TermState and the rules in ./term/; this file wires messages,
// timers and activities.
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  isCancellation,
  log,
  patched,
  condition,
  continueAsNew,
  currentUpdateInfo,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ReminderOrder, Stage } from '../domain/records.js';
import { calendarOf } from '../domain/policy-defaults.js';
import {
  decideTask,
  fileRequest,
  handoverCompleted,
  policyPublished,
  recordHealthCheck,
  recordRecallException,
  recordSpotCheckAbsence,
  requestOwnRecall,
  recordTraining,
  voidFact,
  reportAttendance,
  reportReturnFromLeave,
  requestLeave,
  signHandoverItem,
  retryRecordWrite,
  successorProgressed,
  termRecordCheck,
  termRecorded,
  termView,
} from './messages.js';
import { findUnsafeText, describePath } from '../domain/text.js';
import { STAGE_KEY, COUNTY_KEY, KIND_KEY } from './search-attributes.js';
import { asWorkflowRefusal, refuse } from './refusals.js';
import { requireFactActor } from '../domain/permissions.js';
import { currentRequestId } from './request-context.js';
import { RecordWriter, type RecordActivities } from './record-writer.js';
import { TermState, type TermInput, type TermData } from './term-state.js';
import { roundClosesAt } from './term/duty-year.js';
import type { DecisionResult, RecordCheck } from './views.js';

export type { TermInput, TermData };

export interface TermOutcome {
  termId: string;
  stage: Stage;
  closedAt?: number;
}

/** What the workflow asks of the outside world; activities/ implements it. */
export interface TermActivities extends RecordActivities {
  sendReminder(order: ReminderOrder): Promise<unknown>;
  enrolInEvaluationRound(args: {
    county: string;
    year: number;
    termId: string;
    policyVersion: string;
    quota: number;
    closesAt?: number;
  }): Promise<void>;
  reserveOutstandingSlot(args: {
    county: string;
    year: number;
    termId: string;
    policyVersion: string;
    quota: number;
    closesAt?: number;
  }): Promise<unknown>;
}

// Mail may be down for hours: retry with backoff, for ever, in the background,
// while the term goes on. Each reminder is deduplicated by its key.
const mail = proxyActivities<Pick<TermActivities, 'sendReminder'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

// Rounds live on the same cluster: short retries; a quota refusal is final.
const rounds = proxyActivities<
  Pick<TermActivities, 'enrolInEvaluationRound' | 'reserveOutstandingSlot'>
>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: ['quota_exceeded'],
  },
});

/** patched() marker: reminders whose obligation was met meanwhile are not sent. */
const CANCEL_STALE_REMINDERS = 'cancel-stale-reminders';

/** patched() marker: a called-off reminder is logged and its notification row marked. */
const RECORD_CALLED_OFF_REMINDERS = 'record-called-off-reminders';

/**
 * patched() marker: the main loop keeps one timer per alarm instant. Before it,
 * every change (each Update) cancelled the loop's timer and started a new one
 * for the same instant: two history events per change for nothing.
 */
const ONE_TIMER_PER_ALARM = 'one-timer-per-alarm';

/**
 * patched() marker: working-day deadlines follow the real calendar (public
 * holidays and make-up working days, domain/calendar.ts). Asked once per run,
 * before the first rule runs: a run started before it keeps counting weekends
 * only, as its history did; a run started (or continued as new) after it has
 * the calendar from its first task on.
 */
const HOLIDAY_CALENDAR = 'holiday-calendar';

/**
 * patched() marker: a term's months and years are calendar months and years
 * of Shanghai (term/duty-year.ts). Asked once, when the term starts, and kept
 * in its data: a term started before it counts policy months from dispatch
 * to its end, through every continue-as-new.
 */
const CALENDAR_MONTHS = 'calendar-months';

/**
 * patched() marker: a calendar-month term's years are calendar years of
 * Shanghai: training and health check due by 31 December, the evaluation
 * opened on the policy's date (1 December) of each calendar year, for every
 * county at once (term/duty-year.ts). Asked once, when the term starts (after
 * calendar-months, and only if it holds), and kept in its data: a term
 * started before it keeps years that end on the anniversaries of dispatch.
 */
const CALENDAR_YEARS = 'calendar-years';

/**
 * patched() marker: a full term seeks its successor the policy's lead time
 * before its end and hands over to them before its record closes
 * (term/term-end-succession.ts). Asked once, when the term starts, and kept
 * in its data: a term started before it closes at its end with no successor.
 */
const TERM_END_SUCCESSION = 'term-end-succession';

const DEFAULT_MAX_HISTORY_EVENTS = 8_000;

export async function termWorkflow(input: TermInput): Promise<TermOutcome> {
  const info = workflowInfo();
  const calendarMonths = input.continued ? undefined : patched(CALENDAR_MONTHS);
  const term = input.continued
    ? TermState.resume(input.continued)
    : TermState.nominate(
        {
          ...input,
          calendarMonths,
          calendarYears: calendarMonths && patched(CALENDAR_YEARS),
          termEndSuccession: patched(TERM_END_SUCCESSION),
        },
        info.workflowId,
        Date.now(),
      );
  const background: Promise<unknown>[] = [];
  let lastStage: Stage | undefined;

  // Every log entry a handler's rule makes carries the id of the request being
  // handled (the API's X-Request-Id, carried in the Update's header): one
  // decision can be followed from HTTP to history to the record.
  term.requestIdOf = currentRequestId;
  // Rules that changed under running terms ask patched() at the point they differ.
  term.patched = patched;
  if (patched(HOLIDAY_CALENDAR))
    term.calendar = calendarOf(term.data.policy, term.data.nominatedAt);
  const record = new RecordWriter(term, info.workflowId, background);
  const requireRecordOpen = () => record.requireOpen();
  const flush = () => record.flush();

  /** The workflow trusts no caller: text unfit for the record is refused before history. */
  const requireSafeText = (value: unknown) => {
    const unsafe = findUnsafeText(value);
    if (unsafe)
      refuse('invalid_input', `${describePath(unsafe.path)}: ${unsafe.problem}`, {
        path: unsafe.path,
      });
  };
  /** Every Update's validator: record open, text safe, then the rule itself. */
  const guarded = (arg: unknown, rule: () => void) => {
    requireRecordOpen();
    requireSafeText(arg);
    rule();
  };

  const publishStage = () => {
    if (lastStage === term.stage) return;
    lastStage = term.stage;
    upsertSearchAttributes([
      { key: STAGE_KEY, value: term.stage },
      { key: COUNTY_KEY, value: term.county },
      { key: KIND_KEY, value: 'term' },
    ]);
  };

  const reminders = new Map<string, { order: ReminderOrder; scope: CancellationScope }>();
  /** Calls off the reminders still on their way whose obligation has been met. */
  const cancelStaleReminders = () => {
    for (const [key, reminder] of reminders) {
      if (term.stillDue(reminder.order)) continue;
      reminder.scope.cancel();
      reminders.delete(key);
      if (patched(RECORD_CALLED_OFF_REMINDERS)) term.callOffReminder(Date.now(), reminder.order);
    }
  };

  /**
   * A signal to another term fails only when that term is gone (closed, or
   * never started): nothing is left to tell, and this term goes on. Retrying
   * cannot help and failing would stall this term, so the failure is logged
   * for operators (the worker's log; the workflow's own log skips replays).
   */
  const signalFailed = (targetTermId: string, signal: string) => (err: unknown) => {
    log.warn('signal to another term failed; that term is gone', {
      termId: info.workflowId,
      targetTermId,
      signal,
      error: err instanceof Error ? err.message : String(err),
    });
  };

  const runEffects = () => {
    cancelStaleReminders();
    for (const effect of term.effects.splice(0)) {
      switch (effect.type) {
        case 'remind':
          if (patched(CANCEL_STALE_REMINDERS)) {
            // Each reminder runs in its own scope, so that one still retrying
            // (SMTP down) can be called off once its obligation is met.
            const scope = new CancellationScope();
            const { order } = effect;
            reminders.set(order.key, { order, scope });
            background.push(
              scope
                .run(() => mail.sendReminder(order))
                .catch((err: unknown) => {
                  if (!isCancellation(err)) throw err;
                })
                .finally(() => reminders.delete(order.key)),
            );
          } else background.push(mail.sendReminder(effect.order));
          break;
        case 'enrol':
          background.push(
            rounds.enrolInEvaluationRound({
              county: effect.county,
              year: effect.year,
              ...(effect.closesAt !== undefined ? { closesAt: effect.closesAt } : {}),
              termId: info.workflowId,
              policyVersion: term.policy.version,
              quota: term.policy.outstandingQuota,
            }),
          );
          break;
        case 'notifyPredecessor':
          background.push(
            getExternalWorkflowHandle(effect.predecessorTermId)
              .signal(successorProgressed, effect.progress)
              .catch(signalFailed(effect.predecessorTermId, 'successorProgressed')),
          );
          break;
        case 'notifySuccessor':
          background.push(
            getExternalWorkflowHandle(effect.successorTermId)
              .signal(handoverCompleted, { outgoingTermId: info.workflowId, at: Date.now() })
              .catch(signalFailed(effect.successorTermId, 'handoverCompleted')),
          );
          break;
      }
    }
  };

  /** After a change made by a handler: record it before answering the caller. */
  const commit = async (
    message: string,
    extra: Partial<DecisionResult> = {},
  ): Promise<DecisionResult> => {
    term.dirty = true;
    runEffects();
    publishStage();
    await flush();
    // The answer promises the change is on record; a refused write breaks that promise.
    requireRecordOpen();
    return { ok: true, termId: info.workflowId, stage: term.stage, message, ...extra };
  };

  setHandler(termView, () => term.view());
  setHandler(policyPublished, (published) => term.receivePolicy(published));
  setHandler(
    termRecordCheck,
    (): RecordCheck => ({
      termId: info.workflowId,
      stage: term.stage,
      batchSeq: term.data.seq.batch,
      ...record.check(),
      unwrittenChanges: term.hasPendingChanges(),
      openTaskIds: term.data.openTasks.map((task) => task.id).sort(),
      logEntries: term.data.timeline.length,
      lastEntry: term.data.timeline.at(-1),
    }),
  );
  setHandler(
    retryRecordWrite,
    async () => {
      await record.retry();
      return {
        ok: true as const,
        termId: info.workflowId,
        stage: term.stage,
        message: 'record written',
      };
    },
    {
      validator: (request) => {
        asWorkflowRefusal(() =>
          requireFactActor(request.actor, 'retryRecordWrite', {
            village: term.data.profile.village,
          }),
        );
        if (!record.blocked) refuse('wrong_stage', 'the record of this term is not blocked');
      },
    },
  );
  // True once this run's first batch is written (for a continued run, the
  // earlier run wrote the nomination long ago).
  let recorded = input.continued !== undefined;
  // The answer's payload is not part of replay's command matching: adding
  // the screening to it changes no command of a recorded history.
  setHandler(termRecorded, async () => {
    await condition(() => recorded);
    requireRecordOpen();
    return { stage: term.stage, screeningFailures: term.data.screeningFailures };
  });

  setHandler(
    decideTask,
    async (decision) => {
      const task = term.taskById(decision.taskId)!;
      if (task.kind === 'rate_official' && decision.rating === 'outstanding') {
        // The county's round is the single writer of the quota: ask it first.
        term.hold(task.id);
        try {
          const ratedYear = term.yearOfTask(task);
          const roundYear = ratedYear?.roundYear ?? new Date().getUTCFullYear();
          const closesAt = roundClosesAt(term.data, roundYear);
          await rounds.reserveOutstandingSlot({
            county: term.county,
            year: roundYear,
            ...(closesAt !== undefined ? { closesAt } : {}),
            termId: info.workflowId,
            policyVersion: term.policy.version,
            quota: term.policy.outstandingQuota,
          });
        } catch (err) {
          const cause = err instanceof ActivityFailure ? err.cause : err;
          if (cause instanceof ApplicationFailure && cause.type === 'quota_exceeded')
            refuse('quota_exceeded', cause.message, cause.details?.[0]);
          throw err;
        } finally {
          term.release(task.id);
        }
      }
      const requestsBefore = term.data.requests.length;
      const message = term.decide(Date.now(), decision);
      term.markClosedByUpdate(decision.taskId, currentUpdateInfo()?.id);
      // A reply answers the task's request; a follow-up question files a new one.
      const filed = term.data.requests.slice(requestsBefore).at(-1);
      return commit(message, {
        taskId: decision.taskId,
        requestNo: task.requestNo ?? filed?.no,
        caseId: task.caseId,
      });
    },
    { validator: (decision) => guarded(decision, () => term.validateDecision(decision)) },
  );

  setHandler(
    recordTraining,
    async (training) =>
      commit(term.recordTraining(Date.now(), training.actor, training.kind, training.title)),
    {
      validator: (training) =>
        guarded(training, () => term.validateTraining(training.actor, training.kind)),
    },
  );
  setHandler(
    recordHealthCheck,
    async (check) =>
      commit(term.recordHealthCheck(Date.now(), check.actor, check.fit, check.note), {
        caseId: term.openCase()?.caseId,
      }),
    {
      validator: (check) => guarded(check, () => term.validateHealthCheck(check.actor)),
    },
  );
  setHandler(
    recordSpotCheckAbsence,
    async (absence) => commit(term.recordAbsence(Date.now(), absence.actor, absence.note)),
    {
      validator: (absence) => guarded(absence, () => term.validateAbsence(absence.actor)),
    },
  );
  setHandler(
    voidFact,
    async (correction) => {
      const voided = term.voidFact(
        Date.now(),
        correction.actor,
        correction.factId,
        correction.reason,
        correction.replacement,
      );
      return commit(voided.message, {
        caseId: voided.caseId,
        taskId: voided.taskId,
        ...(voided.replacementId ? { factId: voided.replacementId } : {}),
      });
    },
    {
      validator: (correction) =>
        guarded(correction, () =>
          term.validateVoid(
            Date.now(),
            correction.actor,
            correction.factId,
            correction.reason,
            correction.replacement,
          ),
        ),
    },
  );
  setHandler(
    requestLeave,
    async (leave) => {
      const asked = term.requestLeave(Date.now(), leave.actor, leave.days, leave.reason);
      return commit(asked.message, { taskId: asked.taskId, requestNo: asked.requestNo });
    },
    { validator: (leave) => guarded(leave, () => term.validateLeave(leave.actor, leave.days)) },
  );
  setHandler(
    reportReturnFromLeave,
    async (back) => commit(term.reportReturn(Date.now(), back.actor)),
    { validator: (back) => guarded(back, () => term.validateReturn(back.actor)) },
  );
  setHandler(
    reportAttendance,
    async (report) =>
      commit(
        term.reportAttendance(Date.now(), report.actor, {
          month: report.month,
          days: report.days,
          ...(report.note === undefined ? {} : { note: report.note }),
        }),
      ),
    {
      validator: (report) =>
        guarded(report, () =>
          term.validateAttendanceReport(report.actor, report.month, report.days),
        ),
    },
  );
  setHandler(
    fileRequest,
    async (request) => {
      const filed = term.fileDispatchingRequest(
        Date.now(),
        request.actor,
        request.matter,
        request.reasons,
      );
      return commit(filed.message, { requestNo: filed.requestNo, caseId: filed.caseId });
    },
    {
      validator: (request) =>
        guarded(request, () => term.validateFileRequest(request.actor, request.matter)),
    },
  );
  // New in this version, no patched(): its validator refuses before history and
  // its handler runs only for an update histories from before it cannot hold.
  setHandler(
    requestOwnRecall,
    async (request) => {
      const filed = term.requestOwnRecall(Date.now(), request.actor, request.reasons);
      return commit(filed.message, { requestNo: filed.requestNo, caseId: filed.caseId });
    },
    {
      validator: (request) =>
        guarded(request, () => term.validateOwnRecall(request.actor, request.reasons)),
    },
  );
  setHandler(
    signHandoverItem,
    async (signing) => commit(term.signHandover(Date.now(), signing.actor, signing.item)),
    {
      validator: (signing) =>
        guarded(signing, () => term.validateSign(signing.actor, signing.item)),
    },
  );
  setHandler(
    recordRecallException,
    async (exception) =>
      commit(term.recordException(Date.now(), exception.actor, exception.reason)),
    {
      validator: (exception) => guarded(exception, () => term.validateException(exception.actor)),
    },
  );
  setHandler(successorProgressed, (progress) => {
    term.onSuccessorProgress(Date.now(), progress);
    term.dirty = true;
  });
  setHandler(handoverCompleted, (completed) => {
    term.onHandoverCompleted(Date.now(), completed.outgoingTermId);
    term.dirty = true;
  });

  // A term adopted on post was screened and vetted before the system.
  if (!input.continued && !input.onPost) term.screen(Date.now());
  runEffects();
  publishStage();
  await flush();
  recorded = true;

  // The loop's timer: armed for the next alarm instant and kept while that
  // instant stays the next one, whatever Updates come in meanwhile.
  let alarm: { at: number; fired: boolean; scope: CancellationScope } | undefined;
  const arm = (at: number) => {
    const timer = { at, fired: false, scope: new CancellationScope() };
    timer.scope
      .run(() => sleep(at - Date.now()))
      .then(
        () => {
          timer.fired = true;
        },
        (err: unknown) => {
          if (!isCancellation(err)) throw err;
        },
      );
    return timer;
  };
  const disarm = () => {
    if (alarm && !alarm.fired) alarm.scope.cancel();
    alarm = undefined;
  };
  const oneTimerPerAlarm = patched(ONE_TIMER_PER_ALARM);

  const maxHistory = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  while (!term.isFinished()) {
    term.dirty = false;
    const wake = term.nextAlarmAt();
    if (oneTimerPerAlarm) {
      if (alarm && (alarm.fired || alarm.at !== wake)) disarm();
      if (wake === undefined || wake > Date.now()) {
        if (wake !== undefined && !alarm) alarm = arm(wake);
        await condition(() => term.dirty || alarm?.fired === true);
      }
    } else if (wake === undefined) await condition(() => term.dirty);
    else if (wake > Date.now()) await condition(() => term.dirty, wake - Date.now());
    term.tick(Date.now());
    runEffects();
    publishStage();
    await flush();

    const run = workflowInfo();
    // A blocked term keeps its run: the refused batch lives in this run only.
    if (
      !term.isFinished() &&
      !record.blocked &&
      (run.continueAsNewSuggested || run.historyLength > maxHistory)
    ) {
      await condition(allHandlersFinished);
      await Promise.all(background);
      await flush();
      await continueAsNew<typeof termWorkflow>({ ...input, continued: term.data });
    }
  }

  // Let running updates answer and background messages land before closing.
  // (A timer still armed is dropped with the run.)
  await condition(allHandlersFinished);
  runEffects();
  await Promise.all(background);
  await flush();
  // A refused record keeps the run open until the administrator's retry lands.
  await condition(() => !record.blocked && allHandlersFinished());
  await flush();
  return { termId: info.workflowId, stage: term.stage, closedAt: term.data.closedAt };
}
