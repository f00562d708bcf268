// What the machine is waiting on while the years run: the product task
// queue's workflow and activity backlogs (from `temporal task-queue describe`)
// and the worker's busy PostgreSQL connections (its record writes).
import { execFile } from 'node:child_process';
import type { Pool } from '../platform/db.js';
import { ensureToolPaths } from '../dev/tools.js';
import { TASK_QUEUE } from '../workflows/messages.js';
import { sleep, summarize } from './lib.js';

interface BacklogSample {
  at: number;
  wfBacklog: number;
  wfBacklogAgeS: number;
  actBacklog: number;
  actBacklogAgeS: number;
  workerConns: number;
  workerIdleInTx: number;
}

interface TaskQueueStats {
  taskQueueType: string;
  approximateBacklogCount: number;
  approximateBacklogAge: string;
}

/** A duration as the CLI prints it ("1.5s", "250ms", "2m") in seconds. */
const seconds = (duration: string) =>
  Number.parseFloat(duration) * (duration.endsWith('ms') ? 0.001 : duration.endsWith('m') ? 60 : 1);

function describeTaskQueue(
  temporalCli: string,
  temporal: { address: string; namespace: string },
): Promise<TaskQueueStats[]> {
  return new Promise((resolve, reject) =>
    execFile(
      temporalCli,
      [
        'task-queue',
        'describe',
        '--address',
        temporal.address,
        '--namespace',
        temporal.namespace,
        '--task-queue',
        TASK_QUEUE,
        '-o',
        'json',
      ],
      { timeout: 10_000 },
      (error, stdout) =>
        error
          ? reject(error)
          : resolve((JSON.parse(stdout) as { stats?: TaskQueueStats[] }).stats ?? []),
    ),
  );
}

export class BacklogSampler {
  private readonly samples: BacklogSample[] = [];
  private sampling = true;
  private readonly running: Promise<void>;

  constructor(
    private readonly temporal: { address: string; namespace: string },
    private readonly pool: Pool,
    private readonly everyMs: number,
  ) {
    this.running = this.sampleUntilStopped();
  }

  private async sampleUntilStopped(): Promise<void> {
    const { temporalCli } = ensureToolPaths();
    while (this.sampling) {
      this.samples.push(await this.sample(temporalCli));
      await sleep(this.everyMs);
    }
  }

  private async sample(temporalCli: string): Promise<BacklogSample> {
    const sample = {
      at: Date.now(),
      wfBacklog: NaN,
      wfBacklogAgeS: NaN,
      actBacklog: NaN,
      actBacklogAgeS: NaN,
      workerConns: NaN,
      workerIdleInTx: NaN,
    };
    try {
      for (const stats of await describeTaskQueue(temporalCli, this.temporal)) {
        if (stats.taskQueueType === 'workflow') {
          sample.wfBacklog = stats.approximateBacklogCount;
          sample.wfBacklogAgeS = seconds(stats.approximateBacklogAge);
        }
        if (stats.taskQueueType === 'activity') {
          sample.actBacklog = stats.approximateBacklogCount;
          sample.actBacklogAgeS = seconds(stats.approximateBacklogAge);
        }
      }
      const { rows } = await this.pool.query<{ n: number; idle_tx: number }>(
        // Busy (not idle) connections of the worker's record pool, and those idle in a transaction.
        "SELECT count(*) FILTER (WHERE state <> 'idle') AS n, count(*) FILTER (WHERE state = 'idle in transaction') AS idle_tx FROM pg_stat_activity WHERE application_name = 'zhucun-bench-worker'",
      );
      sample.workerConns = rows[0]!.n;
      sample.workerIdleInTx = rows[0]!.idle_tx;
    } catch {
      // a missed sample
    }
    return sample;
  }

  async stop(): Promise<void> {
    this.sampling = false;
    await this.running;
  }

  /** The results' `duringYears` section. */
  figures() {
    const of = (pick: (sample: BacklogSample) => number) =>
      summarize(this.samples.map(pick).filter((x) => !Number.isNaN(x)));
    return {
      samples: this.samples.length,
      workflowBacklog: of((x) => x.wfBacklog),
      workflowBacklogAgeSeconds: of((x) => x.wfBacklogAgeS),
      activityBacklog: of((x) => x.actBacklog),
      activityBacklogAgeSeconds: of((x) => x.actBacklogAgeS),
      workerPgConnections: of((x) => x.workerConns),
      workerPgIdleInTransaction: of((x) => x.workerIdleInTx),
    };
  }
}
