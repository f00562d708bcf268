// Builds a worker from its dependencies; main.ts and the tests both use it.
import { fileURLToPath } from 'node:url';
import {
  bundleWorkflowCode,
  NativeConnection,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** Bundles the workflow code once; tests share one bundle per suite. */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: {
      log: () => undefined,
      info: () => undefined,
      warn: console.warn,
      error: console.error,
      debug: () => undefined,
      trace: () => undefined,
    },
  });
}

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
    // Graceful shutdown: finish running activities, hand workflows back.
    shutdownGraceTime: '10 seconds',
  });
}
