// Small tools the benchmark driver needs: its log line, percentiles, a
// semaphore, a worker pool, and a Temporal dev server on a SQLite file in WAL
// mode (platform/services.ts has no option for pragmas).
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../domain/search-attributes.js';
import { terminate } from '../dev/services.js';
import { ensureToolPaths } from '../dev/tools.js';

export { sleep };

/** One line of the driver's progress log, on stderr (stdout carries the report). */
export function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

// ------------------------------------------------------------------ stats ---

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(values: number[]): Summary {
  if (values.length === 0) return { n: 0, mean: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (quantile: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1))]!;
  return {
    n: sorted.length,
    mean: round(sorted.reduce((sum, x) => sum + x, 0) / sorted.length),
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(sorted[sorted.length - 1]!),
  };
}

// ------------------------------------------------------------ concurrency ---

export class Semaphore {
  private waiting: (() => void)[] = [];
  private free: number;
  constructor(size: number) {
    this.free = size;
  }
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

/** Runs fn over items with `concurrency` callers, in order of the items. */
export async function forEachConcurrent<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const callers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  });
  await Promise.all(callers);
}

// --------------------------------------------------------------- Temporal ---

export interface DevServer {
  address: string;
  pid: number;
  version: string;
  args: string[];
  stop(): Promise<void>;
}

/** `temporal server start-dev` on a SQLite file in WAL mode, headless, our search attributes registered. */
export async function startDevServerWal(port: number, dbFile: string): Promise<DevServer> {
  const { temporalCli } = ensureToolPaths();
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--headless',
    '--log-level',
    'error',
    '--db-filename',
    dbFile,
    '--sqlite-pragma',
    'journal_mode=wal',
    ...Object.values(SEARCH_ATTRIBUTES).flatMap((a) => [
      '--search-attribute',
      `${a.name}=${a.type}`,
    ]),
  ];
  const child: ChildProcess = spawn(temporalCli, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  const tail: string[] = [];
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (s: string) => {
    tail.push(s);
    if (tail.length > 20) tail.shift();
  });
  process.on('exit', () => child.kill('SIGKILL'));
  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`temporal server start-dev exited: ${tail.join('')}`);
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.describeNamespace({ namespace: 'default' });
      const { customAttributes } = await connection.operatorService.listSearchAttributes({
        namespace: 'default',
      });
      if (
        Object.values(SEARCH_ATTRIBUTES).every(
          (a) => customAttributes && a.name in customAttributes,
        )
      )
        break;
    } catch {
      // not up yet
    } finally {
      await connection?.close();
    }
    if (Date.now() > deadline)
      throw new Error(`Temporal dev server not ready on ${address}: ${tail.join('')}`);
    await sleep(250);
  }
  const version = await new Promise<string>((resolve) => {
    const v = spawn(temporalCli, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    v.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    v.on('exit', () => resolve(out.trim()));
  });
  return { address, pid: child.pid!, version, args, stop: () => terminate(child, 15_000) };
}

/** Two decimals, as every figure in the results. */
export function round(x: number): number {
  return Math.round(x * 100) / 100;
}
