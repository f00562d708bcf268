// The state of one official's term and every rule that changes it. Pure and
// deterministic: the workflow passes the time in, and reads back what to write
// to the system of record and which reminders and messages to send.
import { ApplicationFailure } from '@temporalio/workflow';
import type { Actor, Role, ScreeningBody } from '../domain/actors.js';
import { countyOf, mayAct, townshipOf } from '../domain/jurisdiction.js';
import type { CandidateProfile } from '../domain/profile.js';
import { addWorkingDays, days, monthMs } from '../domain/policy-defaults.js';
import type { Policy, ReminderRung } from '../domain/policy.js';
import { ratingAllowed, ratingCap, type Rating } from '../domain/rating.js';
import type { RefusalCode } from '../domain/refusals.js';
import {
  FINAL_STAGES,
  HANDOVER_ITEMS,
  type Assignee,
  type CaseGround,
  type CaseRecord,
  type HandoverItem,
  type HandoverState,
  type OfficialSnapshot,
  type RecordBatch,
  type ReminderLadder,
  type ReminderOrder,
  type Stage,
  type Task,
  type TaskKind,
  type TimelineEntry,
  type YearObligations,
} from '../domain/records.js';
import { screenCandidate, type RuleFailure } from '../domain/screening.js';
import type { DecideTaskInput } from './messages.js';
import type { RequestView, SuccessorProgress, TermView } from './views.js';

export function refuse(code: RefusalCode, message: string, details?: unknown): never {
  throw ApplicationFailure.create({
    type: code,
    message,
    nonRetryable: true,
    details: details === undefined ? [] : [details],
  });
}

export interface TermInput {
  profile: CandidateProfile;
  policy: Policy;
  nominatedBy: Actor;
  predecessorTermId?: string;
  caseId?: string;
  /** State carried over by continue-as-new. */
  continued?: TermData;
  /** History length after which the term continues as new (tests lower it). */
  maxHistoryEvents?: number;
}

type RequestRecord = RequestView & { taskId: string; caseId?: string };

/** Messages to other workflows and rounds, sent by the workflow after a change. */
export type Effect =
  | { type: 'remind'; order: ReminderOrder }
  | { type: 'enrol'; county: string; year: number }
  | { type: 'notifyPredecessor'; predecessorTermId: string; progress: SuccessorProgress }
  | { type: 'notifySuccessor'; successorTermId: string };

export interface TermData {
  termId: string;
  profile: CandidateProfile;
  policy: Policy;
  nominatedBy: Actor;
  predecessorTermId?: string;
  succeedsCaseId?: string;
  stage: Stage;
  nominatedAt: number;
  dispatchedAt?: number;
  closedAt?: number;
  successorTermId?: string;
  successorOfficialId?: string;
  promotionPriority: boolean;
  screeningFailures: RuleFailure[];
  seq: { task: number; request: number; case: number; batch: number };
  openTasks: Task[];
  requests: RequestRecord[];
  cases: CaseRecord[];
  handover?: HandoverState;
  years: (YearObligations & { roundYear?: number })[];
  monthsOpened: number;
  leave?: { days: number; status: 'requested' | 'on_leave'; taskId?: string; requestNo?: string };
  timeline: TimelineEntry[];
  reminded: string[];
  continuedTimes: number;
  pending: {
    entries: TimelineEntry[];
    tasksOpened: Task[];
    tasksClosed: RecordBatch['tasksClosed'];
    cases: string[];
    /** Absent in state carried over from before reminders were called off on record. */
    remindersCalledOff?: ReminderOrder[];
  };
}

const SYSTEM = { id: 'system', role: 'system' as const };
type Who = Actor | typeof SYSTEM;

const TASK_TITLES: Record<TaskKind, string> = {
  vetting_reply: 'Reply to the vetting request',
  approve_dispatch: 'Approve the dispatch',
  record_pre_dispatch_training: 'Record the pre-dispatch training',
  close_attendance: 'Close the monthly attendance',
  approve_leave: 'Approve short leave',
  leave_reply: 'Reply to the long-leave request',
  self_report: 'Submit the yearly self-report',
  rate_official: 'Rate the official for the year',
  recall_reply: 'Reply to the recall request',
  adjustment_reply: 'Reply to the candidate adjustment request',
  nominate_successor: 'Nominate a successor',
  sign_handover: 'Sign the hand-over checklist',
};

/** Who is reminded when a task is overdue beyond its deadline. */
const ESCALATE_TO: Record<Role, Role> = {
  screening_body: 'county_org',
  township: 'county_org',
  official: 'township',
  dispatching_unit: 'county_org',
  county_org: 'region_admin',
  region_admin: 'region_admin',
};

export class TermState {
  dirty = false;
  readonly effects: Effect[] = [];

  private constructor(readonly d: TermData) {}

  static resume(data: TermData): TermState {
    const s = new TermState(data);
    s.d.continuedTimes += 1;
    return s;
  }

  static nominate(input: TermInput, termId: string, now: number): TermState {
    const s = new TermState({
      termId,
      profile: input.profile,
      policy: input.policy,
      nominatedBy: input.nominatedBy,
      predecessorTermId: input.predecessorTermId,
      succeedsCaseId: input.caseId,
      stage: 'nominated',
      nominatedAt: now,
      promotionPriority: false,
      screeningFailures: [],
      seq: { task: 0, request: 0, case: 0, batch: 0 },
      openTasks: [],
      requests: [],
      cases: [],
      years: [],
      monthsOpened: 0,
      timeline: [],
      reminded: [],
      continuedTimes: 0,
      pending: { entries: [], tasksOpened: [], tasksClosed: [], cases: [] },
    });
    s.log(
      now,
      input.nominatedBy,
      'nominated',
      `${input.profile.name} nominated as ${input.profile.post} for ${input.profile.village}`,
    );
    return s;
  }

  // ---- reading -----------------------------------------------------------

  get stage(): Stage {
    return this.d.stage;
  }
  get county(): string {
    return countyOf(this.d.profile.village);
  }
  get policy(): Policy {
    return this.d.policy;
  }
  isFinished(): boolean {
    return FINAL_STAGES.includes(this.d.stage);
  }
  private get township(): string {
    return townshipOf(this.d.profile.village);
  }
  private monthEnd(m: number): number {
    return (this.d.dispatchedAt ?? 0) + m * monthMs(this.d.policy);
  }
  private currentYear(): (typeof this.d.years)[number] | undefined {
    return this.d.years[this.d.years.length - 1];
  }
  private yearAt(now: number) {
    return this.d.years.find((y) => now >= y.startsAt && now < y.endsAt) ?? this.currentYear();
  }

