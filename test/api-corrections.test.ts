// POST /api/officials/:officialId/corrections over real servers: a recorded
// fact voided by its recorder or the county, with its reason; every wrong
// request a clear 4xx that changes nothing; a retry with its Idempotency-Key
// answered once.
import type { Actor } from '../domain/actors.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officialActor, startApi, uniqueId, type ApiHarness } from './support/api.js';
import { termSteps } from './support/term-steps.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

const { onDuty } = termSteps(() => api);

const logCount = async (officialId: string): Promise<number> =>
  (
    await api.pool.query('SELECT count(*)::int AS n FROM decision_log WHERE official_id = $1', [
      officialId,
    ])
  ).rows[0].n;

describe('corrections over the API', () => {
  it('voids an unfit health check: the case closes as opened in error; wrong requests are refused with their code', async () => {
    const p = await onDuty();
    const base = `/api/officials/${p.officialId}`;
    const checked = await api.post(`${base}/health-checks`, 'org-wuming', {
      fit: false,
      note: '心脏问题，不宜驻村',
    });
    expect(checked.status, JSON.stringify(checked.body)).toBe(200);
    const caseId = checked.body.caseId;

    const record = await api.get(base, 'org-wuming');
    expect(record.body.snapshot.years[0].healthChecks[0]).toMatchObject({ id: 'y1-h1', caseId });
    expect(record.body.actions).toContain('voidFact');
    // The official may record nothing of this kind, nor void it.
    expect((await api.get(base, officialActor(p))).body.actions).not.toContain('voidFact');

    const before = await logCount(p.officialId);
    const refused: [string | Actor, unknown, number, string][] = [
      ['org-wuming', { factId: 'y1-h1' }, 400, 'invalid_request'],
      ['org-wuming', { factId: 'y1-h1', reason: '   ' }, 400, 'invalid_request'],
      ['org-wuming', { factId: 'health check 1', reason: '录入错误' }, 400, 'invalid_request'],
      ['org-wuming', { factId: 'y1-h1', reason: '录入错误', extra: 1 }, 400, 'invalid_request'],
      ['org-wuming', { factId: 'y1-h7', reason: '录入错误' }, 404, 'unknown_fact'],
      ['twp-fucheng', { factId: 'y1-h1', reason: '录入错误' }, 403, 'wrong_actor'],
      [officialActor(p), { factId: 'y1-h1', reason: '录入错误' }, 403, 'wrong_actor'],
      ['org-binyang', { factId: 'y1-h1', reason: '录入错误' }, 404, 'not_found'],
      ['org-wuming', { factId: 'y1-h1', reason: '错' }, 422, 'reason_required'],
    ];
    for (const [as, body, status, code] of refused) {
      const r = await api.post(`${base}/corrections`, as, body);
      const who = typeof as === 'string' ? as : as.id;
      expect([who, r.status, r.body.error?.code]).toEqual([who, status, code]);
    }
    const unknown = await api.post('/api/officials/off-nobody/corrections', 'org-wuming', {
      factId: 'y1-h1',
      reason: '录入错误',
    });
    expect(unknown.status).toBe(404);
    expect(await logCount(p.officialId)).toBe(before);

    const key = uniqueId('idem');
    const body = { factId: 'y1-h1', reason: '体检报告张冠李戴' };
    const voided = await api.post(`${base}/corrections`, 'org-wuming', body, {
      'idempotency-key': key,
    });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(voided.body).toMatchObject({ ok: true, caseId });
    const entries = await logCount(p.officialId);
    const retry = await api.post(`${base}/corrections`, 'org-wuming', body, {
      'idempotency-key': key,
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(voided.body);
    expect(await logCount(p.officialId)).toBe(entries);

    const again = await api.post(`${base}/corrections`, 'org-wuming', body);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_voided');

    const after = await api.get(base, 'org-wuming');
    expect(after.body.snapshot.years[0].healthChecks[0].voided).toMatchObject({
      by: 'org-wuming',
      reason: '体检报告张冠李戴',
    });
    expect(after.body.cases.find((c: { caseId: string }) => c.caseId === caseId)).toMatchObject({
      status: 'closed',
      outcome: 'opened_in_error',
    });
    const voidEntry = after.body.timeline.find(
      (e: { action: string }) => e.action === 'fact_voided',
    );
    expect(voidEntry).toMatchObject({
      reason: '体检报告张冠李戴',
      params: { fact: 'health_check', factId: 'y1-h1', effect: 'case_closed' },
    });
    // The hash chain holds with the correction in it.
    const chain = await api.get(`${base}/log/verify`, 'org-wuming');
    expect(chain.status).toBe(200);
    expect(chain.body.ok).toBe(true);
  });

  it('corrects a fact with a new value in one step; bad bodies are refused and change nothing; a retry is answered once', async () => {
    const p = await onDuty();
    const base = `/api/officials/${p.officialId}`;
    const checked = await api.post(`${base}/health-checks`, 'org-wuming', {
      fit: false,
      note: '心脏问题，不宜驻村',
    });
    const caseId = checked.body.caseId;
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

    const before = await logCount(p.officialId);
    const reason = '体检结论录错，复查合格';
    const refused: [string | Actor, unknown, number, string][] = [
      [
        'org-wuming',
        { factId: 'y1-h1', reason, replacement: { fit: 'yes' } },
        400,
        'invalid_request',
      ],
      [
        'org-wuming',
        { factId: 'y1-h1', reason, replacement: { fit: true, x: 1 } },
        400,
        'invalid_request',
      ],
      [
        'org-wuming',
        { factId: 'y1-h1', reason, replacement: { date: '2026-13-01' } },
        400,
        'invalid_request',
      ],
      [
        'org-wuming',
        { factId: 'y1-h1', reason, replacement: { title: '   ' } },
        400,
        'invalid_request',
      ],
      ['org-wuming', { factId: 'y1-h1', reason, replacement: [] }, 400, 'invalid_request'],
      [
        'org-wuming',
        { factId: 'y1-h1', reason, replacement: { title: '培训' } },
        422,
        'rule_refused',
      ],
      ['org-wuming', { factId: 'y1-h1', reason, replacement: {} }, 422, 'rule_refused'],
      ['org-wuming', { factId: 'y1-h1', reason, replacement: { fit: false } }, 422, 'rule_refused'],
      [
        'org-wuming',
        { factId: 'y1-h1', reason, replacement: { date: '2020-01-01' } },
        422,
        'rule_refused',
      ],
      ['twp-fucheng', { factId: 'y1-h1', reason, replacement: { fit: true } }, 403, 'wrong_actor'],
      [
        officialActor(p),
        { factId: 'y1-h1', reason, replacement: { fit: true } },
        403,
        'wrong_actor',
      ],
      [
        'org-wuming',
        { factId: 'y1-h1', reason: '错', replacement: { fit: true } },
        422,
        'reason_required',
      ],
    ];
    for (const [as, body, status, code] of refused) {
      const r = await api.post(`${base}/corrections`, as, body);
      const who = typeof as === 'string' ? as : as.id;
      expect([who, JSON.stringify(body), r.status, r.body.error?.code]).toEqual([
        who,
        JSON.stringify(body),
        status,
        code,
      ]);
    }
    expect(await logCount(p.officialId)).toBe(before);

    const key = uniqueId('idem');
    const body = {
      factId: 'y1-h1',
      reason,
      replacement: { fit: true, date: today, note: '复查合格' },
    };
    const corrected = await api.post(`${base}/corrections`, 'org-wuming', body, {
      'idempotency-key': key,
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect(corrected.body).toMatchObject({ ok: true, caseId, factId: 'y1-h2' });
    const entries = await logCount(p.officialId);
    const retry = await api.post(`${base}/corrections`, 'org-wuming', body, {
      'idempotency-key': key,
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(corrected.body);
    expect(await logCount(p.officialId)).toBe(entries);

    const after = await api.get(base, 'org-wuming');
    // After the pre-dispatch training (y0-t1), the original and its replacement.
    expect(after.body.snapshot.facts).toMatchObject([
      { id: 'y0-t1', kind: 'training', year: 0 },
      { id: 'y1-h1', fit: false, voided: { by: 'org-wuming', reason, replacedBy: 'y1-h2' } },
      { id: 'y1-h2', fit: true, note: '复查合格', replaces: 'y1-h1', by: 'org-wuming' },
    ]);
    expect(after.body.voidable).toEqual(['y0-t1', 'y1-h2']);
    expect(after.body.cases.find((c: { caseId: string }) => c.caseId === caseId)).toMatchObject({
      status: 'closed',
      outcome: 'opened_in_error',
    });
    expect(
      after.body.timeline.find((e: { action: string }) => e.action === 'fact_corrected'),
    ).toMatchObject({
      reason,
      params: { factId: 'y1-h1', replacementId: 'y1-h2', effect: 'case_closed' },
    });
    const chain = await api.get(`${base}/log/verify`, 'org-wuming');
    expect(chain.body.ok).toBe(true);

    // A township corrects the note of the absence it recorded.
    await api.post(`${base}/absences`, 'twp-fucheng', { note: '抽查不在村' });
    const noted = await api.post(`${base}/corrections`, 'twp-fucheng', {
      factId: 'y1-a1',
      reason: '备注写错了对象',
      replacement: { note: '抽查时不在村，电话不通' },
    });
    expect(noted.status, JSON.stringify(noted.body)).toBe(200);
    expect(noted.body.factId).toBe('y1-a2');
    const year = (await api.get(base, 'twp-fucheng')).body.snapshot.years[0];
    expect(year.spotCheckAbsences).toBe(1);
    expect(year.absences[1]).toMatchObject({ note: '抽查时不在村，电话不通', replaces: 'y1-a1' });
  });

  it('voids the pre-dispatch training: the dispatch stands, the county gets the task to resolve it', async () => {
    const p = await onDuty();
    const base = `/api/officials/${p.officialId}`;
    const record = await api.get(base, 'org-wuming');
    expect(record.body.snapshot.facts[0]).toMatchObject({
      id: 'y0-t1',
      year: 0,
      kind: 'training',
      consequence: { effect: 'not_unwound', because: 'dispatched' },
    });
    // A township did not record it.
    const stranger = await api.post(`${base}/corrections`, 'twp-fucheng', {
      factId: 'y0-t1',
      reason: '培训签到表不是本人',
    });
    expect([stranger.status, stranger.body.error?.code]).toEqual([403, 'wrong_actor']);
    const voided = await api.post(`${base}/corrections`, 'org-wuming', {
      factId: 'y0-t1',
      reason: '培训签到表不是本人',
    });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(voided.body.stage).toBe('on_duty');
    expect(voided.body.taskId).toBeTruthy();
    const after = await api.get(base, 'org-wuming');
    expect(
      after.body.timeline.find((e: { action: string }) => e.action === 'fact_voided'),
    ).toMatchObject({
      params: {
        factId: 'y0-t1',
        fact: 'pre_dispatch_training',
        effect: 'not_unwound',
        blocked: 'dispatched',
      },
    });
    const tasks = await api.get(`${base}/tasks?open=true`, 'org-wuming');
    expect(
      tasks.body.items.find((t: { kind: string }) => t.kind === 'resolve_correction'),
    ).toMatchObject({ id: voided.body.taskId });
  });
});
