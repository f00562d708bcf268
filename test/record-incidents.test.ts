// Bad data never freezes a term: text unfit for the record is refused by the
// workflow itself (whoever calls it), and a batch the database refuses stops
// retrying, blocks only its own term with an incident its county and the
// administrator see, and is written again by the administrator's retry once
// the cause is mended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../operations/reconcile.js';
import { decideTask, termRecordCheck } from '../workflows/messages.js';
import { candidate, demoActor, startApi, type ApiHarness } from './support/api.js';
import { refusalOf } from './support/refusal.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

async function nominate() {
  const profile = candidate();
  const reply = await api.post('/api/nominations', 'du-nanning', profile);
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return profile.officialId;
}

async function vettingTask(body: string, officialId: string): Promise<string> {
  const reply = await api.eventually(
    `vetting request for ${officialId}`,
    () => api.get('/api/inbox?kind=vetting_reply&limit=200', body),
    (r) => r.body.items?.some((t: { officialId: string }) => t.officialId === officialId),
  );
  return reply.body.items.find((t: { officialId: string }) => t.officialId === officialId).id;
}

describe('text unfit for the record', () => {
  it.each([
    ['NUL', 'nothing\u0000on file'],
    ['a lone surrogate', 'nothing \ud800 on file'],
    ['an escape', '\u001b[2J'],
  ])(
    'is refused by the workflow itself (%s), before history, and the term goes on',
    async (_what, comment) => {
      const officialId = await nominate();
      const taskId = await vettingTask('disc-wuming', officialId);
      const handle = api.client.workflow.getHandle(`term-${officialId}`);
      const refusal = await refusalOf(
        handle.executeUpdate(decideTask, {
          args: [{ taskId, actor: demoActor('disc-wuming'), decision: 'approve', comment }],
        }),
      );
      expect(refusal.code).toBe('invalid_input');
      expect(refusal.message).toMatch(/^comment: /);
      // Nothing of it reached the record, and the next decision lands at once.
      const decided = await api.post(`/api/tasks/${taskId}/decision`, 'disc-wuming', {
        decision: 'approve',
        comment: 'nothing on file',
      });
      expect(decided.status, JSON.stringify(decided.body)).toBe(200);
      const log = await api.get(`/api/officials/${officialId}/log/verify`, 'org-wuming');
      expect(log.body.ok).toBe(true);
    },
  );
});

describe('a batch the database refuses', () => {
  it('blocks its term only, shows it to the county and the administrator, and is written again by a retry', async () => {
    const officialId = await nominate();
    const bystander = await nominate();
    const termId = `term-${officialId}`;
    // A rule of the database the batch breaks (SQLSTATE 23514), as a schema
    // change or a bad value would: retrying cannot mend it.
    await api.pool.query(
      `ALTER TABLE decision_log ADD CONSTRAINT test_refuse_marked CHECK (reason IS NULL OR reason <> 'REFUSE ME')`,
    );
    try {
      const taskId = await vettingTask('disc-wuming', officialId);
      const refused = await api.post(`/api/tasks/${taskId}/decision`, 'disc-wuming', {
        decision: 'approve',
        comment: 'REFUSE ME',
      });
      expect(refused.status, JSON.stringify(refused.body)).toBe(503);
      expect(refused.body.error.code).toBe('record_blocked');

      // The term says so at once, for any later change, instead of hanging.
      const petitionTask = await vettingTask('pet-wuming', officialId);
      const next = await api.post(`/api/tasks/${petitionTask}/decision`, 'pet-wuming', {
        decision: 'approve',
        comment: 'nothing on file',
      });
      expect(next.status).toBe(503);
      expect(next.body.error.code).toBe('record_blocked');

      const check = await api.client.workflow.getHandle(termId).query(termRecordCheck);
      expect(check.blocked?.problem).toMatch(/23514/);
      const incidents = await api.eventually(
        'the incident on record',
        () => api.get('/api/record-incidents', 'org-wuming'),
        (r) => r.body.items?.length > 0,
      );
      expect(incidents.body.items).toEqual([
        expect.objectContaining({ termId, officialId, county: 'gx/nanning/wuming' }),
      ]);
      expect((await api.get('/api/record-incidents', 'admin-gx')).body.items).toHaveLength(1);
      const report = await reconcile({ client: api.client, pool: api.pool, termIds: [termId] });
      expect(report.differences.map((d) => d.field)).toContain('blocked');

      // Every other term goes on.
      const other = await vettingTask('disc-wuming', bystander);
      const otherDecided = await api.post(`/api/tasks/${other}/decision`, 'disc-wuming', {
        decision: 'approve',
        comment: 'nothing on file',
      });
      expect(otherDecided.status).toBe(200);
      // Only the administrator may retry.
      const byCounty = await api.post(
        `/api/officials/${officialId}/record/retry`,
        'org-wuming',
        {},
      );
      expect(byCounty.status).toBe(403);
    } finally {
      await api.pool.query('ALTER TABLE decision_log DROP CONSTRAINT test_refuse_marked');
    }

    const retried = await api.post(`/api/officials/${officialId}/record/retry`, 'admin-gx', {});
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect((await api.get('/api/record-incidents', 'org-wuming')).body.items).toEqual([]);
    const { rows } = await api.pool.query<{ reason: string }>(
      `SELECT reason FROM decision_log WHERE term_id = $1 AND action = 'request_replied'`,
      [termId],
    );
    expect(rows.map((row) => row.reason)).toEqual(['REFUSE ME']);
    const clean = await reconcile({ client: api.client, pool: api.pool, termIds: [termId] });
    expect(clean.differences).toEqual([]);

    // And the term takes decisions again.
    const petitionTask = await vettingTask('pet-wuming', officialId);
    const after = await api.post(`/api/tasks/${petitionTask}/decision`, 'pet-wuming', {
      decision: 'approve',
      comment: 'nothing on file',
    });
    expect(after.status, JSON.stringify(after.body)).toBe(200);
  });
});
