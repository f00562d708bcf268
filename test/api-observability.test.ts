// What an operator sees of the API and the worker: a request id on every
// answer and every log line of its request, the same id inside the workflow
// that a request's start or Update reached, JSON logs from the worker, and
// Prometheus metrics over HTTP. Real servers: the Temporal dev server, a real
// worker (its bundle with a test-only probe, test/support/request-id-probe.ts),
// PostgreSQL.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { createLogger } from '../api/log.js';
import { createPool } from '../platform/db.js';
import { getFreePort } from '../dev/services.js';
import { decideTask, termWorkflowId } from '../workflows/messages.js';
import { createWorkerLogger, runtimeLogging } from '../worker/logging.js';
import { candidate, demoActor, startApi, type ApiHarness } from './support/api.js';
import { requestIdsSeen, type RequestIdSeen } from './support/request-id-probe.js';

type LogLine = Record<string, any>;
const apiLines: LogLine[] = [];
const workerLines: LogLine[] = [];
const rawApiLines: string[] = [];
const capture = (into: LogLine[], raw?: string[]) => ({
  write: (line: string) => {
    raw?.push(line);
    into.push(JSON.parse(line));
  },
});
const apiLog = createLogger('info', capture(apiLines, rawApiLines));

let api: ApiHarness;
beforeAll(async () => {
  // Before the harness's worker connects: its SDK and core logs go to the worker's logger.
  Runtime.install(runtimeLogging(createWorkerLogger('info', capture(workerLines)), 'info'));
  api = await startApi({
    log: apiLog,
    env: { API_METRICS_PORT: '0' },
    interceptorModules: [fileURLToPath(new URL('./support/request-id-probe.ts', import.meta.url))],
  });
});
afterAll(async () => {
  await api?.stop();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const linesOf = (requestId: string) => apiLines.filter((l) => l.requestId === requestId);

/** Log lines are written when the answer has gone out: wait for the request's own. */
async function requestLine(requestId: string): Promise<LogLine> {
  const line = await api.eventually(
    `the log line of request ${requestId}`,
    async () => linesOf(requestId).find((l) => l.res),
    (l) => l !== undefined,
    5_000,
  );
  return line!;
}

const BODIES = ['disc-wuming', 'pet-wuming', 'pol-wuming'] as const;

async function vettingTask(as: string, officialId: string): Promise<string> {
  const r = await api.eventually(
    `a vetting reply for ${officialId} in ${as}'s inbox`,
    () => api.get(`/api/inbox?kind=vetting_reply&limit=200`, as),
    (x) => x.body.items?.some((t: { officialId: string }) => t.officialId === officialId),
  );
  return r.body.items.find((t: { officialId: string }) => t.officialId === officialId).id;
}

describe('request ids', () => {
  it('echoes a sane X-Request-Id and writes it into the request log line; no token, no body', async () => {
    const offered = `client-${randomUUID()}`;
    const r = await api.call('GET', '/api/inbox?limit=5', {
      as: 'org-wuming',
      headers: { 'x-request-id': offered },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-request-id')).toBe(offered);
    const line = await requestLine(offered);
    expect(line).toMatchObject({
      level: 'info',
      name: 'zhucun-api',
      requestId: offered,
      route: '/api/inbox',
      msg: 'GET /api/inbox 200',
      req: { method: 'GET', url: '/api/inbox?limit=5' },
      res: { statusCode: 200 },
    });
    expect(typeof line.responseTime).toBe('number');
    // Once per line, as written (JSON.parse would hide a duplicate key).
    for (const raw of rawApiLines.filter((l) => l.includes(offered)))
      expect(raw.match(/"requestId":/g)).toHaveLength(1);
    expect(rawApiLines.join('')).not.toMatch(/Bearer|eyJ/);
  });

  it('makes up an id when none or an unfit one is offered', async () => {
    for (const offered of [undefined, 'two, ids', 'with space', 'x'.repeat(129), 'café', '-lead']) {
      const r = await api.call('GET', '/healthz', {
        headers: offered === undefined ? {} : { 'x-request-id': offered },
      });
      const id = r.headers.get('x-request-id')!;
      expect(id, String(offered)).toMatch(UUID);
      expect((await requestLine(id)).route).toBe('/healthz');
    }
  });

  it('writes the id into every line of the request, not only the request line', async () => {
    // A pool that cannot connect: the error middleware logs why it answered 503.
    const deadPool = createPool(`postgres://nobody@127.0.0.1:${await getFreePort()}/gone`, {
      max: 1,
    });
    const app = createApp({ config: api.config, client: api.client, pool: deadPool, log: apiLog });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const offered = `dead-db-${randomUUID()}`;
      const r = await fetch(
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/officials`,
        {
          headers: {
            authorization: `Bearer ${await api.token('org-wuming')}`,
            'x-request-id': offered,
          },
        },
      );
      expect(r.status).toBe(503);
      await requestLine(offered);
      const lines = linesOf(offered);
      expect(lines.map((l) => [l.level, l.msg])).toEqual([
        ['warn', expect.stringMatching(/^GET \/api\/officials answered 503 database_unavailable/)],
        ['warn', 'GET /api/officials 503'],
      ]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await deadPool.end();
    }
  });
});

describe('the request id inside the workflow', () => {
  const seenBy = (officialId: string) =>
    api.client.workflow.getHandle(termWorkflowId(officialId)).query(requestIdsSeen);
  const updates = (seen: RequestIdSeen[], name: string) =>
    seen.filter((s) => s.via.startsWith('update') && s.name === name);

  it("sends it with the nomination's start and Update and with each decision; workflow code reads it", async () => {
    const p = candidate();
    const nominationId = `nominate-${randomUUID()}`;
    const nominated = await api.call('POST', '/api/nominations', {
      as: 'du-nanning',
      body: p,
      headers: { 'x-request-id': nominationId },
    });
    expect(nominated.status, JSON.stringify(nominated.body)).toBe(201);

    const seen = await seenBy(p.officialId);
    expect(seen).toContainEqual({ via: 'start', name: 'termWorkflow', requestId: nominationId });
    expect(updates(seen, 'termRecorded')).toEqual([
      { via: 'update-before', name: 'termRecorded', requestId: nominationId },
      { via: 'update-after', name: 'termRecorded', requestId: nominationId },
    ]);

    // A decision with an id of the caller's, and one with an id the API made up.
    const offered = `vet-${randomUUID()}`;
    const first = await api.call(
      'POST',
      `/api/tasks/${await vettingTask(BODIES[0], p.officialId)}/decision`,
      {
        as: BODIES[0],
        body: { decision: 'approve', comment: 'nothing on file' },
        headers: { 'x-request-id': offered },
      },
    );
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const second = await api.post(
      `/api/tasks/${await vettingTask(BODIES[1], p.officialId)}/decision`,
      BODIES[1],
      { decision: 'approve', comment: 'no petitions on file' },
    );
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    const madeUp = second.headers.get('x-request-id')!;
    expect(madeUp).toMatch(UUID);

    // The same Update sent straight from a client that adds no id: none inside.
    const thirdTask = await vettingTask(BODIES[2], p.officialId);
    await api.client.workflow.getHandle(termWorkflowId(p.officialId)).executeUpdate(decideTask, {
      args: [
        { taskId: thirdTask, actor: demoActor(BODIES[2]), decision: 'approve', comment: 'ok' },
      ],
    });

    expect(updates(await seenBy(p.officialId), decideTask.name)).toEqual([
      { via: 'update-before', name: decideTask.name, requestId: offered },
      { via: 'update-after', name: decideTask.name, requestId: offered },
      { via: 'update-before', name: decideTask.name, requestId: madeUp },
      { via: 'update-after', name: decideTask.name, requestId: madeUp },
      { via: 'update-before', name: decideTask.name, requestId: null },
      { via: 'update-after', name: decideTask.name, requestId: null },
    ]);

    // The record keeps it too: each reply's log entry names the request that made it.
    const record = await api.get(`/api/officials/${p.officialId}`, 'org-wuming');
    const replies = record.body.timeline.filter(
      (entry: { action: string }) => entry.action === 'request_replied',
    );
    expect(replies.map((entry: { requestId?: string }) => entry.requestId ?? null)).toEqual([
      offered,
      madeUp,
      null,
    ]);
    expect((await api.get(`/api/officials/${p.officialId}/log/verify`, 'org-wuming')).body.ok).toBe(
      true,
    );
  });

  it("gives an Update's validator its request id", async () => {
    const p = candidate();
    expect((await api.post('/api/nominations', 'du-nanning', p)).status).toBe(201);
    const task = await vettingTask(BODIES[0], p.officialId);
    const marked = `probe-refuse-${randomUUID()}`;
    const refused = await api.call('POST', `/api/tasks/${task}/decision`, {
      as: BODIES[0],
      body: { decision: 'approve', comment: 'nothing on file' },
      headers: { 'x-request-id': marked },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toEqual({
      code: 'rule_refused',
      message: `the validator read request id ${marked}`,
    });
    // Refused before history: no handler ran.
    expect(updates(await seenBy(p.officialId), decideTask.name)).toEqual([]);
  });

  it('keeps concurrent decisions apart: each handler reads its own request id', async () => {
    const p = candidate();
    expect((await api.post('/api/nominations', 'du-nanning', p)).status).toBe(201);
    const tasks = await Promise.all(BODIES.map((as) => vettingTask(as, p.officialId)));
    const ids = BODIES.map((as) => `${as}-${randomUUID()}`);
    const answers = await Promise.all(
      BODIES.map((as, i) =>
        api.call('POST', `/api/tasks/${tasks[i]}/decision`, {
          as,
          body: { decision: 'approve', comment: 'nothing on file' },
          headers: { 'x-request-id': ids[i]! },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const seen = updates(await seenBy(p.officialId), decideTask.name);
    for (const id of ids) {
      expect(seen.filter((s) => s.requestId === id).map((s) => s.via)).toEqual([
        'update-before',
        'update-after',
      ]);
    }
    expect(seen).toHaveLength(6);
  });
});

describe('worker logs', () => {
  it('are JSON lines, with the SDK metadata as fields', () => {
    expect(workerLines).toContainEqual(
      expect.objectContaining({
        name: 'zhucun-worker',
        level: 'info',
        msg: 'Worker state changed',
        state: 'RUNNING',
        taskQueue: api.taskQueue,
      }),
    );
  });
});

describe('metrics', () => {
  /** The value of one sample, by name and exactly these labels. */
  function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
    for (const line of text.split('\n')) {
      const m = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m || m[1] !== name) continue;
      const got = Object.fromEntries(
        [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]),
      );
      if (
        JSON.stringify(got, Object.keys(got).sort()) ===
        JSON.stringify(labels, Object.keys(labels).sort())
      )
        return Number(m[3]);
    }
    return undefined;
  }
  const scrape = async () => {
    const r = await fetch(api.metricsUrl!);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return r.text();
  };
  const DECISION = '/api/tasks/:taskId/decision';

  it('counts requests by route template, decisions by kind and outcome, replays and unknown outcomes', async () => {
    const p = candidate();
    expect((await api.post('/api/nominations', 'du-nanning', p)).status).toBe(201);
    const task = await vettingTask(BODIES[0], p.officialId);
    const body = { decision: 'approve', comment: 'nothing on file' };
    const key = { 'idempotency-key': `k-${randomUUID()}` };
    const before = await scrape();
    const okBefore =
      sample(before, 'zhucun_decisions_total', { kind: 'vetting_reply', outcome: 'ok' }) ?? 0;

    expect((await api.post(`/api/tasks/${task}/decision`, BODIES[0], body, key)).status).toBe(200);
    const replay = await api.post(`/api/tasks/${task}/decision`, BODIES[0], body, key);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const again = await api.post(`/api/tasks/${task}/decision`, BODIES[0], body);
    expect(again.body.error.code).toBe('already_decided');

    // An app with no time to wait for the workflow: 503 outcome_unknown.
    const impatient = createApp({
      config: api.config,
      client: api.client,
      pool: api.pool,
      taskQueue: api.taskQueue,
      metrics: api.metrics,
      log: apiLog,
      updateDeadlineMs: 1,
    });
    const server = await new Promise<Server>((resolve) => {
      const s = impatient.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const other = await vettingTask(BODIES[1], p.officialId);
      const r = await fetch(
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/tasks/${other}/decision`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${await api.token(BODIES[1])}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(body),
        },
      );
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('outcome_unknown');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }

    const text = await scrape();
    expect(sample(text, 'zhucun_decisions_total', { kind: 'vetting_reply', outcome: 'ok' })).toBe(
      okBefore + 1,
    );
    expect(
      sample(text, 'zhucun_decisions_total', { kind: 'vetting_reply', outcome: 'already_decided' }),
    ).toBe(1);
    expect(
      sample(text, 'zhucun_decisions_total', { kind: 'vetting_reply', outcome: 'outcome_unknown' }),
    ).toBe(1);
    expect(sample(text, 'zhucun_idempotent_replays_total', { route: DECISION })).toBe(1);
    expect(sample(text, 'zhucun_outcome_unknown_total', { route: DECISION })).toBe(1);
    expect(text).toContain('# TYPE zhucun_record_blocked_total counter');
    const count = (status: string) =>
      sample(text, 'zhucun_http_request_duration_seconds_count', {
        method: 'POST',
        route: DECISION,
        status,
      }) ?? 0;
    expect(count('200')).toBeGreaterThanOrEqual(2); // the decision and its replay
    expect(count('409')).toBeGreaterThanOrEqual(1);
    expect(count('503')).toBe(1);
    expect(
      sample(text, 'zhucun_http_request_duration_seconds_bucket', {
        method: 'POST',
        route: DECISION,
        status: '200',
        le: '+Inf',
      }),
    ).toBe(count('200'));
    expect(
      sample(text, 'zhucun_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/inbox',
        status: '200',
      }),
    ).toBeGreaterThan(0);
    // Route templates only: no task id, official id or query string in a label.
    expect(text).not.toContain(task);
    expect(text).not.toContain(p.officialId);
    expect(text).not.toMatch(/route="[^"]*\?/);
    // The process's own.
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ])
      expect(text).toMatch(new RegExp(`^${name} `, 'm'));
  });

  it('answers only GET /metrics on its port', async () => {
    const base = api.metricsUrl!.replace(/\/metrics$/, '');
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${base}/metrics?x=1`)).status).toBe(200);
  });
});
