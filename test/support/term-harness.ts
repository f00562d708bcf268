// A worker with real activities (a real PostgreSQL, a real SMTP listener) on a
// Temporal server of the test's choice, and helpers that act as people would.
import { afterAll, beforeAll } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../../domain/search-attributes.js';
import {
  DefaultLogger,
  Runtime,
  type NativeConnection,
  type Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { seedDemoActors } from '../../api/demo.js';
import type { Actor } from '../../domain/actors.js';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy.js';
import type { CandidateProfile } from '../../domain/profile.js';
import type { TaskKind } from '../../domain/records.js';
import { startMailCatcher, type MailCatcher } from '../../dev/mail-catcher.js';
import { createMailer } from '../../platform/mailer.js';
import { createPool, migrate, type Pool } from '../../platform/db.js';
import {
  TERM_WORKFLOW_TYPE,
  decideTask,
  termView,
  termWorkflowId,
  type DecideTaskInput,
} from '../../workflows/messages.js';
import type { termWorkflow, TermInput } from '../../workflows/term.js';
import type { TermView } from '../../workflows/views.js';
import { bundleWorkflows, createWorker } from '../../worker/worker.js';
import { candidateAt, demoActor, officialActor, uniqueId } from './fixtures.js';
import { createTestDatabase, timeSkippingEnv } from './servers.js';

// Worker lifecycle and retry logs drown the test report; warnings still show.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed by another suite in this process
}

export const actor = demoActor;
export { officialActor, uniqueId };
export const SCREENERS: Record<string, Actor> = {
  discipline: actor('disc-wuming'),
  petition: actor('pet-wuming'),
  police: actor('pol-wuming'),
};

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** One workflow bundle per test file. */
export const sharedBundle = () => (bundle ??= bundleWorkflows());

export const candidate = candidateAt;
const HALF_DAY = 43_200_000;

/** The time-skipping server knows no custom search attributes until told. */
async function registerSearchAttributes(client: Client): Promise<void> {
  const searchAttributes = Object.fromEntries(
    Object.values(SEARCH_ATTRIBUTES).map((a) => [
      a.name,
      temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    ]),
  );
  try {
    await client.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes,
    });
  } catch (err) {
    if (!/already exists/i.test(String((err as Error).message))) throw err;
  }
}

export interface Harness {
  client: Client;
  pool: Pool;
  mail: MailCatcher;
  taskQueue: string;
  worker: Worker;
  now(): Promise<number>;
  nominate(
    profile: CandidateProfile,
    extra?: Partial<TermInput>,
  ): Promise<WorkflowHandle<typeof termWorkflow>>;
  view(h: WorkflowHandle): Promise<TermView>;
  waitFor(
    h: WorkflowHandle,
    what: string,
    pred: (v: TermView) => boolean,
    timeoutMs?: number,
  ): Promise<TermView>;
  decide(
    h: WorkflowHandle,
    kind: TaskKind,
    by: Actor,
    extra?: Partial<DecideTaskInput>,
    pick?: (t: TermView['openTasks'][number]) => boolean,
  ): ReturnType<WorkflowHandle['executeUpdate']>;
  /**
   * Moves the clock on until the township's close of month `month` of the term
   * is open (or done): calendar months close at calendar month ends, 20 to 50
   * days apart. Call it just after the month before was closed.
   */
  untilMonthClose(h: WorkflowHandle, month: number, dayMs?: number): Promise<TermView>;
  /** What the screening bodies, the county and the pre-dispatch course do for a nominated candidate. */
  vetAndDispatch(wh: WorkflowHandle): Promise<void>;
  /** Screening passes, every body approves, the county approves, training recorded: on duty. */
  bringOnDuty(
    profile: CandidateProfile,
    extra?: Partial<TermInput>,
  ): Promise<WorkflowHandle<typeof termWorkflow>>;
  stop(): Promise<void>;
}