  snapshot(): OfficialSnapshot {
    const d = this.d;
    return {
      termId: d.termId,
      officialId: d.profile.officialId,
      name: d.profile.name,
      email: d.profile.email,
      post: d.profile.post,
      village: d.profile.village,
      county: this.county,
      township: this.township,
      dispatchingUnit: d.profile.dispatchingUnit,
      stage: d.stage,
      policyVersion: d.policy.version,
      nominatedBy: d.nominatedBy.id,
      nominatedAt: d.nominatedAt,
      dispatchedAt: d.dispatchedAt,
      termEndsAt: d.dispatchedAt === undefined ? undefined : this.monthEnd(d.policy.termMonths),
      closedAt: d.closedAt,
      predecessorTermId: d.predecessorTermId,
      successorTermId: d.successorTermId,
      promotionPriority: d.promotionPriority,
      screeningFailures: d.screeningFailures.map((f) => ({ ruleId: f.ruleId, reason: f.reason })),
      years: d.years.map(({ roundYear: _r, ...y }) => y),
      openCaseId: this.openCase()?.caseId,
    };
  }

  view(): TermView {
    return {
      ...this.snapshot(),
      openTasks: this.d.openTasks,
      requests: this.d.requests.map(({ taskId: _t, caseId: _c, ...r }) => r),
      cases: this.d.cases,
      deadlines: this.deadlines(),
      timeline: this.d.timeline,
      historyContinuedTimes: this.d.continuedTimes,
    };
  }

  private deadlines(): { what: string; at: number }[] {
    const out = this.d.openTasks.map((t) => ({ what: t.title, at: t.dueAt }));
    const y = this.currentYear();
    if (y && !this.isFinished()) {
      if (y.trainings.length < this.d.policy.countyTrainingsPerYear)
        out.push({ what: `County-level training, year ${y.year}`, at: y.endsAt });
      if (y.healthChecks.length < this.d.policy.healthChecksPerYear)
        out.push({ what: `Health check, year ${y.year}`, at: y.endsAt });
    }
    if (this.d.handover)
      out.push({ what: 'Hand-over checklist signed by both officials', at: this.d.handover.dueAt });
    return out.sort((a, b) => a.at - b.at);
  }

  /** Whether anything changed since the last batch was taken. */
  hasPendingChanges(): boolean {
    const p = this.d.pending;
    return (
      p.entries.length > 0 ||
      p.tasksOpened.length > 0 ||
      p.tasksClosed.length > 0 ||
      p.cases.length > 0 ||
      (p.remindersCalledOff?.length ?? 0) > 0
    );
  }

  /** The changes not yet in the system of record, as the next numbered batch. */
  takeBatch(): RecordBatch | null {
    const p = this.d.pending;
    if (!this.hasPendingChanges() && this.d.seq.batch > 0) return null;
    this.d.seq.batch += 1;
    const batch: RecordBatch = {
      termId: this.d.termId,
      seq: this.d.seq.batch,
      snapshot: this.snapshot(),
      entries: p.entries,
      tasksOpened: p.tasksOpened,
      tasksClosed: p.tasksClosed,
      cases: this.d.cases.filter((c) => p.cases.includes(c.caseId)),
      ...(p.remindersCalledOff?.length ? { remindersCalledOff: p.remindersCalledOff } : {}),
    };
    this.d.pending = { entries: [], tasksOpened: [], tasksClosed: [], cases: [] };
    return batch;
  }

  // ---- bookkeeping -------------------------------------------------------

  private log(
    now: number,
    who: Who,
    action: string,
    detail: string,
    extra: Partial<TimelineEntry> = {},
  ): void {
    const e: TimelineEntry = {
      at: now,
      actorId: who.id,
      role: who.role,
      action,
      detail,
      policyVersion: this.d.policy.version,
      ...extra,
    };
    this.d.timeline.push(e);
    this.d.pending.entries.push(e);
    this.dirty = true;
  }

  private setStage(now: number, stage: Stage, who: Who, why: string): void {
    if (this.d.stage === stage) return;
    this.log(now, who, 'stage', `${this.d.stage} → ${stage}`, { reason: why });
    this.d.stage = stage;
    if (FINAL_STAGES.includes(stage)) this.d.closedAt = now;
  }

  private openTask(
    now: number,
    kind: TaskKind,
    assignee: Assignee,
    dueAt: number,
    ladder: ReminderLadder,
    extra: Partial<Task> = {},
  ): Task {
    this.d.seq.task += 1;
    const t: Task = {
      id: `${this.d.termId}.t${this.d.seq.task}`,
      kind,
      termId: this.d.termId,
      officialId: this.d.profile.officialId,
      officialName: this.d.profile.name,
      county: this.county,
      village: this.d.profile.village,
      title: TASK_TITLES[kind],
      assignee,
      createdAt: now,
      dueAt,
      ladder,
      ...extra,
    };
    this.d.openTasks.push(t);
    this.d.pending.tasksOpened.push(t);
    this.dirty = true;
    return t;
  }

  private closeTask(now: number, id: string, outcome: string, by: string): Task {
    const t = this.d.openTasks.find((x) => x.id === id);
    if (!t) return refuse('already_decided', `task ${id} is no longer open`);
    this.d.openTasks = this.d.openTasks.filter((x) => x.id !== id);
    this.d.pending.tasksClosed.push({ id, outcome, by, at: now });
    this.dirty = true;
    return t;
  }

  /** Names the Update that closed a task, so that a retry of it can be answered from the record. */
  markClosedByUpdate(taskId: string, updateId: string | undefined): void {
    const closed = this.d.pending.tasksClosed.find((c) => c.id === taskId);
    if (closed && updateId) closed.updateId = updateId;
  }

  private cancelOpenTasks(
    now: number,
    why: string,
    filter: (t: Task) => boolean = () => true,
  ): void {
    for (const t of this.d.openTasks.filter(filter))
      this.closeTask(now, t.id, `cancelled: ${why}`, 'system');
  }

  private touchCase(c: CaseRecord): void {
    if (!this.d.pending.cases.includes(c.caseId)) this.d.pending.cases.push(c.caseId);
    this.dirty = true;
  }

  private countyOrg(): Assignee {
    return { role: 'county_org', jurisdiction: this.county };
  }
  private theOfficial(): Assignee {
    return {
      role: 'official',
      jurisdiction: this.d.profile.village,
      actorId: this.d.profile.officialId,
    };
  }

  // ---- one request, one reply ---------------------------------------------

  /** Files a numbered request; the same matter cannot be open twice. */
  private fileRequest(
    now: number,
    who: Who,
    matter: string,
    kind: RequestRecord['kind'],
    assignee: Assignee,
    taskKind: TaskKind,
    subject: string,
    reasons: string,
    caseId?: string,
  ): RequestRecord {
    if (this.d.requests.some((r) => r.matter === matter && !r.reply)) {
      refuse('duplicate_request', `a request on "${matter}" is already open`);
    }
    this.d.seq.request += 1;
    const no = `R-${this.d.profile.officialId}-${this.d.seq.request}`;
    const deadlineAt = addWorkingDays(this.d.policy, now, this.d.policy.replyWorkingDays);
    const task = this.openTask(now, taskKind, assignee, deadlineAt, 'reply', {
      requestNo: no,
      caseId,
    });
    task.title = `${TASK_TITLES[taskKind]} ${no}: ${subject}`;
    const r: RequestRecord = {
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
    };
    this.d.requests.push(r);
    this.log(
      now,
      who,
      'request_filed',
      `${no} to ${assignee.role}${assignee.body ? ` (${assignee.body})` : ''}: ${subject}`,
      {
        reason: reasons,
        requestNo: no,
        taskId: task.id,
        caseId,
      },
    );
    return r;
  }

