// Builds a worker from its dependencies; main.ts and the tests both use it.
import { fileURLToPath } from 'node:url';
import {
  bundleWorkflowCode,
  NativeConnection,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import { createPool } from '../platform/db.js';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/**
 * Workflow interceptor modules every bundle carries: the request id of each
 * start, Update and Signal (workflows/request-context.ts). They go to the
 * bundler, not to Worker.create: a worker given a prebuilt bundle (as every
 * worker here is) ignores WorkerOptions.interceptors.workflowModules.
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [
  fileURLToPath(new URL('../workflows/request-context.ts', import.meta.url)),
];

/** The bundler's logger: its warnings and errors only. */
export const quietBundlerLogger = {
  log: () => undefined,
  info: () => undefined,
  warn: console.warn,
  error: console.error,
  debug: () => undefined,
  trace: () => undefined,
};

/**
 * Bundles the workflow code once; tests share one bundle per suite (and may add
 * interceptor modules of their own after the product's).
 */
export function bundleWorkflows(
  options: { interceptorModules?: string[] } = {},
): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: [
      ...WORKFLOW_INTERCEPTOR_MODULES,
      ...(options.interceptorModules ?? []),
    ],
    logger: quietBundlerLogger,
  });
}

/**
 * The worker's two PostgreSQL pools. Record writes (every change of every term,
 * on the decisions' critical path) have their own; reminder e-mails another,
 * smaller one, so that a burst of mail never makes a decision wait for a
 * connection.
 */
export function createWorkerPools(databaseUrl: string, applicationName: string) {
  const pool = createPool(databaseUrl, { max: 16, applicationName });
  const mailPool = createPool(databaseUrl, { max: 4, applicationName: `${applicationName}-mail` });
  return { pool, mailPool, end: () => Promise.all([pool.end(), mailPool.end()]) };
}

/**
 * Runtime.install options for a Prometheus endpoint (`/metrics` at ip:port)
 * with the worker's own metrics: poll and task latencies, slots, sticky
 * cache, activity and workflow failures. Each worker process needs a port of
 * its own; none when no address is given.
 */
export function runtimeMetrics(metricsAddress: string | undefined): {
  metrics?: { prometheus: { bindAddress: string } };
} {
  return metricsAddress ? { metrics: { prometheus: { bindAddress: metricsAddress } } } : {};
}

/** Activities at once on one worker: record writes, reminders and round enrolments. */
export const MAX_CONCURRENT_ACTIVITIES = 32;

export interface WorkerDeps extends ActivityDeps {
  connection: NativeConnection;
  namespace: string;
  workflowBundle?: WorkflowBundleWithSourceMap;
  /** Sticky cache size: the workflows kept in memory between their tasks. */
  maxCachedWorkflows?: number;
}

export async function createWorker(deps: WorkerDeps): Promise<Worker> {
  const workflowBundle = deps.workflowBundle ?? (await bundleWorkflows());
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    workflowBundle,
    activities: createActivities(deps),
    maxCachedWorkflows: deps.maxCachedWorkflows ?? 2_000,
    maxConcurrentActivityTaskExecutions: MAX_CONCURRENT_ACTIVITIES,
    // Graceful shutdown: finish running activities, hand workflows back.
    shutdownGraceTime: '10 seconds',
  });
}
