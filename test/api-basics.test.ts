// What every caller meets before any workflow runs: health, the OpenAPI
// document, sign-in (401), validation (400) and the error shape.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACT_ROUTES } from '../api/actions.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../api/auth.js';
import { demoActor, startApi, type ApiHarness } from './support/api.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ worker: false });
});
afterAll(async () => {
  await api?.stop();
});

describe('health and documents', () => {
  it('reports Temporal and the database as ok', async () => {
    const r = await api.get('/healthz');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ temporal: 'ok', database: 'ok' });
  });

  it('serves an OpenAPI 3 document generated from the route schemas', async () => {
    const r = await api.get('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    const paths = Object.keys(r.body.paths);
    for (const p of [
      '/api/nominations',
      '/api/inbox',
      '/api/tasks/{taskId}/decision',
      '/api/officials/{officialId}/log/verify',
      '/api/cases/stats',
    ]) {
      expect(paths).toContain(p);
    }
    const decision = r.body.paths['/api/tasks/{taskId}/decision'].post;
    expect(decision.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/Decision',
    );
    expect(Object.keys(decision.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409', '422']),
    );
    expect(r.body.components.schemas.Nomination.required).toEqual(
      expect.arrayContaining(['officialId', 'village', 'birthDate']),
    );
  });

  it('documents every answer each operation can give, with operation ids, links and the patterns the server enforces', async () => {
    const doc = (await api.get('/api/openapi.json')).body;
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, any>).map(([method, op]) => ({ path, method, op })),
    );
    const ids = operations.map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of operations) {
      const statuses = Object.keys(op.responses);
      const where = `${method} ${path}`;
      expect(statuses, where).toEqual(expect.arrayContaining(['401', '503']));
      expect(op.responses['503'].headers['Retry-After'].required, where).toBe(true);
      if (op.requestBody)
        expect(statuses, where).toEqual(expect.arrayContaining(['400', '413', '415']));
      if (op.parameters?.length) expect(statuses, where).toContain('400');
      if (method === 'post') {
        // Every write takes an Idempotency-Key, documented as a header parameter with its format.
        const key = op.parameters.find((p: { name: string }) => p.name === 'idempotency-key');
        expect(key, where).toMatchObject({ in: 'header', required: false });
        expect(key.schema.pattern, where).toBe('^[\\x21-\\x7e]{1,200}$');
        expect(op.responses['409'].description, where).toMatch(/idempotency_in_progress/);
        expect(op.responses['422'].description, where).toMatch(/idempotency_key_reused/);
      }
    }
    const decision = doc.paths['/api/tasks/{taskId}/decision'].post;
    expect(decision.operationId).toBe('decideTask');
    expect(decision.responses['409'].description).toMatch(/already_decided/);
    expect(decision.responses['503'].description).toMatch(
      /outcome_unknown.*record_blocked|record_blocked.*outcome_unknown/,
    );
    expect(decision.responses['403']).toBeDefined();
    expect(decision.responses['404'].description).toMatch(/not_found/);

    // Every action of the permission table is an operation that documents its
    // 403 wrong_actor (the workflow's refusal, mapped), and the page learns
    // what the actor may do: canDecide on a task, the actions of /api/me.
    for (const { operationId, path } of Object.values(FACT_ROUTES)) {
      const op = doc.paths[path]?.post;
      expect(op?.operationId, path).toBe(operationId);
      expect(op.responses['403'].description, path).toMatch(/wrong_actor/);
    }
    expect(doc.components.schemas.Task.required).toContain('canDecide');
    expect(doc.components.schemas.Me.allOf[1].properties.actions.type).toBe('array');
    expect(doc.paths['/api/me'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Me',
    });

    // A nomination's answer leads to its official and the official's tasks.
    const nominated = doc.paths['/api/nominations'].post.responses['201'];
    expect(nominated.links.nominatedOfficial).toEqual({
      operationId: 'getOfficial',
      parameters: { officialId: '$response.body#/officialId' },
      description: expect.any(String),
    });
    expect(nominated.links.nominatedOfficialTasks.operationId).toBe('listOfficialTasks');
    expect(ids).toEqual(expect.arrayContaining(['getOfficial', 'listOfficialTasks']));
    expect(nominated.headers.Location.required).toBe(true);

    // The village pattern requires five segments, as the server does.
    const village = new RegExp(doc.components.schemas.Nomination.properties.village.pattern);
    expect(village.test('gx/nanning/wuming/fucheng/lianhe')).toBe(true);
    expect(village.test('gx/nanning/wuming/fucheng')).toBe(false);
    expect(village.test('gx/nanning/wuming/fucheng/lianhe/x')).toBe(false);
    const refused = await api.post('/api/nominations', 'du-nanning', {
      officialId: 'x',
      village: 'gx/nanning/wuming/fucheng',
    });
    expect(
      refused.body.error.details.issues.find((i: { path: string }) => i.path === 'body.village'),
    ).toBeDefined();
    // Free text carries the rule, so that clients and generators know it.
    const name = doc.components.schemas.Nomination.properties.name;
    expect(name).toMatchObject({ maxLength: 80, minLength: 1 });
    expect(new RegExp(name.pattern).test('李明')).toBe(true);
    expect(new RegExp(name.pattern).test('李\u0000明')).toBe(false);
    expect(new RegExp(name.pattern).test('   ')).toBe(false);
  });

  it('serves a docs page listing every operation, with no external script', async () => {
    const r = await api.get('/api/docs');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(r.body).toContain('/api/tasks/{taskId}/decision');
    expect(r.body).toContain('Nominate a candidate');
    expect(r.body).not.toMatch(/<script|https?:\/\/cdn/i);
  });
});