  private replyTo(
    now: number,
    r: RequestRecord,
    actor: Actor,
    decision: 'approve' | 'reject',
    reasons: string,
  ): void {
    if (r.reply) refuse('already_decided', `request ${r.no} was already answered`);
    r.reply = { decision, reasons, by: actor.id, at: now, policyVersion: this.d.policy.version };
    this.closeTask(now, r.taskId, decision, actor.id);
    this.log(now, actor, 'request_replied', `${r.no} ${decision}d`, {
      reason: reasons,
      requestNo: r.no,
      taskId: r.taskId,
      caseId: r.caseId,
    });
  }

  // ---- nomination, screening, vetting, dispatch ----------------------------

  /** Runs the six no-dispatch rules; returns the failures (none: vetting starts). */
  screen(now: number): RuleFailure[] {
    const failures = screenCandidate(this.d.profile, this.d.policy, now);
    if (failures.length) {
      this.d.screeningFailures = failures;
      for (const f of failures)
        this.log(now, SYSTEM, 'screening_failed', `${f.ruleId} ${f.text}`, { reason: f.reason });
      this.setStage(
        now,
        'screened_out',
        SYSTEM,
        `failed ${failures.map((f) => f.ruleId).join(', ')}`,
      );
      this.notifyPredecessor(now, 'screened_out');
      return failures;
    }
    this.log(now, SYSTEM, 'screened', 'passed the six no-dispatch rules');
    this.setStage(now, 'vetting', SYSTEM, 'screening passed');
    for (const body of ['discipline', 'petition', 'police'] as ScreeningBody[]) {
      this.fileRequest(
        now,
        SYSTEM,
        `vetting:${body}`,
        'vetting',
        { role: 'screening_body', jurisdiction: this.county, body },
        'vetting_reply',
        `${body} check of ${this.d.profile.name}`,
        'pre-dispatch vetting',
      );
    }
    this.notifyPredecessor(now, 'nominated');
    return [];
  }

  private notifyPredecessor(now: number, status: SuccessorProgress['status']): void {
    if (!this.d.predecessorTermId || !this.d.succeedsCaseId) return;
    this.effects.push({
      type: 'notifyPredecessor',
      predecessorTermId: this.d.predecessorTermId,
      progress: {
        successorTermId: this.d.termId,
        successorOfficialId: this.d.profile.officialId,
        caseId: this.d.succeedsCaseId,
        status,
        at: now,
      },
    });
  }

  private afterVettingReply(now: number): void {
    const vetting = this.d.requests.filter((r) => r.kind === 'vetting');
    const rejected = vetting.find((r) => r.reply?.decision === 'reject');
    if (rejected) {
      this.cancelOpenTasks(now, 'vetting rejected', (t) => t.kind === 'vetting_reply');
      for (const r of vetting.filter((x) => !x.reply))
        r.reply = {
          decision: 'reject',
          reasons: 'withdrawn: vetting rejected',
          by: 'system',
          at: now,
          policyVersion: this.d.policy.version,
        };
      this.setStage(
        now,
        'rejected',
        SYSTEM,
        `vetting rejected by ${rejected.assignee.body}: ${rejected.reply?.reasons}`,
      );
      this.notifyPredecessor(now, 'rejected');
      return;
    }
    if (vetting.every((r) => r.reply?.decision === 'approve')) {
      this.setStage(now, 'awaiting_dispatch_approval', SYSTEM, 'every screening body approved');
      this.openTask(
        now,
        'approve_dispatch',
        this.countyOrg(),
        now + days(this.d.policy, this.d.policy.decisionDays),
        'decision',
      );
    }
  }

  private dispatch(now: number, who: Who): void {
    this.d.dispatchedAt = now;
    this.startYear(1, now);
    if (this.d.predecessorTermId && this.d.succeedsCaseId) {
      this.setStage(
        now,
        'dispatched',
        who,
        `dispatched; hand-over from ${this.d.predecessorTermId} under way`,
      );
      this.notifyPredecessor(now, 'dispatched');
    } else {
      this.setStage(now, 'on_duty', who, 'dispatched to the village');
    }
  }

  private startYear(year: number, startsAt: number): void {
    this.d.years.push({
      year,
      startsAt,
      endsAt: startsAt + 12 * monthMs(this.d.policy),
      trainings: [],
      healthChecks: [],
      attendance: [],
      spotCheckAbsences: 0,
      leaveDays: 0,
    });
  }

  // ---- time ----------------------------------------------------------------

  private onPost(): boolean {
    return (
      ['dispatched', 'on_duty', 'term_end', 'handing_over'].includes(this.d.stage) &&
      this.d.dispatchedAt !== undefined
    );
  }

  /** Every pending reminder rung, with the time it falls due. */
  private rungs(): { at: number; order: ReminderOrder }[] {
    const p = this.d.policy;
    const out: { at: number; order: ReminderOrder }[] = [];
    const add = (
      obligation: string,
      title: string,
      deadline: number,
      ladder: ReminderRung[],
      recipientsFor: (r: ReminderRung) => Assignee[],
      link: string,
    ) => {
      for (const rung of ladder) {
        const key = `${this.d.termId}/${obligation}/${rung.id}`;
        if (this.d.reminded.includes(key)) continue;
        out.push({
          at: deadline + days(p, rung.offsetDays),
          order: {
            key,
            termId: this.d.termId,
            officialId: this.d.profile.officialId,
            officialName: this.d.profile.name,
            obligation,
            obligationTitle: title,
            rung: rung.id,
            escalation: rung.escalation,
            recipients: recipientsFor(rung),
            deadline,
            link,
          },
        });
      }
    };
    const byRole = (to: ReminderRung['to'], assignee?: Assignee): Assignee[] =>
      to.flatMap((r): Assignee[] => {
        if (r === 'official') return [this.theOfficial()];
        if (r === 'township') return [{ role: 'township', jurisdiction: this.township }];
        if (r === 'county_org') return [this.countyOrg()];
        if (r === 'dispatching_unit')
          return [{ role: 'dispatching_unit', jurisdiction: this.d.profile.village }];
        if (r === 'assignee') return assignee ? [assignee] : [];
        if (r === 'escalation' && assignee) {
          const up = ESCALATE_TO[assignee.role];
          const jurisdiction =
            up === 'region_admin'
              ? this.county.split('/')[0]!
              : up === 'township'
                ? this.township
                : this.county;
          return [{ role: up, jurisdiction }];
        }
        return [];
      });

    for (const t of this.d.openTasks) {
      if (t.kind === 'sign_handover' || t.kind === 'nominate_successor') continue; // hand-over has its own ladder below
      add(
        `task:${t.id}`,
        t.title,
        t.dueAt,
        p.reminders[t.ladder],
        (r) => byRole(r.to, t.assignee),
        `/tasks/${encodeURIComponent(t.id)}`,
      );
    }
    if (this.onPost() && this.d.stage !== 'handing_over') {
      for (const y of this.d.years) {
        const link = `/officials/${encodeURIComponent(this.d.profile.officialId)}`;
        if (y.trainings.length < p.countyTrainingsPerYear)
          add(
            `training:y${y.year}`,
            `County-level training, year ${y.year}`,
            y.endsAt,
            p.reminders.training,
            (r) => byRole(r.to),
            link,
          );
        if (y.healthChecks.length < p.healthChecksPerYear)
          add(
            `health:y${y.year}`,
            `Yearly health check, year ${y.year}`,
            y.endsAt,
            p.reminders.training,
            (r) => byRole(r.to),
            link,
          );
      }
    }
    const h = this.d.handover;
    if (h && !this.handoverComplete()) {
      // Only an official with items still to sign is reminded.
      const unsigned = (side: 'outgoing' | 'incoming') =>
        HANDOVER_ITEMS.some((i) => h.signatures[i][side] === undefined);
      const behind: Assignee[] = [
        ...(unsigned('outgoing') ? [this.theOfficial()] : []),
        ...(unsigned('incoming')
          ? [
              {
                role: 'official' as const,
                jurisdiction: this.d.profile.village,
                actorId: h.incomingOfficialId,
              },
            ]
          : []),
      ];
      add(
        `handover:${h.incomingTermId}`,
        'Hand-over checklist',
        h.dueAt,
        p.reminders.handover,
        (r) => (r.escalation ? [this.countyOrg()] : behind),
        `/officials/${encodeURIComponent(this.d.profile.officialId)}`,
      );
    }
    return out;
  }

