// What reconciliation calls a difference, without a server: the workflow's
// account of a term against the record's row for it.
import { describe, expect, it } from 'vitest';
import { mergeBatches, type RecordBatch } from '../../domain/records.js';
import { compareTerm } from '../../operations/reconcile.js';
import type { RecordCheck } from '../../workflows/views.js';

const at = Date.parse('2026-12-03T08:00:00Z');
const check: RecordCheck = {
  termId: 'term-a',
  stage: 'pre_dispatch_training',
  batchSeq: 4,
  writtenBatchSeq: 4,
  writing: false,
  unwrittenChanges: false,
  openTaskIds: ['t-5'],
  logEntries: 9,
  lastEntry: {
    at,
    actorId: 'org-wuming',
    role: 'county_org',
    action: 'stage',
    detail: 'awaiting_dispatch_approval → pre_dispatch_training',
    policyVersion: 'gx-2025.1',
  },
};
const row = {
  term_id: 'term-a',
  official_id: 'a',
  stage: 'pre_dispatch_training' as const,
  last_batch_seq: 4,
  open_task_ids: ['t-5'],
  log_entries: 9,
  last_action: 'stage',
  last_at: new Date(at),
  last_actor: 'org-wuming',
};

describe('reconciliation compares', () => {
  it('finds nothing when the record says what the workflow says', () => {
    expect(compareTerm(row, check)).toEqual([]);
  });
  it('names each field that differs', () => {
    const differences = compareTerm(
      {
        ...row,
        stage: 'rejected',
        last_batch_seq: 3,
        open_task_ids: null,
        log_entries: 8,
        last_actor: 'org-other',
      },
      check,
    );
    expect(differences.map((d) => d.field)).toEqual([
      'stage',
      'batch',
      'open_tasks',
      'log_entries',
      'last_entry',
    ]);
    expect(differences[0]).toMatchObject({ workflow: 'pre_dispatch_training', record: 'rejected' });
  });
  it('reports a blocked term even when the rest agrees', () => {
    const blocked = { ...check, blocked: { batchSeq: 5, problem: 'SQLSTATE 22021', at } };
    expect(compareTerm(row, blocked).map((d) => d.field)).toEqual(['blocked']);
  });
});

describe('a refused batch merged with the next', () => {
  const batch = (seq: number, extra: Partial<RecordBatch>): RecordBatch => ({
    termId: 'term-a',
    seq,
    snapshot: { stage: seq === 5 ? 'vetting' : 'on_duty' } as RecordBatch['snapshot'],
    entries: [],
    tasksOpened: [],
    tasksClosed: [],
    cases: [],
    ...extra,
  });
  it('keeps every change of both, the newer snapshot and number', () => {
    const older = batch(5, {
      entries: [check.lastEntry!],
      tasksClosed: [{ id: 't-1', outcome: 'approve', by: 'x', at }],
      cases: [{ caseId: 'c-1', status: 'recall_requested' } as RecordBatch['cases'][number]],
    });
    const newer = batch(6, {
      entries: [{ ...check.lastEntry!, action: 'later' }],
      cases: [{ caseId: 'c-1', status: 'awaiting_successor' } as RecordBatch['cases'][number]],
    });
    const merged = mergeBatches(older, newer);
    expect(merged.seq).toBe(6);
    expect(merged.snapshot?.stage).toBe('on_duty');
    expect(merged.entries.map((e) => e.action)).toEqual(['stage', 'later']);
    expect(merged.tasksClosed).toHaveLength(1);
    expect(merged.cases.map((c) => c.status)).toEqual(['awaiting_successor']);
  });
  it('keeps the older snapshot when the newer batch left its unchanged one out', () => {
    const { snapshot: _left, ...newer } = batch(6, { officialId: 'off-a' });
    const merged = mergeBatches(batch(5, {}), newer);
    expect(merged.snapshot?.stage).toBe('vetting');
    expect(merged.officialId).toBe('off-a');
  });
});
