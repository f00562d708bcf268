// A characterisation of TermState as the workflow drives it: every batch for
// the record, every message to other workflows, every alarm and every refusal,
// across the paths a term can take. The golden trace was taken from the code
// before the rules were split into modules; a change to it is a change of
// behaviour (of what the record receives and when the workflow wakes), so it
// is made on purpose and said in the commit, never by refreshing the file.
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors.js';
import type { CandidateProfile } from '../../domain/profile.js';
import type { ReminderOrder, TaskKind } from '../../domain/records.js';
import type { DecideTaskInput } from '../../workflows/messages.js';
import { TermState, type TermData, type TermInput } from '../../workflows/term-state.js';
import {
  DAY,
  ORG,
  OTHER_ORG,
  POLICY,
  SCREENERS,
  START,
  TOWNSHIP,
  UNIT,
  candidate,
  officialOf,
} from './support/term-fixtures.js';

const dataOf = (term: TermState): TermData => term.data;

function refusalOf(err: unknown) {
  if (err instanceof ApplicationFailure)
    return { type: err.type, message: err.message, details: err.details };
  throw err;
}

/** Drives one term as workflows/term.ts does, and writes down everything it hands out. */
class Driver {
  readonly trace: unknown[] = [];
  now: number;
  private updates = 0;
  /** Reminders handed to the mailer and not yet sent, as term.ts keeps them. */
  private inFlight = new Map<string, ReminderOrder>();

  constructor(
    public term: TermState,
    now: number,
  ) {
    this.now = now;
  }

  static nominate(profile: CandidateProfile, extra: Partial<TermInput> = {}, at = START) {
    const input: TermInput = { profile, policy: POLICY, nominatedBy: UNIT, ...extra };
    const driver = new Driver(TermState.nominate(input, `term-${profile.officialId}`, at), at);
    driver.step('screen', () => driver.term.screen(at));
    return driver;
  }

  /** One change: the workflow's commit after it (reminders, record batch, next alarm). */
  step(name: string, change: () => unknown): void {
    let result: unknown;
    let refusal: unknown;
    try {
      result = change();
    } catch (err) {
      refusal = refusalOf(err);
    }
    for (const [key, order] of this.inFlight) {
      if (this.term.stillDue(order)) continue;
      this.term.callOffReminder(this.now, order);
      this.inFlight.delete(key);
    }
    // Whatever is still in flight is sent by now.
    this.inFlight.clear();
    const effects = this.term.effects.splice(0);
    for (const effect of effects)
      if (effect.type === 'remind') this.inFlight.set(effect.order.key, effect.order);
    this.trace.push({
      step: name,
      at: this.now,
      result,
      refusal,
      stage: this.term.stage,
      batch: this.term.takeBatch(),
      effects,
      nextAlarmAt: this.term.nextAlarmAt(),
    });
  }

  /** A validator's refusal, or nothing: what an Update's caller is told before history. */
  validate(name: string, check: () => void): void {
    try {
      check();
      this.trace.push({ validate: name, accepted: true });
    } catch (err) {
      this.trace.push({ validate: name, refusal: refusalOf(err) });
    }
  }

  /** Lets time pass: every alarm up to `until` fires, as the main loop's timer would. */
  advance(until: number, onAlarm?: () => void): void {
    for (;;) {
      const at = this.term.nextAlarmAt();
      if (at === undefined || at > until) break;
      this.now = Math.max(this.now, at);
      this.step(`alarm`, () => this.term.tick(this.now));
      onAlarm?.();
      if (this.term.isFinished()) return;
    }
    this.now = until;
  }

  openTask(kind: TaskKind, assigneeId?: string) {
    return this.term
      .view()
      .openTasks.find(
        (task) =>
          task.kind === kind && (assigneeId === undefined || task.assignee.actorId === assigneeId),
      );
  }