  /** Whether a reminder ordered earlier is still worth sending. */
  stillDue(order: ReminderOrder): boolean {
    if (this.isFinished()) return false;
    const [kind, rest = ''] = order.obligation.split(/:(.*)/s);
    if (kind === 'task') return this.d.openTasks.some((t) => t.id === rest);
    if (kind === 'handover') return this.d.stage === 'handing_over' && !this.handoverComplete();
    const y = this.d.years.find((x) => `y${x.year}` === rest);
    if (!y) return false;
    if (kind === 'training') return y.trainings.length < this.d.policy.countyTrainingsPerYear;
    if (kind === 'health') return y.healthChecks.length < this.d.policy.healthChecksPerYear;
    return true;
  }

  /**
   * A reminder ordered earlier will not go out: its obligation was met (or the
   * term ended) while it waited for SMTP. On record, so that every reminder
   * ordered ends either sent or called off.
   */
  callOffReminder(now: number, order: ReminderOrder): void {
    (this.d.pending.remindersCalledOff ??= []).push(order);
    this.log(
      now,
      SYSTEM,
      'reminder_called_off',
      `${order.obligationTitle}: ${order.rung} no longer due (${order.key})`,
    );
  }

  /** When the workflow must wake next, if nothing else happens first. */
  nextAlarmAt(): number | undefined {
    if (this.isFinished()) return undefined;
    const times = this.rungs().map((r) => r.at);
    if (this.onPost() && this.d.monthsOpened < this.d.policy.termMonths)
      times.push(this.monthEnd(this.d.monthsOpened + 1));
    return times.length ? Math.min(...times) : undefined;
  }

  /** Does what has fallen due by `now`: month and year ends, reminders. */
  tick(now: number): void {
    if (this.isFinished()) return;
    while (
      this.onPost() &&
      this.d.monthsOpened < this.d.policy.termMonths &&
      this.monthEnd(this.d.monthsOpened + 1) <= now
    ) {
      this.closeMonth(this.monthEnd(this.d.monthsOpened + 1));
    }
    for (const { at, order } of this.rungs().sort((a, b) => a.at - b.at)) {
      if (at > now) continue;
      this.d.reminded.push(order.key);
      this.effects.push({ type: 'remind', order });
      this.log(
        now,
        SYSTEM,
        order.escalation ? 'escalated' : 'reminded',
        `${order.obligationTitle}: ${order.rung} → ${order.recipients.map((r) => r.actorId ?? r.role).join(', ')}`,
      );
    }
    this.maybeClose(now);
  }

  private closeMonth(at: number): void {
    const p = this.d.policy;
    this.d.monthsOpened += 1;
    const m = this.d.monthsOpened;
    this.openTask(
      at,
      'close_attendance',
      { role: 'township', jurisdiction: this.d.profile.village },
      at + days(p, p.decisionDays),
      'decision',
      {
        title: `Close the attendance of month ${m}`,
        data: { month: m },
      },
    );
    if (m % 12 === 0) {
      const y = this.d.years.find((x) => x.year === m / 12);
      if (y) {
        y.roundYear = new Date(at).getUTCFullYear();
        this.effects.push({ type: 'enrol', county: this.county, year: y.roundYear });
        this.openTask(
          at,
          'self_report',
          this.theOfficial(),
          at + days(p, p.decisionDays),
          'decision',
          {
            title: `Submit the self-report for year ${y.year}`,
            data: { year: y.year },
          },
        );
      }
      if (m < p.termMonths) this.startYear(m / 12 + 1, at);
    }
    if (m === p.termMonths && this.d.stage === 'on_duty')
      this.setStage(at, 'term_end', SYSTEM, 'the term has run its length; final evaluation due');
  }

  // ---- decisions ---------------------------------------------------------

  private findTask(id: string): Task {
    const t = this.d.openTasks.find((x) => x.id === id);
    if (!t) {
      const closed =
        this.d.timeline.some((e) => e.taskId === id) ||
        this.d.pending.tasksClosed.some((c) => c.id === id);
      return refuse(
        closed || id.startsWith(this.d.termId + '.') ? 'already_decided' : 'not_found',
        `task ${id} is not open`,
      );
    }
    return t;
  }

  private checkAssignee(actor: Actor, a: Assignee): void {
    if (a.actorId && a.actorId !== actor.id)
      refuse('wrong_actor', `this task waits for ${a.actorId}`);
    if (!mayAct(actor, a.role, a.jurisdiction, a.body))
      refuse(
        'wrong_actor',
        `this task waits for ${a.role}${a.body ? ` (${a.body})` : ''} over ${a.jurisdiction}`,
      );
  }

  private inFlight = new Set<string>();

