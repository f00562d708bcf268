// Least privilege over the record, through the real API app, worker, Temporal
// dev server and PostgreSQL: a screening body sees only the candidates whose
// requests it holds, and of their record its own exchanges and the term's
// course, never another body's reasons (nor the county's words on another
// body's objection); an official sees only their own record. The rule is
// api/access.ts's (maySeeOfficial, holdsRequestOn, maySeeTaskOfTerm,
// timelineFor).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidate, officialActor, startApi, type ApiHarness } from './support/api.js';
import { termSteps } from './support/term-steps.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

const { taskIn, decide, nominate, onDuty } = termSteps(() => api);

// Each body's words, unique to it, so that their absence is meaningful.
const DISCIPLINE = '纪检：未发现违纪问题';
const PETITION = '信访：近三年有重复信访未化解';
const QUESTION = '县委组织部追问：信访事项是否已化解？';
const PETITION_ANSWER = '信访：已于上月化解，撤回异议';
const POLICE = '公安：有未结治安案件';

/** A candidate the petition office objected to, asked about and withdrew; the others approved. */
async function objectedAndWithdrawn() {
  const p = await nominate({ name: '蒙秀英' });
  await decide('disc-wuming', (await taskIn('disc-wuming', p.officialId, 'vetting_reply')).id, {
    decision: 'approve',
    comment: DISCIPLINE,
  });
  await decide('pol-wuming', (await taskIn('pol-wuming', p.officialId, 'vetting_reply')).id, {
    decision: 'approve',
    comment: '公安：未发现问题',
  });
  await decide('pet-wuming', (await taskIn('pet-wuming', p.officialId, 'vetting_reply')).id, {
    decision: 'reject',
    comment: PETITION,
  });
  const county = await taskIn('org-wuming', p.officialId, 'decide_objection');
  await decide('org-wuming', county.id, { decision: 'follow_up', comment: QUESTION });
  const followUp = await taskIn('pet-wuming', p.officialId, 'objection_follow_up_reply');
  await decide('pet-wuming', followUp.id, { decision: 'withdraw', comment: PETITION_ANSWER });
  await taskIn('org-wuming', p.officialId, 'approve_dispatch');
  return { p, county, followUp };
}

