// Database rows to the JSON the API returns.
import type { z } from 'zod';
import type { CaseSchema, LogEntrySchema, OfficialSummary, TaskSchema } from './schemas.js';
import type { DecisionLogRow } from '../domain/record-chain.js';
import type { Role, ScreeningBody } from '../domain/actors.js';
import type { TaskKind } from '../domain/records.js';

const iso = (d: Date) => d.toISOString();
const opt = <K extends string, V>(key: K, v: V | null | undefined): Partial<Record<K, V>> =>
  v === null || v === undefined ? {} : ({ [key]: v } as Record<K, V>);

export interface TaskRow {
  id: string;
  term_id: string;
  official_id: string;
  official_name: string;
  kind: TaskKind;
  title: string;
  assignee_role: Role;
  assignee_jurisdiction: string;
  assignee_body: ScreeningBody | null;
  assignee_actor_id: string | null;
  county: string;
  township: string;
  village: string;
  due_at: Date;
  created_at: Date;
  closed_at: Date | null;
  outcome: string | null;
  closed_by: string | null;
  closed_by_update: string | null;
  data: Record<string, unknown> | null;
  request_no: string | null;
  case_id: string | null;
}

/** A task row as JSON, but for what depends on the actor (api/task-views.ts adds it). */
export function taskView(
  r: TaskRow,
  now = Date.now(),
): Omit<z.infer<typeof TaskSchema>, 'canDecide'> {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    termId: r.term_id,
    officialId: r.official_id,
    officialName: r.official_name,
    county: r.county,
    township: r.township,
    village: r.village,
    assignee: {
      role: r.assignee_role,
      jurisdiction: r.assignee_jurisdiction,
      ...opt('body', r.assignee_body),
      ...opt('actorId', r.assignee_actor_id),
    },
    createdAt: iso(r.created_at),
    dueAt: iso(r.due_at),
    overdue: r.closed_at === null && r.due_at.getTime() < now,
    ...opt('closedAt', r.closed_at && iso(r.closed_at)),
    ...opt('outcome', r.outcome),
    ...opt('closedBy', r.closed_by),
    ...opt('requestNo', r.request_no),
    ...opt('caseId', r.case_id),
    ...opt('data', r.data),
  };
}

export interface OfficialRow {
  term_id: string;
  official_id: string;
  name: string;
  email: string | null;
  stage: string;
  county: string;
  township: string;
  village: string;
  dispatching_unit: string;
  nominated_by: string;
  policy_version: string;
  snapshot: Record<string, unknown>;
  updated_at: Date;
  closed_at: Date | null;
}

export function officialSummary(r: OfficialRow): z.infer<typeof OfficialSummary> {
  return {
    termId: r.term_id,
    officialId: r.official_id,
    name: r.name,
    stage: r.stage,
    county: r.county,
    township: r.township,
    village: r.village,
    dispatchingUnit: r.dispatching_unit,
    nominatedBy: r.nominated_by,
    updatedAt: iso(r.updated_at),
    ...opt('closedAt', r.closed_at && iso(r.closed_at)),
  };
}

export interface CaseRow {
  case_id: string;
  term_id: string;
  official_id: string;
  official_name: string;
  county: string;
  village: string;
  status: string;
  grounds: string[];
  opened_at: Date;
  due_at: Date | null;
  closed_at: Date | null;
  outcome: string | null;
  record: Record<string, unknown>;
}

export function caseView(r: CaseRow, now = Date.now()): z.infer<typeof CaseSchema> {
  return {
    caseId: r.case_id,
    termId: r.term_id,
    officialId: r.official_id,
    officialName: r.official_name,
    county: r.county,
    village: r.village,
    status: r.status,
    grounds: r.grounds,
    openedAt: iso(r.opened_at),
    ...opt('dueAt', r.due_at && iso(r.due_at)),
    ...opt('closedAt', r.closed_at && iso(r.closed_at)),
    ...opt('outcome', r.outcome),
    overdue: r.closed_at === null && r.due_at !== null && r.due_at.getTime() < now,
    record: r.record,
  };
}

export function logEntryView(r: DecisionLogRow): z.infer<typeof LogEntrySchema> {
  return {
    seq: r.seq,
    at: iso(r.at),
    actorId: r.actor_id,
    role: r.role,
    action: r.action,
    detail: r.detail,
    ...opt('reason', r.reason),
    policyVersion: r.policy_version,
    ...opt('requestNo', r.request_no),
    ...opt('taskId', r.task_id),
    ...opt('caseId', r.case_id),
    ...opt('requestId', r.request_id ?? null),
    ...opt('params', r.params ?? null),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