  /** Validator of decideTask: refuses before anything enters history. */
  validateDecision(input: DecideTaskInput): void {
    const t = this.findTask(input.taskId);
    if (this.inFlight.has(t.id))
      refuse('already_decided', `task ${t.id} is being decided by someone else`);
    this.checkAssignee(input.actor, t.assignee);
    if (
      input.actor.id === this.d.nominatedBy.id &&
      ['vetting_reply', 'approve_dispatch', 'adjustment_reply'].includes(t.kind)
    ) {
      refuse('wrong_actor', 'the nominator cannot decide on their own nomination');
    }
    const r = t.requestNo ? this.d.requests.find((x) => x.no === t.requestNo) : undefined;
    if (r && r.filedBy === input.actor.id)
      refuse('wrong_actor', 'a body cannot reply to its own request');
    const approveOnly: TaskKind[] = [
      'record_pre_dispatch_training',
      'close_attendance',
      'self_report',
      'rate_official',
      'sign_handover',
      'nominate_successor',
    ];
    if (input.decision === 'reject' && approveOnly.includes(t.kind))
      refuse('rule_refused', `a "${t.kind}" task is completed, not rejected`);
    if (t.kind === 'nominate_successor')
      refuse(
        'rule_refused',
        'nominate the successor through POST /api/nominations with replacesOfficialId',
      );
    if (t.kind === 'sign_handover')
      refuse('rule_refused', 'sign each hand-over item through the case');
    if (t.kind === 'close_attendance') {
      const max = this.d.policy.monthDays;
      if (
        input.days === undefined ||
        !Number.isInteger(input.days) ||
        input.days < 0 ||
        input.days > max
      )
        refuse('rule_refused', `attendance needs "days", a whole number from 0 to ${max}`);
    }
    if (t.kind === 'self_report' && !input.report?.trim())
      refuse('rule_refused', 'a self-report needs "report"');
    if (t.kind === 'rate_official') {
      if (!input.rating) refuse('rule_refused', 'a rating needs "rating"');
      const y = this.d.years.find((x) => x.year === t.data?.year);
      const absences = y?.spotCheckAbsences ?? 0;
      if (!ratingAllowed(input.rating, absences, this.d.policy)) {
        refuse(
          'rating_capped',
          `${absences} spot-check absence(s) this year allow at best "${ratingCap(absences, this.d.policy)}"`,
          {
            absences,
            cap: ratingCap(absences, this.d.policy),
          },
        );
      }
    }
  }

  /** Marks a task as being decided while an asynchronous check (the quota) runs. */
  hold(taskId: string): void {
    this.inFlight.add(taskId);
  }
  release(taskId: string): void {
    this.inFlight.delete(taskId);
  }
  taskById(taskId: string): Task | undefined {
    return this.d.openTasks.find((t) => t.id === taskId);
  }
  yearOfTask(t: Task) {
    return this.d.years.find((x) => x.year === t.data?.year);
  }

  /** Applies a validated decision. */
  decide(now: number, input: DecideTaskInput): string {
    const t = this.findTask(input.taskId);
    const a = input.actor;
    const p = this.d.policy;
    const r = t.requestNo ? this.d.requests.find((x) => x.no === t.requestNo) : undefined;
    if (r) {
      this.replyTo(now, r, a, input.decision, input.comment);
      this.afterReply(now, r);
      return `${r.no} ${input.decision}d`;
    }
    this.closeTask(now, t.id, input.decision, a.id);
    const logIt = (action: string, detail: string) =>
      this.log(now, a, action, detail, { reason: input.comment, taskId: t.id });
    switch (t.kind) {
      case 'approve_dispatch':
        if (input.decision === 'reject') {
          logIt('dispatch_rejected', 'the county organization department rejected the dispatch');
          this.setStage(now, 'rejected', a, input.comment || 'dispatch rejected');
          this.notifyPredecessor(now, 'rejected');
        } else {
          logIt('dispatch_approved', 'the county organization department approved the dispatch');
          this.setStage(now, 'pre_dispatch_training', a, 'dispatch approved');
          this.openTask(
            now,
            'record_pre_dispatch_training',
            this.countyOrg(),
            now + days(p, p.decisionDays),
            'decision',
          );
        }
        return t.kind;
      case 'record_pre_dispatch_training':
        logIt(
          'trained',
          `pre-dispatch training completed${input.comment ? `: ${input.comment}` : ''}`,
        );
        this.dispatch(now, a);
        return t.kind;
      case 'close_attendance': {
        const days_ = input.days ?? 0;
        const month = Number(t.data?.month);
        const y =
          this.d.years.find((x) => month > (x.year - 1) * 12 && month <= x.year * 12) ??
          this.currentYear();
        const breach = days_ < p.minResidenceDaysPerMonth;
        y?.attendance.push({ month, days: days_, breach });
        logIt(
          'attendance_closed',
          `month ${month}: ${days_} days in the village${breach ? ` — below ${p.minResidenceDaysPerMonth}: residence breach` : ''}`,
        );
        if (breach) this.openCaseFor(now, 'residence', `${days_} days in month ${month}`);
        this.maybeClose(now);
        return `month ${month} closed`;
      }
      case 'approve_leave': {
        this.applyLeaveDecision(now, a, input.decision, input.comment);
        return `leave ${input.decision}d`;
      }
      case 'self_report': {
        const y = this.yearOfTask(t);
        if (y) y.selfReport = input.report;
        logIt('self_reported', `self-report for year ${t.data?.year} submitted`);
        this.openTask(
          now,
          'rate_official',
          this.countyOrg(),
          now + days(p, p.decisionDays),
          'decision',
          {
            title: `Rate ${this.d.profile.name} for year ${t.data?.year}`,
            data: { year: t.data?.year, selfReport: input.report },
          },
        );
        return 'self-report submitted';
      }
      case 'rate_official': {
        const y = this.yearOfTask(t);
        const rating = input.rating!;
        if (y) y.rating = rating;
        logIt('rated', `rated ${rating} for year ${t.data?.year}`);
        if (rating === 'incompetent')
          this.openCaseFor(now, 'evaluation', `rated incompetent for year ${t.data?.year}`);
        this.maybeClose(now);
        return `rated ${rating}`;
      }
      default:
        return refuse('rule_refused', `a "${t.kind}" task cannot be decided here`);
    }
  }

  private afterReply(now: number, r: RequestRecord): void {
    switch (r.kind) {
      case 'vetting':
        return this.afterVettingReply(now);
      case 'adjustment':
        if (r.reply?.decision === 'approve') {
          this.cancelOpenTasks(now, 'candidate replaced');
          this.setStage(now, 'withdrawn', SYSTEM, `candidate adjustment ${r.no} approved`);
          this.notifyPredecessor(now, 'withdrawn');
        }
        return;
      case 'leave':
        return this.applyLeaveDecision(
          now,
          { id: r.reply!.by, role: 'county_org' } as Who,
          r.reply!.decision,
          r.reply!.reasons,
          true,
        );
      case 'recall':
        return this.afterRecallReply(now, r);
    }
  }

  // ---- facts on duty -------------------------------------------------------

  private requireOnPost(what: string): void {
    if (!this.onPost())
      refuse(
        'wrong_stage',
        `${what} is recorded only while the official is on post (stage is ${this.d.stage})`,
      );
  }

  /** Refuses (wrong_actor) an actor who holds none of `roles` over the official's village. */
  private requireActor(actor: Actor, roles: Role[], message: string): void {
    if (!roles.some((role) => mayAct(actor, role, this.d.profile.village)))
      refuse('wrong_actor', message);
  }

