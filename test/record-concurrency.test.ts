// The record never disagrees with the workflow: twenty decisions at once on the
// same task of each of several terms, with the terms out of the worker's sticky
// cache, and again with the worker killed (kill -9) while it works. Afterwards,
// for every term: exactly one caller was told 200, the workflow and the record
// both hold that caller's decision and comment, the decision log holds it once,
// and reconciliation finds nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../operations/reconcile.js';
import { bundleWorkflows } from '../worker/worker.js';
import { termView } from '../workflows/messages.js';
import { candidate, startApi, type ApiHarness } from './support/api.js';
import type { WorkerProcessArgs } from './support/worker-process.js';

const TERMS = 5;
const DECISIONS_PER_TERM = 20;
const BODIES = ['disc-wuming', 'pet-wuming', 'pol-wuming'];
const COUNTY = 'org-wuming';
const WORKER_SCRIPT = fileURLToPath(new URL('./support/worker-process.ts', import.meta.url));

let api: ApiHarness;
let scratch: string;
let workerArgs: WorkerProcessArgs;
let worker: ChildProcess | undefined;

/** Starts the worker process and waits until it polls. */
async function startWorker(): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', WORKER_SCRIPT, JSON.stringify(workerArgs)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  worker = child;
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()).slice(-4000));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('worker ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${errors}`)));
  });
}

