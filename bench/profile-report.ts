// The profile's results (bench/profile.ts) as the Markdown section of
// docs/performance.md: CPU per onboarded official by process, history, the
// SQL statements per official, and the top of each CPU profile.
import type { ProcessProfile } from './cpu-profile.js';
import { round } from './lib.js';

export interface ProfileResults {
  at: string;
  officials: number;
  callers: number;
  decisionsPerOfficial: number;
  /** Each driver's measured window on the monotonic clock, µs. */
  windows: Partial<Record<'bare' | 'domain', { from: number; to: number }>>;
  /** Cores by process in each driver's window (bench/cpu.ts), with its wallSeconds. */
  cpu: Record<string, Record<string, number>>;
  /** Mean history of an onboarded term: events and bytes. */
  history: Record<'bare' | 'domain', { events: number; bytes: number }>;
  statements: { query: string; calls: number; ms: number }[];
  profiles: { domain: ProcessProfile[]; bare: ProcessProfile[] };
  failures: number;
  failureExamples: string[];
}

const PROCESSES = ['temporal', 'postgres', 'domainWorker', 'bareWorker', 'api', 'driver'] as const;
const fmt = (x: number) => (Number.isFinite(x) ? x.toLocaleString('en-US') : 'n/a');
const oneLine = (sql: string, max = 110) => {
  const line = sql.replace(/\s+/g, ' ').trim();
  return (line.length > max ? `${line.slice(0, max - 1)}…` : line).replace(/\|/g, '\\|');
};

/** CPU milliseconds per onboarded official of each process in a driver's window. */
export function cpuMsPerOfficial(results: ProfileResults, phase: 'bare' | 'domain') {
  const cores = results.cpu[phase] ?? {};
  const wall = cores.wallSeconds ?? 0;
  const per = (name: string) => round(((cores[name] ?? 0) * wall * 1000) / results.officials);
  const byProcess = Object.fromEntries(PROCESSES.map((name) => [name, per(name)]));
  // What the system under test used: everything but the driver.
  const system = round(
    PROCESSES.filter((name) => name !== 'driver').reduce((sum, name) => sum + byProcess[name]!, 0),
  );
  return { byProcess, system, wallMsPerOfficial: round((wall * 1000) / results.officials) };
}

function profileTables(profiles: ProcessProfile[]): string[] {
  const lines: string[] = [];
  for (const p of profiles) {
    const busy = round(p.sampledMs - p.idleMs);
    lines.push(
      '',
      `**${p.process}** (${p.threads} thread profile(s); ${fmt(busy)} ms busy of ${fmt(p.sampledMs)} ms sampled in the window)`,
      '',
      '| part of the code | self ms | share of busy |',
      '|---|---|---|',
      ...p.byArea.slice(0, 8).map((a) => `| ${a.area} | ${fmt(a.ms)} | ${a.share} % |`),
      '',
      '| top frames by self time | part | self ms | share |',
      '|---|---|---|---|',
      ...p.topFrames.map(
        (f) => `| \`${oneLine(f.frame, 90)}\` | ${f.area} | ${fmt(f.ms)} | ${f.share} % |`,
      ),
    );
    lines.push(
      '',
      '| busy time by the nearest of our files on the stack (with the library code it called) | ms | share |',
      '|---|---|---|',
      ...p.byNearestOurFile.map((a) => `| ${a.area} | ${fmt(a.ms)} | ${a.share} % |`),
    );
    if (p.ourInclusive.length)
      lines.push(
        '',
        '| our functions by inclusive time (they and all they call) | part | ms | share |',
        '|---|---|---|---|',
        ...p.ourInclusive.map(
          (f) => `| \`${oneLine(f.frame, 90)}\` | ${f.area} | ${fmt(f.ms)} | ${f.share} % |`,
        ),
      );
  }
  return lines;
}

export function renderProfile(r: ProfileResults): string {
  const bare = cpuMsPerOfficial(r, 'bare');
  const domain = cpuMsPerOfficial(r, 'domain');
  const ops = r.decisionsPerOfficial + 1;
  const calls = r.statements.reduce((sum, s) => sum + s.calls, 0);
  const ratio = (a: number, b: number) => (b ? `${round(a / b)}×` : 'n/a');
  const row = (label: string, d: number, b: number) =>
    `| ${label} | ${fmt(d)} | ${fmt(b)} | ${ratio(d, b)} |`;
  return [
    `Run of ${r.at.slice(0, 16).replace('T', ' ')} UTC: ${r.officials} officials a side onboarded at ${r.callers} caller(s) (a start and ${r.decisionsPerOfficial} decisions each: three vetting replies, the dispatch approval, the pre-dispatch training), the bare workflow first, each after a warm-up. CPU from /proc per process in each side's window; the other engineers' work on the machine is not in these figures but slows the wall times.`,
    '',
    '| per onboarded official | product | bare | product ÷ bare |',
    '|---|---|---|---|',
    row('CPU ms, all processes under test', domain.system, bare.system),
    row('… Temporal server', domain.byProcess.temporal!, bare.byProcess.temporal!),
    row('… worker', domain.byProcess.domainWorker!, bare.byProcess.bareWorker!),
    row('… API', domain.byProcess.api!, 0),
    row('… PostgreSQL', domain.byProcess.postgres!, bare.byProcess.postgres!),
    row('wall ms (one official after another)', domain.wallMsPerOfficial, bare.wallMsPerOfficial),
    row('history events', r.history.domain.events, r.history.bare.events),
    row('history bytes (payloads included)', r.history.domain.bytes, r.history.bare.bytes),
    `| SQL statements (product processes only) | ${fmt(round(calls / r.officials))} (${fmt(round(calls / r.officials / ops))} per start or decision) | – | |`,
    '',
    "Statements per onboarded official, most frequent first (pg_stat_statements, the driver's own reads left out):",
    '',
    '| statement | per official | mean ms |',
    '|---|---|---|',
    ...r.statements
      .slice(0, 15)
      .map(
        (s) =>
          `| \`${oneLine(s.query)}\` | ${fmt(round(s.calls / r.officials))} | ${fmt(round(s.ms / Math.max(1, s.calls)))} |`,
      ),
    '',
    "CPU profiles (`node --cpu-prof`, every thread of the process, samples inside the product's window; the bare worker's inside its own):",
    ...profileTables(r.profiles.domain),
    ...profileTables(r.profiles.bare),
  ].join('\n');
}