  validateTraining(actor: Actor, kind: 'pre_dispatch' | 'county'): void {
    this.requireActor(
      actor,
      ['county_org', 'township'],
      'trainings are recorded by the county organization department or the township',
    );
    if (kind === 'pre_dispatch') {
      if (this.d.stage !== 'pre_dispatch_training')
        refuse(
          'wrong_stage',
          `pre-dispatch training is recorded before dispatch (stage is ${this.d.stage})`,
        );
      if (actor.role !== 'county_org')
        refuse(
          'wrong_actor',
          'pre-dispatch training is recorded by the county organization department',
        );
    } else this.requireOnPost('county-level training');
  }

  recordTraining(
    now: number,
    actor: Actor,
    kind: 'pre_dispatch' | 'county',
    title: string,
  ): string {
    if (kind === 'pre_dispatch') {
      const t = this.d.openTasks.find((x) => x.kind === 'record_pre_dispatch_training');
      if (!t) refuse('wrong_stage', 'no pre-dispatch training is due');
      this.decide(now, { taskId: t.id, actor, decision: 'approve', comment: title });
      return 'pre-dispatch training recorded; dispatched';
    }
    const y = this.yearAt(now)!;
    y.trainings.push({ at: now, title, by: actor.id });
    this.log(now, actor, 'trained', `county-level training, year ${y.year}: ${title}`);
    return `training recorded for year ${y.year}`;
  }

  validateHealthCheck(actor: Actor): void {
    this.requireActor(
      actor,
      ['county_org', 'dispatching_unit'],
      'health checks are recorded by the county organization department or the dispatching unit',
    );
    this.requireOnPost('a health check');
  }

  recordHealthCheck(now: number, actor: Actor, fit: boolean, note: string): string {
    const y = this.yearAt(now)!;
    y.healthChecks.push({ at: now, fit, by: actor.id });
    this.log(
      now,
      actor,
      'health_checked',
      `health check, year ${y.year}: ${fit ? 'fit' : 'NOT fit'} for village work`,
      { reason: note },
    );
    if (!fit) this.openCaseFor(now, 'health', note || 'health check failed');
    return fit ? 'fit' : 'not fit: reassignment case opened';
  }

  validateAbsence(actor: Actor): void {
    this.requireActor(
      actor,
      ['township', 'county_org'],
      'spot checks are recorded by the township or the county organization department',
    );
    this.requireOnPost('a spot-check absence');
  }

  recordAbsence(now: number, actor: Actor, note: string): string {
    const y = this.yearAt(now)!;
    y.spotCheckAbsences += 1;
    const cap = ratingCap(y.spotCheckAbsences, this.d.policy);
    this.log(
      now,
      actor,
      'absent_on_spot_check',
      `absence ${y.spotCheckAbsences} in year ${y.year}; best rating now "${cap}"`,
      { reason: note },
    );
    return `absence ${y.spotCheckAbsences} recorded; best rating ${cap}`;
  }

  validateLeave(actor: Actor, daysAsked: number): void {
    if (actor.role !== 'official' || actor.id !== this.d.profile.officialId)
      refuse('wrong_actor', 'only the official requests their own leave');
    this.requireOnPost('leave');
    if (this.d.leave) refuse('duplicate_request', `a leave is already ${this.d.leave.status}`);
    if (!Number.isInteger(daysAsked) || daysAsked < 1 || daysAsked > 365)
      refuse('rule_refused', 'leave days must be a whole number from 1 to 365');
  }

  requestLeave(
    now: number,
    actor: Actor,
    daysAsked: number,
    reason: string,
  ): { message: string; taskId?: string; requestNo?: string } {
    const p = this.d.policy;
    this.log(now, actor, 'leave_requested', `${daysAsked} day(s) of leave`, { reason });
    if (daysAsked <= p.leave.townshipMaxDays) {
      const t = this.openTask(
        now,
        'approve_leave',
        { role: 'township', jurisdiction: this.d.profile.village },
        now + days(p, 2),
        'decision',
        {
          title: `Approve ${daysAsked} day(s) of leave`,
          data: { days: daysAsked },
        },
      );
      this.d.leave = { days: daysAsked, status: 'requested', taskId: t.id };
      return { message: 'leave requested from the township', taskId: t.id };
    }
    const r = this.fileRequest(
      now,
      actor,
      'leave',
      'leave',
      this.countyOrg(),
      'leave_reply',
      `${daysAsked} days of leave`,
      reason,
    );
    this.d.leave = { days: daysAsked, status: 'requested', requestNo: r.no };
    return {
      message: 'long leave requested from the county organization department',
      requestNo: r.no,
      taskId: r.taskId,
    };
  }

  private applyLeaveDecision(
    now: number,
    who: Who,
    decision: 'approve' | 'reject',
    comment: string,
    viaRequest = false,
  ): void {
    const leave = this.d.leave;
    if (!leave) return;
    if (!viaRequest)
      this.log(now, who, `leave_${decision}d`, `${leave.days} day(s) of leave ${decision}d`, {
        reason: comment,
      });
    if (decision === 'reject') {
      this.d.leave = undefined;
      return;
    }
    leave.status = 'on_leave';
    const y = this.yearAt(now)!;
    y.leaveDays += leave.days;
    if (y.leaveDays > this.d.policy.leave.yearlyCapDays)
      this.openCaseFor(
        now,
        'leave',
        `${y.leaveDays} days of leave in year ${y.year}, over ${this.d.policy.leave.yearlyCapDays}`,
      );
  }

  validateReturn(actor: Actor): void {
    if (actor.role !== 'official' || actor.id !== this.d.profile.officialId)
      refuse('wrong_actor', 'only the official reports their own return');
    if (this.d.leave?.status !== 'on_leave')
      refuse('wrong_stage', 'the official is not on approved leave');
  }

  reportReturn(now: number, actor: Actor): string {
    this.log(
      now,
      actor,
      'returned_from_leave',
      `back in the village after ${this.d.leave?.days} day(s) of leave`,
    );
    this.d.leave = undefined;
    return 'leave closed';
  }

  // ---- requests filed by the dispatching unit ---------------------------------

  validateFileRequest(actor: Actor, matter: 'recall' | 'adjustment'): void {
    this.requireActor(
      actor,
      ['dispatching_unit'],
      'requests are filed by the dispatching unit over this village',
    );
    if (
      matter === 'adjustment' &&
      !['vetting', 'awaiting_dispatch_approval', 'pre_dispatch_training'].includes(this.d.stage)
    )
      refuse(
        'wrong_stage',
        `a candidate can be adjusted only before dispatch (stage is ${this.d.stage})`,
      );
    if (matter === 'recall') {
      this.requireOnPost('a recall');
      // Another ground may have filed the recall already: the unit's request joins
      // that case as a ground (one case, one recall request); only its own repeat is a duplicate.
      const open = this.openCase();
      if (open?.grounds.includes('request'))
        refuse(
          'duplicate_request',
          `a recall request of the dispatching unit is already on case ${open.caseId}`,
        );
      if (open && open.status !== 'recall_requested')
        refuse('wrong_stage', `a reassignment case is already past its recall (${open.status})`);
    }
    if (
      matter === 'adjustment' &&
      this.d.requests.some((r) => r.matter === 'adjustment' && !r.reply)
    )
      refuse('duplicate_request', 'an adjustment request is already open');
  }

