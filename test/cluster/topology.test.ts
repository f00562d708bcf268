// The production shape under faults: `npm run cluster` (four Temporal
// services, one PostgreSQL, two workers, two APIs) on shifted ports, terms
// driven over HTTP through both APIs, and after each fault (a worker killed
// mid-decision, the history service killed, PostgreSQL restarted, the whole
// cluster stopped and started again) no acknowledged action lost or doubled
// and every term's record agreeing with its workflow.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_ATTRIBUTES } from '../../domain/search-attributes.js';
import { createPool, type Pool } from '../../platform/db.js';
import { embeddedPostgresUrl } from '../../dev/services.js';
import {
  allPorts,
  CLUSTER_NAMESPACE,
  processName,
  TEMPORAL_SERVICES,
} from '../../scripts/cluster-layout.js';
import { answers, temporalServiceReady, workflowPollers } from '../../scripts/cluster-services.js';
import { isRunning } from '../../scripts/supervisor.js';
import { repoRoot } from '../../dev/tools.js';
import { TASK_QUEUE } from '../../workflows/messages.js';
import { lostOrDoubled, recordDisagreements } from './checks.js';
import { freePortOffset, isFree, startCluster, type ClusterRun } from './cluster-run.js';
import { ApiDriver, percentile } from './driver.js';

/** Terms driven at once; each alternates its requests between the two APIs. */
const LANES = 4;
/** Acknowledged actions before a fault (so that it hits work in progress) and after it. */
const WARM_ACKS = 6;
const AFTER_FAULT_ACKS = 10;
const COLD_START_MS = 10 * 60_000;

const resultsDir = join(repoRoot, 'test-results', 'cluster');
mkdirSync(resultsDir, { recursive: true });
const logFile = join(resultsDir, 'cluster.log');
rmSync(logFile, { force: true });

let dataDir: string;
let portOffset: number;
let cluster: ClusterRun | undefined;
let pool: Pool;
let connection: Connection;
let client: Client;
let driver: ApiDriver;
/** Figures for the summary printed at the end (start-up times, latencies, who ran what). */
const observed: Record<string, unknown> = {};

async function connect(run: ClusterRun): Promise<void> {
  pool = createPool(embeddedPostgresUrl(run.ports.postgres, 'zhucun'), { max: 4 });
  connection = await Connection.connect({
    address: `127.0.0.1:${run.ports.temporal.frontend.grpc}`,
  });
  client = new Client({ connection, namespace: CLUSTER_NAMESPACE });
}

async function disconnect(): Promise<void> {
  await pool?.end().catch(() => undefined);
  await connection?.close().catch(() => undefined);
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * Drives LANES terms at once; once WARM_ACKS actions are acknowledged and a
 * decision is in flight, runs the fault (which returns once the cluster has
 * recovered), then drives on until AFTER_FAULT_ACKS more are acknowledged.
 */
async function underLoad(
  phase: string,
  fault?: () => Promise<void>,
  laneCount = LANES,
): Promise<void> {
  driver.phase = phase;
  let stopping = false;
  const failures: unknown[] = [];
  const lanes = Array.from({ length: laneCount }, async () => {
    while (!stopping) {
      try {
        await driver.runTerm(() => stopping);
      } catch (error) {
        failures.push(error);
        return;
      }
    }
  });
  const started = driver.acks.length;
  try {
    await until(
      `${WARM_ACKS} acknowledged actions`,
      () => driver.acks.length >= started + WARM_ACKS || failures.length > 0,
    );
    if (fault && !failures.length) {
      await until(
        'an action in flight',
        () => driver.inFlight.size > 0 || failures.length > 0,
        30_000,
      );
      const faultStarted = Date.now();
      await fault();
      observed[`${phase}: recovered after (s)`] =
        Math.round((Date.now() - faultStarted) / 100) / 10;
    }
    const afterFault = driver.acks.length;
    await until(
      `${AFTER_FAULT_ACKS} acknowledged actions after the fault`,
      () => driver.acks.length >= afterFault + AFTER_FAULT_ACKS || failures.length > 0,
    );
  } finally {
    stopping = true;
    await Promise.all(lanes);
  }
  expect(failures.map(String)).toEqual([]);
}

/** Nothing acknowledged is lost or doubled, and the record agrees with every workflow. */
async function expectRecordWhole(): Promise<void> {
  const check = await lostOrDoubled(pool, driver.acks);
  expect(check).toEqual({ lost: [], doubled: [], unacknowledged: [] });
  // The record is written before an Update answers, but a workflow may still
  // be flushing a batch of its own (a timer's, say): allow it a moment.
  let differences: string[] = [];
  for (let attempt = 0; attempt < 30; attempt++) {
    differences = await recordDisagreements(pool, client);
    if (!differences.length) break;
    await sleep(1000);
  }
  expect(differences).toEqual([]);
}

/** The app worker (name, pid) that ran the last workflow task of one of the terms. */
async function workerHolding(termIds: string[]): Promise<[string, number] | undefined> {
  const workers = Object.entries(cluster!.pids()).filter(([name]) => name.startsWith('worker-'));
  for (const termId of termIds) {
    const history = await client.workflow.getHandle(termId).fetchHistory();
    const identity = (history.events ?? [])
      .map((event) => event.workflowTaskStartedEventAttributes?.identity)
      .filter(Boolean)
      .pop();
    const holder = workers.find(([, pid]) => identity?.startsWith(`${pid}@`));
    if (holder) return holder;
  }
  return undefined;
}

const serverErrorsIn = (phase: string) => driver.serverErrors.filter((e) => e.phase === phase);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'zhucun-cluster-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as its own user and must get in
  portOffset = await freePortOffset();
  const started = Date.now();
  cluster = await startCluster({ dataDir, portOffset, logFile, readyTimeoutMs: COLD_START_MS });
  observed['first start, fresh data (s)'] = Math.round((Date.now() - started) / 1000);
  await connect(cluster);
  const secret = readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim();
  driver = new ApiDriver(
    cluster.ports.apis.map((port) => `http://127.0.0.1:${port}`),
    secret,
  );
}, COLD_START_MS + 60_000);

