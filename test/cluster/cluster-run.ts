// `npm run cluster` as the topology tests run it: a child process on shifted
// ports with its own data directory, ready when it prints its ready line,
// stopped with SIGINT as a terminal's Ctrl-C would.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  allPorts,
  clusterFiles,
  clusterPorts,
  READY_LINE,
  type ClusterPorts,
} from '../../scripts/cluster-layout.js';
import { PidFile, isRunning } from '../../scripts/supervisor.js';
import { repoRoot } from '../../dev/tools.js';
import { assertPortFree } from '../../dev/services.js';

/** Offsets that keep every port below the ephemeral range (32768+) other tests draw from. */
const OFFSETS = Array.from({ length: 31 }, (_, i) => 20_000 + i * 100);

/** Whether nothing listens on the port (loopback). */
export async function isFree(port: number): Promise<boolean> {
  try {
    await assertPortFree(port, 'probe');
    return true;
  } catch {
    return false;
  }
}

/** A port offset at which every port of the cluster is free now. */
export async function freePortOffset(): Promise<number> {
  for (const offset of OFFSETS) {
    const free = await Promise.all(allPorts(clusterPorts(offset)).map(isFree));
    if (free.every(Boolean)) return offset;
  }
  throw new Error('no port offset with every cluster port free');
}

export interface ClusterRun {
  ports: ClusterPorts;
  /** The cluster's output, from its start (the summary with memory is in it). */
  output: string[];
  /** Pid of each supervised process (temporal-history, worker-1, api-2, …). */
  pids(): Record<string, number>;
  postmasterPid(): number | undefined;
  /** SIGINT, as Ctrl-C; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function startCluster(options: {
  dataDir: string;
  portOffset: number;
  logFile: string;
  readyTimeoutMs: number;
}): Promise<ClusterRun> {
  const files = clusterFiles(options.dataDir);
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repoRoot, 'scripts', 'cluster.ts'),
      '--data-dir',
      options.dataDir,
      '--port-offset',
      String(options.portOffset),
      '--no-ui',
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      log.end();
      resolve(code);
    }),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the cluster was not ready in ${options.readyTimeoutMs / 1000} s`)),
      options.readyTimeoutMs,
    );
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        log.write(chunk);
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        output.push(...lines);
        if (lines.some((line) => line.includes(READY_LINE))) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `the cluster exited (code ${code}) before it was ready:\n${output.slice(-30).join('\n')}`,
        ),
      );
    });
  });

  const run: ClusterRun = {
    ports: clusterPorts(options.portOffset),
    output,
    pids: () =>
      Object.fromEntries(
        Object.entries(PidFile.read(files.pids)).map(([name, { pid }]) => [name, pid]),
      ),
    postmasterPid: () => {
      try {
        const pid = Number.parseInt(
          readFileSync(join(files.postgres, 'postmaster.pid'), 'utf8'),
          10,
        );
        return isRunning(pid, 'postgres') ? pid : undefined;
      } catch {
        return undefined;
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  try {
    await ready;
  } catch (error) {
    await run.stop();
    throw error;
  }
  return run;
}
