// CPU by process and phase: each process's CPU seconds from /proc, and the
// cores each used between two marks (the report's "CPU by process" table).
// PostgreSQL is counted with its backends; "others" is everything else on the
// machine in the same window (other engineers' test runs).
import { readdirSync, readFileSync } from 'node:fs';
import { log } from './lib.js';

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
  const fields = statFields(pid);
  if (!fields) return 0;
  // utime #14, stime #15, cutime #16, cstime #17 → indexes 11..14 here.
  const own = Number(fields[11]) + Number(fields[12]);
  const reaped = withChildren ? Number(fields[13]) + Number(fields[14]) : 0;
  return (own + reaped) / TICKS;
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const fields = statFields(Number(name)); // #4, the parent's pid, at index 1
    if (fields && Number(fields[1]) === pid) out.push(Number(name));
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
  const ticks = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // idle, iowait
  const total = ticks.slice(0, 8).reduce((sum, x) => sum + x, 0);
  return { busy: (total - idle) / TICKS, total: total / TICKS };
}

export type CpuSnapshot = Record<string, number> & { at: number };

/** CPU seconds so far of each named process; those in `trees` with their descendants (PostgreSQL's backends). */
export function cpuSnapshot(
  pids: Record<string, number | undefined>,
  trees: readonly string[] = ['postgres'],
): CpuSnapshot {
  const snapshot: CpuSnapshot = { at: Date.now() } as CpuSnapshot;
  let ours = 0;
  for (const [name, pid] of Object.entries(pids)) {
    snapshot[name] = !pid ? 0 : trees.includes(name) ? treeCpu(pid) : cpuOf(pid, false);
    ours += snapshot[name]!;
  }
  // The cluster's four services, also as one figure comparable with the dev server's.
  const services = Object.keys(pids).filter((name) => name.startsWith('temporal-'));
  if (!('temporal' in pids) && services.length)
    snapshot.temporal = services.reduce((sum, name) => sum + snapshot[name]!, 0);
  snapshot.machineBusy = machineCpu().busy;
  snapshot.ours = ours;
  return snapshot;
}

/** CPU used between two snapshots, as cores (CPU seconds per wall second). */
export function cpuCores(from: CpuSnapshot, to: CpuSnapshot): Record<string, number> {
  const wall = (to.at - from.at) / 1000;
  const out: Record<string, number> = { wallSeconds: Math.round(wall * 10) / 10 };
  for (const key of Object.keys(to)) {
    if (key === 'at') continue;
    out[key] = Math.round((((to[key] ?? 0) - (from[key] ?? 0)) / wall) * 100) / 100;
  }
  // Everything else on the machine (other engineers' test runs) in the same window.
  out.others = Math.round((out.machineBusy! - out.ours!) * 100) / 100;
  return out;
}

/**
 * The processes whose CPU the report shows, by the names its table uses:
 * `temporal` (the dev server) or `temporal-<service>` (the cluster's four,
 * summed as `temporal` too), and the rest.
 */
export type BenchPids = Record<string, number | undefined> &
  Record<'postgres' | 'domainWorker' | 'bareWorker' | 'api' | 'driver', number | undefined>;

/**
 * The run's phases, each with the cores every process used during it. A phase
 * runs from the previous mark (the end of the last phase, or a restart) to its
 * end; whatever ran between a phase's end and the next restart belongs to none.
 */
export class CpuPhases {
  readonly coresByPhase: Record<string, Record<string, number>> = {};
  private mark: CpuSnapshot;

  constructor(private readonly pids: BenchPids) {
    this.mark = cpuSnapshot(pids);
  }

  /** Starts counting afresh. */
  restart(): void {
    this.mark = cpuSnapshot(this.pids);
  }

  /** Ends the phase `name` and starts the next one. */
  end(name: string): void {
    const now = cpuSnapshot(this.pids);
    this.coresByPhase[name] = cpuCores(this.mark, now);
    this.mark = now;
    log(`phase ${name}: ${JSON.stringify(this.coresByPhase[name])}`);
  }
}
