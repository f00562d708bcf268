// The API end to end, as its users meet it: over HTTP with their own tokens,
// against a real worker on the Temporal dev server and a real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../domain/actors.js';
import type { CandidateProfile } from '../domain/profile.js';
import { HANDOVER_ITEMS } from '../domain/records.js';
import { candidate, officialActor, startApi, uniqueId, type ApiHarness } from './support/api.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

type As = string | Actor;
const BODIES = { discipline: 'disc-wuming', petition: 'pet-wuming', police: 'pol-wuming' } as const;

async function nominate(p: CandidateProfile = candidate(), extra: Record<string, unknown> = {}) {
  const r = await api.post('/api/nominations', 'du-nanning', { ...p, ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return p;
}

/** The one open task of `kind` for an official in the actor's inbox. */
async function taskIn(as: As, officialId: string, kind: string) {
  const r = await api.eventually(
    `${kind} for ${officialId} in ${typeof as === 'string' ? as : as.id}'s inbox`,
    () => api.get(`/api/inbox?kind=${kind}&limit=200`, as),
    (x) =>
      x.status === 200 &&
      x.body.items.some((t: { officialId: string }) => t.officialId === officialId),
  );
  return r.body.items.find((t: { officialId: string }) => t.officialId === officialId) as {
    id: string;
    kind: string;
    assignee: Record<string, string>;
    dueAt: string;
  };
}

async function decide(
  as: As,
  taskId: string,
  body: Record<string, unknown> = { decision: 'approve', comment: 'ok' },
) {
  const r = await api.post(`/api/tasks/${encodeURIComponent(taskId)}/decision`, as, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

async function vet(officialId: string) {
  for (const [body, as] of Object.entries(BODIES)) {
    const t = await taskIn(as, officialId, 'vetting_reply');
    expect(t.assignee.body).toBe(body);
    await decide(as, t.id, { decision: 'approve', comment: 'nothing on file' });
  }
}

async function bringOnDuty(p: CandidateProfile = candidate(), extra: Record<string, unknown> = {}) {
  await nominate(p, extra);
  await vet(p.officialId);
  await decide('org-wuming', (await taskIn('org-wuming', p.officialId, 'approve_dispatch')).id, {
    decision: 'approve',
    comment: 'approved',
  });
  const r = await api.post(`/api/officials/${p.officialId}/trainings`, 'org-wuming', {
    kind: 'pre_dispatch',
    title: 'Pre-dispatch course, 5 days',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(['dispatched', 'on_duty']).toContain(r.body.stage);
  return p;
}

const stageOf = async (officialId: string) =>
  (await api.pool.query('SELECT stage FROM officials WHERE official_id = $1', [officialId])).rows[0]
    ?.stage;
const logCount = async (officialId: string) =>
  (
    await api.pool.query<{ n: number }>(
      'SELECT count(*) AS n FROM decision_log WHERE official_id = $1',
      [officialId],
    )
  ).rows[0]!.n;

describe('a term through the API', () => {
  it('nominates, vets, dispatches and records facts, each person acting from their inbox', async () => {
    const p = candidate();
    const nominated = await api.post('/api/nominations', 'du-nanning', p);
    expect(nominated.status).toBe(201);
    expect(nominated.body).toEqual({
      termId: `term-${p.officialId}`,
      officialId: p.officialId,
      stage: 'vetting',
    });
    expect(nominated.headers.get('location')).toBe(`/api/officials/${p.officialId}`);

    // Read-your-writes: the record is there as soon as the nomination answers.
    const rec = await api.get(`/api/officials/${p.officialId}`, 'du-nanning');
    expect(rec.status).toBe(200);
    expect(rec.body.official).toMatchObject({
      officialId: p.officialId,
      stage: 'vetting',
      nominatedBy: 'du-nanning',
      county: 'gx/nanning/wuming',
    });
    expect(rec.body.timeline[0]).toMatchObject({
      seq: 1,
      action: 'nominated',
      actorId: 'du-nanning',
    });
    expect(rec.body.openTasks.map((t: { kind: string }) => t.kind)).toEqual([
      'vetting_reply',
      'vetting_reply',
      'vetting_reply',
    ]);

    // Each screening body sees only its own request; another county sees nothing of it.
    for (const [body, as] of Object.entries(BODIES)) {
      const box = await api.get('/api/inbox?kind=vetting_reply', as);
      const mine = box.body.items.filter(
        (t: { officialId: string }) => t.officialId === p.officialId,
      );
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        kind: 'vetting_reply',
        assignee: { role: 'screening_body', body },
        overdue: false,
        village: p.village,
      });
    }
    const binyang = await api.get('/api/inbox', 'org-binyang');
    expect(
      binyang.body.items.filter((t: { officialId: string }) => t.officialId === p.officialId),
    ).toEqual([]);

    await vet(p.officialId);
    const approve = await taskIn('org-wuming', p.officialId, 'approve_dispatch');
    expect(
      await decide('org-wuming', approve.id, { decision: 'approve', comment: 'approved' }),
    ).toMatchObject({ ok: true, stage: 'pre_dispatch_training' });
    expect(await stageOf(p.officialId)).toBe('pre_dispatch_training');
    // The Temporal UI finds the term by its search attributes, as operators filter it.
    const listed = await api.eventually(
      'the term in visibility by stage and county',
      async () => {
        const ids: string[] = [];
        for await (const w of api.client.workflow.list({
          query: `ZhucunStage = 'pre_dispatch_training' AND ZhucunCounty = 'gx/nanning/wuming' AND ZhucunKind = 'term'`,
        }))
          ids.push(w.workflowId);
        return ids;
      },
      (ids) => ids.includes(`term-${p.officialId}`),
    );
    expect(listed).toContain(`term-${p.officialId}`);

    const trained = await api.post(`/api/officials/${p.officialId}/trainings`, 'org-wuming', {
      kind: 'pre_dispatch',
      title: 'Pre-dispatch course',
    });
    expect(trained.status).toBe(200);
    expect(trained.body.stage).toBe('on_duty');

    // Facts on duty, each by the body the rules name.
    const me = officialActor(p);
    expect(
      (
        await api.post(`/api/officials/${p.officialId}/trainings`, 'twp-fucheng', {
          kind: 'county',
          title: 'County training: rural roads',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api.post(`/api/officials/${p.officialId}/health-checks`, 'du-nanning', {
          fit: true,
          note: 'annual check',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api.post(`/api/officials/${p.officialId}/absences`, 'twp-fucheng', {
          note: 'not in the village on a Tuesday spot check',
        })
      ).status,
    ).toBe(200);

    const leave = await api.post(`/api/officials/${p.officialId}/leave`, me, {
      days: 2,
      reason: 'family matter',
    });
    expect(leave.status).toBe(200);
    const leaveTask = await taskIn('twp-fucheng', p.officialId, 'approve_leave');
    expect(leave.body.taskId).toBe(leaveTask.id);
    await decide('twp-fucheng', leaveTask.id, { decision: 'approve', comment: 'granted' });
    expect((await api.post(`/api/officials/${p.officialId}/leave/return`, me, {})).status).toBe(
      200,
    );

    // The official's own inbox: nothing of the county's.
    const own = await api.get('/api/inbox', me);
    expect(own.status).toBe(200);
    expect(
      own.body.items.every(
        (t: { assignee: { actorId?: string } }) => t.assignee.actorId === p.officialId,
      ),
    ).toBe(true);

    const detail = await api.get(`/api/officials/${p.officialId}`, me);
    expect(detail.status).toBe(200);
    const actions = detail.body.timeline.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'nominated',
        'screened',
        'request_filed',
        'request_replied',
        'trained',
        'health_checked',
        'absent_on_spot_check',
        'leave_requested',
        'returned_from_leave',
      ]),
    );
    const byActor = (action: string) =>
      detail.body.timeline
        .filter((e: { action: string }) => e.action === action)
        .map((e: { actorId: string }) => e.actorId);
    expect(byActor('health_checked')).toEqual(['du-nanning']);
    expect(byActor('absent_on_spot_check')).toEqual(['twp-fucheng']);
    expect(detail.body.snapshot.years[0].trainings).toHaveLength(1);
    expect(detail.body.snapshot.years[0].spotCheckAbsences).toBe(1);
    expect(detail.body.timeline.length).toBe(await logCount(p.officialId));
    expect(detail.body.timeline.map((e: { seq: number }) => e.seq)).toEqual(
      detail.body.timeline.map((_: unknown, i: number) => i + 1),
    );

    const verify = await api.get(`/api/officials/${p.officialId}/log/verify`, 'org-wuming');
    expect(verify.body).toEqual({ ok: true, entries: detail.body.timeline.length });

    // Lists follow jurisdiction.
    const wuming = await api.get(`/api/officials?q=${p.officialId}`, 'org-wuming');
    expect(wuming.body).toMatchObject({
      total: 1,
      items: [{ officialId: p.officialId, stage: 'on_duty' }],
    });
    expect((await api.get(`/api/officials?q=${p.officialId}`, 'org-binyang')).body.total).toBe(0);
    expect(
      (
        await api.get(
          `/api/officials?q=${p.officialId}&stage=on_duty&county=gx/nanning/wuming`,
          'admin-gx',
        )
      ).body.total,
    ).toBe(1);
    expect(
      (await api.get('/api/officials', me)).body.items.map(
        (o: { officialId: string }) => o.officialId,
      ),
    ).toEqual([p.officialId]);
  });

  it('screens out a candidate with 422 naming the rules, and keeps the screening on record', async () => {
    const p = candidate({ underInvestigation: true, workYears: 1 });
    const r = await api.post('/api/nominations', 'du-nanning', p);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('screened_out');
    expect(r.body.error.details.ruleIds).toEqual(['NO-2', 'NO-6']);
    expect(r.body.error.message).toMatch(/NO-2, NO-6/);
    const rec = await api.get(`/api/officials/${p.officialId}`, 'du-nanning');
    expect(rec.body.official.stage).toBe('screened_out');
    expect(rec.body.snapshot.screeningFailures.map((f: { ruleId: string }) => f.ruleId)).toEqual([
      'NO-2',
      'NO-6',
    ]);
  });

  it('refuses a second nomination of the same person with 409', async () => {
    const p = await nominate();
    const again = await api.post('/api/nominations', 'du-nanning', p);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_exists');
  });

  it('pages the inbox with a cursor, soonest deadline first, with totals', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await nominate()).officialId);
    const all = await api.get('/api/inbox?kind=vetting_reply&limit=200', 'disc-wuming');
    const total = all.body.total as number;
    expect(total).toBeGreaterThanOrEqual(3);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.get(
        `/api/inbox?kind=vetting_reply&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        'disc-wuming',
      );
      expect(page.body.total).toBe(total);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((t: { id: string }) => t.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((t: { id: string }) => t.id));
    const dues = all.body.items.map((t: { dueAt: string }) => t.dueAt);
    expect([...dues].sort()).toEqual(dues);
    expect((await api.get('/api/inbox?overdue=true', 'disc-wuming')).body.total).toBe(0);
    expect(
      (
        await api.get(
          `/api/inbox?dueBefore=${encodeURIComponent(new Date().toISOString())}`,
          'disc-wuming',
        )
      ).body.total,
    ).toBe(0);
    expect((await api.get('/api/inbox?county=gx/nanning/binyang', 'disc-wuming')).body.total).toBe(
      0,
    );
    expect((await api.get('/api/inbox?cursor=bm9wZQ', 'disc-wuming')).status).toBe(400);
  });
});

describe('an objection: the bodies advise, the county decides', () => {
  it('takes the county’s follow-up question and the body’s withdrawal over HTTP, each kind its own decisions', async () => {
    const p = await nominate();
    for (const as of [BODIES.discipline, BODIES.petition])
      await decide(as, (await taskIn(as, p.officialId, 'vetting_reply')).id, {
        decision: 'approve',
        comment: 'nothing on file',
      });
    const objected = await decide(
      BODIES.police,
      (await taskIn(BODIES.police, p.officialId, 'vetting_reply')).id,
      { decision: 'reject', comment: '有未结案件（2026-114）' },
    );
    expect(objected.stage).toBe('vetting');
    const county = await taskIn('org-wuming', p.officialId, 'decide_objection');
    const seen = await api.get(`/api/tasks/${county.id}`, 'org-wuming');
    expect(seen.body).toMatchObject({
      canDecide: true,
      data: { body: 'police', objection: '有未结案件（2026-114）' },
    });
    // The body cannot decide on its own objection; a word of another kind is refused.
    const byBody = await api.post(`/api/tasks/${county.id}/decision`, BODIES.police, {
      decision: 'follow_up',
      comment: 'x1',
    });
    expect([403, 404]).toContain(byBody.status);
    const wrongWord = await api.post(`/api/tasks/${county.id}/decision`, 'org-wuming', {
      decision: 'approve',
      comment: 'ok',
    });
    expect(wrongWord.status).toBe(422);
    expect(wrongWord.body.error.code).toBe('rule_refused');
    const noQuestion = await api.post(`/api/tasks/${county.id}/decision`, 'org-wuming', {
      decision: 'follow_up',
      comment: '',
    });
    expect(noQuestion.status).toBe(422);
    expect(noQuestion.body.error.code).toBe('reason_required');
    const unknown = await api.post(`/api/tasks/${county.id}/decision`, 'org-wuming', {
      decision: 'overrule',
      comment: 'ok',
    });
    expect(unknown.status).toBe(400);
    await decide('org-wuming', county.id, {
      decision: 'follow_up',
      comment: '该案件是否已结？',
    });
    const followUp = await taskIn(BODIES.police, p.officialId, 'objection_follow_up_reply');
    expect(followUp.assignee.body).toBe('police');
    const withdrawn = await decide(BODIES.police, followUp.id, {
      decision: 'withdraw',
      comment: '案件已撤销',
    });
    expect(withdrawn.stage).toBe('awaiting_dispatch_approval');
    const again = await api.post(`/api/tasks/${followUp.id}/decision`, BODIES.police, {
      decision: 'maintain',
      comment: '改变主意',
    });
    expect(again.status).toBe(409);
    await taskIn('org-wuming', p.officialId, 'approve_dispatch');
    const record = await api.get(`/api/officials/${p.officialId}`, 'org-wuming');
    const actions = record.body.timeline.map((e: { action: string }) => e.action);
    expect(actions).toContain('objection_referred');
    expect(JSON.stringify(record.body.timeline)).toContain('该案件是否已结？');
    expect(JSON.stringify(record.body.timeline)).toContain('案件已撤销');
  });

  it('documents the decisions of each kind in the OpenAPI document', async () => {
    const doc = await api.get('/api/openapi.json', 'org-wuming');
    const decision = doc.body.components.schemas.Decision.properties.decision;
    expect(decision.enum).toEqual([
      'approve',
      'reject',
      'end_nomination',
      'follow_up',
      'withdraw',
      'maintain',
    ]);
    expect(decision.description).toContain('decide_objection: follow_up | end_nomination');
  });
});

describe('one decision, once', () => {
  it('lets exactly one of two approvers deciding the same task at once win; the other gets 409', async () => {
    const p = await nominate();
    const t = await taskIn('disc-wuming', p.officialId, 'vetting_reply');
    const colleague: Actor = {
      id: 'disc-wuming-2',
      name: 'Second Discipline Inspector',
      role: 'screening_body',
      body: 'discipline',
      jurisdiction: 'gx/nanning/wuming',
    };
    const before = await logCount(p.officialId);
    const replies = await Promise.all([
      api.post(`/api/tasks/${t.id}/decision`, 'disc-wuming', {
        decision: 'approve',
        comment: 'clear',
      }),
      api.post(`/api/tasks/${t.id}/decision`, colleague, {
        decision: 'reject',
        comment: 'not clear',
      }),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = replies.find((r) => r.status === 409)!;
    expect(loser.body.error.code).toBe('already_decided');
    const replyEntries = await api.pool.query(
      'SELECT actor_id FROM decision_log WHERE task_id = $1 AND actor_id IN ($2, $3)',
      [t.id, 'disc-wuming', 'disc-wuming-2'],
    );
    expect(replyEntries.rows).toHaveLength(1);
    expect(await logCount(p.officialId)).toBeGreaterThan(before);
    const task = await api.get(`/api/tasks/${t.id}`, 'disc-wuming');
    expect(task.body.closedAt).toBeDefined();

    const late = await api.post(`/api/tasks/${t.id}/decision`, 'disc-wuming', {
      decision: 'approve',
      comment: 'again',
    });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/already decided/);
  });

  /** A vetting reply decided with an Idempotency-Key: the first attempt of a retried request. */
  async function decidedWithKey() {
    const p = await nominate();
    const t = await taskIn('pet-wuming', p.officialId, 'vetting_reply');
    const key = uniqueId('idem');
    const body = { decision: 'approve', comment: 'no petitions on file' };
    const first = await api.post(`/api/tasks/${t.id}/decision`, 'pet-wuming', body, {
      'idempotency-key': key,
    });
    expect(first.status).toBe(200);
    return { p, t, key, body, first, entries: await logCount(p.officialId) };
  }

  it('replays the first response for a retried Idempotency-Key, and refuses the key with another body', async () => {
    const { p, t, key, body, first, entries } = await decidedWithKey();
    const retry = await api.post(`/api/tasks/${t.id}/decision`, 'pet-wuming', body, {
      'idempotency-key': key,
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await logCount(p.officialId)).toBe(entries);
    const other = await api.post(
      `/api/tasks/${t.id}/decision`,
      'pet-wuming',
      { ...body, comment: 'changed my mind' },
      { 'idempotency-key': key },
    );
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');

    // A nomination retried with its key starts one term and answers the same.
    const q = candidate();
    const nkey = uniqueId('idem');
    const a = await api.post('/api/nominations', 'du-nanning', q, { 'idempotency-key': nkey });
    const b = await api.post('/api/nominations', 'du-nanning', q, { 'idempotency-key': nkey });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body).toEqual(a.body);
  });

  it('answers a decision retried after its answer was lost with the outcome of the first, once', async () => {
    // The first attempt landed, but its answer never reached the caller (the
    // API answered 503 and freed the key): the retry carries the same key.
    const { p, t, key, body, first, entries } = await decidedWithKey();
    await api.pool.query('DELETE FROM idempotency_keys WHERE actor_id = $1 AND key = $2', [
      'pet-wuming',
      key,
    ]);
    const retry = await api.post(`/api/tasks/${t.id}/decision`, 'pet-wuming', body, {
      'idempotency-key': key,
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(await logCount(p.officialId)).toBe(entries);
    // Without the key (or with another one) it is a second decision: refused.
    const again = await api.post(`/api/tasks/${t.id}/decision`, 'pet-wuming', body, {
      'idempotency-key': uniqueId('idem'),
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_decided');
    expect(await logCount(p.officialId)).toBe(entries);
  });
});

describe('authorization', () => {
  const other = (
    id: string,
    role: Actor['role'],
    jurisdiction: string,
    extra: Partial<Actor> = {},
  ): Actor => ({ id, name: id, role, jurisdiction, ...extra });
  const ACTORS: Record<string, As> = {
    'du-nanning': 'du-nanning',
    'du-liuzhou': other('du-liuzhou', 'dispatching_unit', 'gx/liuzhou'),
    'org-wuming': 'org-wuming',
    'org-binyang': 'org-binyang',
    'twp-fucheng': 'twp-fucheng',
    'twp-other': other('twp-other', 'township', 'gx/nanning/wuming/shuangqiao'),
    'disc-wuming': 'disc-wuming',
    'pet-wuming': 'pet-wuming',
    'admin-gx': 'admin-gx',
    'other-official': other('someone-else', 'official', 'gx/nanning/wuming/fucheng/lianhe'),
  };
  const ALL = Object.keys(ACTORS);
  const but = (...allowed: string[]) => ALL.filter((a) => !allowed.includes(a));

  // What lies outside an actor's jurisdiction answers exactly as an unknown id;
  // a wrong role over what the actor can see is 403. No refusal names a place.
  const FOREIGN = ['du-liuzhou', 'org-binyang', 'twp-other', 'other-official'];
  // Least privilege among screening bodies: another body's task is as unknown
  // to a body as a foreign one (api/access.ts maySeeTaskOfTerm).
  const SCREENING = ['disc-wuming', 'pet-wuming'];
  const PLACES = /gx\/|nanning|wuming|binyang|liuzhou|fucheng|lianhe|shuangqiao/i;

  it('refuses every action to the wrong role with 403 and to a foreign jurisdiction with 404, and nothing changes', async () => {
    const onDuty = await bringOnDuty();
    const me = officialActor(onDuty);
    const pending = await nominate();
    await vet(pending.officialId);
    const approveTask = await taskIn('org-wuming', pending.officialId, 'approve_dispatch');
    const fresh = await nominate();
    const discTask = await taskIn('disc-wuming', fresh.officialId, 'vetting_reply');

    const o = onDuty.officialId;
    const matrix: {
      action: string;
      path: string;
      body: unknown;
      forbidden: string[];
      /** Who gets 404 as for an unknown id (the body it names). */
      unknown?: string;
    }[] = [
      {
        action: 'record a training',
        unknown: `official ${o}`,
        path: `/api/officials/${o}/trainings`,
        body: { kind: 'county', title: 'x' },
        forbidden: but('org-wuming', 'twp-fucheng'),
      },
      {
        action: 'record a health check',
        unknown: `official ${o}`,
        path: `/api/officials/${o}/health-checks`,
        body: { fit: false, note: 'x' },
        forbidden: but('org-wuming', 'du-nanning'),
      },
      {
        action: 'record an absence',
        unknown: `official ${o}`,
        path: `/api/officials/${o}/absences`,
        body: { note: 'x' },
        forbidden: but('twp-fucheng', 'org-wuming'),
      },
      {
        action: 'request leave',
        unknown: `official ${o}`,
        path: `/api/officials/${o}/leave`,
        body: { days: 2, reason: 'x' },
        forbidden: ALL,
      },
      {
        action: 'report a return',
        unknown: `official ${o}`,
        path: `/api/officials/${o}/leave/return`,
        body: {},
        forbidden: ALL,
      },
      {
        action: 'file a request',
        unknown: `official ${o}`,
        path: `/api/officials/${o}/requests`,
        body: { matter: 'recall', reasons: 'x' },
        forbidden: but('du-nanning'),
      },
      {
        action: 'record a recall exception',
        unknown: `official ${o}`,
        path: `/api/officials/${o}/recall-exception`,
        body: { reason: 'x' },
        forbidden: but('org-wuming'),
      },
      {
        action: 'approve a dispatch',
        unknown: `task ${approveTask.id}`,
        path: `/api/tasks/${approveTask.id}/decision`,
        body: { decision: 'approve', comment: 'x' },
        forbidden: but('org-wuming'),
      },
      {
        action: 'reply for discipline',
        unknown: `task ${discTask.id}`,
        path: `/api/tasks/${discTask.id}/decision`,
        body: { decision: 'approve', comment: 'x' },
        forbidden: but('disc-wuming'),
      },
      {
        action: 'nominate in a foreign village',
        path: '/api/nominations',
        body: candidate({ village: 'gx/nanning/wuming/fucheng/lianhe' }),
        forbidden: but('du-nanning'),
      },
    ];

    // The page learns from each task whether the actor may decide it: the
    // same table the workflow's validator applies below.
    expect(approveTask).toMatchObject({ canDecide: true });
    expect(discTask).toMatchObject({ canDecide: true });
    for (const [who, task, may] of [
      ['org-wuming', approveTask, true],
      ['twp-fucheng', approveTask, false],
      ['du-nanning', approveTask, false],
      ['admin-gx', approveTask, false],
      ['disc-wuming', discTask, true],
      ['org-wuming', discTask, false],
    ] as const) {
      const seen = await api.get(`/api/tasks/${task.id}`, who);
      expect(seen.status, who).toBe(200);
      expect(seen.body.canDecide, `${who} ${task.kind}`).toBe(may);
    }
    // Another body's task is unknown to a screening body; the county's approval it reads.
    expect((await api.get(`/api/tasks/${discTask.id}`, 'pet-wuming')).status).toBe(404);
    const approvalSeen = await api.get(`/api/tasks/${approveTask.id}`, 'disc-wuming');
    expect(approvalSeen.status).toBe(200);
    expect(approvalSeen.body.canDecide).toBe(false);
    const terms = [onDuty.officialId, pending.officialId, fresh.officialId];
    const before = await Promise.all(terms.map(logCount));
    const stagesBefore = await Promise.all(terms.map(stageOf));
    const failures: string[] = [];
    for (const row of matrix) {
      for (const who of row.forbidden) {
        const r = await api.post(row.path, ACTORS[who]!, row.body);
        const unknownTo =
          FOREIGN.includes(who) ||
          (row.action === 'reply for discipline' && SCREENING.includes(who));
        if (row.unknown && unknownTo) {
          const asUnknown = { error: { code: 'not_found', message: `${row.unknown} not found` } };
          if (r.status !== 404 || JSON.stringify(r.body) !== JSON.stringify(asUnknown))
            failures.push(`${who} / ${row.action}: got ${r.status} ${JSON.stringify(r.body)}`);
        } else if (r.status !== 403)
          failures.push(`${who} may ${row.action}: got ${r.status} ${JSON.stringify(r.body)}`);
        else if (!r.body.error?.message)
          failures.push(`${who} / ${row.action}: 403 without a message`);
        else if (PLACES.test(r.body.error.message))
          failures.push(`${who} / ${row.action}: names a place: ${r.body.error.message}`);
      }
    }
    // A dispatching unit outside the village's subtree cannot nominate there
    // either (the village is its own input: 403, and the answer names no place).
    const foreign = await api.post('/api/nominations', ACTORS['du-liuzhou']!, candidate());
    if (foreign.status !== 403 || PLACES.test(foreign.body.error.message))
      failures.push(
        `du-liuzhou nominated in Wuming: ${foreign.status} ${foreign.body.error?.message}`,
      );
    expect(failures).toEqual([]);
    expect(await Promise.all(terms.map(logCount))).toEqual(before);
    expect(await Promise.all(terms.map(stageOf))).toEqual(stagesBefore);
    expect(
      (await api.get(`/api/tasks/${approveTask.id}`, 'org-wuming')).body.closedAt,
    ).toBeUndefined();

    // The official's own actions are theirs alone; to a stranger the official
    // does not exist: the same 404 as an id nobody has, on every read.
    expect(
      (await api.post(`/api/officials/${o}/leave`, me, { days: 1, reason: 'doctor' })).status,
    ).toBe(200);
    const nobody = uniqueId('nobody');
    for (const suffix of ['', '/log/verify', '/tasks']) {
      const unknown = await api.get(`/api/officials/${nobody}${suffix}`, 'org-wuming');
      expect(unknown.status).toBe(404);
      for (const who of FOREIGN) {
        const r = await api.get(`/api/officials/${o}${suffix}`, ACTORS[who]!);
        expect(r.status, `${who} ${suffix}`).toBe(404);
        expect(JSON.stringify(r.body), `${who} ${suffix}`).toBe(
          JSON.stringify(unknown.body).replace(nobody, o),
        );
      }
    }
    for (const who of FOREIGN) {
      const r = await api.get(`/api/tasks/${approveTask.id}`, ACTORS[who]!);
      expect(r.body, who).toEqual({
        error: { code: 'not_found', message: `task ${approveTask.id} not found` },
      });
    }
    expect((await api.get(`/api/officials/${o}`, 'admin-gx')).status).toBe(200);
    expect((await api.get(`/api/tasks/${approveTask.id}`, 'admin-gx')).status).toBe(200);
  });

  it('shows a screening body only the candidates it was asked about, and no cases', async () => {
    const asked = await nominate();
    await taskIn('disc-wuming', asked.officialId, 'vetting_reply');
    // Screened out at nomination: no body was ever asked about this one.
    const unasked = candidate({ underInvestigation: true });
    const r = await api.post('/api/nominations', 'du-nanning', unasked);
    expect(r.status).toBe(422);
    expect((await api.get(`/api/officials/${unasked.officialId}`, 'org-wuming')).status).toBe(200);
    expect((await api.get(`/api/officials/${asked.officialId}`, 'disc-wuming')).status).toBe(200);
    const hidden = await api.get(`/api/officials/${unasked.officialId}`, 'disc-wuming');
    expect(hidden.status).toBe(404);
    expect(hidden.body.error).toEqual({
      code: 'not_found',
      message: `official ${unasked.officialId} not found`,
    });
    const listed = async (as: As, q: string) =>
      (await api.get(`/api/officials?q=${encodeURIComponent(q)}`, as)).body.items.map(
        (o: { officialId: string }) => o.officialId,
      );
    expect(await listed('disc-wuming', asked.officialId)).toEqual([asked.officialId]);
    expect(await listed('disc-wuming', unasked.officialId)).toEqual([]);
    expect(await listed('org-wuming', unasked.officialId)).toEqual([unasked.officialId]);
    expect((await api.get('/api/cases?status=open', 'disc-wuming')).body.total).toBe(0);
  });

  it('passes the workflow refusal through with its code and status', async () => {
    const p = await nominate();
    // Right body, right place, wrong stage: a health check before dispatch.
    const r = await api.post(`/api/officials/${p.officialId}/absences`, 'twp-fucheng', {
      note: 'not there',
    });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('wrong_stage');
    expect(r.body.error.message).toMatch(/on post/);
  });
});

describe('reassignment cases through the API', () => {
  it('opens a case, recalls through one request and one reply, vets a successor, and closes on a signed hand-over', async () => {
    const out = await bringOnDuty();
    const outgoing = officialActor(out);
    const opened = await api.post(`/api/officials/${out.officialId}/health-checks`, 'org-wuming', {
      fit: false,
      note: 'unfit for village work',
    });
    expect(opened.status).toBe(200);
    const caseId = opened.body.caseId as string;
    expect(caseId).toBeDefined();

    const list = await api.get('/api/cases?status=open', 'org-wuming');
    expect(list.body.items.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
    expect(
      (await api.get('/api/cases?status=open', 'org-binyang')).body.items.map(
        (c: { caseId: string }) => c.caseId,
      ),
    ).not.toContain(caseId);
    // Another county's case is as unknown as no case.
    const foreignCase = await api.get(`/api/cases/${caseId}`, 'org-binyang');
    expect(foreignCase.status).toBe(404);
    expect(foreignCase.body).toEqual({
      error: { code: 'not_found', message: `case ${caseId} not found` },
    });
    const one = await api.get(`/api/cases/${caseId}`, 'org-wuming');
    expect(one.body).toMatchObject({
      caseId,
      officialId: out.officialId,
      grounds: ['health'],
      status: 'recall_requested',
      overdue: false,
    });
    expect(
      (await api.get('/api/cases?ground=health', 'org-wuming')).body.total,
    ).toBeGreaterThanOrEqual(1);
    expect(
      (await api.get('/api/cases?ground=residence', 'org-wuming')).body.items.map(
        (c: { caseId: string }) => c.caseId,
      ),
    ).not.toContain(caseId);

    const recall = await taskIn('org-wuming', out.officialId, 'recall_reply');
    await decide('org-wuming', recall.id, {
      decision: 'approve',
      comment: 'recall approved on health grounds',
    });
    await api.eventually(
      'awaiting successor',
      () => api.get(`/api/cases/${caseId}`, 'org-wuming'),
      (r) => r.body.status === 'awaiting_successor',
    );

    // The successor must be for the same village, and the case must be open.
    const elsewhere = await api.post('/api/nominations', 'du-nanning', {
      ...candidate({ village: 'gx/nanning/wuming/fucheng/other' }),
      replacesOfficialId: out.officialId,
    });
    expect(elsewhere.status).toBe(422);
    // A dispatching unit of another city cannot learn that the official exists.
    const liuzhou: Actor = {
      id: 'du-liuzhou',
      name: 'du-liuzhou',
      role: 'dispatching_unit',
      jurisdiction: 'gx/liuzhou',
    };
    const stranger = { ...candidate({ village: 'gx/liuzhou/a/b/c' }) };
    const nobody = uniqueId('nobody');
    const foreignSuccessor = await api.post('/api/nominations', liuzhou, {
      ...stranger,
      replacesOfficialId: out.officialId,
    });
    const unknownSuccessor = await api.post('/api/nominations', liuzhou, {
      ...stranger,
      replacesOfficialId: nobody,
    });
    expect([foreignSuccessor.status, unknownSuccessor.status]).toEqual([404, 404]);
    expect(JSON.stringify(foreignSuccessor.body)).toBe(
      JSON.stringify(unknownSuccessor.body).replace(nobody, out.officialId),
    );
    // Text unfit for the record is refused, naming the field, and the case does not move.
    const caseBefore = (await api.get(`/api/cases/${caseId}`, 'org-wuming')).body;
    for (const bad of ['\u0000', '\u001b', '\u0085', '\ud800', '\ufffe']) {
      const poisoned = await api.post('/api/nominations', 'du-nanning', {
        ...candidate({ name: `Wei${bad}Lan` }),
        replacesOfficialId: out.officialId,
      });
      expect(poisoned.status).toBe(400);
      expect(poisoned.body.error.details.issues[0].path).toBe('body.name');
      const badId = await api.post('/api/nominations', 'du-nanning', {
        ...candidate(),
        replacesOfficialId: `${out.officialId}${bad}`,
      });
      expect(badId.status).toBe(400);
      expect(badId.body.error.details.issues[0].path).toBe('body.replacesOfficialId');
    }
    expect((await api.get(`/api/cases/${caseId}`, 'org-wuming')).body).toEqual(caseBefore);
    const next = candidate();
    const succ = await api.post('/api/nominations', 'du-nanning', {
      ...next,
      replacesOfficialId: out.officialId,
    });
    expect(succ.status, JSON.stringify(succ.body)).toBe(201);
    expect(succ.body.caseId).toBe(caseId);
    // While that successor is in vetting, the case takes no rival.
    await api.eventually(
      'successor in vetting',
      () => api.get(`/api/cases/${caseId}`, 'org-wuming'),
      (r) => r.body.status === 'successor_in_vetting',
    );
    const rival = await api.post('/api/nominations', 'du-nanning', {
      ...candidate(),
      replacesOfficialId: out.officialId,
    });
    expect(rival.status).toBe(409);
    expect(rival.body.error.code).toBe('wrong_stage');
    await vet(next.officialId);
    await decide(
      'org-wuming',
      (await taskIn('org-wuming', next.officialId, 'approve_dispatch')).id,
      { decision: 'approve', comment: 'approved' },
    );
    const dispatched = await api.post(`/api/officials/${next.officialId}/trainings`, 'org-wuming', {
      kind: 'pre_dispatch',
      title: 'course',
    });
    expect(dispatched.body.stage).toBe('dispatched');

    const inHandover = await api.eventually(
      'hand-over',
      () => api.get(`/api/cases/${caseId}`, 'org-wuming'),
      (r) => r.body.status === 'handover',
    );
    expect(inHandover.body.record.handover).toMatchObject({
      outgoingOfficialId: out.officialId,
      incomingOfficialId: next.officialId,
    });
    const incoming = officialActor(next);

    // Only the two officials sign; to any other official the case does not exist.
    for (const who of ['org-wuming', 'twp-fucheng'] as As[]) {
      const r = await api.post(`/api/cases/${caseId}/handover/contacts/sign`, who, {});
      expect(r.status).toBe(403);
      expect(r.body.error.message).not.toMatch(/gx\//);
    }
    const otherOfficial: Actor = {
      id: 'someone-else',
      name: 'x',
      role: 'official',
      jurisdiction: out.village,
    };
    expect(
      (await api.post(`/api/cases/${caseId}/handover/contacts/sign`, otherOfficial, {})).body,
    ).toEqual({ error: { code: 'not_found', message: `case ${caseId} not found` } });
    // Unfit text in the path or the Idempotency-Key: 400 naming it, nothing signed.
    const handoverBefore = (await api.get(`/api/cases/${caseId}`, 'org-wuming')).body;
    const badKey = await api.post(
      `/api/cases/${caseId}/handover/contacts/sign`,
      outgoing,
      {},
      { 'idempotency-key': 'sign-\u0085' },
    );
    expect(badKey.status).toBe(400);
    expect(badKey.body.error.details.issues[0].path).toBe('headers.idempotency-key');
    const badCase = await api.post(
      `/api/cases/${encodeURIComponent(`${caseId}\u0000`)}/handover/contacts/sign`,
      outgoing,
      {},
    );
    expect(badCase.body.error.details.issues[0].path).toBe('params.caseId');
    const badItem = await api.post(
      `/api/cases/${caseId}/handover/${encodeURIComponent('contacts\u001b')}/sign`,
      outgoing,
      {},
    );
    expect(badItem.body.error.details.issues[0].path).toBe('params.item');
    expect((await api.get(`/api/cases/${caseId}`, 'org-wuming')).body).toEqual(handoverBefore);

    let last: { status: number; body: { stage: string } } | undefined;
    for (const who of [outgoing, incoming]) {
      for (const item of HANDOVER_ITEMS) {
        last = await api.post(`/api/cases/${caseId}/handover/${item}/sign`, who, {});
        expect(last.status, JSON.stringify(last.body)).toBe(200);
      }
    }
    expect(last!.body.stage).toBe('recalled');
    const closed = await api.get(`/api/cases/${caseId}`, incoming);
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'recalled' });
    expect(await stageOf(out.officialId)).toBe('recalled');

    const stats = await api.get('/api/cases/stats', 'org-wuming');
    expect(stats.status).toBe(200);
    expect(stats.body.closed).toBeGreaterThanOrEqual(1);
    expect(typeof stats.body.medianDaysToClose).toBe('number');
    expect(stats.body.byGround).toEqual(
      expect.arrayContaining([expect.objectContaining({ ground: 'health' })]),
    );
    expect((await api.get('/api/cases/stats', 'org-binyang')).body).toMatchObject({
      open: 0,
      closed: 0,
    });
  });
});

describe('the record outlives the workflow', () => {
  it('serves the decision log of a finished term after its history is deleted, and catches an altered row', async () => {
    const p = await nominate();
    const t = await taskIn('pol-wuming', p.officialId, 'vetting_reply');
    await decide('pol-wuming', t.id, { decision: 'reject', comment: 'an open police matter' });
    await decide('org-wuming', (await taskIn('org-wuming', p.officialId, 'decide_objection')).id, {
      decision: 'end_nomination',
      comment: 'the police objection stands',
    });
    expect(await stageOf(p.officialId)).toBe('rejected');
    const termId = `term-${p.officialId}`;
    await api.client.workflow.getHandle(termId).result();

    const before = await api.get(`/api/officials/${p.officialId}`, 'org-wuming');
    await api.client.workflowService.deleteWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId: termId },
    });
    await api.eventually(
      'the history gone',
      () =>
        api.client.workflow
          .getHandle(termId)
          .describe()
          .then(
            () => 'still there',
            (e: Error) => e.name,
          ),
      (x) => x === 'WorkflowNotFoundError',
      // The server deletes asynchronously; the dev server can take a while.
      90_000,
    );

    const after = await api.get(`/api/officials/${p.officialId}`, 'org-wuming');
    expect(after.status).toBe(200);
    expect(after.body.timeline).toEqual(before.body.timeline);
    expect(after.body.timeline.map((e: { action: string }) => e.action)).toContain('nominated');
    const verify = await api.get(`/api/officials/${p.officialId}/log/verify`, 'org-wuming');
    expect(verify.body).toEqual({ ok: true, entries: before.body.timeline.length });

    // Acting on a term that is gone is a conflict, not a crash.
    const late = await api.post(`/api/officials/${p.officialId}/requests`, 'du-nanning', {
      matter: 'adjustment',
      reasons: 'x',
    });
    expect(late.status).toBe(409);

    // Someone with superuser rights rewrites a reply behind the API's back.
    const client = await api.pool.connect();
    try {
      await client.query('SET session_replication_role = replica');
      await client.query(
        `UPDATE decision_log SET detail = replace(detail, 'reject', 'approve'), reason = 'nothing on file' WHERE term_id = $1 AND task_id = $2`,
        [termId, t.id],
      );
    } finally {
      await client.query('SET session_replication_role = DEFAULT');
      client.release();
    }
    const tampered = await api.get(`/api/officials/${p.officialId}/log/verify`, 'org-wuming');
    expect(tampered.body.ok).toBe(false);
    const altered = after.body.timeline.find((e: { taskId?: string }) => e.taskId === t.id);
    expect(tampered.body.brokenAt).toBe(altered.seq);
  });
});
