// The data of one term, as the workflow keeps it and continue-as-new carries
// it to the next run. Its shape is part of every running term's history:
// fields may be added (optional), never renamed or removed.
import type { Actor } from '../../domain/actors.js';
import type { CandidateProfile } from '../../domain/profile.js';
import type { OnPostFacts } from '../../domain/on-post.js';
import type { Policy } from '../../domain/policy.js';
import type { PublishedPolicy } from '../../domain/policy-versions.js';
import type {
  AttendanceReport,
  CaseRecord,
  HandoverState,
  RecordBatch,
  ReminderOrder,
  Stage,
  Task,
  TimelineEntry,
  TrainingFact,
  YearObligations,
} from '../../domain/records.js';
import type { RuleFailure } from '../../domain/screening.js';
import type { DecideTaskInput } from '../messages.js';
import type { RequestView, SuccessorProgress } from '../views.js';

export interface TermInput {
  profile: CandidateProfile;
  policy: Policy;
  nominatedBy: Actor;
  /** An official already on post when the region adopted the system: the term starts on duty. */
  onPost?: OnPostFacts;
  /** Versions published for dates after the nomination: adopted when their date comes. */
  upcomingPolicies?: PublishedPolicy[];
  predecessorTermId?: string;
  caseId?: string;
  /** State carried over by continue-as-new. */
  continued?: TermData;
  /** History length after which the term continues as new (tests lower it). */
  maxHistoryEvents?: number;
  /**
   * Set by the workflow, never by a caller: the term counts its months on the
   * calendar (patched('calendar-months'), asked when the term starts).
   */
  calendarMonths?: boolean;
  /**
   * Set by the workflow, never by a caller: the term's years are calendar
   * years (patched('calendar-years'), asked when the term starts).
   */
  calendarYears?: boolean;
  /**
   * Set by the workflow, never by a caller: a successor is sought before the
   * term's end and handed over to (patched('term-end-succession'), asked when
   * the term starts).
   */
  termEndSuccession?: boolean;
}

/** A request with the task that awaits its reply and the case it belongs to. */
export type RequestRecord = RequestView & { taskId: string; caseId?: string };

/** One year of the term; `roundYear` is the calendar year of its evaluation round. */
export type TermYear = YearObligations & { roundYear?: number };

/** A leave asked or taken: at most one at a time. */
export interface LeaveState {
  days: number;
  status: 'requested' | 'on_leave';
  taskId?: string;
  requestNo?: string;
}

/** What has changed since the last batch was written to the system of record. */
export interface PendingChanges {
  entries: TimelineEntry[];
  tasksOpened: Task[];
  tasksClosed: RecordBatch['tasksClosed'];
  /** Ids of the cases changed; the batch carries each case as it is then. */
  cases: string[];
  /** Absent in state carried over from before reminders were called off on record. */
  remindersCalledOff?: ReminderOrder[];
}

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
  years: TermYear[];
  /**
   * The pre-dispatch training, kept as a fact (id `y0-t1`, "year 0": before
   * dispatch) so that it can be voided or corrected; a replacement joins the
   * list. Terms dispatched before it was kept take it from their log
   * (workflows/term/corrections.ts, `preDispatchYear`).
   */
  preDispatchTrainings?: TrainingFact[];
  monthsOpened: number;
  /**
   * The term's months and years are calendar months and years of Shanghai
   * (patched('calendar-months')); without it, policy months from dispatch.
   */
  calendarMonths?: boolean;
  /**
   * The term's years are calendar years of Shanghai: obligations due by 31
   * December, the evaluation opened on the policy's date of each calendar year
   * (patched('calendar-years'); only with calendarMonths). Without it, years
   * end on the anniversaries of dispatch.
   */
  calendarYears?: boolean;
  /**
   * The term seeks its successor before its end and hands over to them
   * (patched('term-end-succession')); without it, a full term closes with no
   * successor, as terms started before did.
   */
  termEndSuccession?: boolean;
  /** The case of the term-end succession, once the dispatching unit was asked. */
  termEndCaseId?: string;
  /** Calendar-year terms: the end of the last year whose end has been handled. */
  yearsEndedUntil?: number;
  /** Calendar-month terms: when the last attendance month closed (its end). */
  monthsClosedUntil?: number;
  /** Years past the holiday table a working-day count has met (logged once each). */
  calendarFallbackYears?: number[];
  /** Policy versions published and not yet in force for this term, by date. */
  pendingPolicies?: PublishedPolicy[];
  leave?: LeaveState;
  /** The official's reports of months not yet closed, by the close's task id. */
  attendanceReports?: Record<string, AttendanceReport>;
  timeline: TimelineEntry[];
  /** Keys of the reminder rungs already sent: each goes out once. */
  reminded: string[];
  continuedTimes: number;
  pending: PendingChanges;
}

/** Messages to other workflows and rounds, sent by the workflow after a change. */
export type Effect =
  | { type: 'remind'; order: ReminderOrder }
  | { type: 'enrol'; county: string; year: number; closesAt?: number }
  | { type: 'notifyPredecessor'; predecessorTermId: string; progress: SuccessorProgress }
  | { type: 'notifySuccessor'; successorTermId: string };

/** A validated decision on an open task: the task, and what its decider said. */
export type TaskDecision = Omit<DecideTaskInput, 'taskId'> & { task: Task };

/** The workflow itself, as the actor of what it does on its own (deadlines, consequences). */
export const SYSTEM = { id: 'system', role: 'system' as const };
export type Who = Actor | typeof SYSTEM;

/** A new term's data: nominated at `now`, nothing else yet. */
export function nominatedTerm(input: TermInput, termId: string, now: number): TermData {
  return {
    termId,
    profile: input.profile,
    policy: input.policy,
    ...(input.upcomingPolicies?.length ? { pendingPolicies: input.upcomingPolicies } : {}),
    ...(input.calendarMonths ? { calendarMonths: true } : {}),
    ...(input.calendarMonths && input.calendarYears ? { calendarYears: true } : {}),
    ...(input.termEndSuccession ? { termEndSuccession: true } : {}),
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
  };
}
