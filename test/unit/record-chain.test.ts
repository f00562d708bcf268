// The decision log's hash chain with timeline params: an entry written before
// params existed hashes exactly as it did (existing chains still verify), and
// an entry with params is covered by its hash (a changed value breaks it).
import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  entryHash,
  logEntryOfRow,
  verifyChain,
  type DecisionLogRow,
  type LogEntry,
} from '../../domain/record-chain.js';

/** An entry as the record held it before params: its hash was computed by the code of that time. */
const OLD_ENTRY: LogEntry = {
  termId: 'term-off-1',
  officialId: 'off-1',
  seq: 3,
  at: '2026-03-01T02:00:00.000Z',
  actorId: 'pol-wuming',
  role: 'screening_body',
  action: 'request_replied',
  detail: 'R-off-1-3 rejected',
  reason: '有未结信访事项',
  policyVersion: 'gx-2026.1',
  requestNo: 'R-off-1-3',
  taskId: 'term-off-1.t3',
  prevHash: 'a'.repeat(64),
};
/** entryHash(OLD_ENTRY) by domain/record-chain.ts as it was before params (commit 407b1a9). */
const OLD_HASH = '2b50a69749ca99cff86b529ad436aad44670f894c1b276a31a7e788df27bb1af';

function rowOf(entry: LogEntry, hash: string): DecisionLogRow {
  return {
    term_id: entry.termId,
    seq: entry.seq,
    official_id: entry.officialId,
    at: new Date(entry.at),
    actor_id: entry.actorId,
    role: entry.role,
    action: entry.action,
    detail: entry.detail,
    reason: entry.reason ?? null,
    policy_version: entry.policyVersion,
    request_no: entry.requestNo ?? null,
    task_id: entry.taskId ?? null,
    case_id: entry.caseId ?? null,
    request_id: entry.requestId ?? null,
    params: entry.params ?? null,
    prev_hash: entry.prevHash,
    hash,
  };
}

/** A chain of entries, linked and hashed as the record writer does. */
function chainOf(entries: Omit<LogEntry, 'seq' | 'prevHash'>[]): DecisionLogRow[] {
  let prev = GENESIS_HASH;
  return entries.map((entry, i) => {
    const full = { ...entry, seq: i + 1, prevHash: prev };
    prev = entryHash(full);
    return rowOf(full, prev);
  });
}

describe('the decision log chain with params', () => {
  it('hashes an entry without params as before params existed', () => {
    expect(entryHash(OLD_ENTRY)).toBe(OLD_HASH);
    // Read back from a row whose params column is NULL (written before the migration).
    const row = rowOf(OLD_ENTRY, OLD_HASH);
    expect(logEntryOfRow(row)).not.toHaveProperty('params');
    expect(entryHash(logEntryOfRow(row))).toBe(OLD_HASH);
    // A row from before the column existed at all.
    const { params: _absent, ...withoutColumn } = row;
    expect(entryHash(logEntryOfRow(withoutColumn))).toBe(OLD_HASH);
  });

  it('covers params: a changed, added or removed value changes the hash', () => {
    const params = { requestNo: 'R-off-1-3', kind: 'vetting', decision: 'reject' };
    const withParams = { ...OLD_ENTRY, params };
    const hash = entryHash(withParams);
    expect(hash).not.toBe(OLD_HASH);
    expect(entryHash({ ...OLD_ENTRY, params: { ...params, decision: 'approve' } })).not.toBe(hash);
    expect(entryHash({ ...OLD_ENTRY, params: { ...params, days: 3 } })).not.toBe(hash);
    expect(entryHash({ ...OLD_ENTRY, params: { ...params, days: '3' } })).not.toBe(
      entryHash({ ...OLD_ENTRY, params: { ...params, days: 3 } }),
    );
    // Empty params are a statement too ("worded from the code, nothing to fill in").
    expect(entryHash({ ...OLD_ENTRY, params: {} })).not.toBe(OLD_HASH);
    // Key order does not matter (jsonb gives keys back in its own order).
    const reordered = Object.fromEntries(Object.entries(params).reverse());
    expect(entryHash({ ...OLD_ENTRY, params: reordered })).toBe(hash);
    expect(entryHash(logEntryOfRow(rowOf(withParams, hash)))).toBe(hash);
  });

  it('verifies a chain that mixes old entries and entries with params, and catches a changed param', () => {
    const base = {
      termId: 'term-off-2',
      officialId: 'off-2',
      role: 'system',
      actorId: 'system',
      policyVersion: 'gx-2026.1',
    };
    const rows = chainOf([
      { ...base, at: '2026-03-01T00:00:00.000Z', action: 'screened', detail: 'passed' },
      {
        ...base,
        at: '2026-03-01T00:00:01.000Z',
        action: 'stage',
        detail: 'nominated → vetting',
        reason: 'screening passed',
        params: { from: 'nominated', to: 'vetting', because: 'screening_passed' },
      },
      {
        ...base,
        at: '2026-03-02T00:00:00.000Z',
        action: 'request_cancelled',
        detail: 'R-off-2-3 cancelled: vetting rejected',
        params: { requestNo: 'R-off-2-3', body: 'police', because: 'vetting_rejected' },
      },
    ]);
    expect(verifyChain(rows)).toEqual({ ok: true, entries: 3 });
    const tampered = rows.map((row) =>
      row.seq === 3 ? { ...row, params: { ...row.params!, body: 'petition' } } : row,
    );
    expect(verifyChain(tampered)).toMatchObject({
      ok: false,
      brokenAt: 3,
      problem: 'its content does not match its hash',
    });
    const dropped = rows.map((row) => (row.seq === 2 ? { ...row, params: null } : row));
    expect(verifyChain(dropped)).toMatchObject({ ok: false, brokenAt: 2 });
  });
});