export async function startHarness(opts: {
  env: TestWorkflowEnvironment;
  policy?: Policy;
  connection?: NativeConnection;
  client?: Client;
}): Promise<Harness> {
  const { env } = opts;
  const client = opts.client ?? env.client;
  const connection = opts.connection ?? env.nativeConnection;
  const policy = opts.policy ?? DEFAULT_POLICY;
  await registerSearchAttributes(client);
  const dbUrl = await createTestDatabase('term');
  await migrate(dbUrl);
  const pool = createPool(dbUrl, { max: 10 });
  await seedDemoActors(pool);
  const mail = await startMailCatcher({ port: 0 });
  const taskQueue = uniqueId('tq');
  const workflowBundle = await sharedBundle();
  const mailFrom = '"驻村 Zhucun" <noreply@zhucun.local>';
  const worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue,
    workflowBundle,
    pool,
    client,
    mailer: createMailer({ host: mail.host, port: mail.port, secure: false, from: mailFrom }),
    mailFrom,
    publicUrl: 'http://zhucun.test',
  });
  const running = worker.run();

  const h: Harness = {
    client,
    pool,
    mail,
    taskQueue,
    worker,
    now: async () => (typeof env.currentTimeMs === 'function' ? env.currentTimeMs() : Date.now()),
    async nominate(profile, extra = {}) {
      return client.workflow.start(TERM_WORKFLOW_TYPE, {
        workflowId: termWorkflowId(profile.officialId),
        taskQueue,
        args: [{ profile, policy, nominatedBy: actor('du-nanning'), ...extra }],
      }) as Promise<WorkflowHandle<typeof termWorkflow>>;
    },
    view: (wh) => wh.query(termView),
    async waitFor(wh, what, pred, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      let last: TermView | undefined;
      while (Date.now() < until) {
        last = await wh.query(termView);
        if (pred(last)) return last;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(
        `timed out waiting for ${what}; stage ${last?.stage}, open tasks ${last?.openTasks.map((t) => t.kind).join(', ')}`,
      );
    },
    async decide(wh, kind, by, extra = {}, pick = () => true) {
      const v = await h.waitFor(wh, `an open ${kind} task`, (x) =>
        x.openTasks.some((t) => t.kind === kind && pick(t)),
      );
      const task = v.openTasks.find((t) => t.kind === kind && pick(t))!;
      return wh.executeUpdate(decideTask, {
        args: [{ taskId: task.id, actor: by, decision: 'approve', comment: 'ok', ...extra }],
      });
    },
    async untilMonthClose(wh, month, dayMs = policy.dayMs) {
      const reached = (v: TermView) =>
        v.openTasks.some((t) => t.kind === 'close_attendance' && t.data?.month === month) ||
        v.years.some((year) => year.attendance.some((closed) => closed.month === month));
      // A month after the first lasts at least 20 days (a shorter part month joins its neighbour).
      if (month > 1) await env.sleep(19 * dayMs);
      for (let day = 0; day < 60; day++) {
        const v = await h.view(wh);
        if (reached(v)) return v;
        await env.sleep(dayMs);
      }
      throw new Error(`month ${month} of ${wh.workflowId} did not close within 80 days`);
    },
    async vetAndDispatch(wh) {
      for (const body of ['discipline', 'petition', 'police'])
        await h.decide(
          wh,
          'vetting_reply',
          SCREENERS[body]!,
          { comment: 'nothing on file' },
          (t) => t.assignee.body === body,
        );
      await h.decide(wh, 'approve_dispatch', actor('org-wuming'), { comment: 'approved' });
      await h.decide(wh, 'record_pre_dispatch_training', actor('org-wuming'), {
        comment: 'pre-dispatch course, 5 days',
      });
    },
    async bringOnDuty(profile, extra) {
      const wh = await h.nominate(profile, extra);
      await h.vetAndDispatch(wh);
      await h.waitFor(wh, 'on post', (v) => v.stage === 'on_duty' || v.stage === 'dispatched');
      // Every timer of a term falls on a whole day after dispatch; moving the
      // clock to midday keeps the tests' updates off those instants (the
      // time-skipping server can wedge when an update meets a firing timer).
      await env.sleep(HALF_DAY);
      return wh;
    },
    async stop() {
      worker.shutdown();
      await running;
      await mail.stop();
      await pool.end();
    },
  };
  return h;
}

/**
 * One time-skipping server and one harness for the suite (a test file):
 * started before its tests, stopped after them. `ready` receives both.
 */
export function useTermHarness(ready: (env: TestWorkflowEnvironment, h: Harness) => void): void {
  let env: TestWorkflowEnvironment | undefined;
  let h: Harness | undefined;
  beforeAll(async () => {
    env = await timeSkippingEnv();
    h = await startHarness({ env });
    ready(env, h);
  });
  afterAll(async () => {
    await h?.stop();
    await env?.teardown();
  });
}

const HISTORIES_DIR = fileURLToPath(new URL('../histories/', import.meta.url));

/**
 * With RECORD_HISTORIES=1, keeps the workflow's history as a replay fixture:
 * test/replay.test.ts replays every fixture on every run, so a change that
 * breaks running workflows fails CI unless it goes through patched().
 */
export async function keepHistory(name: string, wh: WorkflowHandle, runId?: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const handle = runId ? wh.client.getHandle(wh.workflowId, runId) : wh;
  const history = await handle.fetchHistory();
  mkdirSync(HISTORIES_DIR, { recursive: true });
  // Protobuf binary: exact, and free of the JSON mapping's version quirks.
  // The workflow id is part of the name: ids derived from it must replay the same.
  writeFileSync(
    `${HISTORIES_DIR}${name}__${wh.workflowId}.binpb`,
    temporal.api.history.v1.History.encode(history).finish(),
  );
}

export { timeSkippingEnv };
