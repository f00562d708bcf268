// What a task's decider is shown (GET /api/tasks/:id `context`) and the
// township's month close (GET /api/month-close), over HTTP against a real
// worker on the Temporal dev server and a real PostgreSQL. Terms run on policy
// days of 200 ms, so that a month of the term ends within seconds.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import type { Actor } from '../domain/actors.js';
import { scaledPolicy } from '../domain/policy.js';
import type { CandidateProfile } from '../domain/profile.js';
import { candidate, officialActor, startApi, type ApiHarness } from './support/api.js';

let api: ApiHarness;
/** A second app on the same worker whose terms run on 40 ms days: a term year passes in 15 s. */
let yearlyUrl: string;
let yearlyServer: Server | undefined;
beforeAll(async () => {
  api = await startApi({ policy: scaledPolicy(200) });
  const yearly = createApp({
    config: api.config,
    client: api.client,
    pool: api.pool,
    taskQueue: api.taskQueue,
    policy: scaledPolicy(40),
  });
  yearlyServer = await new Promise<Server>((resolve) => {
    const s = yearly.listen(0, '127.0.0.1', () => resolve(s));
  });
  yearlyUrl = `http://127.0.0.1:${(yearlyServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  if (yearlyServer) {
    yearlyServer.closeAllConnections();
    await new Promise((resolve) => yearlyServer!.close(resolve));
  }
  await api?.stop();
});

type As = string | Actor;
const BODIES = { discipline: 'disc-wuming', petition: 'pet-wuming', police: 'pol-wuming' } as const;
/** A screening body of another county: it holds no request on a Wuming candidate. */
const BINYANG_POLICE: Actor = {
  id: 'pol-binyang',
  name: 'Binyang County Public Security Bureau',
  role: 'screening_body',
  body: 'police',
  jurisdiction: 'gx/nanning/binyang',
};

async function nominate(p: CandidateProfile, baseUrl = api.baseUrl) {
  const r = await fetch(`${baseUrl}/api/nominations`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await api.token('du-nanning')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(p),
  });
  expect(r.status, await r.clone().text()).toBe(201);
  return p;
}

async function taskIn(as: As, officialId: string, kind: string) {
  const r = await api.eventually(
    `${kind} for ${officialId}`,
    () => api.get(`/api/inbox?kind=${kind}&limit=200`, as),
    (x) =>
      x.status === 200 &&
      x.body.items.some((t: { officialId: string }) => t.officialId === officialId),
    60_000,
  );
  return r.body.items.find((t: { officialId: string }) => t.officialId === officialId) as {
    id: string;
  };
}

async function decide(as: As, taskId: string, body: Record<string, unknown>) {
  const r = await api.post(`/api/tasks/${encodeURIComponent(taskId)}/decision`, as, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** Nominated and replied to by two bodies: the police reply is still open. */
async function twoRepliesIn(p: CandidateProfile, baseUrl = api.baseUrl) {
  await nominate(p, baseUrl);
  await decide(
    BODIES.discipline,
    (await taskIn(BODIES.discipline, p.officialId, 'vetting_reply')).id,
    {
      decision: 'approve',
      comment: '未发现违纪问题',
    },
  );
  await decide(BODIES.petition, (await taskIn(BODIES.petition, p.officialId, 'vetting_reply')).id, {
    decision: 'approve',
    comment: '无信访记录',
  });
}

async function onDuty(p: CandidateProfile, baseUrl = api.baseUrl) {
  await twoRepliesIn(p, baseUrl);
  await decide(BODIES.police, (await taskIn(BODIES.police, p.officialId, 'vetting_reply')).id, {
    decision: 'approve',
    comment: '无违法记录',
  });
  await decide('org-wuming', (await taskIn('org-wuming', p.officialId, 'approve_dispatch')).id, {
    decision: 'approve',
    comment: '同意派驻',
  });
  const r = await api.post(`/api/officials/${p.officialId}/trainings`, 'org-wuming', {
    kind: 'pre_dispatch',
    title: '岗前培训',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return p;
}

describe('the context of a task', () => {
  it("shows the county the candidate's profile and the screening replies so far", async () => {
    const p = candidate({ partyMember: 'full', workYears: 11, lastRatings: ['outstanding'] });
    await twoRepliesIn(p);
    // The police reply is the last one due: its task shows the candidate, not the other replies.
    const vetting = await taskIn(BODIES.police, p.officialId, 'vetting_reply');
    const asPolice = await api.get(`/api/tasks/${vetting.id}`, BODIES.police);
    expect(asPolice.status).toBe(200);
    expect(asPolice.body.context).toMatchObject({
      kind: 'dispatch',
      candidate: { name: p.name, facts: { workYears: 11, partyMember: 'full' } },
      replies: [],
    });
    await decide(BODIES.police, vetting.id, { decision: 'approve', comment: '无违法记录' });

    const approval = await taskIn('org-wuming', p.officialId, 'approve_dispatch');
    const r = await api.get(`/api/tasks/${approval.id}`, 'org-wuming');
    expect(r.status).toBe(200);
    const { context } = r.body;
    expect(context.kind).toBe('dispatch');
    expect(context.candidate).toMatchObject({
      name: p.name,
      post: p.post,
      dispatchingUnit: p.dispatchingUnit,
      village: p.village,
      facts: {
        birthDate: p.birthDate,
        partyMember: 'full',
        underInvestigation: false,
        sanctioned: false,
        lastRatings: ['outstanding'],
        lastHealthCheck: p.lastHealthCheck,
        workYears: 11,
        formalPost: true,
        willingnessSigned: true,
      },
    });
    const byBody = Object.fromEntries(
      context.replies.map((reply: { body: string }) => [reply.body, reply]),
    );
    expect(Object.keys(byBody).sort()).toEqual(['discipline', 'petition', 'police']);
    expect(byBody.discipline).toMatchObject({
      decision: 'approve',
      reasons: '未发现违纪问题',
      repliedBy: 'disc-wuming',
    });
    expect(byBody.police).toMatchObject({ decision: 'approve', reasons: '无违法记录' });
    expect(typeof byBody.petition.repliedAt).toBe('string');
    // A screening body that holds a request sees the approval's candidate, not the other replies.
    const asBody = await api.get(`/api/tasks/${approval.id}`, BODIES.petition);
    expect(asBody.status).toBe(200);
    expect(asBody.body.context).toMatchObject({ kind: 'dispatch', replies: [] });

    // The OpenAPI document types the context.
    const doc = await api.get('/api/openapi.json');
    expect(doc.body.components.schemas.TaskContext).toBeDefined();
    expect(
      doc.body.paths['/api/tasks/{taskId}'].get.responses['200'].content['application/json'].schema
        .$ref,
    ).toBe('#/components/schemas/TaskDetail');
  });

  it('gives a screening body nothing of a candidate it holds no request for', async () => {
    const p = candidate();
    await twoRepliesIn(p);
    const vetting = await taskIn(BODIES.police, p.officialId, 'vetting_reply');
    // Another county's police: the task, its context and the record are as unknown as none.
    for (const path of [`/api/tasks/${vetting.id}`, `/api/officials/${p.officialId}`]) {
      const r = await api.get(path, BINYANG_POLICE);
      expect(r.status, path).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain(p.birthDate);
    }
    // A candidate screened out had no request filed: no screening body sees them.
    const out = candidate({ post: 'first_secretary', partyMember: 'none' });
    const screened = await api.post('/api/nominations', 'du-nanning', out);
    expect(screened.status).toBe(422);
    for (const body of Object.values(BODIES))
      expect((await api.get(`/api/officials/${out.officialId}`, body)).status).toBe(404);
    // The record's page keeps the vetting facts to the dispatch's deciders.
    const record = await api.get(`/api/officials/${p.officialId}`, 'twp-fucheng');
    expect(record.status).toBe(200);
    expect(record.body.snapshot.vettingFacts).toBeUndefined();
  });

  it("shows the township a leave's reason and days against the year's cap", async () => {
    const p = await onDuty(candidate({ village: 'gx/nanning/wuming/fucheng/qingshan' }));
    const asked = await api.post(`/api/officials/${p.officialId}/leave`, officialActor(p), {
      days: 2,
      reason: '家中老人住院',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    const leave = await taskIn('twp-fucheng', p.officialId, 'approve_leave');
    const r = await api.get(`/api/tasks/${leave.id}`, 'twp-fucheng');
    expect(r.body.context).toMatchObject({
      kind: 'leave',
      days: 2,
      reason: '家中老人住院',
      usedThisYear: 0,
      yearlyCap: 30,
      townshipMaxDays: 3,
      termYear: 1,
    });
  });

  it("shows the county the official's ratings before the term and the year's self-report", async () => {
    const p = await onDuty(
      candidate({
        village: 'gx/nanning/wuming/fucheng/dongfeng',
        lastRatings: ['competent', 'outstanding'],
      }),
      yearlyUrl,
    );
    const absence = await api.post(`/api/officials/${p.officialId}/absences`, 'twp-fucheng', {
      note: '抽查时不在村',
    });
    expect(absence.status, JSON.stringify(absence.body)).toBe(200);
    // Twelve months of 1.2 s: the year ends and the official reports on it.
    const report = await taskIn(officialActor(p), p.officialId, 'self_report');
    const own = await api.get(`/api/tasks/${report.id}`, officialActor(p));
    expect(own.body.context).toMatchObject({ kind: 'evaluation', year: 1, ratingsThisTerm: [] });
    await decide(officialActor(p), report.id, {
      decision: 'approve',
      comment: '',
      report: '全年驻村 300 天，完成道路硬化项目。',
    });
    const rating = await taskIn('org-wuming', p.officialId, 'rate_official');
    const r = await api.get(`/api/tasks/${rating.id}`, 'org-wuming');
    expect(r.body.context).toMatchObject({
      kind: 'evaluation',
      year: 1,
      selfReport: '全年驻村 300 天，完成道路硬化项目。',
      ratingsThisTerm: [],
      ratingsBeforeTerm: ['competent', 'outstanding'],
      spotCheckAbsences: 1,
    });
  });
});

describe("the township's month close", () => {
  it('lists each official on post with the figures and the open close, decided one task at a time', async () => {
    const a = await onDuty(candidate({ village: 'gx/nanning/wuming/fucheng/sanjiang' }));
    const b = await onDuty(candidate({ village: 'gx/nanning/wuming/fucheng/shuangqiao' }));
    const closeA = await taskIn('twp-fucheng', a.officialId, 'close_attendance');
    const closeB = await taskIn('twp-fucheng', b.officialId, 'close_attendance');

    const context = await api.get(`/api/tasks/${closeA.id}`, 'twp-fucheng');
    expect(context.body.context).toMatchObject({
      kind: 'attendance',
      month: 1,
      minimum: 20,
      monthDays: 30,
      earlierMonths: [],
      leaveDaysThisYear: 0,
      spotCheckAbsencesThisYear: 0,
    });
    expect(context.body.context.recorded).toBeUndefined();
    // A term on calendar months: the close names its month, and the month close lists it there.
    const { calendarMonth, periodStart, periodEnd } = context.body.context;
    expect(calendarMonth).toMatch(/^\d{4}-\d{2}$/);
    expect(Date.parse(periodStart)).toBeLessThan(Date.parse(periodEnd));
    const named = await api.get(`/api/month-close?month=${calendarMonth}`, 'twp-fucheng');
    expect(named.body.month).toBe(calendarMonth);
    expect(
      named.body.rows.some((row: { task?: { id: string } }) => row.task?.id === closeA.id),
    ).toBe(true);

    // Each close is listed under the calendar month it is about: the two
    // officials' first months may differ (dispatched days apart on the
    // compressed clock, a part month under the minimum joins the next).
    const monthB = (await api.get(`/api/tasks/${closeB.id}`, 'twp-fucheng')).body.context
      .calendarMonth;
    const closesOf = (month: string) => api.get(`/api/month-close?month=${month}`, 'twp-fucheng');
    const list = await api.get('/api/month-close', 'twp-fucheng');
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.township).toBe('gx/nanning/wuming/fucheng');
    expect(list.body.openMonths).toContain(list.body.month);
    expect(list.body.openMonths).toEqual(expect.arrayContaining([calendarMonth, monthB]));
    const rowOf = (body: any, officialId: string) =>
      body.rows.find(
        (row: { officialId: string; task?: { id: string } }) =>
          row.officialId === officialId &&
          row.task?.id === (officialId === a.officialId ? closeA.id : closeB.id),
      );
    const rowA = rowOf(named.body, a.officialId);
    expect(rowA).toMatchObject({
      village: a.village,
      minimum: 20,
      task: { id: closeA.id, kind: 'close_attendance', canDecide: true },
    });
    expect(rowOf((await closesOf(monthB)).body, b.officialId).task.canDecide).toBe(true);

    // One close at or above the minimum, one below it with its reason.
    await decide('twp-fucheng', closeA.id, {
      decision: 'approve',
      comment: '月度考勤确认',
      days: 24,
    });
    await decide('twp-fucheng', closeB.id, {
      decision: 'approve',
      comment: '外出培训未按规定报备',
      days: 12,
    });
    // Someone else decided first: the second decision is refused.
    const again = await api.post(`/api/tasks/${closeA.id}/decision`, 'twp-fucheng', {
      decision: 'approve',
      comment: '再次确认',
      days: 25,
    });
    expect(again.status).toBe(409);

    expect(rowOf((await closesOf(calendarMonth)).body, a.officialId)).toMatchObject({
      recorded: { month: 1, days: 24, breach: false },
      task: { canDecide: false, outcome: 'approve' },
    });
    expect(rowOf((await closesOf(monthB)).body, b.officialId).recorded).toEqual({
      month: 1,
      days: 12,
      breach: true,
    });
    const closed = await api.get(`/api/tasks/${closeB.id}`, 'twp-fucheng');
    expect(closed.body.context.recorded).toEqual({ month: 1, days: 12, breach: true });

    // The county names one of its townships; other roles and places are refused.
    const county = await api.get(
      `/api/month-close?township=gx/nanning/wuming/fucheng&month=${calendarMonth}`,
      'org-wuming',
    );
    expect(county.status).toBe(200);
    expect(rowOf(county.body, a.officialId).task.canDecide).toBe(false);
    expect((await api.get('/api/month-close', 'org-wuming')).status).toBe(404);
    expect(
      (await api.get('/api/month-close?township=gx/nanning/binyang/binzhou', 'org-wuming')).status,
    ).toBe(404);
    expect((await api.get('/api/month-close', BODIES.police)).status).toBe(403);
    expect((await api.get('/api/month-close', officialActor(a))).status).toBe(403);
    for (const month of ['2026-13', '0000-01', '26-01'])
      expect((await api.get(`/api/month-close?month=${month}`, 'twp-fucheng')).status).toBe(400);
  });
});