describe('least privilege over the record', () => {
  it('shows a screening body its own exchanges on a candidate, never another body’s reasons', async () => {
    const { p, county, followUp } = await objectedAndWithdrawn();
    const record = (as: string) => api.get(`/api/officials/${p.officialId}`, as);

    // The county reads everything: every body's words and its own question.
    const all = JSON.stringify((await record('org-wuming')).body);
    for (const words of [DISCIPLINE, PETITION, QUESTION, PETITION_ANSWER])
      expect(all).toContain(words);

    // The discipline body: its own reply, the term's course, nothing of the petition office's.
    const discipline = await record('disc-wuming');
    expect(discipline.status).toBe(200);
    const seen = JSON.stringify(discipline.body);
    expect(seen).toContain(DISCIPLINE);
    for (const words of [PETITION, QUESTION, PETITION_ANSWER]) expect(seen).not.toContain(words);
    expect(discipline.body.timeline.map((e: { action: string }) => e.action)).toContain(
      'nominated',
    );
    expect(
      discipline.body.timeline.filter(
        (e: { params?: { body?: string } }) =>
          e.params?.body === 'petition' || e.params?.body === 'police',
      ),
    ).toEqual([]);
    // Of the term's tasks, none of another body's nor the county's decision on
    // another body's objection; the county's dispatch approval it reads.
    const tasks = await api.get(`/api/officials/${p.officialId}/tasks`, 'disc-wuming');
    expect(tasks.status).toBe(200);
    const kindAndBody = (t: { kind: string; assignee: { body?: string } }) =>
      `${t.kind}:${t.assignee.body ?? ''}`;
    expect(tasks.body.items.map(kindAndBody).sort()).toEqual([
      'approve_dispatch:',
      'vetting_reply:discipline',
    ]);
    expect(discipline.body.openTasks.map(kindAndBody)).toEqual(['approve_dispatch:']);
    for (const other of [county.id, followUp.id])
      expect((await api.get(`/api/tasks/${other}`, 'disc-wuming')).status).toBe(404);

    // The petition office reads its own objection, the county's question and its answer.
    const petition = JSON.stringify((await record('pet-wuming')).body);
    for (const words of [PETITION, QUESTION, PETITION_ANSWER]) expect(petition).toContain(words);
    expect(petition).not.toContain(DISCIPLINE);
    expect((await api.get(`/api/tasks/${followUp.id}`, 'pet-wuming')).status).toBe(200);
  });

  it('tells another body that a nomination ended on an objection, without the objection’s reasons', async () => {
    const p = await nominate({ name: '农建国' });
    await decide('pol-wuming', (await taskIn('pol-wuming', p.officialId, 'vetting_reply')).id, {
      decision: 'reject',
      comment: POLICE,
    });
    await decide('org-wuming', (await taskIn('org-wuming', p.officialId, 'decide_objection')).id, {
      decision: 'end_nomination',
      comment: '县委组织部：采纳公安机关意见，终止提名',
    });
    const ended = await api.eventually(
      'the nomination ended',
      () => api.get(`/api/officials/${p.officialId}`, 'disc-wuming'),
      (r) => r.status === 200 && r.body.official.stage === 'rejected',
    );
    const seen = JSON.stringify(ended.body);
    expect(seen).not.toContain(POLICE);
    expect(seen).not.toContain('采纳公安机关意见');
    const stage = ended.body.timeline.find(
      (e: { action: string; params?: { to?: string } }) =>
        e.action === 'stage' && e.params?.to === 'rejected',
    );
    expect(stage).toMatchObject({ params: { from: expect.any(String), to: 'rejected' } });
    expect(stage.reason).toBeUndefined();
    // The police, whose objection it was, and the county read the reasons.
    for (const as of ['pol-wuming', 'org-wuming'])
      expect(JSON.stringify((await api.get(`/api/officials/${p.officialId}`, as)).body)).toContain(
        POLICE,
      );
  });

  it('hides from a screening body the candidates it holds no request on, and from an official everyone else', async () => {
    // Screened out at nomination: no body was asked about this candidate.
    const screenedOut = candidate({
      name: '莫桂兰',
      dispatchingUnit: '南宁市农业农村局',
      underInvestigation: true,
    });
    expect((await api.post('/api/nominations', 'du-nanning', screenedOut)).status).toBe(422);
    const asked = await nominate({ name: '梁永生' });
    await taskIn('disc-wuming', asked.officialId, 'vetting_reply');
    await api.eventually(
      'the screened-out candidate on record',
      () => api.get(`/api/officials/${screenedOut.officialId}`, 'org-wuming'),
      (r) => r.status === 200,
    );
    expect((await api.get(`/api/officials/${screenedOut.officialId}`, 'disc-wuming')).status).toBe(
      404,
    );
    const list = await api.get('/api/officials?limit=200', 'disc-wuming');
    const ids = list.body.items.map((o: { officialId: string }) => o.officialId);
    expect(ids).toContain(asked.officialId);
    expect(ids).not.toContain(screenedOut.officialId);

    // An official: their own record, and no one else's.
    const official = await onDuty({ name: '陆晓东' });
    const self = officialActor(official);
    expect((await api.get(`/api/officials/${official.officialId}`, self)).status).toBe(200);
    expect((await api.get(`/api/officials/${asked.officialId}`, self)).status).toBe(404);
    const own = await api.get('/api/officials?limit=200', self);
    expect(own.body.items.map((o: { officialId: string }) => o.officialId)).toEqual([
      official.officialId,
    ]);
  });
});
