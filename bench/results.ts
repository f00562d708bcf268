// The run's results: bench/results/<name>-<temporal>.json (the shape
// bench/report.ts reads), its markdown rendering, and (full runs, unless
// --no-docs) its table and the dev server / cluster comparison
// (bench/compare.ts) in docs/performance.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { auditBaseline, auditDecisions, auditReminders } from './audit.js';
import type { BacklogSampler } from './backlog.js';
import type { Bench } from './context.js';
import { log, round, summarize } from './lib.js';
import { PERFORMANCE_DOC, repoRoot } from './options.js';
import type { RegionScale } from './phases/inbox.js';
import type { historyBreakdown } from './phases/history.js';
import type { DriverFigures } from './phases/year.js';
import { renderComparison } from './compare.js';
import type { ProcessMemoryFigures } from './process-memory.js';
import type { memoryPerCached, Servers } from './processes.js';
import { renderMarkdown, updatePerformanceDoc } from './report.js';

export interface RunFacts {
  servers: Servers;
  commitMs: number[];
  domain: DriverFigures;
  bare: DriverFigures;
  breakdown: {
    domain: Awaited<ReturnType<typeof historyBreakdown>>;
    bare: Awaited<ReturnType<typeof historyBreakdown>>;
  };
  roundEvents: number;
  /** Taken when the years were done, before the closed cohort filled the caches further. */
  memory: { domain: ReturnType<typeof memoryPerCached>; bare: ReturnType<typeof memoryPerCached> };
  backlog: BacklogSampler;
  regionScale: RegionScale | undefined;
  reminders: Awaited<ReturnType<typeof auditReminders>>;
  decisions: Awaited<ReturnType<typeof auditDecisions>>;
  baseline: Awaited<ReturnType<typeof auditBaseline>>;
  /** Seconds to start PostgreSQL, Temporal, the children; and all of it. */
  startupSeconds: Record<'postgres' | 'temporal' | 'children' | 'total', number>;
  processMemory: ProcessMemoryFigures;
}

function sdkVersion(): string {
  return (
    JSON.parse(
      readFileSync(join(repoRoot, 'node_modules/@temporalio/worker/package.json'), 'utf8'),
    ) as { version: string }
  ).version;
}