  decide(name: string, input: DecideTaskInput): void {
    this.validate(name, () => this.term.validateDecision(input));
    this.step(name, () => {
      const message = this.term.decide(this.now, input);
      this.updates += 1;
      this.term.markClosedByUpdate(input.taskId, `update-${this.updates}`);
      return message;
    });
  }

  decideKind(
    kind: TaskKind,
    actor: Actor,
    decision: DecideTaskInput['decision'] = 'approve',
    extra: Partial<DecideTaskInput> = {},
  ): void {
    const task = this.openTask(kind);
    if (!task) throw new Error(`no open ${kind} task at ${this.now}`);
    this.decide(`${kind} ${decision} by ${actor.id}`, {
      taskId: task.id,
      actor,
      decision,
      comment: `${decision} ${kind}`,
      ...extra,
    });
  }

  /** The term's data carried to a new run by continue-as-new, as JSON would carry it. */
  continueAsNew(): void {
    this.term = TermState.resume(JSON.parse(JSON.stringify(dataOf(this.term))) as TermData);
    this.trace.push({ continuedAsNew: true, view: this.term.view() });
  }

  /** As JSON carries it (payloads, queries): a property set to undefined is no property. */
  finish(): unknown[] {
    this.trace.push({ finalView: this.term.view() });
    return this.trace;
  }
}

function vetAndDispatch(driver: Driver): void {
  driver.now += DAY;
  // The nominator may not reply; a body may not answer for another body.
  const vetting = driver.openTask('vetting_reply')!;
  driver.validate('nominator replies', () =>
    driver.term.validateDecision({
      taskId: vetting.id,
      actor: UNIT,
      decision: 'approve',
      comment: '',
    }),
  );
  for (const body of ['discipline', 'petition', 'police'] as const) {
    const task = driver.term
      .view()
      .openTasks.find((t) => t.kind === 'vetting_reply' && t.assignee.body === body)!;
    driver.decide(`vetting ${body}`, {
      taskId: task.id,
      actor: SCREENERS[body],
      decision: 'approve',
      comment: 'no record',
    });
    driver.now += DAY;
  }
  driver.decideKind('approve_dispatch', ORG);
  driver.now += DAY;
  driver.validate('township records pre-dispatch training', () =>
    driver.term.validateTraining(TOWNSHIP, 'pre_dispatch'),
  );
  driver.validate('county-level training before dispatch', () =>
    driver.term.validateTraining(ORG, 'county'),
  );
  driver.validate('org records pre-dispatch training', () =>
    driver.term.validateTraining(ORG, 'pre_dispatch'),
  );
  driver.step('pre-dispatch training', () =>
    driver.term.recordTraining(driver.now, ORG, 'pre_dispatch', 'five-day course'),
  );
}

/** Closes each month's attendance as it opens, with the days `daysOf` gives. */
function closeAttendance(driver: Driver, daysOf: (month: number) => number) {
  return () => {
    for (const task of driver.term.view().openTasks.filter((t) => t.kind === 'close_attendance')) {
      const month = Number(task.data?.month);
      driver.decide(`attendance month ${month}`, {
        taskId: task.id,
        actor: TOWNSHIP,
        decision: 'approve',
        comment: '',
        days: daysOf(month),
      });
    }
  };
}