describe('sign-in', () => {
  it('refuses a request without a token with 401', async () => {
    const r = await api.get('/api/me');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthenticated');
    expect(r.body.error.message).toMatch(/bearer token/);
  });

  it('names the actor of a valid token', async () => {
    const r = await api.get('/api/me', 'org-wuming');
    expect(r.status).toBe(200);
    // The actor, and what their role may do (domain/permissions.ts), for the page.
    const { actions, decides, sees, publishes, imports, ...who } = r.body;
    expect(who).toEqual(demoActor('org-wuming'));
    expect(sees).toEqual(['overview']);
    // Policy versions are published by the regional administrator alone.
    expect(publishes).toEqual([]);
    expect((await api.get('/api/me', 'admin-gx')).body.publishes).toEqual(['policy']);
    // So are officials already on post imported.
    expect(imports).toEqual([]);
    expect((await api.get('/api/me', 'admin-gx')).body.imports).toEqual(['officials']);
    expect(actions.map((a: { action: string }) => a.action)).toEqual([
      'recordCountyTraining',
      'recordPreDispatchTraining',
      'recordHealthCheck',
      'recordAbsence',
      'recordRecallException',
      'voidFact',
    ]);
    expect(actions).toContainEqual({
      action: 'recordHealthCheck',
      operationId: 'recordHealthCheck',
      method: 'post',
      path: '/api/officials/{officialId}/health-checks',
    });
    expect(decides).toEqual([
      'approve_dispatch',
      'record_pre_dispatch_training',
      'leave_reply',
      'rate_official',
      'recall_reply',
      'adjustment_reply',
      'decide_objection',
      'resolve_correction',
    ]);
    const screener = (await api.get('/api/me', 'disc-wuming')).body;
    expect(screener.actions).toEqual([]);
    expect(screener.decides).toEqual(['vetting_reply', 'objection_follow_up_reply']);
    expect(screener.sees).toEqual([]);
  });

  it('refuses an expired token', async () => {
    const expired = await new SignJWT({
      name: 'x',
      role: 'county_org',
      jurisdiction: 'gx/nanning/wuming',
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('org-wuming')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode((api.config.auth as { secret: string }).secret));
    const r = await api.get('/api/me', { token: expired });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/expired/);
  });

  it('refuses a token signed with another secret', async () => {
    const forged = await new SignJWT({ name: 'Mallory', role: 'region_admin', jurisdiction: 'gx' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('admin-gx')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-that-is-long-enough-to-sign-with'));
    const r = await api.get('/api/me', { token: forged });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/not valid/);
  });

  it('refuses an unsigned token (alg none) and garbage', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({
        sub: 'admin-gx',
        name: 'x',
        role: 'region_admin',
        jurisdiction: 'gx',
        iss: LOCAL_ISSUER,
        aud: LOCAL_AUDIENCE,
        exp: 9999999999,
      }),
    ).toString('base64url');
    expect((await api.get('/api/me', { token: `${header}.${payload}.` })).status).toBe(401);
    expect((await api.get('/api/me', { token: 'not-a-jwt' })).status).toBe(401);
    expect(
      (await api.call('GET', '/api/me', { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } }))
        .status,
    ).toBe(401);
  });

  it('refuses a token whose claims do not describe an actor', async () => {
    const t = await api.token({ id: 'x', name: 'x', role: 'wizard' as never, jurisdiction: 'gx' });
    const r = await api.get('/api/me', { token: t });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/claims/);
    // An actor's name goes into every log entry it causes: unfit text is no name.
    const poisoned = await api.token({
      id: 'x',
      name: 'Mallory\u0000',
      role: 'county_org',
      jurisdiction: 'gx/nanning/wuming',
    });
    const refused = await api.get('/api/me', { token: poisoned });
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toBe("the token's name claim is not fit for the record");
  });

  it('asks for a token before it looks at the body', async () => {
    const r = await api.call('POST', '/api/nominations', { rawBody: '{not json' });
    expect(r.status).toBe(401);
  });
});