export function assembleResults(bench: Bench, facts: RunFacts) {
  const { options, recorder } = bench;
  const { domain, bare, servers, reminders, decisions, baseline, regionScale } = facts;
  const latency = (label: string) => recorder.latency(label);
  // CPU of every process the run started, and Temporal's share, per decision of a phase.
  const cpuMsPerDecision = (phase: string, decisions: number) => {
    const cores = bench.cpu.coresByPhase[phase];
    const ms = (x: number | undefined) =>
      cores && decisions && x !== undefined
        ? round((x * cores.wallSeconds! * 1000) / decisions)
        : NaN;
    return { all: ms(cores?.ours), temporal: ms(cores?.temporal) };
  };
  const c10 = { domain: latency('domain.decide.c10'), bare: latency('bare.decide.c10') };
  return {
    date: bench.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    mode: options.smoke ? 'smoke' : 'full',
    /** The Temporal the run started: `dev` (the CLI's dev server) or `cluster` (four services). */
    temporal: options.temporal,
    namespace: options.namespace,
    machine: {
      cores: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: round(os.totalmem() / 2 ** 30),
      node: process.version,
      temporal: servers.temporal.version.replace(/\n/g, '; '),
      temporalSdk: sdkVersion(),
      postgres: servers.postgresVersion,
      temporalSetup: servers.temporal.description,
    },
    startupSeconds: Object.fromEntries(
      Object.entries(facts.startupSeconds).map(([part, seconds]) => [part, round(seconds)]),
    ),
    processMemoryMiB: facts.processMemory,
    temporalRestarts: servers.temporal.restarts(),
    config: {
      officials: options.officials,
      closedCohort: options.closedCohort,
      dayMs: options.dayMs,
      policyVersion: options.policy.version,
      batch: options.batch,
      counties: options.counties,
      startCallers: options.startCallers,
      decideCallers: options.decideCallers,
      probeC1: options.probeC1,
      probeDirect: options.probeDirect,
      historySampleEvery: options.historySampleEvery,
      maxCachedWorkflows: options.maxCachedWorkflows,
    },
    starts: {
      domain: domain.startsPerSecond,
      bare: bare.startsPerSecond,
      latencyMs: { domain: latency('domain.start'), bare: latency('bare.start') },
      latencyPipelinedMs: {
        domain: latency('domain.start.pipelined'),
        bare: latency('bare.start.pipelined'),
      },
    },
    decisionRoundTripMs: {
      c1: {
        domain: latency('domain.decide.c1'),
        bare: latency('bare.decide.c1'),
        domainDirectUpdate: latency('domain.decide.c1.direct'),
      },
      c10,
      duringYear: { domain: latency('domain.year.decide'), bare: latency('bare.year.decide') },
      factsDuringYear: { domain: latency('domain.year.fact'), bare: latency('bare.year.fact') },
    },
    inboxMs: {
      running: inboxLatencies(bench, '.running'),
      withClosed: inboxLatencies(bench, '.closed'),
      ...(regionScale
        ? { regionScale: { ...regionScale, ...inboxLatencies(bench, '.region') } }
        : {}),
    },
    history: {
      domain: domain.history,
      bare: bare.history,
      roundEventsPerOfficialYear: round(facts.roundEvents / options.officials),
      breakdown: facts.breakdown,
    },
    memory: facts.memory,
    postgresCommitMs: summarize(facts.commitMs),
    duringYears: facts.backlog.figures(),
    year: {
      domain: domain.year,
      bare: bare.year,
      onboardSeconds: { domain: domain.onboardSeconds, bare: bare.onboardSeconds },
    },
    reminders: reminders.figures,
    correctness: {
      decisionsAcknowledged: decisions.acknowledged,
      decisionsLost: decisions.lost,
      decisionsDoubled: decisions.doubled,
      remindersLost: reminders.lost,
      remindersDoubled: reminders.doubled,
      remindersUnlogged: reminders.unlogged,
      bareSampled: baseline.sampled,
      bareLost: baseline.lost,
      bareDoubled: baseline.doubled,
      failures: recorder.failures,
      failureExamples: recorder.failureExamples,
      httpRetries: recorder.httpRetries,
      appliedThenErrored: recorder.appliedThenErrored,
      transientUpdateErrors: recorder.transientUpdateErrors,
    },
    cpuCores: bench.cpu.coresByPhase,
    cpuMsPerDecisionC10: {
      domain: cpuMsPerDecision('domain.decide.c10', c10.domain.n),
      bare: cpuMsPerDecision('bare.decide.c10', c10.bare.n),
    },
  };
}

function inboxLatencies(bench: Bench, suffix: string) {
  const latency = (viewer: string) => bench.recorder.latency(`inbox.${viewer}${suffix}`);
  return {
    county: latency('county'),
    township: latency('township'),
    region: latency('region'),
    official: latency('official'),
  };
}

/**
 * Writes <out>/<name>-<temporal>.{json,md}; when asked, this run's table into
 * docs/performance.md (its own block: the other Temporal's stays) and the
 * side-by-side table from this run and the other Temporal's latest results.
 * Returns the markdown.
 */
export function writeResults(bench: Bench, results: ReturnType<typeof assembleResults>): string {
  const { outDir, resultsName, writeDocs, temporal } = bench.options;
  writeFileSync(join(outDir, `${resultsName}.json`), JSON.stringify(results, null, 2) + '\n');
  const markdown = renderMarkdown(results);
  writeFileSync(join(outDir, `${resultsName}.md`), markdown);
  if (writeDocs) {
    updatePerformanceDoc(PERFORMANCE_DOC, markdown, temporal);
    const other = latestResults(outDir, temporal === 'dev' ? 'cluster' : 'dev');
    const [dev, cluster] = temporal === 'dev' ? [results, other] : [other, results];
    updatePerformanceDoc(PERFORMANCE_DOC, renderComparison(dev, cluster), 'compare');
  }
  log(`results in ${join(outDir, resultsName)}.{json,md}`);
  return markdown;
}

/** The latest full run on a Temporal, from the results directory (or bench/results), if there is one. */
export function latestResults(
  outDir: string,
  temporal: 'dev' | 'cluster',
): Record<string, any> | undefined {
  for (const dir of [outDir, join(repoRoot, 'bench', 'results')]) {
    const file = join(dir, `latest-${temporal}.json`);
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
  }
  return undefined;
}