describe('TermState, as the workflow drives it', () => {
  it('screens a candidate out on the six rules', async () => {
    const driver = Driver.nominate(
      candidate('off-out', { partyMember: 'none', lastHealthCheck: null }),
    );
    await expect(JSON.stringify(driver.finish(), null, 1)).toMatchFileSnapshot(
      './__golden__/screened-out.json',
    );
  });

  it('ends a nomination that one screening body rejects (before objection-decided-by-county)', async () => {
    const driver = Driver.nominate(candidate('off-rej'));
    // A term whose history has the objection without the marker keeps the old rule.
    driver.term.patched = (marker) => marker !== 'objection-decided-by-county';
    driver.now += DAY;
    const police = driver.term
      .view()
      .openTasks.find((t) => t.kind === 'vetting_reply' && t.assignee.body === 'police')!;
    driver.validate('discipline answers for police', () =>
      driver.term.validateDecision({
        taskId: police.id,
        actor: SCREENERS.discipline,
        decision: 'approve',
        comment: '',
      }),
    );
    driver.decide('police reject', {
      taskId: police.id,
      actor: SCREENERS.police,
      decision: 'reject',
      comment: 'open case at the police',
    });
    driver.validate('second reply', () =>
      driver.term.validateDecision({
        taskId: police.id,
        actor: SCREENERS.police,
        decision: 'approve',
        comment: '',
      }),
    );
    driver.validate('unknown task', () =>
      driver.term.validateDecision({
        taskId: 'elsewhere.t1',
        actor: SCREENERS.police,
        decision: 'approve',
        comment: '',
      }),
    );
    await expect(JSON.stringify(driver.finish(), null, 1)).toMatchFileSnapshot(
      './__golden__/vetting-rejected.json',
    );
  });

  /** A screening body's reply to its vetting request. */
  const vettingReply = (
    driver: Driver,
    body: 'discipline' | 'petition' | 'police',
    decision: 'approve' | 'reject',
    comment: string,
  ) => {
    const task = driver.term
      .view()
      .openTasks.find((t) => t.kind === 'vetting_reply' && t.assignee.body === body)!;
    driver.decide(`${body} ${decision}`, {
      taskId: task.id,
      actor: SCREENERS[body],
      decision,
      comment,
    });
  };

  it('refers an objection to the county; on its follow-up question the body withdraws it; dispatch approval opens', async () => {
    const driver = Driver.nominate(candidate('off-obj'));
    driver.now += DAY;
    vettingReply(driver, 'discipline', 'approve', 'no record');
    vettingReply(driver, 'police', 'reject', 'open case at the police');
    const decide = driver.openTask('decide_objection')!;
    driver.validate('approve an objection', () =>
      driver.term.validateDecision({
        taskId: decide.id,
        actor: ORG,
        decision: 'approve',
        comment: 'fine',
      }),
    );
    driver.validate('follow-up without a question', () =>
      driver.term.validateDecision({
        taskId: decide.id,
        actor: ORG,
        decision: 'follow_up',
        comment: ' ',
      }),
    );
    driver.validate('police decides on its own objection', () =>
      driver.term.validateDecision({
        taskId: decide.id,
        actor: SCREENERS.police,
        decision: 'follow_up',
        comment: 'why?',
      }),
    );
    driver.now += DAY;
    driver.decideKind('decide_objection', ORG, 'follow_up', {
      comment: 'is case 2026-114 still open?',
    });
    driver.now += DAY;
    vettingReply(driver, 'petition', 'approve', 'no record');
    driver.now += DAY;
    driver.decideKind('objection_follow_up_reply', SCREENERS.police, 'withdraw', {
      comment: 'case 2026-114 closed without charge',
    });
    driver.now += DAY;
    driver.decideKind('approve_dispatch', ORG);
    await expect(JSON.stringify(driver.finish(), null, 1)).toMatchFileSnapshot(
      './__golden__/objection-withdrawn.json',
    );
  });

  it('never opens dispatch approval over a maintained objection: the county ends the nomination citing it', async () => {
    const driver = Driver.nominate(candidate('off-obm'));
    driver.now += DAY;
    for (const body of ['discipline', 'petition'] as const)
      vettingReply(driver, body, 'approve', 'no record');
    vettingReply(driver, 'police', 'reject', 'open case at the police');
    driver.decideKind('decide_objection', ORG, 'follow_up', {
      comment: 'is case 2026-114 still open?',
    });
    driver.now += DAY;
    const followUp = driver.openTask('objection_follow_up_reply')!;
    driver.validate('a reply that neither withdraws nor maintains', () =>
      driver.term.validateDecision({
        taskId: followUp.id,
        actor: SCREENERS.police,
        decision: 'approve',
        comment: 'still open',
      }),
    );
    driver.decideKind('objection_follow_up_reply', SCREENERS.police, 'maintain', {
      comment: 'case 2026-114 still open',
    });
    driver.validate('second reply to the follow-up', () =>
      driver.term.validateDecision({
        taskId: followUp.id,
        actor: SCREENERS.police,
        decision: 'withdraw',
        comment: 'changed my mind',
      }),
    );
    driver.now += DAY;
    driver.decideKind('decide_objection', ORG, 'end_nomination', {
      comment: 'an open police case bars the posting',
    });
    await expect(JSON.stringify(driver.finish(), null, 1)).toMatchFileSnapshot(
      './__golden__/objection-maintained.json',
    );
  });

  it('withdraws a candidate on an approved adjustment request', async () => {
    const driver = Driver.nominate(candidate('off-adj'));
    driver.validate('recall before dispatch', () =>
      driver.term.validateFileRequest(UNIT, 'recall'),
    );
    driver.validate('adjustment by the county', () =>
      driver.term.validateFileRequest(ORG, 'adjustment'),
    );
    driver.validate('adjustment', () => driver.term.validateFileRequest(UNIT, 'adjustment'));
    driver.step('adjustment', () =>
      driver.term.fileDispatchingRequest(driver.now, UNIT, 'adjustment', 'moved to another post'),
    );
    driver.validate('adjustment again', () => driver.term.validateFileRequest(UNIT, 'adjustment'));
    driver.now += DAY;
    driver.advance(driver.now + 20 * DAY);
    const reply = driver.openTask('adjustment_reply')!;
    driver.validate('nominator decides the adjustment', () =>
      driver.term.validateDecision({
        taskId: reply.id,
        actor: UNIT,
        decision: 'approve',
        comment: '',
      }),
    );
    driver.decideKind('adjustment_reply', ORG, 'approve');
    await expect(JSON.stringify(driver.finish(), null, 1)).toMatchFileSnapshot(
      './__golden__/adjustment.json',
    );
  });

  it('runs a full term: months, years, leave, cases, reminders, final rating', async () => {
    const driver = Driver.nominate(candidate('off-full'));
    vetAndDispatch(driver);
    const official = officialOf(candidate('off-full'));
    const dispatchedAt = driver.now;
    const monthEnd = (month: number) => dispatchedAt + month * POLICY.monthDays * DAY;
    const onAlarm = closeAttendance(driver, (month) => (month === 3 ? 15 : 22));

    driver.validate('health check by the township', () =>
      driver.term.validateHealthCheck(TOWNSHIP),
    );
    driver.validate('health check by another county', () =>
      driver.term.validateHealthCheck(OTHER_ORG),
    );
    driver.step('health check, fit', () =>
      driver.term.recordHealthCheck(driver.now, UNIT, true, 'all clear'),
    );

    // Month 1: two days of leave from the township, and the return.
    driver.advance(dispatchedAt + 10 * DAY, onAlarm);
    driver.validate('leave by the township', () => driver.term.validateLeave(TOWNSHIP, 2));
    driver.validate('leave of 0 days', () => driver.term.validateLeave(official, 0));
    driver.validate('leave of 2 days', () => driver.term.validateLeave(official, 2));
    driver.step('short leave', () => driver.term.requestLeave(driver.now, official, 2, 'family'));
    driver.validate('leave while one is requested', () => driver.term.validateLeave(official, 2));
    driver.validate('return before approval', () => driver.term.validateReturn(official));
    driver.decideKind('approve_leave', TOWNSHIP);
    driver.now += 2 * DAY;
    driver.validate('return by the township', () => driver.term.validateReturn(TOWNSHIP));
    driver.step('return', () => driver.term.reportReturn(driver.now, official));

    // Month 2: a spot-check absence caps this year's rating.
    driver.advance(monthEnd(1) + 5 * DAY, onAlarm);
    driver.validate('absence by the official', () => driver.term.validateAbsence(official));
    driver.step('absence', () => driver.term.recordAbsence(driver.now, TOWNSHIP, 'not found'));

    // Month 3 closes with 15 days: a residence breach opens a case; the county keeps the official.
    driver.advance(monthEnd(3) + DAY, onAlarm);
    driver.validate('recall while the residence case is open', () =>
      driver.term.validateFileRequest(UNIT, 'recall'),
    );
    driver.step('recall request joins the case', () =>
      driver.term.fileDispatchingRequest(driver.now, UNIT, 'recall', 'not in the village'),
    );
    driver.validate('recall request again', () => driver.term.validateFileRequest(UNIT, 'recall'));
    driver.decideKind('recall_reply', ORG, 'reject');

    // Long leave from the county, then leave past the yearly cap: a leave case, kept.
    driver.advance(monthEnd(4) + 2 * DAY, onAlarm);
    driver.step('long leave', () => driver.term.requestLeave(driver.now, official, 10, 'surgery'));
    driver.decideKind('leave_reply', ORG);
    driver.now += 10 * DAY;
    driver.step('return', () => driver.term.reportReturn(driver.now, official));
    driver.step('leave past the cap', () =>
      driver.term.requestLeave(driver.now, official, 25, 'care for a parent'),
    );
    driver.decideKind('leave_reply', ORG);
    driver.now += DAY;
    driver.step('return', () => driver.term.reportReturn(driver.now, official));
    driver.decideKind('recall_reply', ORG, 'reject');

    // The training of year 1 comes late: reminders and an escalation go out first.
    driver.advance(monthEnd(12) + 8 * DAY, onAlarm);
    driver.step('county training, late', () =>
      driver.term.recordTraining(driver.now, TOWNSHIP, 'county', 'rural finance'),
    );
    driver.continueAsNew();

    // Year 1's evaluation: self-report, then a rating the absence caps.
    driver.decideKind('self_report', official, 'approve', { report: 'a year of work' });
    const rate = driver.openTask('rate_official')!;
    driver.validate('reject a rating', () =>
      driver.term.validateDecision({
        taskId: rate.id,
        actor: ORG,
        decision: 'reject',
        comment: '',
      }),
    );
    driver.validate('rating missing', () =>
      driver.term.validateDecision({
        taskId: rate.id,
        actor: ORG,
        decision: 'approve',
        comment: '',
      }),
    );
    driver.validate('outstanding over the cap', () =>
      driver.term.validateDecision({
        taskId: rate.id,
        actor: ORG,
        decision: 'approve',
        comment: '',
        rating: 'outstanding',
      }),
    );
    driver.validate('held while the quota is asked', () => {
      driver.term.hold(rate.id);
      try {
        driver.term.validateDecision({
          taskId: rate.id,
          actor: ORG,
          decision: 'approve',
          comment: '',
          rating: 'competent',
        });
      } finally {
        driver.term.release(rate.id);
      }
    });
    driver.decideKind('rate_official', ORG, 'approve', { rating: 'competent' });

    // Year 2: training and health check on time; one attendance refused first.
    driver.advance(monthEnd(13) + 3 * DAY, onAlarm);
    driver.step('county training', () =>
      driver.term.recordTraining(driver.now, ORG, 'county', 'party history'),
    );
    driver.step('health check', () => driver.term.recordHealthCheck(driver.now, ORG, true, 'fit'));
    driver.advance(monthEnd(24) - DAY, onAlarm);
    driver.advance(monthEnd(24) + DAY);
    const attendance = driver.openTask('close_attendance')!;
    driver.validate('attendance of 31 days', () =>
      driver.term.validateDecision({
        taskId: attendance.id,
        actor: TOWNSHIP,
        decision: 'approve',
        comment: '',
        days: 31,
      }),
    );
    driver.decideKind('self_report', official, 'approve', { report: 'two years of work' });
    driver.decideKind('rate_official', ORG, 'approve', { rating: 'outstanding' });
    // The term closes when the last month is closed too.
    onAlarm();
    await expect(JSON.stringify(driver.finish(), null, 1)).toMatchFileSnapshot(
      './__golden__/full-term.json',
    );
  });

  it('recalls an unfit official through a successor and a signed hand-over', async () => {
    const driver = Driver.nominate(candidate('off-out1'));
    vetAndDispatch(driver);
    const official = officialOf(candidate('off-out1'));
    const onAlarm = closeAttendance(driver, () => 25);
    driver.advance(driver.now + 40 * DAY, onAlarm);
    driver.step('health check, unfit', () =>
      driver.term.recordHealthCheck(driver.now, ORG, false, 'heart condition'),
    );
    driver.validate('adjustment on duty', () =>
      driver.term.validateFileRequest(UNIT, 'adjustment'),
    );
    driver.validate('exception before the recall reply', () => driver.term.validateException(ORG));
    driver.decideKind('recall_reply', ORG);
    const ask = driver.openTask('nominate_successor')!;
    driver.validate('decide the successor task', () =>
      driver.term.validateDecision({
        taskId: ask.id,
        actor: UNIT,
        decision: 'approve',
        comment: '',
      }),
    );
    driver.validate('exception by the unit', () => driver.term.validateException(UNIT));
    const caseId = driver.term.openCase()!.caseId;
    const progress = (
      successorOfficialId: string,
      status: 'nominated' | 'screened_out' | 'rejected' | 'withdrawn' | 'dispatched',
    ) =>
      driver.step(`successor ${successorOfficialId} ${status}`, () =>
        driver.term.onSuccessorProgress(driver.now, {
          successorTermId: `term-${successorOfficialId}`,
          successorOfficialId,
          caseId,
          status,
          at: driver.now,
        }),
      );
    progress('off-early', 'dispatched');
    driver.now += DAY;
    progress('off-s1', 'nominated');
    progress('off-s2', 'nominated');
    driver.advance(driver.now + 5 * DAY, onAlarm);
    progress('off-s1', 'rejected');
    driver.advance(driver.now + 12 * DAY, onAlarm);
    progress('off-s3', 'screened_out');
    progress('off-s4', 'nominated');
    driver.continueAsNew();
    driver.advance(driver.now + 20 * DAY, onAlarm);
    progress('off-s4', 'dispatched');
    const incoming: Actor = { ...official, id: 'off-s4', name: 'Candidate off-s4' };
    driver.validate('sign by a stranger', () =>
      driver.term.validateSign({ ...official, id: 'off-x' }, 'contacts'),
    );
    driver.validate('sign an unknown item', () =>
      driver.term.validateSign(official, 'keys' as never),
    );
    for (const item of [
      'village_ledger',
      'ongoing_projects',
      'contacts',
      'open_matters',
    ] as const) {
      driver.step(`outgoing signs ${item}`, () =>
        driver.term.signHandover(driver.now, official, item),
      );
      driver.now += DAY;
    }
    driver.validate('outgoing signs again', () => driver.term.validateSign(official, 'contacts'));
    driver.advance(driver.now + 25 * DAY, onAlarm);
    for (const item of ['village_ledger', 'ongoing_projects', 'contacts', 'open_matters'] as const)
      driver.step(`incoming signs ${item}`, () =>
        driver.term.signHandover(driver.now, incoming, item),
      );
    progress('off-s4', 'dispatched');
    await expect(JSON.stringify(driver.finish(), null, 1)).toMatchFileSnapshot(
      './__golden__/successor-handover.json',
    );
  });

  it('lets the county recall by exception while the successor is in vetting', async () => {
    const driver = Driver.nominate(candidate('off-exc'));
    vetAndDispatch(driver);
    driver.step('recall request', () =>
      driver.term.fileDispatchingRequest(driver.now, UNIT, 'recall', 'needed at home'),
    );
    driver.decideKind('recall_reply', ORG);
    const caseId = driver.term.openCase()!.caseId;
    driver.step('successor nominated', () =>
      driver.term.onSuccessorProgress(driver.now, {
        successorTermId: 'term-off-next',
        successorOfficialId: 'off-next',
        caseId,
        status: 'nominated',
        at: driver.now,
      }),
    );
    driver.validate('exception', () => driver.term.validateException(ORG));
    driver.step('exception', () =>
      driver.term.recordException(driver.now, ORG, 'the village cannot wait'),
    );
    await expect(JSON.stringify(driver.finish(), null, 1)).toMatchFileSnapshot(
      './__golden__/exception.json',
    );
  });

  it('runs a successor: dispatched into a hand-over, then on duty', async () => {
    const driver = Driver.nominate(candidate('off-succ'), {
      predecessorTermId: 'term-off-old',
      caseId: 'term-off-old.c1',
    });
    vetAndDispatch(driver);
    driver.now += 10 * DAY;
    driver.step('hand-over completed', () =>
      driver.term.onHandoverCompleted(driver.now, 'term-off-old'),
    );
    driver.advance(
      driver.now + 30 * DAY,
      closeAttendance(driver, () => 30),
    );
    await expect(JSON.stringify(driver.finish(), null, 1)).toMatchFileSnapshot(
      './__golden__/successor.json',
    );
  });

  it('tells a successor in vetting that no hand-over is due when the predecessor leaves', async () => {
    const driver = Driver.nominate(candidate('off-late'), {
      predecessorTermId: 'term-off-gone',
      caseId: 'term-off-gone.c1',
    });
    driver.now += DAY;
    driver.step('predecessor left', () =>
      driver.term.onHandoverCompleted(driver.now, 'term-off-gone'),
    );
    vetAndDispatch(driver);
    await expect(JSON.stringify(driver.finish(), null, 1)).toMatchFileSnapshot(
      './__golden__/successor-alone.json',
    );
  });

  it('closes a case still open when the term ends', async () => {
    const driver = Driver.nominate(candidate('off-end'));
    vetAndDispatch(driver);
    const official = officialOf(candidate('off-end'));
    const dispatchedAt = driver.now;
    const onAlarm = closeAttendance(driver, () => 21);
    for (const year of [1, 2]) {
      driver.advance(dispatchedAt + (year - 1) * 360 * DAY + 5 * DAY, onAlarm);
      driver.step('training', () => driver.term.recordTraining(driver.now, ORG, 'county', 'x'));
      driver.step('health', () => driver.term.recordHealthCheck(driver.now, ORG, true, ''));
      driver.advance(dispatchedAt + year * 360 * DAY + DAY, onAlarm);
      driver.decideKind('self_report', official, 'approve', { report: `year ${year}` });
      if (year === 2) {
        for (const count of [1, 2, 3])
          driver.step(`absence ${count}`, () => driver.term.recordAbsence(driver.now, ORG, ''));
        const rate = driver.openTask('rate_official')!;
        driver.validate('competent after three absences', () =>
          driver.term.validateDecision({
            taskId: rate.id,
            actor: ORG,
            decision: 'approve',
            comment: '',
            rating: 'competent',
          }),
        );
        driver.step('recall request', () =>
          driver.term.fileDispatchingRequest(driver.now, UNIT, 'recall', 'absent'),
        );
      }
      driver.decideKind('rate_official', ORG, 'approve', {
        rating: year === 1 ? 'outstanding' : 'incompetent',
      });
    }
    await expect(JSON.stringify(driver.finish(), null, 1)).toMatchFileSnapshot(
      './__golden__/term-end-open-case.json',
    );
  });
});
