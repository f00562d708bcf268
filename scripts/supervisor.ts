// Child processes for `npm start` and `npm run cluster`: each in its own
// process group, its output prefixed with its name, restarted when it dies,
// stopped with SIGTERM then SIGKILL, and its pid recorded in a file so that a
// supervisor killed with SIGKILL has its children stopped by the next run.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** A child that dies is restarted after this, doubling up to the maximum. */
const RESTART_DELAY_MS = { first: 1000, max: 30_000 };
/** A child that ran this long before dying restarts at the first delay again. */
const STABLE_AFTER_MS = 60_000;
/** SIGTERM grace before SIGKILL; the worker finishes its in-flight tasks. */
const CHILD_STOP_GRACE_MS = 10_000;

export interface Reporter {
  say(message: string): void;
  warn(message: string): void;
}

// ------------------------------------------------------------------ pids ---

interface RecordedPid {
  pid: number;
  /** Part of /proc/PID/cmdline that proves the pid still is ours. */
  marker: string;
}

export function isRunning(pid: number, marker: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return false;
  }
}

/** Children run in their own process group (detached): signal the whole group. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** The pids of a supervisor's children, kept in a JSON file while they run. */
export class PidFile {
  private readonly pids: Record<string, RecordedPid> = {};

  constructor(readonly file: string) {}

  static read(file: string): Record<string, RecordedPid> {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, RecordedPid>;
    } catch {
      return {};
    }
  }

  record(name: string, pid: number | undefined, marker: string): void {
    if (pid === undefined) delete this.pids[name];
    else this.pids[name] = { pid, marker };
    writeFileSync(this.file, JSON.stringify(this.pids, null, 2) + '\n');
  }

  /** A supervisor killed with SIGKILL leaves its children running: stop them before starting anew. */
  async stopLeftovers(report: Reporter): Promise<void> {
    for (const [name, { pid, marker }] of Object.entries(PidFile.read(this.file))) {
      if (!isRunning(pid, marker)) continue;
      report.warn(`stopping ${name} left running by an earlier run (pid ${pid})`);
      signalGroup(pid, 'SIGTERM');
      for (let i = 0; i < 100 && isRunning(pid, marker); i++) await sleep(100);
      if (isRunning(pid, marker)) signalGroup(pid, 'SIGKILL');
    }
    this.remove();
  }

  remove(): void {
    rmSync(this.file, { force: true });
  }
}

// ---------------------------------------------------------------- output ---

/**
 * Copies a child's output line by line with its name in front; `keep` may drop
 * lines, which then reach only the log file, when there is one.
 */
export function prefixLines(
  from: NodeJS.ReadableStream | null,
  to: NodeJS.WritableStream,
  name: string,
  keep: (line: string) => boolean = () => true,
  logFile?: NodeJS.WritableStream,
): void {
  if (!from) return;
  let buffered = '';
  const emit = (line: string) => {
    logFile?.write(line + '\n');
    if (keep(line)) to.write(`[${name}] ${line}\n`);
  };
  from.setEncoding('utf8');
  from.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) emit(line);
  });
  from.on('end', () => {
    if (buffered) emit(buffered);
  });
}

// ------------------------------------------------------------- supervisor ---

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Part of the command line that identifies the process in /proc (see PidFile). */
  marker: string;
  /** Drops lines of the child's output (both streams) from the console. */
  keepLine?: (line: string) => boolean;
  /** Every line of the child's output is appended here. */
  logFile?: string;
  /** SIGTERM grace before SIGKILL. */
  stopGraceMs?: number;
}

/** A TypeScript entry point run by this Node with tsx. */
export function nodeChild(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
): ChildSpec {
  return {
    name,
    command: process.execPath,
    args: ['--import', 'tsx', entry],
    env,
    cwd,
    marker: entry,
  };
}

export class SupervisedChild {
  private child: ChildProcess | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private delayMs = RESTART_DELAY_MS.first;
  private stopping = false;
  /** Times the child died and was started again. */
  restarts = 0;

  constructor(
    readonly spec: ChildSpec,
    private readonly pids: PidFile,
    private readonly report: Reporter,
  ) {}

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const { name, command, args, env, cwd, marker, keepLine, logFile } = this.spec;
    const startedAt = Date.now();
    // Own process group: the terminal's Ctrl-C reaches only the supervisor,
    // which stops the children before the servers they depend on.
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
    log?.on('error', (error) => this.report.warn(`${name}: log file: ${error.message}`));
    prefixLines(child.stdout, process.stdout, name, keepLine, log);
    prefixLines(child.stderr, process.stderr, name, keepLine, log);
    child.once('close', () => log?.end());
    this.pids.record(name, child.pid, marker);
    child.once('error', (error) =>
      this.report.warn(`${name} could not be started: ${error.message}`),
    );
    child.once('exit', (code, signal) => {
      this.child = undefined;
      if (this.stopping) return;
      this.pids.record(name, undefined, marker);
      if (Date.now() - startedAt > STABLE_AFTER_MS) this.delayMs = RESTART_DELAY_MS.first;
      const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
      this.report.warn(`${name} ${how}; restarting in ${this.delayMs / 1000} s`);
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        this.restarts++;
        this.start();
      }, this.delayMs);
      this.delayMs = Math.min(this.delayMs * 2, RESTART_DELAY_MS.max);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const pid = child.pid;
    const graceMs = this.spec.stopGraceMs ?? CHILD_STOP_GRACE_MS;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signalGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => {
      this.report.warn(`${this.spec.name} did not stop within ${graceMs / 1000} s; killing it`);
      signalGroup(pid, 'SIGKILL');
    }, graceMs);
    await exited;
    clearTimeout(timer);
    // Anything the child started in its group goes with it.
    signalGroup(pid, 'SIGKILL');
  }

  /** Last resort on process exit: nothing may outlive the supervisor. */
  killNow(): void {
    if (this.child?.pid) signalGroup(this.child.pid, 'SIGKILL');
  }
}

/** Polls until the URL answers 200; false if the supervisor began shutting down first. */
export async function waitForHealth(
  url: string,
  shuttingDown: () => boolean,
  report: Reporter,
): Promise<boolean> {
  const started = Date.now();
  let nextNotice = 30_000;
  while (!shuttingDown()) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return true;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > nextNotice) {
      report.warn(`still waiting for ${url} (${Math.round((Date.now() - started) / 1000)} s)`);
      nextNotice += 30_000;
    }
    await sleep(500);
  }
  return false;
}

/**
 * Runs `shutdown` on SIGINT, SIGTERM or SIGHUP, then exits (0 once it is done,
 * 1 if it fails or takes longer than `limitMs`). One Ctrl-C can arrive twice
 * (from the terminal and relayed by npm/tsx): repeats while `stopping()` are
 * ignored. Each step of a shutdown has its own timeout; the limit is the
 * backstop, after which exit handlers kill whatever is left.
 */
export function stopOnSignals(
  shutdown: (signal: NodeJS.Signals) => Promise<void>,
  stopping: () => boolean,
  warn: (message: string) => void,
  limitMs: number,
): void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping()) return;
    setTimeout(() => {
      warn('shutdown is taking too long; killing what is left');
      process.exit(1);
    }, limitMs).unref();
    shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        warn(`shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
}
