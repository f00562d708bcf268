// The run's results: bench/results/<name>.json (the shape bench/report.ts
// reads), its markdown rendering, and (full runs, unless --no-docs) the table
// in docs/performance.md.
import { readFileSync, writeFileSync } from 'node:fs';
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
  return {
    date: bench.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    mode: options.smoke ? 'smoke' : 'full',
    machine: {
      cores: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: round(os.totalmem() / 2 ** 30),
      node: process.version,
      temporal: servers.temporal.version.replace(/\n/g, '; '),
      temporalSdk: sdkVersion(),
      postgres: servers.postgresVersion,
      temporalServerArgs: servers.temporal.args.filter((a) => !a.startsWith('Zhucun')).join(' '),
    },
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
      c10: { domain: latency('domain.decide.c10'), bare: latency('bare.decide.c10') },
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

/** Writes <out>/<name>.{json,md}, and the table into docs/performance.md when asked; returns the markdown. */
export function writeResults(bench: Bench, results: ReturnType<typeof assembleResults>): string {
  const { outDir, resultsName, writeDocs } = bench.options;
  writeFileSync(join(outDir, `${resultsName}.json`), JSON.stringify(results, null, 2) + '\n');
  const markdown = renderMarkdown(results);
  writeFileSync(join(outDir, `${resultsName}.md`), markdown);
  if (writeDocs) updatePerformanceDoc(PERFORMANCE_DOC, markdown);
  log(`results in ${join(outDir, resultsName)}.{json,md}`);
  return markdown;
}
