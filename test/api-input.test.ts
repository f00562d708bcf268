// Input the API must refuse with a clear 4xx before anything reaches a term:
// text unfit for the record (controls, lone surrogates, non-characters) in any
// body, path, query or header, and the requests that used to end in a 500
// (NUL in a query, dates PostgreSQL cannot take, forged cursors, bodies that
// are not what their Content-Encoding says).
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../domain/actors.js';
import type { CandidateProfile } from '../domain/profile.js';
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

async function nominate(p: CandidateProfile = candidate()) {
  const r = await api.post('/api/nominations', 'du-nanning', p);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return p;
}

async function taskIn(as: As, officialId: string, kind: string) {
  const r = await api.eventually(
    `${kind} for ${officialId}`,
    () => api.get(`/api/officials/${officialId}/tasks?open=true`, 'org-wuming'),
    (x) => x.status === 200 && x.body.items.some((t: { kind: string }) => t.kind === kind),
  );
  const mine = await api.get(`/api/inbox?kind=${kind}&limit=200`, as);
  const task = mine.body.items.find((t: { officialId: string }) => t.officialId === officialId);
  expect(task, `${kind} in the inbox`).toBeDefined();
  return task as { id: string };
}

async function decide(
  as: As,
  taskId: string,
  body: object = { decision: 'approve', comment: 'ok' },
) {
  const r = await api.post(`/api/tasks/${taskId}/decision`, as, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

async function bringOnDuty(p: CandidateProfile = candidate()) {
  await nominate(p);
  for (const as of Object.values(BODIES))
    await decide(as, (await taskIn(as, p.officialId, 'vetting_reply')).id);
  await decide('org-wuming', (await taskIn('org-wuming', p.officialId, 'approve_dispatch')).id);
  const trained = await api.post(`/api/officials/${p.officialId}/trainings`, 'org-wuming', {
    kind: 'pre_dispatch',
    title: 'Pre-dispatch course',
  });
  expect(trained.body.stage).toBe('on_duty');
  return p;
}

/** What a reader sees of an official: the whole record, timeline and open tasks included. */
const recordOf = async (officialId: string) => {
  const r = await api.get(`/api/officials/${officialId}`, 'admin-gx');
  expect(r.status).toBe(200);
  return r.body;
};

const POISONS: Record<string, string> = {
  NUL: '\u0000',
  escape: '\u001b',
  'next line (C1)': '\u0085',
  'lone surrogate': '\ud800',
  'non-character': '\ufffe',
};

function expectRefused(r: { status: number; body: any }, field: string, what: string) {
  expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(400);
  expect(r.body.error.code, what).toBe('invalid_request');
  expect(r.body.error.details.issues[0].path, what).toBe(field);
  expect(r.body.error.message, what).toMatch(new RegExp(`^${field.replace('.', '\\.')} `));
}

describe('text unfit for the record', () => {
  it('is refused in every write with 400 naming the field; nothing changes and the term takes the next call', async () => {
    const onDuty = await bringOnDuty();
    const me = officialActor(onDuty);
    const vetting = await nominate();
    const vettingTask = await taskIn('disc-wuming', vetting.officialId, 'vetting_reply');
    const o = onDuty.officialId;

    const writes: {
      what: string;
      as: As;
      path: string;
      field: string;
      body: (bad: string) => object;
    }[] = [
      {
        what: 'nomination',
        as: 'du-nanning',
        path: '/api/nominations',
        field: 'body.name',
        body: (bad) => candidate({ name: `Li ${bad}Ming` }),
      },
      {
        what: 'nomination',
        as: 'du-nanning',
        path: '/api/nominations',
        field: 'body.dispatchingUnit',
        body: (bad) => candidate({ dispatchingUnit: `Bureau${bad}` }),
      },
      {
        what: 'decision',
        as: 'disc-wuming',
        path: `/api/tasks/${vettingTask.id}/decision`,
        field: 'body.comment',
        body: (bad) => ({ decision: 'approve', comment: `clear ${bad}` }),
      },
      {
        what: 'decision',
        as: 'disc-wuming',
        path: `/api/tasks/${vettingTask.id}/decision`,
        field: 'body.report',
        body: (bad) => ({ decision: 'approve', report: `${bad}report` }),
      },
      {
        what: 'training',
        as: 'org-wuming',
        path: `/api/officials/${o}/trainings`,
        field: 'body.title',
        body: (bad) => ({ kind: 'county', title: `Roads${bad}` }),
      },
      {
        what: 'health check',
        as: 'du-nanning',
        path: `/api/officials/${o}/health-checks`,
        field: 'body.note',
        body: (bad) => ({ fit: true, note: `fit ${bad}` }),
      },
      {
        what: 'absence',
        as: 'twp-fucheng',
        path: `/api/officials/${o}/absences`,
        field: 'body.note',
        body: (bad) => ({ note: `away ${bad}` }),
      },
      {
        what: 'leave',
        as: me,
        path: `/api/officials/${o}/leave`,
        field: 'body.reason',
        body: (bad) => ({ days: 2, reason: `family ${bad}` }),
      },
      {
        what: 'request',
        as: 'du-nanning',
        path: `/api/officials/${o}/requests`,
        field: 'body.reasons',
        body: (bad) => ({ matter: 'recall', reasons: `${bad}` }),
      },
      {
        what: 'recall exception',
        as: 'org-wuming',
        path: `/api/officials/${o}/recall-exception`,
        field: 'body.reason',
        body: (bad) => ({ reason: `kept ${bad}` }),
      },
    ];

    const before = [await recordOf(o), await recordOf(vetting.officialId)];
    const officialsBefore = (await api.pool.query('SELECT count(*)::int AS n FROM officials'))
      .rows[0].n;
    for (const write of writes) {
      for (const [name, bad] of Object.entries(POISONS)) {
        const r = await api.post(write.path, write.as, write.body(bad), {
          'idempotency-key': uniqueId('poison'),
        });
        expectRefused(r, write.field, `${write.what} with ${name} in ${write.field}`);
        expect(r.body.error.message, name).toMatch(/not fit for the record/);
      }
    }
    // A control character at the edge is refused too, not trimmed away unseen.
    expectRefused(
      await api.post(`/api/officials/${o}/trainings`, 'org-wuming', {
        kind: 'county',
        title: '\u000bRoads',
      }),
      'body.title',
      'vertical tab at the start',
    );
    // A lone surrogate sent as a JSON escape, exactly as a client would write it.
    const escaped = await api.call('POST', `/api/officials/${o}/absences`, {
      as: 'twp-fucheng',
      rawBody: '{"note": "away \\ud800 today"}',
    });
    expectRefused(escaped, 'body.note', 'an escaped lone surrogate');
    expect(escaped.body.error.message).toMatch(/lone surrogate U\+D800/);

    expect([await recordOf(o), await recordOf(vetting.officialId)]).toEqual(before);
    expect((await api.pool.query('SELECT count(*)::int AS n FROM officials')).rows[0].n).toBe(
      officialsBefore,
    );

    // The same terms take the next ordinary call at once.
    const trained = await api.post(`/api/officials/${o}/trainings`, 'org-wuming', {
      kind: 'county',
      title: 'Roads',
    });
    expect(trained.status, JSON.stringify(trained.body)).toBe(200);
    expect(
      await decide('disc-wuming', vettingTask.id, { decision: 'approve', comment: 'clear' }),
    ).toMatchObject({ ok: true });
    const after = await recordOf(o);
    expect(after.timeline.at(-1)).toMatchObject({ action: 'trained', actorId: 'org-wuming' });
    expect(after.timeline.at(-1).detail).toContain('Roads');
  });

  it('is refused in path parameters, query strings and the Idempotency-Key header, naming each', async () => {
    expectRefused(
      await api.get(`/api/officials/${encodeURIComponent('off\u0000')}`, 'org-wuming'),
      'params.officialId',
      'NUL in a path',
    );
    expectRefused(
      await api.post(
        `/api/cases/${encodeURIComponent('c\u001b')}/handover/contacts/sign`,
        'org-wuming',
        {},
      ),
      'params.caseId',
      'escape in a path',
    );
    for (const [name, bad] of Object.entries(POISONS)) {
      if (name === 'lone surrogate') continue; // cannot be percent-encoded; see below
      const q = encodeURIComponent(`li${bad}`);
      expectRefused(
        await api.get(`/api/officials?q=${q}`, 'org-wuming'),
        'query.q',
        `${name} in q`,
      );
      expectRefused(
        await api.get(`/api/officials?stage=${q}`, 'org-wuming'),
        'query.stage',
        `${name} in stage`,
      );
      expectRefused(await api.get(`/api/mail?to=${q}`, 'org-wuming'), 'query.to', `${name} in to`);
    }
    // A path segment that is not UTF-8 at all (a lone surrogate's bytes).
    const undecodable = await api.get('/api/officials/%ED%A0%80', 'org-wuming');
    expect(undecodable.status).toBe(400);
    expect(undecodable.body.error).toMatchObject({
      code: 'invalid_request',
      details: { issues: [{ path: 'params' }] },
    });

    const key = await api.post(
      '/api/tasks/t-1/decision',
      'org-wuming',
      { decision: 'approve' },
      { 'idempotency-key': 'key-\u0085' },
    );
    expectRefused(key, 'headers.idempotency-key', 'C1 in the Idempotency-Key');
    const spaced = await api.post(
      '/api/tasks/t-1/decision',
      'org-wuming',
      { decision: 'approve' },
      { 'idempotency-key': 'two words' },
    );
    expectRefused(spaced, 'headers.idempotency-key', 'a space in the Idempotency-Key');
  });

  it('has a length limit on every string, counted in characters', async () => {
    const long = await api.post(
      '/api/nominations',
      'du-nanning',
      candidate({ name: '李'.repeat(81) }),
    );
    expectRefused(long, 'body.name', 'a name of 81 characters');
    expect(long.body.error.message).toMatch(/at most 80 characters/);
    // 80 characters outside the BMP are 160 UTF-16 units, and still 80 characters.
    const p = candidate({ name: '𠀀'.repeat(80) });
    const astral = await api.post('/api/nominations', 'du-nanning', p);
    expect(astral.status, JSON.stringify(astral.body)).toBe(201);
    expect((await recordOf(p.officialId)).official.name).toBe(p.name);
    expectRefused(
      await api.get(`/api/officials?q=${'x'.repeat(81)}`, 'org-wuming'),
      'query.q',
      'q of 81',
    );
    expectRefused(
      await api.get(`/api/mail?to=${'x'.repeat(201)}`, 'org-wuming'),
      'query.to',
      'to of 201',
    );
  });
});

describe('requests that used to end in a 500', () => {
  it('answers NUL in q, stage and to with 400, and the same parameters work when fit', async () => {
    for (const param of ['q', 'stage']) {
      expectRefused(
        await api.get(`/api/officials?${param}=a%00b`, 'org-wuming'),
        `query.${param}`,
        param,
      );
      expect((await api.get(`/api/officials?${param}=ab`, 'org-wuming')).status).toBe(200);
    }
    expectRefused(await api.get('/api/mail?to=a%00b', 'org-wuming'), 'query.to', 'to');
    expect((await api.get('/api/mail?to=org', 'org-wuming')).status).toBe(200);
  });

  it('reads any RFC 3339 dueBefore as the instant it names, and refuses what is no date', async () => {
    const p = await nominate();
    const task = await taskIn('disc-wuming', p.officialId, 'vetting_reply');
    const due = Date.parse((await api.get(`/api/tasks/${task.id}`, 'disc-wuming')).body.dueAt);
    const count = async (dueBefore: string) => {
      const r = await api.get(
        `/api/inbox?kind=vetting_reply&limit=200&dueBefore=${encodeURIComponent(dueBefore)}`,
        'disc-wuming',
      );
      expect(r.status, `${dueBefore}: ${JSON.stringify(r.body)}`).toBe(200);
      return r.body.items.filter((t: { id: string }) => t.id === task.id).length;
    };
    // An offset PostgreSQL cannot take (beyond ±15:59), one minute either side of the deadline.
    const at = (ms: number, offsetMinutes: number) => {
      const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
      const sign = offsetMinutes < 0 ? '-' : '+';
      const abs = Math.abs(offsetMinutes);
      return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    };
    expect(await count(at(due + 60_000, 23 * 60 + 59))).toBe(1);
    expect(await count(at(due - 60_000, -(23 * 60 + 59)))).toBe(0);
    // Year 0000 (1 BC, which PostgreSQL spells otherwise) and 9999 at the far end.
    expect(await count('0000-01-01T00:00:00Z')).toBe(0);
    expect(await count('9999-12-31T23:59:59.999-23:59')).toBe(1);
    for (const bad of [
      '2025-02-30T00:00:00Z',
      '2025-01-01T24:00:00Z',
      '2025-01-01T00:00:60Z',
      '2025-01-01T00:00:00+24:00',
      '2025-01-01',
      'yesterday',
    ]) {
      expectRefused(
        await api.get(`/api/inbox?dueBefore=${encodeURIComponent(bad)}`, 'disc-wuming'),
        'query.dueBefore',
        bad,
      );
    }
  });

  it('refuses a forged or garbage cursor with 400, and follows one it issued', async () => {
    for (let i = 0; i < 2; i++) await nominate();
    const first = await api.get('/api/inbox?kind=vetting_reply&limit=1', 'disc-wuming');
    expect(first.body.nextCursor).toMatch(/^\d+~/);
    const next = await api.get(
      `/api/inbox?kind=vetting_reply&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      'disc-wuming',
    );
    expect(next.status).toBe(200);
    expect(next.body.items[0].id).not.toBe(first.body.items[0].id);

    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    for (const bad of [
      b64('junk'),
      b64(JSON.stringify({ dueAt: 5, id: ['x'] })),
      b64(`${new Date().toISOString()}|t\u0000`),
      `1~${'a'.repeat(500)}`,
      'x'.repeat(5000),
      '99999999999999999999~t-1',
      '-5~t-1',
      '5~t 1',
    ]) {
      expectRefused(
        await api.get(`/api/inbox?cursor=${encodeURIComponent(bad)}`, 'disc-wuming'),
        'query.cursor',
        bad.slice(0, 40),
      );
    }
    // The latest instant the pattern allows is still a page (empty), not a crash.
    const far = await api.get('/api/inbox?cursor=999999999999999~t-1', 'disc-wuming');
    expect(far.status).toBe(200);
    expect(far.body.items).toEqual([]);
  });

  it('reads gzip bodies, and refuses a body that is not what its Content-Encoding says', async () => {
    const o = (await nominate()).officialId;
    const token = await api.token('twp-fucheng');
    const call = async (encoding: string, body: Buffer | string) => {
      const res = await fetch(`${api.baseUrl}/api/officials/${o}/absences`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-encoding': encoding,
        },
        body,
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const before = await recordOf(o);
    const notGzip = await call('gzip', '{"note":"away"}');
    expect(notGzip.status).toBe(400);
    expect(notGzip.body.error).toEqual({
      code: 'invalid_request',
      message: 'the request body does not decode as its Content-Encoding says',
    });
    const notBrotli = await call('br', Buffer.from('definitely not brotli'));
    expect(notBrotli.status).toBe(400);
    expect(notBrotli.body.error.code).toBe('invalid_request');
    for (const encoding of ['compress', 'zstd', 'gzip, br', 'x-anything']) {
      const r = await call(encoding, '{"note":"away"}');
      expect(r.status, encoding).toBe(415);
      expect(r.body.error.code, encoding).toBe('unsupported_media_type');
      expect(r.body.error.message, encoding).toMatch(
        /Content-Encoding .* is not supported: send the body as identity, gzip, deflate, br/,
      );
    }
    expect(await recordOf(o)).toEqual(before);
    // A real gzip body is read (and refused by the workflow for its own reason: not on post).
    const gzipped = await call('gzip', gzipSync('{"note":"away"}'));
    expect(gzipped.status).toBe(409);
    expect(gzipped.body.error.code).toBe('wrong_stage');
  });
});
