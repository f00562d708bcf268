// One request, one reply, with reasons, over HTTP as its users meet it: a
// reply to a request is refused without its reasons (an approval as much as a
// rejection), and an official asks for their own recall on their own record.
// A real worker on the Temporal dev server and a real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../domain/actors.js';
import type { CandidateProfile } from '../domain/profile.js';
import { candidate, officialActor, startApi, type ApiHarness } from './support/api.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

type As = string | Actor;
const BODIES = ['disc-wuming', 'pet-wuming', 'pol-wuming'];

/** The one open task of `kind` for an official in the actor's inbox. */
async function taskIn(as: As, officialId: string, kind: string) {
  const r = await api.eventually(
    `${kind} for ${officialId}`,
    () => api.get(`/api/inbox?kind=${kind}&limit=200`, as),
    (x) =>
      x.status === 200 &&
      x.body.items.some((t: { officialId: string }) => t.officialId === officialId),
  );
  return r.body.items.find((t: { officialId: string }) => t.officialId === officialId) as {
    id: string;
    kind: string;
    requestNo?: string;
    caseId?: string;
    assignee: Record<string, string>;
  };
}

async function decide(as: As, taskId: string, body: Record<string, unknown>) {
  const r = await api.post(`/api/tasks/${encodeURIComponent(taskId)}/decision`, as, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** Nominated, vetted, approved and trained: on post. */
async function onDuty(overrides: Partial<CandidateProfile> = {}) {
  const p = candidate(overrides);
  const nominated = await api.post('/api/nominations', 'du-nanning', p);
  expect(nominated.status, JSON.stringify(nominated.body)).toBe(201);
  for (const body of BODIES)
    await decide(body, (await taskIn(body, p.officialId, 'vetting_reply')).id, {
      decision: 'approve',
      comment: '未发现问题',
    });
  await decide('org-wuming', (await taskIn('org-wuming', p.officialId, 'approve_dispatch')).id, {
    decision: 'approve',
    comment: '同意派驻',
  });
  const trained = await api.post(`/api/officials/${p.officialId}/trainings`, 'org-wuming', {
    kind: 'pre_dispatch',
    title: '岗前培训',
  });
  expect(trained.status, JSON.stringify(trained.body)).toBe(200);
  return p;
}

const logCount = async (officialId: string) =>
  (
    await api.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM decision_log WHERE official_id = $1',
      [officialId],
    )
  ).rows[0]!.n;

describe('every reply carries its reasons', () => {
  it('refuses an approval of a recall without reasons with reason_required, changing nothing, then takes it with them', async () => {
    const p = await onDuty({ name: '韦丽华' });
    const unfit = await api.post(`/api/officials/${p.officialId}/health-checks`, 'org-wuming', {
      fit: false,
      note: '不宜继续驻村',
    });
    expect(unfit.status).toBe(200);
    const recall = await taskIn('org-wuming', p.officialId, 'recall_reply');
    const before = await logCount(p.officialId);

    for (const comment of ['', '  ', '可']) {
      const bare = await api.post(`/api/tasks/${recall.id}/decision`, 'org-wuming', {
        decision: 'approve',
        comment,
      });
      expect(bare.status).toBe(422);
      expect(bare.body.error).toEqual({
        code: 'reason_required',
        message:
          'a reply to a request states its reasons, an approval as much as a rejection (at least 2 characters)',
      });
    }
    // Nothing changed: the task is open, the case waits for its recall, no log entry.
    expect((await api.get(`/api/tasks/${recall.id}`, 'org-wuming')).body.closedAt).toBeUndefined();
    const open = await api.get(`/api/cases/${unfit.body.caseId}`, 'org-wuming');
    expect(open.body).toMatchObject({ grounds: ['health'], status: 'recall_requested' });
    expect(await logCount(p.officialId)).toBe(before);

    await decide('org-wuming', recall.id, { decision: 'approve', comment: '同意因健康原因召回' });
    const approved = await api.eventually(
      'the recall approved',
      () => api.get(`/api/cases/${unfit.body.caseId}`, 'org-wuming'),
      (r) => r.body.status === 'awaiting_successor',
    );
    expect(approved.body.status).toBe('awaiting_successor');
    const record = await api.get(`/api/officials/${p.officialId}`, 'org-wuming');
    const replied = record.body.timeline.filter(
      (e: { action: string }) => e.action === 'request_replied',
    );
    expect(replied.at(-1)).toMatchObject({
      reason: '同意因健康原因召回',
      params: { kind: 'recall', decision: 'approve' },
    });
  });

  it('asks the same of a reply to long leave and to an adjustment request', async () => {
    const p = await onDuty({ name: '蒙志刚' });
    const me = officialActor(p);
    const leave = await api.post(`/api/officials/${p.officialId}/leave`, me, {
      days: 10,
      reason: '家中有事',
    });
    expect(leave.status, JSON.stringify(leave.body)).toBe(200);
    const reply = await taskIn('org-wuming', p.officialId, 'leave_reply');
    const bare = await api.post(`/api/tasks/${reply.id}/decision`, 'org-wuming', {
      decision: 'approve',
    });
    expect([bare.status, bare.body.error.code]).toEqual([422, 'reason_required']);
    await decide('org-wuming', reply.id, { decision: 'approve', comment: '同意，已安排代岗' });

    const candidateOnly = candidate({ name: '黎秋萍' });
    expect((await api.post('/api/nominations', 'du-nanning', candidateOnly)).status).toBe(201);
    const adjust = await api.post(
      `/api/officials/${candidateOnly.officialId}/requests`,
      'du-nanning',
      { matter: 'adjustment', reasons: '本人因家庭原因申请调整' },
    );
    expect(adjust.status, JSON.stringify(adjust.body)).toBe(200);
    const adjustment = await taskIn('org-wuming', candidateOnly.officialId, 'adjustment_reply');
    const unreasoned = await api.post(`/api/tasks/${adjustment.id}/decision`, 'org-wuming', {
      decision: 'approve',
      comment: ' ',
    });
    expect([unreasoned.status, unreasoned.body.error.code]).toEqual([422, 'reason_required']);
    await decide('org-wuming', adjustment.id, { decision: 'approve', comment: '同意调整人选' });
  });

  it('says in the OpenAPI document which decisions must give their reasons', async () => {
    const doc = (await api.get('/api/openapi.json')).body;
    const comment = doc.components.schemas.Decision.properties.comment.description as string;
    expect(comment).toContain('recall_reply: approve | reject');
    expect(comment).toContain('leave_reply: approve | reject');
    expect(comment).toContain('adjustment_reply: approve | reject');
    expect(comment).toContain('approve_dispatch: reject');
    expect(comment).toContain('reason_required');
  });
});

describe("the official's own request for recall", () => {
  it('files one numbered recall request to the county on the ground own_request, from the official’s own record', async () => {
    const p = await onDuty({ name: '覃美玲' });
    const me = officialActor(p);
    // The official's record offers the action, and to no one else on it.
    const mine = await api.get(`/api/officials/${p.officialId}`, me);
    expect(mine.body.actions).toContain('requestOwnRecall');
    expect(
      (await api.get(`/api/officials/${p.officialId}`, 'du-nanning')).body.actions,
    ).not.toContain('requestOwnRecall');

    // Without reasons: refused (the schema's blank check, the policy's minimum).
    const blank = await api.post(`/api/officials/${p.officialId}/own-recall`, me, { reasons: ' ' });
    expect(blank.status).toBe(400);
    const short = await api.post(`/api/officials/${p.officialId}/own-recall`, me, {
      reasons: '病',
    });
    expect([short.status, short.body.error.code]).toEqual([422, 'reason_required']);

    // Another official cannot ask for it, nor the dispatching unit, nor the county.
    const other = await onDuty({ name: '陆建新' });
    const byOther = await api.post(
      `/api/officials/${p.officialId}/own-recall`,
      officialActor(other),
      {
        reasons: '替他申请召回',
      },
    );
    expect([403, 404]).toContain(byOther.status);
    for (const as of ['du-nanning', 'org-wuming']) {
      const byBody = await api.post(`/api/officials/${p.officialId}/own-recall`, as, {
        reasons: '替本人申请召回',
      });
      expect([byBody.status, byBody.body.error.code]).toEqual([403, 'wrong_actor']);
      expect(byBody.body.error.message).toBe('only the official requests their own recall');
    }
    expect((await api.get(`/api/officials/${p.officialId}`, me)).body.cases).toEqual([]);

    const filed = await api.post(`/api/officials/${p.officialId}/own-recall`, me, {
      reasons: '家中老人病重，需回原单位照顾',
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(200);
    expect(filed.body.requestNo).toMatch(new RegExp(`^R-${p.officialId}-\\d+$`));
    const caseId = filed.body.caseId as string;
    const opened = await api.get(`/api/cases/${caseId}`, 'org-wuming');
    expect(opened.body).toMatchObject({
      officialId: p.officialId,
      grounds: ['own_request'],
      status: 'recall_requested',
    });
    // The county has it as one reply task on that request; a second is a duplicate.
    const reply = await taskIn('org-wuming', p.officialId, 'recall_reply');
    expect(reply).toMatchObject({ requestNo: filed.body.requestNo, caseId });
    const again = await api.post(`/api/officials/${p.officialId}/own-recall`, me, {
      reasons: '再次申请召回',
    });
    expect([again.status, again.body.error.code]).toEqual([409, 'duplicate_request']);
    const record = await api.get(`/api/officials/${p.officialId}`, me);
    const filedEntry = record.body.timeline.find(
      (e: { action: string; requestNo?: string }) =>
        e.action === 'request_filed' && e.requestNo === filed.body.requestNo,
    );
    expect(filedEntry).toMatchObject({
      actorId: p.officialId,
      role: 'official',
      reason: '家中老人病重，需回原单位照顾',
      params: { kind: 'recall', role: 'county_org', ground: 'own_request' },
    });
    expect(
      (await api.get('/api/cases?ground=own_request', 'org-wuming')).body.items.map(
        (c: { caseId: string }) => c.caseId,
      ),
    ).toContain(caseId);

    // The county replies, with its reasons: the case goes on to the successor.
    await decide('org-wuming', reply.id, { decision: 'approve', comment: '同意本人申请' });
    await api.eventually(
      'awaiting a successor',
      () => api.get(`/api/cases/${caseId}`, 'org-wuming'),
      (r) => r.body.status === 'awaiting_successor',
    );
  });
});