  fileDispatchingRequest(
    now: number,
    actor: Actor,
    matter: 'recall' | 'adjustment',
    reasons: string,
  ): { message: string; requestNo?: string; caseId?: string } {
    if (matter === 'adjustment') {
      const r = this.fileRequest(
        now,
        actor,
        'adjustment',
        'adjustment',
        this.countyOrg(),
        'adjustment_reply',
        `replace candidate ${this.d.profile.name}`,
        reasons,
      );
      return { message: 'adjustment requested', requestNo: r.no };
    }
    const c = this.openCaseFor(now, 'request', reasons, actor);
    return { message: 'recall requested', caseId: c.caseId, requestNo: c.recallRequestNo };
  }

  // ---- reassignment -------------------------------------------------------

  openCase(): CaseRecord | undefined {
    return this.d.cases.find((c) => c.status !== 'closed');
  }

  /** Opens a reassignment case, or adds the ground to the one already open. */
  private openCaseFor(
    now: number,
    ground: CaseGround,
    why: string,
    filer: Who = SYSTEM,
  ): CaseRecord {
    const open = this.openCase();
    if (open) {
      if (!open.grounds.includes(ground)) open.grounds.push(ground);
      this.touchCase(open);
      this.log(now, filer, 'case_ground_added', `${ground} added to case ${open.caseId}`, {
        reason: why,
        caseId: open.caseId,
      });
      return open;
    }
    this.d.seq.case += 1;
    const caseId = `${this.d.termId}.c${this.d.seq.case}`;
    const c: CaseRecord = {
      caseId,
      termId: this.d.termId,
      officialId: this.d.profile.officialId,
      officialName: this.d.profile.name,
      county: this.county,
      village: this.d.profile.village,
      grounds: [ground],
      status: 'recall_requested',
      successorOfficialIds: [],
      openedAt: now,
    };
    this.d.cases.push(c);
    this.log(now, filer, 'case_opened', `reassignment case ${caseId} on ground ${ground}`, {
      reason: why,
      caseId,
    });
    const r = this.fileRequest(
      now,
      filer,
      'recall',
      'recall',
      this.countyOrg(),
      'recall_reply',
      `recall ${this.d.profile.name} (${ground})`,
      why,
      caseId,
    );
    c.recallRequestNo = r.no;
    c.dueAt = r.deadlineAt;
    this.touchCase(c);
    return c;
  }

  private afterRecallReply(now: number, r: RequestRecord): void {
    const c = this.d.cases.find((x) => x.caseId === r.caseId);
    if (!c) return;
    if (r.reply?.decision === 'reject') {
      c.status = 'closed';
      c.outcome = 'recall_rejected';
      c.outcomeReason = r.reply.reasons;
      c.closedAt = now;
      this.touchCase(c);
      this.log(
        now,
        SYSTEM,
        'case_closed',
        `case ${c.caseId} closed: recall rejected, the official stays on duty`,
        { reason: r.reply.reasons, caseId: c.caseId },
      );
      this.maybeClose(now);
      return;
    }
    this.askForSuccessor(now, c, 'recall approved');
  }

  private askForSuccessor(now: number, c: CaseRecord, why: string): void {
    const p = this.d.policy;
    // A candidate screened out at once never reported 'nominated', so the last ask is still open.
    this.cancelOpenTasks(now, why, (x) => x.kind === 'nominate_successor' && x.caseId === c.caseId);
    c.status = 'awaiting_successor';
    c.currentSuccessorId = undefined;
    const t = this.openTask(
      now,
      'nominate_successor',
      { role: 'dispatching_unit', jurisdiction: this.d.profile.village },
      now + days(p, p.decisionDays),
      'decision',
      {
        caseId: c.caseId,
        title: `Nominate a successor for ${this.d.profile.name}`,
      },
    );
    c.dueAt = t.dueAt;
    this.touchCase(c);
    this.log(
      now,
      SYSTEM,
      'successor_requested',
      `a successor is to be nominated for case ${c.caseId}`,
      { reason: why, caseId: c.caseId, taskId: t.id },
    );
  }

  onSuccessorProgress(now: number, s: SuccessorProgress): void {
    const c = this.d.cases.find((x) => x.caseId === s.caseId);
    // A candidate counts only while the case waits for one (recall approved, nobody in vetting);
    // afterwards only the current successor's news counts. Nominations are not refused
    // upstream on these grounds, so anything else is logged and, if still running, released.
    const counts =
      c !== undefined &&
      (s.status === 'nominated' || s.status === 'screened_out'
        ? c.status === 'awaiting_successor'
        : c.status === 'successor_in_vetting' && c.currentSuccessorId === s.successorOfficialId);
    if (!c || !counts) {
      const why =
        !c || c.status === 'closed'
          ? `case ${s.caseId} is not open`
          : `case ${c.caseId} is ${c.status}${c.currentSuccessorId ? ` with successor ${c.currentSuccessorId}` : ''}`;
      this.log(
        now,
        SYSTEM,
        'successor_ignored',
        `${s.successorOfficialId} ${s.status}, but ${why}`,
        { caseId: c?.caseId },
      );
      // Its dispatch must not wait for a hand-over from here.
      if (s.status === 'nominated' || s.status === 'dispatched')
        this.effects.push({ type: 'notifySuccessor', successorTermId: s.successorTermId });
      return;
    }
    switch (s.status) {
      case 'nominated': {
        this.cancelOpenTasks(
          now,
          `successor ${s.successorOfficialId} nominated`,
          (t) => t.kind === 'nominate_successor' && t.caseId === c.caseId,
        );
        if (!c.successorOfficialIds.includes(s.successorOfficialId))
          c.successorOfficialIds.push(s.successorOfficialId);
        c.currentSuccessorId = s.successorOfficialId;
        c.status = 'successor_in_vetting';
        this.d.successorTermId = s.successorTermId;
        this.d.successorOfficialId = s.successorOfficialId;
        this.touchCase(c);
        this.log(
          now,
          SYSTEM,
          'successor_nominated',
          `successor ${s.successorOfficialId} (${s.successorTermId}) nominated, in vetting`,
          { caseId: c.caseId },
        );
        return;
      }
      case 'screened_out':
      case 'rejected':
      case 'withdrawn':
        if (!c.successorOfficialIds.includes(s.successorOfficialId))
          c.successorOfficialIds.push(s.successorOfficialId);
        this.log(
          now,
          SYSTEM,
          'successor_failed',
          `successor ${s.successorOfficialId} ${s.status.replace('_', ' ')}; the next candidate is needed`,
          { caseId: c.caseId },
        );
        this.d.successorTermId = undefined;
        this.d.successorOfficialId = undefined;
        this.askForSuccessor(now, c, `successor ${s.status}`);
        return;
      case 'dispatched':
        return this.startHandover(now, c, s);
    }
  }

