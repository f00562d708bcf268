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
  kind: 'vetting' | 'adjustment' | 'leave' | 'recall';
  subject: string;
  reasons: string;
  filedBy: string;
  filedAt: number;
  deadlineAt: number;
  assignee: Task['assignee'];
  reply?: {
    decision: 'approve' | 'reject';
    reasons: string;
    by: string;
    at: number;
    policyVersion: string;
  };
}

export interface DecisionResult {
  ok: true;
  termId: string;
  stage: Stage;
  message: string;
  taskId?: string;
  requestNo?: string;
  caseId?: string;
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
