// The memory of every process the run started, sampled while it runs: the RSS
// of each Temporal process (the dev server, or each of the cluster's four
// services), of both workers and the API, and PostgreSQL's PSS summed over
// its processes (they share their buffers: see scripts/cluster-services.ts).
// Kept: the first sample (everything started, nothing driven yet), the
// largest of each process, and the last.
import { postgresMemory, rssKiB } from '../scripts/cluster-services.js';
import { round } from './lib.js';

/** MiB by process name. */
export type MemoryByProcess = Record<string, number>;

export interface ProcessMemoryFigures {
  /** When every process had started, before any load. */
  atStart: MemoryByProcess;
  peak: MemoryByProcess;
  atEnd: MemoryByProcess;
  samples: number;
}

export class ProcessMemory {
  private first: MemoryByProcess | undefined;
  private last: MemoryByProcess = {};
  private readonly peak: MemoryByProcess = {};
  private samples = 0;
  private readonly timer: NodeJS.Timeout;

  /** `pids` by the names the report shows; `postgres` is the postmaster. */
  constructor(
    private readonly pids: () => Record<string, number | undefined>,
    everyMs: number,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  private sample(): void {
    const now: MemoryByProcess = {};
    for (const [name, pid] of Object.entries(this.pids())) {
      if (!pid || name === 'driver') continue;
      const kib = name === 'postgres' ? postgresMemory(pid).kib : rssKiB(pid);
      if (!kib) continue; // gone (being restarted)
      now[name] = round(kib / 1024);
      this.peak[name] = Math.max(this.peak[name] ?? 0, now[name]);
    }
    this.first ??= now;
    this.last = now;
    this.samples++;
  }

  stop(): ProcessMemoryFigures {
    clearInterval(this.timer);
    this.sample();
    return {
      atStart: this.first ?? {},
      peak: { ...this.peak },
      atEnd: this.last,
      samples: this.samples,
    };
  }
}