  private startHandover(now: number, c: CaseRecord, s: SuccessorProgress): void {
    const p = this.d.policy;
    const signatures = Object.fromEntries(
      HANDOVER_ITEMS.map((i) => [i, {}]),
    ) as HandoverState['signatures'];
    this.d.handover = {
      outgoingOfficialId: this.d.profile.officialId,
      incomingOfficialId: s.successorOfficialId,
      incomingTermId: s.successorTermId,
      startedAt: now,
      dueAt: now + days(p, p.handoverDays),
      signatures,
      remindersSent: [],
    };
    c.status = 'handover';
    c.handover = this.d.handover;
    c.dueAt = this.d.handover.dueAt;
    this.touchCase(c);
    this.setStage(
      now,
      'handing_over',
      SYSTEM,
      `successor ${s.successorOfficialId} dispatched; hand-over (传帮带) runs ${p.handoverDays} days`,
    );
    for (const who of [this.d.profile.officialId, s.successorOfficialId]) {
      this.openTask(
        now,
        'sign_handover',
        { role: 'official', jurisdiction: this.d.profile.village, actorId: who },
        this.d.handover.dueAt,
        'handover',
        {
          caseId: c.caseId,
          title: `Sign the hand-over checklist (${this.d.profile.officialId} → ${s.successorOfficialId})`,
        },
      );
    }
  }

  private handoverComplete(): boolean {
    const h = this.d.handover;
    return (
      !!h &&
      HANDOVER_ITEMS.every(
        (i) => h.signatures[i].outgoing !== undefined && h.signatures[i].incoming !== undefined,
      )
    );
  }

  validateSign(actor: Actor, item: HandoverItem): void {
    const h = this.d.handover;
    if (!h || this.d.stage !== 'handing_over') refuse('wrong_stage', 'no hand-over is under way');
    if (!HANDOVER_ITEMS.includes(item))
      refuse('rule_refused', `the hand-over checklist has no item "${item}"`);
    if (
      actor.role !== 'official' ||
      (actor.id !== h.outgoingOfficialId && actor.id !== h.incomingOfficialId)
    )
      refuse('wrong_actor', 'only the outgoing and the incoming official sign the hand-over');
    const side = actor.id === h.outgoingOfficialId ? 'outgoing' : 'incoming';
    if (h.signatures[item][side] !== undefined)
      refuse('already_decided', `${item} is already signed by the ${side} official`);
  }

  signHandover(now: number, actor: Actor, item: HandoverItem): string {
    const h = this.d.handover!;
    const side = actor.id === h.outgoingOfficialId ? 'outgoing' : 'incoming';
    h.signatures[item][side] = now;
    const c = this.d.cases.find((x) => x.handover?.incomingTermId === h.incomingTermId);
    if (c) {
      c.handover = h;
      this.touchCase(c);
    }
    this.log(now, actor, 'handover_signed', `${item} signed by the ${side} official`, {
      caseId: c?.caseId,
    });
    const mine = h.signatures;
    if (HANDOVER_ITEMS.every((i) => mine[i][side] !== undefined)) {
      const t = this.d.openTasks.find(
        (x) => x.kind === 'sign_handover' && x.assignee.actorId === actor.id,
      );
      if (t) this.closeTask(now, t.id, 'signed', actor.id);
    }
    if (this.handoverComplete()) {
      this.log(now, SYSTEM, 'handover_completed', `hand-over to ${h.incomingOfficialId} complete`, {
        caseId: c?.caseId,
      });
      this.effects.push({ type: 'notifySuccessor', successorTermId: h.incomingTermId });
      if (c) this.closeCase(now, c, 'recalled', `replaced by ${h.incomingOfficialId}`);
      this.cancelOpenTasks(now, 'the official left the village');
      this.setStage(now, 'recalled', SYSTEM, `recalled; ${h.incomingOfficialId} is on duty`);
    }
    return this.handoverComplete() ? 'hand-over complete' : `${item} signed`;
  }

  validateException(actor: Actor): void {
    this.requireActor(
      actor,
      ['county_org'],
      'only the county organization department records an exception',
    );
    const c = this.openCase();
    if (!c || (c.status !== 'awaiting_successor' && c.status !== 'successor_in_vetting'))
      refuse(
        'wrong_stage',
        'an exception applies to a case whose recall is approved and whose successor is not yet dispatched',
      );
  }

  recordException(now: number, actor: Actor, reason: string): string {
    const c = this.openCase()!;
    this.log(
      now,
      actor,
      'recall_exception',
      `the official leaves before a successor is dispatched`,
      { reason, caseId: c.caseId },
    );
    this.closeCase(now, c, 'exception', reason);
    this.cancelOpenTasks(now, 'recalled by exception');
    this.setStage(now, 'recalled', actor, `recalled without successor: ${reason}`);
    return 'recalled by exception';
  }

  private closeCase(
    now: number,
    c: CaseRecord,
    outcome: NonNullable<CaseRecord['outcome']>,
    reason: string,
  ): void {
    // The outgoing leaves before its successor is dispatched (exception, term ended):
    // tell the successor no hand-over is due, or its dispatch would wait for one for ever.
    if (outcome !== 'recalled' && c.status === 'successor_in_vetting' && this.d.successorTermId)
      this.effects.push({ type: 'notifySuccessor', successorTermId: this.d.successorTermId });
    c.status = 'closed';
    c.outcome = outcome;
    c.outcomeReason = reason;
    c.closedAt = now;
    c.dueAt = undefined;
    this.touchCase(c);
    this.log(now, SYSTEM, 'case_closed', `case ${c.caseId} closed: ${outcome}`, {
      reason,
      caseId: c.caseId,
    });
  }

  /**
   * For a successor: the predecessor has left. After the hand-over the successor is on duty
   * alone; before its own dispatch there is nobody to hand over from, so dispatch goes straight on duty.
   */
  onHandoverCompleted(now: number, outgoingTermId: string): void {
    if (this.d.stage === 'dispatched')
      this.setStage(now, 'on_duty', SYSTEM, `hand-over from ${outgoingTermId} complete`);
    else if (this.d.dispatchedAt === undefined && !this.isFinished() && this.d.succeedsCaseId) {
      this.d.succeedsCaseId = undefined; // no more progress reports, no 'dispatched' stage
      this.log(
        now,
        SYSTEM,
        'predecessor_left',
        `${outgoingTermId} left before this official's dispatch: no hand-over is due`,
      );
    }
  }

  // ---- term end -------------------------------------------------------------

  /** Closes the term once its length has run, the last rating is in and every month is closed. */
  private maybeClose(now: number): void {
    if (this.d.stage !== 'term_end') return;
    const last = this.d.years[this.d.years.length - 1];
    if (!last?.rating) return;
    if (this.d.openTasks.some((t) => t.kind === 'close_attendance')) return;
    if (this.openCase()) {
      const c = this.openCase()!;
      this.closeCase(now, c, 'term_ended', 'the term ended before the case finished');
    }
    this.d.promotionPriority = last.rating === 'outstanding';
    this.log(
      now,
      SYSTEM,
      'term_completed',
      `final rating ${last.rating}${this.d.promotionPriority ? '; flagged for promotion priority' : ''}`,
    );
    this.cancelOpenTasks(now, 'term closed');
    this.setStage(now, 'closed', SYSTEM, 'term completed; record closed and kept');
  }
}
