// Every message the workflows accept, defined once. api/ and test/ import these
// objects; nothing refers to a message by a string name.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { PublishedPolicy } from '../domain/policy-versions.js';
import type { Actor } from '../domain/actors.js';
import type { Decision } from '../domain/decisions.js';
import type { FactReplacement, HandoverItem, Stage } from '../domain/records.js';
import type { Rating } from '../domain/rating.js';
import type { RuleFailure } from '../domain/screening.js';
import type {
  TermView,
  DecisionResult,
  RecordCheck,
  RoundView,
  ReservationResult,
  SuccessorProgress,
} from './views.js';

export const TASK_QUEUE = 'zhucun-v1';
/** The term's workflow type: the name the worker registers `termWorkflow` under. */
export const TERM_WORKFLOW_TYPE = 'termWorkflow';
export const termWorkflowId = (officialId: string) => `term-${officialId}`;
export const officialIdOfTerm = (termId: string) => termId.replace(/^term-/, '');
export const roundWorkflowId = (county: string, year: number) =>
  `round-${county.replaceAll('/', '.')}-${year}`;

export interface DecideTaskInput {
  taskId: string;
  actor: Actor;
  /** One of the decisions the task's kind accepts (domain/decisions.ts). */
  decision: Decision;
  comment: string;
  /** Kind-specific facts: attendance days, a rating, a self-report. */
  days?: number;
  rating?: Rating;
  report?: string;
}
export const decideTask = defineUpdate<DecisionResult, [DecideTaskInput]>('decideTask');

export interface RecordTrainingInput {
  actor: Actor;
  kind: 'pre_dispatch' | 'county';
  title: string;
}
export const recordTraining = defineUpdate<DecisionResult, [RecordTrainingInput]>('recordTraining');

export interface RecordHealthCheckInput {
  actor: Actor;
  fit: boolean;
  note: string;
}
export const recordHealthCheck = defineUpdate<DecisionResult, [RecordHealthCheckInput]>(
  'recordHealthCheck',
);

export interface RecordAbsenceInput {
  actor: Actor;
  note: string;
}
export const recordSpotCheckAbsence = defineUpdate<DecisionResult, [RecordAbsenceInput]>(
  'recordSpotCheckAbsence',
);

/**
 * A correction: the fact `factId` (a training, health check or absence) is
 * voided, with why; with `replacement`, the right value is recorded in its
 * place in the same step (workflows/term/replacements.ts).
 */
export interface VoidFactInput {
  actor: Actor;
  factId: string;
  reason: string;
  replacement?: FactReplacement;
}
export const voidFact = defineUpdate<DecisionResult, [VoidFactInput]>('voidFact');

export interface RequestLeaveInput {
  actor: Actor;
  days: number;
  reason: string;
}
export const requestLeave = defineUpdate<DecisionResult, [RequestLeaveInput]>('requestLeave');
export const reportReturnFromLeave = defineUpdate<DecisionResult, [{ actor: Actor }]>(
  'reportReturnFromLeave',
);

/** The official's own count of a month's days in the village, for the township's close. */
export interface ReportAttendanceInput {
  actor: Actor;
  /** The term month whose close is open (the close task's `data.month`). */
  month: number;
  days: number;
  note?: string;
}
export const reportAttendance = defineUpdate<DecisionResult, [ReportAttendanceInput]>(
  'reportAttendance',
);

export interface FileRequestInput {
  actor: Actor;
  matter: 'recall' | 'adjustment';
  reasons: string;
}
export const fileRequest = defineUpdate<DecisionResult, [FileRequestInput]>('fileRequest');

/** The official asks for their own recall: one recall request to the county, ground own_request. */
export interface RequestOwnRecallInput {
  actor: Actor;
  reasons: string;
}
export const requestOwnRecall = defineUpdate<DecisionResult, [RequestOwnRecallInput]>(
  'requestOwnRecall',
);

export interface SignHandoverInput {
  actor: Actor;
  item: HandoverItem;
}
export const signHandoverItem = defineUpdate<DecisionResult, [SignHandoverInput]>(
  'signHandoverItem',
);

export interface RecallExceptionInput {
  actor: Actor;
  reason: string;
}
export const recordRecallException = defineUpdate<DecisionResult, [RecallExceptionInput]>(
  'recordRecallException',
);

/** From a successor's term to the term it replaces. */
export const successorProgressed = defineSignal<[SuccessorProgress]>('successorProgressed');
/** From the outgoing term to its successor once both signed every item. */
export const handoverCompleted =
  defineSignal<[{ outgoingTermId: string; at: number }]>('handoverCompleted');

export const termView = defineQuery<TermView>('termView');

/** What reconciliation compares with the record: stage, open tasks, log, batches. */
export const termRecordCheck = defineQuery<RecordCheck>('termRecordCheck');

/** The region administrator writes a refused record batch again (after a fix). */
export const retryRecordWrite = defineUpdate<DecisionResult, [{ actor: Actor }]>(
  'retryRecordWrite',
);

/**
 * Answers once the term's first record (the nomination and its screening) is
 * in the system of record. Sent with the start (Update-with-Start), so that
 * the nomination answers when the official can be read, without polling; the
 * answer carries the workflow's screening, so the API never screens itself.
 */
export const termRecorded = defineUpdate<TermRecorded, []>('termRecorded');

/** The answer to termRecorded: the stage, and the screening the workflow made at its own time. */
export interface TermRecorded {
  stage: Stage;
  /**
   * The six no-dispatch rules the candidate failed (empty: screened in).
   * Absent in answers of workers from before the workflow gave it.
   */
  screeningFailures?: RuleFailure[];
}

// The county's evaluation round: the single writer of its outstanding quota.
/**
 * A policy version was published: the term keeps it and adopts it at its
 * first month boundary on or after the version's date.
 */
export const policyPublished = defineSignal<[PublishedPolicy]>('policyPublished');

export const enrolInRound = defineSignal<[{ termId: string }]>('enrolInRound');
export const reserveOutstanding = defineUpdate<
  ReservationResult,
  [{ termId: string; year: number }]
>('reserveOutstanding');
export const roundView = defineQuery<RoundView>('roundView');

/** The workflow that brings one policy version to every running term. */
export const POLICY_ROLLOUT_WORKFLOW_TYPE = 'policyRolloutWorkflow';
export const policyRolloutWorkflowId = (version: string) => `policy-rollout-${version}`;
