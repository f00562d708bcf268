import type { Role, ScreeningBody, Jurisdiction } from './actors.js';
import type { Rating } from './rating.js';
import type { CandidateProfile } from './profile.js';

/** Who a task waits for: a role over a jurisdiction, optionally one named actor. */
export interface Assignee {
  role: Role;
  jurisdiction: Jurisdiction;
  body?: ScreeningBody;
  actorId?: string;
}

export const TASK_KINDS = [
  'vetting_reply',
  'approve_dispatch',
  'record_pre_dispatch_training',
  'close_attendance',
  'approve_leave',
  'leave_reply',
  'self_report',
  'rate_official',
  'recall_reply',
  'adjustment_reply',
  'nominate_successor',
  'sign_handover',
  'decide_objection',
  'objection_follow_up_reply',
  // The county resolves a correction whose effects could not be unwound.
  'resolve_correction',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** Tasks that are done, never refused: the only decision on them is "approve". */
export const APPROVE_ONLY_KINDS: readonly TaskKind[] = [
  'record_pre_dispatch_training',
  'close_attendance',
  'self_report',
  'rate_official',
  'sign_handover',
  'nominate_successor',
];

export type ReminderLadder = 'reply' | 'decision' | 'training' | 'handover';

/** A pending human action, shown in the assignee's inbox until it is decided. */
export interface Task {
  id: string;
  kind: TaskKind;
  termId: string;
  officialId: string;
  officialName: string;
  county: Jurisdiction;
  village: Jurisdiction;
  title: string;
  assignee: Assignee;
  createdAt: number;
  dueAt: number;
  ladder: ReminderLadder;
  requestNo?: string;
  caseId?: string;
  data?: Record<string, unknown>;
}

/**
 * What a timeline entry is about, as values the page puts into its own words
 * (rule ids, bodies, stages, request numbers, days, months …): flat, strings
 * and numbers only. `detail` keeps the English sentence beside them.
 */
export type TimelineParams = Record<string, string | number>;

export interface TimelineEntry {
  at: number;
  actorId: string; // 'system' for what the workflow does by itself
  role: Role | 'system';
  /** A code: the page words each action from it and `params`. */
  action: string;
  /** The English sentence, as stored; the page's fallback for entries without params. */
  detail: string;
  /** The values of the action's sentence (absent on entries written before they existed). */
  params?: TimelineParams;
  reason?: string;
  policyVersion: string;
  requestNo?: string;
  taskId?: string;
  caseId?: string;
  /** The API request that made this change (X-Request-Id), when one did. */
  requestId?: string;
}

export const STAGES = [
  'nominated',
  'vetting',
  'awaiting_dispatch_approval',
  'pre_dispatch_training',
  'dispatched',
  'on_duty',
  'term_end',
  'handing_over',
  'closed',
  'screened_out',
  'rejected',
  'withdrawn',
  'recalled',
] as const;
export type Stage = (typeof STAGES)[number];

export const FINAL_STAGES: readonly Stage[] = [
  'closed',
  'screened_out',
  'rejected',
  'withdrawn',
  'recalled',
];

/** Stages in which the official lives in the village: duty facts are recorded only then. */
export const ON_POST_STAGES: readonly Stage[] = [
  'dispatched',
  'on_duty',
  'term_end',
  'handing_over',
];

/**
 * Why a case was opened. `request` is the dispatching unit's request;
 * `own_request` the official's own request for their recall. `term_end`: no
 * reassignment but the succession at the end of a full term
 * (workflows/term/term-end-succession.ts): no recall, a successor sought
 * before the term's end and a hand-over before the record closes.
 */
export const CASE_GROUNDS = [
  'health',
  'evaluation',
  'residence',
  'leave',
  'request',
  'term_end',
  'own_request',
] as const;
export type CaseGround = (typeof CASE_GROUNDS)[number];
export const CASE_STATUSES = [
  'recall_requested',
  'awaiting_successor',
  'successor_in_vetting',
  'handover',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** A reassignment case, as operators track it. */
export interface CaseRecord {
  caseId: string;
  termId: string;
  officialId: string;
  officialName: string;
  county: Jurisdiction;
  village: Jurisdiction;
  grounds: CaseGround[];
  status: CaseStatus;
  /**
   * `opened_in_error`: the fact that opened it was voided before a successor was nominated.
   * `handed_over`: a term-end succession whose successor took over (the term closes on its own).
   * `no_successor`: a term-end succession with no successor dispatched by the term's end.
   */
  outcome?:
    | 'recalled'
    | 'recall_rejected'
    | 'exception'
    | 'term_ended'
    | 'opened_in_error'
    | 'handed_over'
    | 'no_successor';
  outcomeReason?: string;
  recallRequestNo?: string;
  successorOfficialIds: string[];
  currentSuccessorId?: string;
  handover?: HandoverState;
  openedAt: number;
  closedAt?: number;
  dueAt?: number;
}

export const HANDOVER_ITEMS = [
  'village_ledger',
  'ongoing_projects',
  'contacts',
  'open_matters',
] as const;
export type HandoverItem = (typeof HANDOVER_ITEMS)[number];
export interface HandoverState {
  outgoingOfficialId: string;
  incomingOfficialId: string;
  incomingTermId: string;
  startedAt: number;
  dueAt: number;
  signatures: Record<HandoverItem, { outgoing?: number; incoming?: number }>;
  remindersSent: string[];
}

/** A recorded fact that was voided: it stays on record, marked, and no longer counts. */
export interface FactVoided {
  at: number;
  by: string;
  reason: string;
  /** A correction with a new value: the id of the fact recorded in its place. */
  replacedBy?: string;
}

/**
 * What every recorded fact of a year carries besides its own values: a stable
 * id (absent on facts recorded before ids existed until the term stamps one),
 * and the voiding, if any (workflows/term/corrections.ts).
 */
export interface RecordedFact {
  id?: string;
  voided?: FactVoided;
  /** Recorded by a correction: the id of the fact it replaces (voided, `replacedBy` this one). */
  replaces?: string;
}

/**
 * The new value a correction records in place of the fact it voids: only what
 * changes, of what the fact's kind has (a check's result, a training's title;
 * the date of any, 'YYYY-MM-DD' in Shanghai; a note).
 */
export interface FactReplacement {
  date?: string;
  fit?: boolean;
  title?: string;
  note?: string;
}

export type TrainingFact = RecordedFact & { at: number; title: string; by: string };
export type HealthCheckFact = RecordedFact & {
  at: number;
  fit: boolean;
  by: string;
  note?: string;
  /** The reassignment case an unfit check opened or joined. */
  caseId?: string;
};
export type AbsenceFact = RecordedFact & {
  at: number;
  by: string;
  note: string;
  /** Counted before absences were kept one by one: taken from the log (workflows/term/corrections.ts). */
  fromLog?: true;
};

export const FACT_KINDS = ['training', 'health_check', 'absence'] as const;
export type FactKind = (typeof FACT_KINDS)[number];

/**
 * What voiding a fact does (or did): close the recall case it opened as
 * opened in error, take its ground off a case opened on others too, lift a
 * rating cap, make a training due again; or nothing can be undone
 * (`not_unwound`, `because` says why) and the county resolves it.
 */
export interface FactConsequence {
  effect:
    | 'none'
    | 'case_closed'
    | 'ground_removed'
    | 'cap_lifted'
    | 'training_due'
    | 'not_unwound'
    /** Corrections only: a check corrected to unfit opens (or joins) a case, as recording it would. */
    | 'case_opened'
    /** Corrections only: an absence moved to another year; `cap` is the best rating each year allows. */
    | 'absence_moved';
  caseId?: string;
  /** The best rating the year's absences allow once this one is voided. */
  cap?: Rating;
  /** `absence_moved`: the year the absence now counts in, and the best rating it then allows. */
  toYear?: number;
  toCap?: Rating;
  because?: 'successor_nominated' | 'case_closed' | 'rating_given' | 'dispatched';
}

/** One recorded fact as people see it, with what voiding it would do (while not voided). */
export interface FactRow {
  id: string;
  kind: FactKind;
  /** Term year, 1-based. */
  year: number;
  at: number;
  by: string;
  title?: string;
  fit?: boolean;
  note?: string;
  caseId?: string;
  voided?: FactVoided;
  replaces?: string;
  consequence?: FactConsequence;
}

export interface YearObligations {
  year: number; // term year, 1-based
  startsAt: number;
  endsAt: number;
  /** Calendar-year terms: the calendar year of Shanghai this year is (its evaluation's key). */
  calendarYear?: number;
  /**
   * Calendar-year terms: when the year's training and health check fall due,
   * the start of its last day on duty (31 December, or the term's last day);
   * the reminder ladders count from it. Without it, `endsAt`.
   */
  dueAt?: number;
  trainings: TrainingFact[];
  healthChecks: HealthCheckFact[];
  /**
   * Each month closed: the days the township confirmed, whether they breach
   * the minimum, and the days the official had reported, if they did.
   */
  attendance: { month: number; days: number; breach: boolean; reported?: number }[];
  /** Absences that count: those recorded, less those voided. */
  spotCheckAbsences: number;
  /**
   * Each absence found on a spot check, with its id (absent in years from
   * before absences were kept one by one: those counted before are not listed).
   */
  absences?: AbsenceFact[];
  leaveDays: number;
  rating?: Rating;
  selfReport?: string;
}

/** What the system of record keeps of a term, rewritten on every change. */
export interface OfficialSnapshot {
  termId: string;
  officialId: string;
  name: string;
  email: string;
  post: 'first_secretary' | 'team_member';
  village: Jurisdiction;
  county: Jurisdiction;
  township: Jurisdiction;
  dispatchingUnit: string;
  stage: Stage;
  policyVersion: string;
  nominatedBy: string;
  nominatedAt: number;
  dispatchedAt?: number;
  termEndsAt?: number;
  closedAt?: number;
  predecessorTermId?: string;
  successorTermId?: string;
  promotionPriority: boolean;
  screeningFailures: { ruleId: string; reason: string }[];
  years: YearObligations[];
  openCaseId?: string;
  /**
   * The facts the six no-dispatch rules read, as nominated (absent in batches
   * written before the record kept them). The decider of a dispatch sees them.
   */
  vettingFacts?: VettingFacts;
  /** The thresholds of the term's policy that its deciders weigh (absent in older batches). */
  limits?: TermLimits;
  /** Every recorded training, health check and absence, by id (absent in older batches). */
  facts?: FactRow[];
}

/** The official's own report of a month's days in the village, before the township closes it. */
export interface AttendanceReport {
  days: number;
  note?: string;
  at: number;
}

/** The candidate's facts the six no-dispatch rules read, beyond name, post and place. */
export type VettingFacts = Omit<
  CandidateProfile,
  'officialId' | 'name' | 'email' | 'post' | 'village' | 'dispatchingUnit'
>;

/** The term's policy figures a decider compares a fact with. */
export interface TermLimits {
  minResidenceDaysPerMonth: number;
  monthDays: number;
  /** Length of a policy day: a month of the term is monthDays of them. */
  dayMs: number;
  leaveYearlyCapDays: number;
  leaveTownshipMaxDays: number;
}

/**
 * One batch of changes to the system of record. Batches of a term are numbered
 * from 1 and applied in order; a batch seen before is skipped, so a retried
 * activity writes once.
 */
export interface RecordBatch {
  termId: string;
  seq: number;
  /** The term's official (written since snapshots may be left out; older batches carry it in the snapshot). */
  officialId?: string;
  /**
   * The official as the term now stands; left out when it is the same as in
   * the term's previous batch of this run (most decisions change tasks and the
   * log, not the official), so that a batch carries only what changed.
   */
  snapshot?: OfficialSnapshot;
  entries: TimelineEntry[];
  tasksOpened: Task[];
  /** updateId: the Update that decided the task (absent for the system's closes). */
  tasksClosed: { id: string; outcome: string; by: string; at: number; updateId?: string }[];
  cases: CaseRecord[];
  /**
   * Reminders the workflow called off because their obligation was met before
   * they went out (absent in batches written before this field existed).
   */
  remindersCalledOff?: ReminderOrder[];
  /** Written by an administrator's retry after a refusal: closes the term's open incidents. */
  resolvesIncident?: true;
}

/** Failure type of a batch the record refuses as data: not retried. */
export const RECORD_REJECTED = 'record_rejected';

/** A term whose record write was refused: what an operator is shown. */
export interface RecordIncident {
  termId: string;
  officialId: string;
  county: string;
  village: string;
  batchSeq: number;
  problem: string;
  at: number;
}

/**
 * A batch that never landed followed by the next one, as one batch: every
 * change of both, the newer snapshot (the older one when the newer batch
 * left it out as unchanged) and the newer number (the record skips
 * the older number, which it never applied).
 */
export function mergeBatches(older: RecordBatch, newer: RecordBatch): RecordBatch {
  const casesById = new Map(older.cases.map((c) => [c.caseId, c]));
  for (const c of newer.cases) casesById.set(c.caseId, c);
  const calledOff = [...(older.remindersCalledOff ?? []), ...(newer.remindersCalledOff ?? [])];
  return {
    termId: newer.termId,
    seq: newer.seq,
    ...((newer.officialId ?? older.officialId)
      ? { officialId: newer.officialId ?? older.officialId }
      : {}),
    ...((newer.snapshot ?? older.snapshot) ? { snapshot: newer.snapshot ?? older.snapshot } : {}),
    entries: [...older.entries, ...newer.entries],
    tasksOpened: [...older.tasksOpened, ...newer.tasksOpened],
    tasksClosed: [...older.tasksClosed, ...newer.tasksClosed],
    cases: [...casesById.values()],
    ...(calledOff.length ? { remindersCalledOff: calledOff } : {}),
  };
}

/** A reminder the workflow decided to send; the key makes it unique forever. */
export interface ReminderOrder {
  key: string; // `${termId}/${obligation}/${rung}`
  termId: string;
  officialId: string;
  officialName: string;
  obligation: string; // e.g. 'training:y1', 'task:<taskId>', 'handover:<caseId>'
  obligationTitle: string;
  rung: string;
  escalation: boolean;
  recipients: Assignee[];
  deadline: number;
  link: string; // path in the web page, e.g. /tasks/<id>
}
