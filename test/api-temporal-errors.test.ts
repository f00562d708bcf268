// What a caller gets when Temporal refuses or cannot answer: a 503 with a code
// that says so and a Retry-After, never a 500. The API's Temporal client talks
// to the real dev server through a small HTTP/2 proxy on loopback that passes
// every gRPC call through, except the methods a test tells it to answer with a
// given gRPC status (as a frontend behind a quota, an authorizer or a broken
// network would). The client has no retry interceptor here, so that an
// injected status reaches the API at once instead of after the SDK's backoff.
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import type { Actor } from '../domain/actors.js';
import { candidate, startApi, uniqueId, type ApiHarness } from './support/api.js';
import { devServerAddress } from './support/servers.js';

interface FaultProxy {
  address: string;
  /** Answer calls of a WorkflowService method (e.g. 'UpdateWorkflowExecution') with a status. */
  fail(method: string, code: number, message?: string): void;
  heal(): void;
  stop(): Promise<void>;
}

async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const faults = new Map<string, { code: number; message: string }>();
  const session = http2.connect(`http://${upstream}`);
  session.on('error', () => undefined);
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    const path = String(headers[':path']);
    const fault = faults.get(path.slice(path.lastIndexOf('/') + 1));
    stream.on('error', () => undefined);
    if (fault) {
      stream.resume();
      // A gRPC "trailers-only" answer: the status in the headers, nothing else.
      stream.respond(
        {
          ':status': 200,
          'content-type': 'application/grpc',
          'grpc-status': String(fault.code),
          'grpc-message': encodeURIComponent(fault.message),
        },
        { endStream: true },
      );
      return;
    }
    const forwarded: http2.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(headers))
      if (!name.startsWith(':') || name === ':method' || name === ':path') forwarded[name] = value;
    const upstreamCall = session.request(forwarded);
    upstreamCall.on('error', () => stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
    stream.pipe(upstreamCall);
    let trailers: http2.OutgoingHttpHeaders = {};
    upstreamCall.on('trailers', (received) => {
      trailers = received;
    });
    upstreamCall.on('response', (received, flags) => {
      const { ':status': status, ...rest } = received;
      if (flags & http2.constants.NGHTTP2_FLAG_END_STREAM) {
        stream.respond({ ':status': status, ...rest }, { endStream: true });
        return;
      }
      stream.respond({ ':status': status, ...rest }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers(trailers));
      upstreamCall.pipe(stream);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    fail: (method, code, message = `injected gRPC status ${code}`) =>
      faults.set(method, { code, message }),
    heal: () => faults.clear(),
    stop: async () => {
      session.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let api: ApiHarness;
let proxy: FaultProxy;
let connection: Connection;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  api = await startApi();
  proxy = await startFaultProxy(devServerAddress());
  connection = await Connection.connect({ address: proxy.address, interceptors: [] });
  const client = new Client({ connection, namespace: api.config.temporal.namespace });
  const app = createApp({ config: api.config, client, pool: api.pool, taskQueue: api.taskQueue });
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await connection?.close();
  await proxy?.stop();
  await api?.stop();
});

/** A request to the API whose Temporal calls go through the proxy. */
async function call(as: string | Actor, path: string, body?: unknown, key?: string) {
  const res = await fetch(baseUrl + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${await api.token(as)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(key ? { 'idempotency-key': key } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as { error: { code: string; message: string } } & Record<string, any>,
  };
}

async function vettingTask() {
  const p = candidate();
  expect((await api.post('/api/nominations', 'du-nanning', p)).status).toBe(201);
  const tasks = await api.get(`/api/officials/${p.officialId}/tasks?open=true`, 'disc-wuming');
  const task = tasks.body.items.find(
    (t: { assignee: { body?: string } }) => t.assignee.body === 'discipline',
  );
  return { p, task: task as { id: string } };
}

const logOf = async (officialId: string) =>
  (await api.get(`/api/officials/${officialId}`, 'org-wuming')).body.timeline;

describe('Temporal refusing or failing a call', () => {
  it('answers each gRPC status with 503 and a code that says whose it is, never 500; nothing is decided', async () => {
    const { p, task } = await vettingTask();
    const before = await logOf(p.officialId);
    const cases: [number, string, string][] = [
      [7, 'PERMISSION_DENIED', 'temporal_refused'],
      [16, 'UNAUTHENTICATED', 'temporal_refused'],
      [3, 'INVALID_ARGUMENT', 'temporal_refused'],
      [9, 'FAILED_PRECONDITION', 'temporal_refused'],
      [12, 'UNIMPLEMENTED', 'temporal_refused'],
      [13, 'INTERNAL', 'temporal_refused'],
      [2, 'UNKNOWN', 'temporal_refused'],
      [8, 'RESOURCE_EXHAUSTED', 'temporal_unavailable'],
      [14, 'UNAVAILABLE', 'temporal_unavailable'],
      [10, 'ABORTED', 'temporal_unavailable'],
    ];
    for (const [code, name, expected] of cases) {
      proxy.fail('UpdateWorkflowExecution', code);
      const r = await call('disc-wuming', `/api/tasks/${task.id}/decision`, {
        decision: 'approve',
        comment: 'clear',
      });
      expect(r.status, name).toBe(503);
      expect(r.body.error.code, name).toBe(expected);
      expect(Number(r.retryAfter), name).toBeGreaterThan(0);
      expect(JSON.stringify(r.body), name).not.toMatch(/injected|grpc|at /i);
    }
    // A namespace Temporal does not know is not a closed term.
    proxy.fail('UpdateWorkflowExecution', 5, 'Namespace default is not found.');
    const namespace = await call('disc-wuming', `/api/tasks/${task.id}/decision`, {
      decision: 'approve',
      comment: 'clear',
    });
    expect([namespace.status, namespace.body.error.code]).toEqual([503, 'temporal_refused']);
    proxy.heal();
    expect(await logOf(p.officialId)).toEqual(before);
    expect((await api.get(`/api/tasks/${task.id}`, 'disc-wuming')).body.closedAt).toBeUndefined();
  });

  it('frees the Idempotency-Key of a refused call, so that the retry acts once Temporal answers', async () => {
    const { p, task } = await vettingTask();
    const key = uniqueId('idem');
    const body = { decision: 'approve', comment: 'clear' };
    proxy.fail('UpdateWorkflowExecution', 8);
    const refused = await call('disc-wuming', `/api/tasks/${task.id}/decision`, body, key);
    expect([refused.status, refused.body.error.code]).toEqual([503, 'temporal_unavailable']);
    expect(refused.retryAfter).toBe('5');
    proxy.heal();
    const retried = await call('disc-wuming', `/api/tasks/${task.id}/decision`, body, key);
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    const decided = (await logOf(p.officialId)).filter(
      (e: { taskId?: string; actorId: string }) =>
        e.taskId === task.id && e.actorId === 'disc-wuming',
    );
    expect(decided).toHaveLength(1);
  });

  it('answers a nomination Temporal refuses with 503, and starts no term', async () => {
    const p = candidate();
    proxy.fail('ExecuteMultiOperation', 7);
    const refused = await call('du-nanning', '/api/nominations', p);
    proxy.heal();
    expect([refused.status, refused.body.error.code]).toEqual([503, 'temporal_refused']);
    expect((await api.get(`/api/officials/${p.officialId}`, 'du-nanning')).status).toBe(404);
    const accepted = await call('du-nanning', '/api/nominations', p);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
  });
});
