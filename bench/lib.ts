// Small tools the benchmark driver needs: percentiles, a semaphore, a worker
// pool, per-process CPU accounting from /proc, and a Temporal dev server on a
// SQLite file in WAL mode (platform/services.ts has no option for pragmas).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../domain/search-attributes.js';
import { terminate } from '../platform/services.js';
import { ensureToolPaths } from '../scripts/tools.js';

export { sleep };

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
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    n: s.length,
    mean: round(s.reduce((a, b) => a + b, 0) / s.length),
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(s[s.length - 1]!),
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

// -------------------------------------------------------------------- CPU ---

const TICKS = 100; // USER_HZ on Linux

function statFields(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return raw.slice(raw.lastIndexOf(')') + 2).split(' '); // fields from #3 (state) on
  } catch {
    return undefined;
  }
}

/** CPU seconds of a process, and of its reaped children when `withChildren`. */
function cpuOf(pid: number, withChildren: boolean): number {
  const f = statFields(pid);
  if (!f) return 0;
  // utime #14, stime #15, cutime #16, cstime #17 → indexes 11..14 here.
  const own = Number(f[11]) + Number(f[12]);
  const reaped = withChildren ? Number(f[13]) + Number(f[14]) : 0;
  return (own + reaped) / TICKS;
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(Number(name));
    if (f && Number(f[1]) === pid) out.push(Number(name));
  }
  return out;
}

/** A process tree's CPU seconds: the root (with reaped children) plus live descendants. */
export function treeCpu(pid: number): number {
  let total = cpuOf(pid, true);
  for (const child of childrenOf(pid)) total += treeCpu(child);
  return total;
}

/** Machine-wide busy and total CPU seconds (all cores) from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const idle = (line[3] ?? 0) + (line[4] ?? 0);
  const total = line.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / TICKS, total: total / TICKS };
}

export type CpuSnapshot = Record<string, number> & { at: number };

/** CPU seconds so far of each named process; those in `trees` with their descendants (PostgreSQL's backends). */
export function cpuSnapshot(
  pids: Record<string, number | undefined>,
  trees: readonly string[] = ['postgres'],
): CpuSnapshot {
  const snap: CpuSnapshot = { at: Date.now() } as CpuSnapshot;
  let ours = 0;
  for (const [name, pid] of Object.entries(pids)) {
    snap[name] = !pid ? 0 : trees.includes(name) ? treeCpu(pid) : cpuOf(pid, false);
    ours += snap[name]!;
  }
  const m = machineCpu();
  snap.machineBusy = m.busy;
  snap.ours = ours;
  return snap;
}

/** CPU used between two snapshots, as cores (CPU seconds per wall second). */
export function cpuCores(a: CpuSnapshot, b: CpuSnapshot): Record<string, number> {
  const wall = (b.at - a.at) / 1000;
  const out: Record<string, number> = { wallSeconds: Math.round(wall * 10) / 10 };
  for (const key of Object.keys(b)) {
    if (key === 'at') continue;
    out[key] = Math.round((((b[key] ?? 0) - (a[key] ?? 0)) / wall) * 100) / 100;
  }
  // Everything else on the machine (other engineers' test runs) in the same window.
  out.others = Math.round((out.machineBusy! - out.ours!) * 100) / 100;
  return out;
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