function killWorker(): Promise<void> {
  const child = worker;
  worker = undefined;
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

beforeAll(async () => {
  // Short enough that a caller whose term is held up by a dead worker gets
  // 503 outcome_unknown and retries with its key, as a client would.
  api = await startApi({ worker: false, updateDeadlineMs: 4_000 });
  scratch = mkdtempSync(join(tmpdir(), 'zhucun-concurrency-'));
  const bundlePath = join(scratch, 'workflows.js');
  writeFileSync(bundlePath, (await bundleWorkflows()).code);
  workerArgs = {
    address: api.config.temporal.address,
    taskQueue: api.taskQueue,
    databaseUrl: api.config.databaseUrl,
    smtp: { host: api.mail.host, port: api.mail.port },
    // Fewer slots than terms: each term leaves the cache between its tasks,
    // so its next task replays it from history on a fresh isolate.
    maxCachedWorkflows: 2,
    bundlePath,
  };
  await startWorker();
});

afterAll(async () => {
  await killWorker();
  await api?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function openTask(as: string, officialId: string, kind: string): Promise<string> {
  const reply = await api.eventually(
    `${kind} for ${officialId}`,
    () => api.get(`/api/inbox?kind=${kind}&limit=200`, as),
    (r) =>
      r.status === 200 &&
      r.body.items.some((t: { officialId: string }) => t.officialId === officialId),
    60_000,
  );
  return reply.body.items.find((t: { officialId: string }) => t.officialId === officialId).id;
}

/** A POST as a client does it: on 503 (outcome unknown), the same request again with the same key. */
async function postUntilKnown(path: string, as: string, body: unknown, key: string) {
  for (let attempt = 0; ; attempt++) {
    const reply = await api.post(path, as, body, { 'idempotency-key': key });
    if (
      reply.status !== 503 &&
      !(reply.status === 409 && reply.body.error?.code === 'idempotency_in_progress')
    )
      return reply;
    if (attempt > 60) throw new Error(`no outcome for ${key}: ${JSON.stringify(reply.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Nominates and vets TERMS candidates up to the county's dispatch approval. */
async function termsAwaitingApproval(label: string) {
  const terms: { officialId: string; taskId: string }[] = [];
  for (let index = 0; index < TERMS; index++) {
    const profile = candidate();
    const nominated = await postUntilKnown(
      '/api/nominations',
      'du-nanning',
      profile,
      `${label}-nominate-${index}`,
    );
    expect([201, 202], JSON.stringify(nominated.body)).toContain(nominated.status);
    terms.push({ officialId: profile.officialId, taskId: '' });
  }
  for (const term of terms)
    for (const body of BODIES) {
      const taskId = await openTask(body, term.officialId, 'vetting_reply');
      const replied = await postUntilKnown(
        `/api/tasks/${taskId}/decision`,
        body,
        { decision: 'approve', comment: 'nothing on file' },
        `${label}-${taskId}`,
      );
      expect(replied.status, JSON.stringify(replied.body)).toBe(200);
    }
  for (const term of terms)
    term.taskId = await openTask(COUNTY, term.officialId, 'approve_dispatch');
  return terms;
}

/** Twenty decisions on each term's approval at once, half approve, half reject, each its own comment and key. */
async function decideAllAtOnce(
  label: string,
  terms: { officialId: string; taskId: string }[],
  duringBurst?: () => Promise<void>,
) {
  const requests = terms.flatMap((term) =>
    Array.from({ length: DECISIONS_PER_TERM }, (_, index) => {
      const decision = index % 2 === 0 ? 'approve' : 'reject';
      const comment = `${label} ${term.officialId} #${index} ${decision}`;
      return { term, decision, comment, key: `${label}-${term.taskId}-${index}` };
    }),
  );
  const burst = Promise.all(
    requests.map(async (request) => ({
      ...request,
      reply: await postUntilKnown(
        `/api/tasks/${request.term.taskId}/decision`,
        COUNTY,
        { decision: request.decision, comment: request.comment },
        request.key,
      ),
    })),
  );
  await duringBurst?.();
  return burst;
}

async function expectRecordEqualsHistory(
  results: Awaited<ReturnType<typeof decideAllAtOnce>>,
  terms: { officialId: string; taskId: string }[],
) {
  for (const term of terms) {
    const mine = results.filter((r) => r.term === term);
    const winners = mine.filter((r) => r.reply.status === 200);
    expect(
      winners,
      `one 200 for ${term.officialId}: ${JSON.stringify(mine.map((r) => [r.reply.status, r.reply.body?.error?.code]))}`,
    ).toHaveLength(1);
    for (const loser of mine.filter((r) => r.reply.status !== 200)) {
      expect(loser.reply.status, JSON.stringify(loser.reply.body)).toBe(409);
      expect(['already_decided', 'wrong_stage', 'term_closed']).toContain(
        loser.reply.body.error.code,
      );
    }
    const winner = winners[0]!;
    const expectedStage = winner.decision === 'approve' ? 'pre_dispatch_training' : 'rejected';
    expect(winner.reply.body.stage).toBe(expectedStage);

    // The workflow's account.
    const view = await api.client.workflow.getHandle(`term-${term.officialId}`).query(termView);
    expect(view.stage).toBe(expectedStage);
    const inHistory = view.timeline.filter((e) => e.action.startsWith('dispatch_'));
    expect(inHistory.map((e) => [e.action, e.reason])).toEqual([
      [`dispatch_${winner.decision === 'approve' ? 'approved' : 'rejected'}`, winner.comment],
    ]);

    // The record's account.
    const official = await api.get(`/api/officials/${term.officialId}`, COUNTY);
    expect(official.body.official.stage).toBe(expectedStage);
    const { rows } = await api.pool.query<{ action: string; reason: string }>(
      `SELECT action, reason FROM decision_log WHERE official_id = $1 AND action LIKE 'dispatch_%'`,
      [term.officialId],
    );
    expect(rows.map((row) => [row.action, row.reason])).toEqual(
      inHistory.map((e) => [e.action, e.reason]),
    );
    const verified = await api.get(`/api/officials/${term.officialId}/log/verify`, COUNTY);
    expect(verified.body.ok).toBe(true);
  }
  const report = await reconcile({
    client: api.client,
    pool: api.pool,
    termIds: terms.map((term) => `term-${term.officialId}`),
  });
  expect(report.differences).toEqual([]);
  expect(report.checked).toBe(terms.length);
}

describe('concurrent decisions on one task', () => {
  it('leave one decision, the same in the workflow, the record and the answer, with terms out of the sticky cache', async () => {
    const terms = await termsAwaitingApproval('cache');
    const results = await decideAllAtOnce('cache', terms);
    await expectRecordEqualsHistory(results, terms);
  });

  it('leave one decision everywhere when the worker is killed (kill -9) while it decides and writes', async () => {
    const terms = await termsAwaitingApproval('kill');
    const results = await decideAllAtOnce('kill', terms, async () => {
      // Kill it twice, at different points of the burst, and bring it back.
      for (const delay of [150, 900]) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        await killWorker();
        await startWorker();
      }
    });
    await expectRecordEqualsHistory(results, terms);
  });
});
