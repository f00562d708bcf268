import type { Decision } from '../domain/decisions.js';
import type {
  CaseRecord,
  OfficialSnapshot,
  Task,
  TimelineEntry,
  Stage,
} from '../domain/records.js';

/** What the termView query returns: JSON-safe, everything a person needs to see. */
export interface TermView extends OfficialSnapshot {
  openTasks: Task[];
  requests: RequestView[];
  cases: CaseRecord[];
  deadlines: { what: string; at: number }[];
  timeline: TimelineEntry[];
  historyContinuedTimes: number;
}

export interface RequestView {
  no: string;
  matter: string;
  /** objection_follow_up: the county's question to a screening body about its objection. */
  kind: 'vetting' | 'adjustment' | 'leave' | 'recall' | 'objection_follow_up';
  subject: string;
  reasons: string;
  filedBy: string;
  filedAt: number;
  deadlineAt: number;
  assignee: Task['assignee'];
  /** A follow-up question: the vetting request whose objection it asks about. */
  follows?: string;
  reply?: {
    decision: Decision;
    reasons: string;
    by: string;
    at: number;
    policyVersion: string;
  };
}

/** The parts of a term that its record must agree with (reconciliation). */
export interface RecordCheck {
  termId: string;
  stage: Stage;
  /** Batches made so far, and the last one the record confirmed. */
  batchSeq: number;
  writtenBatchSeq: number;
  /** A write under way, or changes not yet in a batch: the record may lag, not differ. */
  writing: boolean;
  unwrittenChanges: boolean;
  openTaskIds: string[];
  logEntries: number;
  lastEntry?: TimelineEntry;
  /** The record refused a batch; nothing is written until an administrator retries. */
  blocked?: { batchSeq: number; problem: string; at: number };
}

export interface DecisionResult {
  ok: true;
  termId: string;
  stage: Stage;
  message: string;
  taskId?: string;
  requestNo?: string;
  caseId?: string;
  /** A correction with a new value: the id of the fact recorded in place of the voided one. */
  factId?: string;
}

export interface SuccessorProgress {
  successorTermId: string;
  successorOfficialId: string;
  caseId: string;
  status: 'nominated' | 'screened_out' | 'rejected' | 'withdrawn' | 'dispatched';
  at: number;
}

export interface ReservationResult {
  granted: true;
  used: number;
  slots: number;
}

export interface RoundView {
  county: string;
  year: number;
  enrolled: string[];
  outstanding: string[];
  slots: number;
  policyVersion: string;
}
