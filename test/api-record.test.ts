// The system of record without a workflow: a RecordBatch applies once, the
// decision log is an append-only hash chain, and an altered row is caught.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordActivities } from '../activities/record.js';
import { verifyChain, type DecisionLogRow } from '../domain/record-chain.js';
import type { OfficialSnapshot, RecordBatch, Task } from '../domain/records.js';
import { createPool, migrate, type Pool } from '../platform/db.js';
import { createTestDatabase } from './support/servers.js';

let pool: Pool;
let databaseUrl: string;
beforeAll(async () => {
  databaseUrl = await createTestDatabase('record');
  // API and worker both migrate as they start: at once, they must not trip over each other.
  const ran = await Promise.all([migrate(databaseUrl), migrate(databaseUrl), migrate(databaseUrl)]);
  expect(ran.flat().filter((n) => n.startsWith('0001_'))).toHaveLength(1);
  pool = createPool(databaseUrl);
});
afterAll(async () => {
  await pool?.end();
});

const T0 = Date.parse('2025-03-01T08:00:00Z');
let n = 0;

function snapshot(
  termId: string,
  officialId: string,
  stage: OfficialSnapshot['stage'] = 'vetting',
): OfficialSnapshot {
  return {
    termId,
    officialId,
    name: 'Wei Lan',
    email: `${officialId}@zhucun.local`,
    post: 'first_secretary',
    village: 'gx/nanning/wuming/fucheng/lianhe',
    county: 'gx/nanning/wuming',
    township: 'gx/nanning/wuming/fucheng',
    dispatchingUnit: 'Nanning Bureau of Agriculture',
    stage,
    policyVersion: 'gx-2025.1',
    nominatedBy: 'du-nanning',
    nominatedAt: T0,
    promotionPriority: false,
    screeningFailures: [],
    years: [],
  };
}

function task(termId: string, officialId: string, id: string): Task {
  return {
    id,
    kind: 'vetting_reply',
    termId,
    officialId,
    officialName: 'Wei Lan',
    county: 'gx/nanning/wuming',
    village: 'gx/nanning/wuming/fucheng/lianhe',
    title: 'Vetting: discipline',
    assignee: { role: 'screening_body', jurisdiction: 'gx/nanning/wuming', body: 'discipline' },
    createdAt: T0,
    dueAt: T0 + 14 * 86_400_000,
    ladder: 'reply',
    requestNo: `${termId}.R1`,
  };
}

function newTerm() {
  const officialId = `rec-${++n}-${Date.now().toString(36)}`;
  return { termId: `term-${officialId}`, officialId };
}

const entry = (at: number, action: string, detail: string) => ({
  at,
  actorId: 'system',
  role: 'system' as const,
  action,
  detail,
  policyVersion: 'gx-2025.1',
});

async function logOf(termId: string) {
  return (
    await pool.query<DecisionLogRow>('SELECT * FROM decision_log WHERE term_id = $1 ORDER BY seq', [
      termId,
    ])
  ).rows;
}

