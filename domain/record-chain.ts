// The decision log's hash chain: how an entry is hashed, and how a term's
// chain is checked. Pure (sha256 of canonical JSON), shared by the record
// writer (activities/record.ts), the API's record view and reconciliation.
// Not for workflow code: the workflow bundle has no node:crypto.
import { createHash } from 'node:crypto';
import type { TimelineEntry } from './records.js';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * One decision_log entry as it is hashed: the timeline entry (its instant as
 * ISO 8601 with milliseconds), its place in the term's chain, and the previous
 * hash. Optional members (requestId, params) are hashed when present; an
 * entry without them hashes as it did before they existed.
 */
export interface LogEntry extends Omit<TimelineEntry, 'at' | 'role'> {
  termId: string;
  officialId: string;
  seq: number;
  at: string;
  role: string;
  prevHash: string;
}

/** JSON with sorted keys and no null/undefined members: the same entry always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const keys = Object.keys(value)
    .filter(
      (k) =>
        (value as Record<string, unknown>)[k] !== undefined &&
        (value as Record<string, unknown>)[k] !== null,
    )
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export const entryHash = (entry: LogEntry): string =>
  createHash('sha256').update(canonicalJson(entry)).digest('hex');

export interface DecisionLogRow {
  term_id: string;
  seq: number;
  official_id: string;
  at: Date;
  actor_id: string;
  role: string;
  action: string;
  detail: string;
  reason: string | null;
  policy_version: string;
  request_no: string | null;
  task_id: string | null;
  case_id: string | null;
  request_id?: string | null;
  /** Absent or null on entries written before params existed: their hash never covered any. */
  params?: Record<string, string | number> | null;
  prev_hash: string;
  hash: string;
}

export function logEntryOfRow(r: DecisionLogRow): LogEntry {
  return {
    termId: r.term_id,
    officialId: r.official_id,
    seq: r.seq,
    at: r.at.toISOString(),
    actorId: r.actor_id,
    role: r.role,
    action: r.action,
    detail: r.detail,
    ...(r.reason != null ? { reason: r.reason } : {}),
    policyVersion: r.policy_version,
    ...(r.request_no != null ? { requestNo: r.request_no } : {}),
    ...(r.task_id != null ? { taskId: r.task_id } : {}),
    ...(r.case_id != null ? { caseId: r.case_id } : {}),
    ...(r.request_id != null ? { requestId: r.request_id } : {}),
    ...(r.params != null ? { params: r.params } : {}),
    prevHash: r.prev_hash,
  };
}

export interface ChainVerdict {
  ok: boolean;
  entries: number;
  /** The first entry whose seq, link or hash does not check out. */
  brokenAt?: number;
  problem?: string;
}

/** Recomputes a term's chain from its rows, in seq order. */
export function verifyChain(rows: DecisionLogRow[]): ChainVerdict {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const row of rows) {
    const broken = (problem: string): ChainVerdict => ({
      ok: false,
      entries: rows.length,
      brokenAt: row.seq,
      problem,
    });
    if (row.seq !== expectedSeq) return broken(`entry ${expectedSeq} is missing`);
    if (row.prev_hash !== prev) return broken('does not link to the entry before it');
    if (entryHash(logEntryOfRow(row)) !== row.hash)
      return broken('its content does not match its hash');
    prev = row.hash;
    expectedSeq++;
  }
  return { ok: true, entries: rows.length };
}