afterAll(async () => {
  await disconnect();
  await cluster?.stop();
  if (driver) {
    const phases = [...new Set(driver.acks.map((ack) => ack.phase))];
    const summary = {
      observed,
      acknowledged: driver.acks.length,
      // Round trip of the answering attempt, ms, by phase and kind of action.
      latencyMs: Object.fromEntries(
        phases.map((phase) => {
          const acks = driver.acks.filter((ack) => ack.phase === phase);
          return [
            phase,
            {
              decisions: latencies(acks.filter((ack) => ack.kind !== 'nomination')),
              nominations: latencies(acks.filter((ack) => ack.kind === 'nomination')),
              retried: acks.filter((ack) => ack.attempts > 1).length,
              foundDoneOnRetry: acks.filter((ack) => ack.foundDone).length,
            },
          ];
        }),
      ),
      serverErrors: countBy(
        driver.serverErrors.map(
          (e) =>
            `${e.phase}: ${e.status} ${e.code} ${e.method} ${e.path.replace(/[^/]*\d[^/]*/g, ':id')}`,
        ),
      ),
      stuckIdempotencyKeys: driver.stuckKeys,
    };
    console.log(`cluster topology summary: ${JSON.stringify(summary, null, 2)}`);
    writeFileSync(join(resultsDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 180_000);

function countBy(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

function latencies(acks: { latencyMs: number }[]) {
  const values = acks.map((ack) => ack.latencyMs);
  return {
    n: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: percentile(values, 100),
  };
}

describe('npm run cluster', () => {
  it('runs the four Temporal services, two workers and two APIs as processes of their own, each with metrics', async () => {
    const pids = cluster!.pids();
    const names = [
      ...TEMPORAL_SERVICES.map(processName.temporal),
      processName.worker(0),
      processName.worker(1),
      processName.api(0),
      processName.api(1),
    ];
    for (const name of names) expect(pids[name], name).toBeGreaterThan(0);
    expect(new Set(names.map((name) => pids[name])).size).toBe(names.length);
    for (const service of TEMPORAL_SERVICES) {
      expect(await temporalServiceReady(cluster!.ports, service)(), service).toBe(true);
      const metrics = await fetch(
        `http://127.0.0.1:${cluster!.ports.temporal[service].metrics}/metrics`,
      ).then((r) => r.text());
      expect(metrics, `${service} metrics`).toMatch(/^\w+\{.*service_name="\w+"/m);
    }
    for (const port of cluster!.ports.workerMetrics) {
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text());
      expect(metrics).toContain(`temporal_num_pollers{namespace="${CLUSTER_NAMESPACE}"`);
    }
    const { customAttributes } = await connection.operatorService.listSearchAttributes({
      namespace: CLUSTER_NAMESPACE,
    });
    expect(Object.keys(customAttributes ?? {})).toEqual(
      expect.arrayContaining(Object.values(SEARCH_ATTRIBUTES).map((a) => a.name)),
    );
    expect(await answers(`http://127.0.0.1:${cluster!.ports.apis[1]}/healthz`)).toBe(true);
  });

  it('takes terms through both APIs while both workers run', async () => {
    await underLoad('both APIs, both workers');
    const phase = driver.acks.filter((ack) => ack.phase === 'both APIs, both workers');
    expect(new Set(phase.map((ack) => ack.api))).toEqual(new Set([1, 2]));
    expect(phase.some((ack) => ack.kind === 'approve_dispatch')).toBe(true);
    // Both workers ran workflow tasks: each reports its own task latencies.
    const ran = await Promise.all(
      cluster!.ports.workerMetrics.map(async (port) => {
        const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text());
        const counts = [
          ...text.matchAll(/^temporal_workflow_task_execution_latency_count\{[^}]*\} (\d+)/gm),
        ];
        return counts.reduce((sum, match) => sum + Number(match[1]), 0);
      }),
    );
    observed['workflow tasks run by worker-1, worker-2'] = ran;
    expect(ran[0]! + ran[1]!).toBeGreaterThan(0);
    expect(serverErrorsIn('both APIs, both workers')).toEqual([]);
    // One caller at a time: the round trip of a decision on this topology.
    await underLoad('one caller', undefined, 1);
    expect(serverErrorsIn('one caller')).toEqual([]);
    await expectRecordWhole();
  });

  it('loses and doubles nothing when a worker is killed (kill -9) mid-decision', async () => {
    let victim = processName.worker(0);
    let before = cluster!.pids()[victim]!;
    await underLoad('worker killed', async () => {
      // The worker that last ran a workflow task of a term with an action in
      // flight: that action's Update is on its way to it (its sticky queue).
      const holder = await workerHolding([...driver.inFlight.keys()]);
      if (holder) [victim, before] = holder;
      observed['worker killed'] =
        `${victim}${holder ? ', holding a term with an action in flight' : ''}`;
      process.kill(before, 'SIGKILL');
      // The supervisor starts it again; the other worker takes the killed one's
      // workflows once their sticky queue times out.
      await until(`${victim} restarted`, () => (cluster!.pids()[victim] ?? before) !== before);
      const after = cluster!.pids()[victim]!;
      await until(`${victim} polling again`, async () =>
        (
          await workflowPollers(
            `127.0.0.1:${cluster!.ports.temporal.frontend.grpc}`,
            CLUSTER_NAMESPACE,
            TASK_QUEUE,
          )
        ).some((identity) => identity.startsWith(`${after}@`)),
      );
    });
    expect(isRunning(before, 'worker/main.ts')).toBe(false);
    expect(serverErrorsIn('worker killed').filter((e) => e.status === 500)).toEqual([]);
    await expectRecordWhole();
  });

  it('loses and doubles nothing when the history service is killed (kill -9) and restarted', async () => {
    const victim = processName.temporal('history');
    const before = cluster!.pids()[victim]!;
    await underLoad('history killed', async () => {
      process.kill(before, 'SIGKILL');
      await until(`${victim} restarted`, () => (cluster!.pids()[victim] ?? before) !== before);
      await until('history serving', temporalServiceReady(cluster!.ports, 'history'));
    });
    expect(serverErrorsIn('history killed').filter((e) => e.status === 500)).toEqual([]);
    await expectRecordWhole();
  });

  it('loses and doubles nothing when PostgreSQL restarts', async () => {
    const before = cluster!.postmasterPid()!;
    expect(before).toBeGreaterThan(0);
    await underLoad('PostgreSQL restarted', async () => {
      // A fast shutdown (what `pg_ctl restart -m fast` does): sessions are cut,
      // open transactions roll back; the cluster starts it again.
      process.kill(before, 'SIGINT');
      await until('PostgreSQL running again', () => {
        const now = cluster!.postmasterPid();
        return now !== undefined && now !== before;
      });
      await until('PostgreSQL answering', async () =>
        pool.query('SELECT 1').then(
          () => true,
          () => false,
        ),
      );
    });
    // The API answers 500 for PostgreSQL's errors and may leave an
    // Idempotency-Key "in progress" for good: both are listed in the summary,
    // not asserted here (the API's error mapping is another change's).
    await expectRecordWhole();
  });

  it('stops on Ctrl-C leaving no process behind, and a second run resumes with all data', async () => {
    const pids = Object.entries(cluster!.pids());
    const postmaster = cluster!.postmasterPid()!;
    const terms = (await pool.query<{ n: number }>('SELECT count(*) AS n FROM officials')).rows[0]!
      .n;
    await disconnect();
    const stopped = Date.now();
    expect(await cluster!.stop()).toBe(0);
    observed['stop (s)'] = Math.round((Date.now() - stopped) / 100) / 10;
    for (const [name, pid] of pids) expect(isRunning(pid, ''), `${name} (pid ${pid})`).toBe(false);
    expect(isRunning(postmaster, ''), 'postgres').toBe(false);
    for (const port of allPorts(cluster!.ports))
      expect(await isFree(port), `port ${port}`).toBe(true);

    const started = Date.now();
    cluster = await startCluster({ dataDir, portOffset, logFile, readyTimeoutMs: COLD_START_MS });
    observed['second start, same data (s)'] = Math.round((Date.now() - started) / 1000);
    await connect(cluster);
    expect(
      (await pool.query<{ n: number }>('SELECT count(*) AS n FROM officials')).rows[0]!.n,
    ).toBe(terms);
    await underLoad('after a restart');
    await expectRecordWhole();
  });
});