describe('bad input', () => {
  it('answers malformed JSON with 400', async () => {
    const r = await api.call('POST', '/api/nominations', {
      as: 'du-nanning',
      rawBody: '{"officialId": ',
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({
      code: 'invalid_request',
      message: 'malformed JSON in the request body',
    });
  });

  it('names each missing or wrong field with its path', async () => {
    const r = await api.post('/api/nominations', 'du-nanning', { officialId: 'x', name: 42 });
    expect(r.status).toBe(400);
    const paths = r.body.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['body.name', 'body.email', 'body.village', 'body.birthDate']),
    );
    expect(
      r.body.error.details.issues.find((i: { path: string }) => i.path === 'body.email').message,
    ).toBe('is required');
    expect(r.body.error.message).toMatch(/^body\.\w+ /);
  });

  it('refuses unknown fields, wrong enum values and oversized strings', async () => {
    const unknown = await api.post('/api/tasks/t-1/decision', 'org-wuming', {
      decision: 'approve',
      comment: 'ok',
      sneaky: true,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/unknown field\(s\): sneaky/);

    const wrongEnum = await api.post('/api/tasks/t-1/decision', 'org-wuming', {
      decision: 'maybe',
    });
    expect(wrongEnum.status).toBe(400);
    expect(wrongEnum.body.error.details.issues[0].path).toBe('body.decision');

    const long = await api.post('/api/tasks/t-1/decision', 'org-wuming', {
      decision: 'approve',
      comment: 'x'.repeat(2001),
    });
    expect(long.status).toBe(400);
    expect(long.body.error.details.issues[0]).toMatchObject({ path: 'body.comment' });
    expect(long.body.error.details.issues[0].message).toMatch(/2000/);
  });

  it('refuses a body over the size limit with 413', async () => {
    const r = await api.post('/api/tasks/t-1/decision', 'org-wuming', {
      decision: 'approve',
      comment: 'x'.repeat(70_000),
    });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('too_large');
  });

  it('validates query strings and path parameters', async () => {
    const q = await api.get('/api/inbox?limit=0', 'org-wuming');
    expect(q.status).toBe(400);
    expect(q.body.error.details.issues[0].path).toBe('query.limit');
    const overdue = await api.get('/api/inbox?overdue=perhaps', 'org-wuming');
    expect(overdue.status).toBe(400);
    const county = await api.get('/api/cases?county=Not%20A%20Path', 'org-wuming');
    expect(county.status).toBe(400);
    const id = await api.get('/api/officials/' + encodeURIComponent('bad id!'), 'org-wuming');
    expect(id.status).toBe(400);
    expect(id.body.error.details.issues[0].path).toBe('params.officialId');
    const item = await api.post('/api/cases/c-1/handover/the_keys/sign', 'org-wuming', {});
    expect(item.status).toBe(400);
  });

  it('refuses a body that is not JSON', async () => {
    const r = await api.call('POST', '/api/tasks/t-1/decision', {
      as: 'org-wuming',
      rawBody: 'decision=approve',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/body is required.*application\/json/);
  });

  it('maps a database that went away to 503 with Retry-After, never 500', async () => {
    const { createApp } = await import('../api/app.js');
    const { createPool } = await import('../platform/db.js');
    const { getFreePort } = await import('../dev/services.js');
    const deadPool = createPool(`postgres://nobody@127.0.0.1:${await getFreePort()}/gone`, {
      max: 1,
    });
    const app = createApp({ config: api.config, client: api.client, pool: deadPool });
    const server = await new Promise<import('node:http').Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
      const r = await fetch(`${base}/api/officials`, {
        headers: { authorization: `Bearer ${await api.token('org-wuming')}` },
      });
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('5');
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe(
        'database_unavailable',
      );
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await deadPool.end();
    }
  });

  it('answers unknown ids and routes with 404', async () => {
    expect((await api.get('/api/officials/nobody', 'org-wuming')).status).toBe(404);
    expect((await api.get('/api/cases/no-case', 'org-wuming')).status).toBe(404);
    const task = await api.post('/api/tasks/no-task/decision', 'org-wuming', {
      decision: 'approve',
      comment: '',
    });
    expect(task.status).toBe(404);
    expect(task.body.error).toEqual({ code: 'not_found', message: 'task no-task not found' });
    expect((await api.get('/api/nothing-here', 'org-wuming')).status).toBe(404);
  });

  it('never leaks a stack trace on an internal error', async () => {
    // A database that went away mid-request is a 500 with a generic message.
    const { rows } = await api.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    expect(rows[0]!.pid).toBeGreaterThan(0);
    await api.pool.query('ALTER TABLE officials RENAME TO officials_gone');
    try {
      const r = await api.get('/api/officials', 'org-wuming');
      expect(r.status).toBe(500);
      expect(r.body).toEqual({
        error: { code: 'internal', message: 'internal error; it has been logged' },
      });
      expect(JSON.stringify(r.body)).not.toMatch(/at |\.ts:|relation/);
    } finally {
      await api.pool.query('ALTER TABLE officials_gone RENAME TO officials');
    }
  });
});

describe('embedded demo', () => {
  it('shows each actor only the caught mail addressed to them, and the region administrator all of it', async () => {
    await api.pool.query(
      `INSERT INTO caught_mail (message_id, from_addr, to_addrs, subject, text_body) VALUES
         ('<m1@test>', 'noreply@zhucun.local', '{Org-Wuming@zhucun.local}', 'Reminder', 'hello'),
         ('<m2@test>', 'noreply@zhucun.local', '{org-binyang@zhucun.local}', 'Escalation', 'for Binyang'),
         ('<m3@test>', 'noreply@zhucun.local', '{org-wuming@zhucun.local.evil}', 'Lookalike', 'not yours')`,
    );
    const subjects = async (as: string | import('../domain/actors.js').Actor, query = '') => {
      const r = await api.get(`/api/mail${query}`, as);
      expect(r.status).toBe(200);
      return r.body.items.map((m: { subject: string }) => m.subject).sort();
    };
    const wuming = await api.get('/api/mail', 'org-wuming');
    expect(wuming.body.items).toEqual([
      expect.objectContaining({
        messageId: '<m1@test>',
        to: ['Org-Wuming@zhucun.local'],
        subject: 'Reminder',
        text: 'hello',
      }),
    ]);
    // Filtering by recipient stays inside what the actor may read.
    expect(await subjects('org-wuming', '?to=binyang')).toEqual([]);
    expect(await subjects('org-binyang')).toEqual(['Escalation']);
    expect(await subjects('admin-gx')).toEqual(['Escalation', 'Lookalike', 'Reminder']);
    expect(await subjects('admin-gx', '?to=binyang')).toEqual(['Escalation']);
    // Someone with no address on file reads nothing.
    const anonymous = { id: 'no-mail', name: 'x', role: 'township' as const, jurisdiction: 'gx' };
    expect(await subjects(anonymous)).toEqual([]);
    expect((await api.get('/api/mail')).status).toBe(401);
  });
});

describe('methods', () => {
  it('answers a method a path does not have with 405 and the methods it has', async () => {
    const put = await api.call('PUT', '/api/inbox', { as: 'org-wuming', body: {} });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD');
    expect(put.body.error.code).toBe('method_not_allowed');
    const get = await api.call('GET', '/api/tasks/t-1/decision', { as: 'org-wuming' });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const options = await api.call('OPTIONS', '/api/officials/x');
    expect(options.status).toBe(405);
    expect(options.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('outside the embedded demo', () => {
  it('serves no caught mail, and /healthz names a database that is down with 503', async () => {
    const { createApp } = await import('../api/app.js');
    const { createPool } = await import('../platform/db.js');
    const { getFreePort } = await import('../dev/services.js');
    const config = { ...api.config, embedded: false };
    const deadPool = createPool(`postgres://nobody@127.0.0.1:${await getFreePort()}/gone`, {
      max: 1,
    });
    const app = createApp({ config, client: api.client, pool: deadPool });
    const server = await new Promise<import('node:http').Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ temporal: 'ok', database: 'unavailable' });
      const mail = await fetch(`${base}/api/mail`, {
        headers: { authorization: `Bearer ${await api.token('admin-gx')}` },
      });
      expect(mail.status).toBe(404);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await deadPool.end();
    }
  });
});