describe('applyRecordBatch', () => {
  it('applies a batch once, however often it is retried or raced', async () => {
    const { applyRecordBatch } = createRecordActivities({ pool });
    const { termId, officialId } = newTerm();
    const batch: RecordBatch = {
      termId,
      seq: 1,
      snapshot: snapshot(termId, officialId),
      entries: [
        entry(T0, 'nominated', 'nominated'),
        entry(T0 + 1, 'screened', 'all six rules passed'),
      ],
      tasksOpened: [task(termId, officialId, `${termId}.t1`)],
      tasksClosed: [],
      cases: [],
    };
    await Promise.all([applyRecordBatch(batch), applyRecordBatch(batch), applyRecordBatch(batch)]);
    await applyRecordBatch(batch);

    expect(await logOf(termId)).toHaveLength(2);
    const official = await pool.query(
      'SELECT stage, village, nominated_by FROM officials WHERE term_id = $1',
      [termId],
    );
    expect(official.rows).toEqual([
      { stage: 'vetting', village: 'gx/nanning/wuming/fucheng/lianhe', nominated_by: 'du-nanning' },
    ]);
    const tasks = await pool.query(
      'SELECT id, assignee_body, township FROM tasks WHERE term_id = $1',
      [termId],
    );
    expect(tasks.rows).toEqual([
      { id: `${termId}.t1`, assignee_body: 'discipline', township: 'gx/nanning/wuming/fucheng' },
    ]);
    const actor = await pool.query('SELECT role, jurisdiction, email FROM actors WHERE id = $1', [
      officialId,
    ]);
    expect(actor.rows).toEqual([
      {
        role: 'official',
        jurisdiction: 'gx/nanning/wuming/fucheng/lianhe',
        email: `${officialId}@zhucun.local`,
      },
    ]);
  });

  it('closes tasks, upserts cases and keeps the newest snapshot', async () => {
    const { applyRecordBatch } = createRecordActivities({ pool });
    const { termId, officialId } = newTerm();
    const t1 = task(termId, officialId, `${termId}.t1`);
    await applyRecordBatch({
      termId,
      seq: 1,
      snapshot: snapshot(termId, officialId),
      entries: [entry(T0, 'nominated', 'n')],
      tasksOpened: [t1],
      tasksClosed: [],
      cases: [],
    });
    const caseRecord = {
      caseId: `${termId}.C1`,
      termId,
      officialId,
      officialName: 'Wei Lan',
      county: 'gx/nanning/wuming',
      village: 'gx/nanning/wuming/fucheng/lianhe',
      grounds: ['health' as const],
      status: 'recall_requested' as const,
      successorOfficialIds: [],
      openedAt: T0 + 5,
    };
    await applyRecordBatch({
      termId,
      seq: 2,
      snapshot: snapshot(termId, officialId, 'on_duty'),
      entries: [entry(T0 + 5, 'vetting_reply', 'approved')],
      tasksOpened: [],
      tasksClosed: [{ id: t1.id, outcome: 'approve', by: 'disc-wuming', at: T0 + 5 }],
      cases: [caseRecord],
    });
    // Nothing of the official changed: the batch leaves the snapshot out.
    await applyRecordBatch({
      termId,
      seq: 3,
      officialId,
      entries: [entry(T0 + 9, 'case_closed', 'recalled')],
      tasksOpened: [],
      tasksClosed: [],
      cases: [{ ...caseRecord, status: 'closed', closedAt: T0 + 9, outcome: 'recalled' }],
    });
    const closed = await pool.query(
      'SELECT outcome, closed_by, closed_at FROM tasks WHERE id = $1',
      [t1.id],
    );
    expect(closed.rows[0]).toMatchObject({ outcome: 'approve', closed_by: 'disc-wuming' });
    expect((closed.rows[0].closed_at as Date).getTime()).toBe(T0 + 5);
    const cases = await pool.query(
      'SELECT status, outcome, grounds FROM cases WHERE term_id = $1',
      [termId],
    );
    expect(cases.rows).toEqual([{ status: 'closed', outcome: 'recalled', grounds: ['health'] }]);
    expect(
      (await pool.query('SELECT stage FROM officials WHERE term_id = $1', [termId])).rows[0].stage,
    ).toBe('on_duty');
    const official = await pool.query(
      'SELECT last_batch_seq, snapshot FROM officials WHERE term_id = $1',
      [termId],
    );
    expect(official.rows[0]).toMatchObject({ last_batch_seq: 3, snapshot: { stage: 'on_duty' } });
    const log = await logOf(termId);
    expect(log.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(log[2]).toMatchObject({ official_id: officialId, action: 'case_closed' });
    expect(log[1]!.prev_hash).toBe(log[0]!.hash);
    expect(verifyChain(log)).toEqual({ ok: true, entries: 3 });
  });
});

describe('the decision log', () => {
  async function termWithLog() {
    const { applyRecordBatch } = createRecordActivities({ pool });
    const { termId, officialId } = newTerm();
    for (let seq = 1; seq <= 3; seq++) {
      await applyRecordBatch({
        termId,
        seq,
        snapshot: snapshot(termId, officialId),
        entries: [
          entry(T0 + seq * 1000, `step-${seq}`, `detail ${seq}`),
          entry(T0 + seq * 1000 + 1, `step-${seq}b`, `more ${seq}`),
        ],
        tasksOpened: [],
        tasksClosed: [],
        cases: [],
      });
    }
    return termId;
  }

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    const termId = await termWithLog();
    await expect(
      pool.query(`UPDATE decision_log SET detail = 'rewritten' WHERE term_id = $1 AND seq = 2`, [
        termId,
      ]),
    ).rejects.toThrow(/append-only/);
    await expect(
      pool.query('DELETE FROM decision_log WHERE term_id = $1', [termId]),
    ).rejects.toThrow(/append-only/);
    await expect(pool.query('TRUNCATE decision_log')).rejects.toThrow(/append-only/);
    expect(verifyChain(await logOf(termId))).toEqual({ ok: true, entries: 6 });
  });

  it('names the first altered, removed or relinked entry', async () => {
    const termId = await termWithLog();
    const client = await pool.connect();
    try {
      // A superuser can switch triggers off for a session: exactly the tampering the chain must expose.
      await client.query('SET session_replication_role = replica');
      await client.query(
        `UPDATE decision_log SET detail = 'approved (quietly)' WHERE term_id = $1 AND seq = 4`,
        [termId],
      );
    } finally {
      await client.query('SET session_replication_role = DEFAULT');
      client.release();
    }
    expect(verifyChain(await logOf(termId))).toMatchObject({
      ok: false,
      entries: 6,
      brokenAt: 4,
      problem: 'its content does not match its hash',
    });

    const other = await termWithLog();
    const c2 = await pool.connect();
    try {
      await c2.query('SET session_replication_role = replica');
      await c2.query('DELETE FROM decision_log WHERE term_id = $1 AND seq = 3', [other]);
    } finally {
      await c2.query('SET session_replication_role = DEFAULT');
      c2.release();
    }
    expect(verifyChain(await logOf(other))).toMatchObject({
      ok: false,
      brokenAt: 4,
      problem: 'entry 3 is missing',
    });
  });

  it('stores params as written (none for an entry without), hashes them, and exposes a changed one', async () => {
    const { applyRecordBatch } = createRecordActivities({ pool });
    const { termId, officialId } = newTerm();
    const params = { requestNo: 'R-x-3', body: 'police', because: 'candidate_replaced', days: 3 };
    await applyRecordBatch({
      termId,
      seq: 1,
      snapshot: snapshot(termId, officialId),
      entries: [
        entry(T0, 'nominated', 'as before params'),
        { ...entry(T0 + 1, 'request_cancelled', 'R-x-3 cancelled'), params },
        { ...entry(T0 + 2, 'screened', 'nothing to fill in'), params: {} },
        { ...entry(T0 + 3, 'trained', '县级培训'), params: { title: '县级培训：乡村产业发展' } },
      ],
      tasksOpened: [],
      tasksClosed: [],
      cases: [],
    });
    const log = await logOf(termId);
    expect(log.map((row) => row.params)).toEqual([
      null,
      params,
      {},
      { title: '县级培训：乡村产业发展' },
    ]);
    expect(verifyChain(log)).toEqual({ ok: true, entries: 4 });
    const client = await pool.connect();
    try {
      await client.query('SET session_replication_role = replica');
      await client.query(
        `UPDATE decision_log SET params = jsonb_set(params, '{body}', '"petition"') WHERE term_id = $1 AND seq = 2`,
        [termId],
      );
    } finally {
      await client.query('SET session_replication_role = DEFAULT');
      client.release();
    }
    expect(verifyChain(await logOf(termId))).toMatchObject({
      ok: false,
      brokenAt: 2,
      problem: 'its content does not match its hash',
    });
  });

  it('hashes a canonical form: the same entry gives the same hash whatever the key order', async () => {
    const { canonicalJson, entryHash } = await import('../domain/record-chain.js');
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
    const e = {
      termId: 't',
      officialId: 'o',
      seq: 1,
      at: new Date(T0).toISOString(),
      actorId: 'a',
      role: 'system',
      action: 'x',
      detail: 'y',
      policyVersion: 'p',
      prevHash: '0'.repeat(64),
    };
    const reordered = Object.fromEntries(Object.entries(e).reverse()) as typeof e;
    expect(entryHash(reordered)).toBe(entryHash(e));
    expect(entryHash({ ...e, detail: 'z' })).not.toBe(entryHash(e));
  });
});
