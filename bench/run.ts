// `npm run bench`: the whole region on one small machine.
//
// Starts its own servers and the product's worker and API as child processes,
// next to a bare baseline worker (bench/processes.ts). Then, for the bare
// baseline first and the product second, it drives N officials through
// onboarding (start, three vetting replies, dispatch approval, pre-dispatch
// training) and one simulated year each (twelve attendance closes, a county
// training after its first reminder, a health check after its first reminder,
// self-report, rating): the product over its real HTTP API, the baseline by
// direct client calls. Writes bench/results/latest-<temporal>.{json,md}
// (smoke: smoke-<temporal>.*) and, for a full run, its table and the dev
// server / cluster comparison in docs/performance.md.
//
//   npm run bench                          19,000 officials, Temporal dev server
//   npm run bench -- --officials 2000      fewer
//   npm run bench -- --temporal cluster    on four Temporal services (npm run cluster's)
//   npm run bench -- --smoke               100 officials, correctness only
//   npm run bench -- --help                every flag (bench/options.ts)
//
// The phases, in order, each with the CPU phase it reports (bench/cpu.ts):
//   1. servers and children, their start-up time and memory  bench/processes.ts, temporal.ts,
//                                                            process-memory.ts
//   2. onboarding, first batches measured alone, then the rest
//      (bare.* and domain.* starts and decisions, both.onboard.rest)
//                                                            bench/phases/onboarding.ts
//   3. the year, the inbox listed while it runs (both.year)  bench/phases/year.ts, inbox.ts
//   4. history, the bare baseline's audit, memory            bench/phases/history.ts, audit.ts
//   5. the closed cohort, the inbox listed again
//      (domain.closedCohort, domain.closedCohort.inbox)      bench/phases/closed-cohort.ts
//   6. settle and audit: nothing lost, nothing doubled (correctness)
//                                                            bench/phases/settle.ts, audit.ts
//   7. the inbox at region scale (regionScaleInbox)          bench/phases/inbox.ts
//   8. results and report                                    bench/results.ts, report.ts
import { mkdirSync } from 'node:fs';
import { auditBaseline, auditDecisions, auditReminders, MailedReminders } from './audit.js';
import { BacklogSampler } from './backlog.js';
import { bareWorkflowId } from './bare-workflow.js';
import { benchOn } from './context.js';
import { BaselineDriver } from './drive/baseline.js';
import { ProductDriver } from './drive/product.js';
import { log } from './lib.js';
import { readOptions, USAGE } from './options.js';
import { nominateAndReject } from './phases/closed-cohort.js';
import { historyBreakdown, roundEvents } from './phases/history.js';
import { cohortViewers, listInboxes, listInboxesAtRegionScale } from './phases/inbox.js';
import { onboardBaselineThenProduct } from './phases/onboarding.js';
import { settle } from './phases/settle.js';
import { SimulatedYear } from './phases/year.js';
import { ProcessMemory } from './process-memory.js';
import { measureCommitMs, memoryPerCached, startChildren, startServers } from './processes.js';
import { Recorder } from './recorder.js';
import { Region, registerActors } from './region.js';
import { assembleResults, writeResults } from './results.js';

/** Terms whose histories are broken down event by event. */
const BREAKDOWN_TERMS = 5;

// A signal ends the run through process.exit, so that the exit hooks stop every server and child.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

function readOptionsOrExit() {
  if (process.argv.includes('--help')) {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  try {
    return readOptions();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return process.exit(2);
  }
}

async function main(): Promise<void> {
  const options = readOptionsOrExit();
  const startedAt = new Date();
  mkdirSync(options.outDir, { recursive: true });
  const recorder = new Recorder();
  const mailed = new MailedReminders();

  // 1. Servers and children.
  const servers = await startServers(options, (key) => mailed.take(key));
  const commitMs = await measureCommitMs(servers.pool);
  const region = new Region(options.counties);
  await registerActors(servers.pool, region.directory());
  const childrenStartedAt = Date.now();
  const children = await startChildren(options, servers, (what) => recorder.fail(what));
  const startupSeconds = {
    ...servers.startupSeconds,
    children: (Date.now() - childrenStartedAt) / 1000,
    total: (Date.now() - startedAt.getTime()) / 1000,
  };
  const processMemory = new ProcessMemory(() => children.pids(servers), 5_000);
  const bench = benchOn({ options, region, startedAt, recorder }, servers, children);
  const cohort = Array.from({ length: options.officials }, (_, index) => region.official(index));
  const productDriver = new ProductDriver(bench);
  const baselineDriver = new BaselineDriver(bench);
  const product = { driver: productDriver, year: new SimulatedYear(bench, productDriver) };
  const baseline = { driver: baselineDriver, year: new SimulatedYear(bench, baselineDriver) };

  // 2. Onboarding.
  const [bareOnboarding, domainOnboarding] = await onboardBaselineThenProduct(
    bench,
    baseline,
    product,
    cohort,
  );

  // 3. The year, with the inbox listed as its users list it while every official is on duty.
  const backlog = new BacklogSampler(servers.temporal, servers.pool, options.backlogSampleMs);
  const [bare, domain] = await Promise.all([
    baseline.year.finish(bareOnboarding),
    product.year.finish(domainOnboarding, (yearsOver) =>
      listInboxes(bench, cohortViewers(cohort), '.running', options.inboxPauseMs, yearsOver),
    ),
  ]);
  bench.cpu.end('both.year');
  await backlog.stop();
  log(`bare: ${JSON.stringify(bare)}`);
  log(`domain: ${JSON.stringify(domain)}`);

  // 4. Where the extra history comes from, and where a workflow task's time goes, on a few terms;
  // the baseline's own audit; memory at the end of the years; the county rounds.
  const breakdownOf = cohort.slice(0, BREAKDOWN_TERMS);
  const breakdown = {
    domain: await historyBreakdown(
      bench.client,
      breakdownOf.map((official) => official.termId),
    ),
    bare: await historyBreakdown(
      bench.client,
      breakdownOf.map((official) => bareWorkflowId(official.index)),
    ),
  };
  const baselineAudit = await auditBaseline(bench.client, cohort, options.historySampleEvery);
  const memory = {
    domain: memoryPerCached(children.domainMemory),
    bare: memoryPerCached(children.bareMemory),
  };
  const thisYear = startedAt.getUTCFullYear();
  const roundEventCount = await roundEvents(bench.client, region, [thisYear, thisYear + 1]);

  // 5. As many closed terms, and the inbox listed with them on record.
  const closedCohort = Array.from({ length: options.closedCohort }, (_, index) =>
    region.official(options.officials + index),
  );
  bench.cpu.restart();
  await nominateAndReject(bench, product.driver, closedCohort);
  bench.cpu.end('domain.closedCohort');
  await listInboxes(
    bench,
    cohortViewers(cohort),
    '.closed',
    options.inboxPauseMs,
    (listings) => listings >= options.inboxListings,
  );
  bench.cpu.end('domain.closedCohort.inbox');

  // 6. Once the reminders are final: nothing lost, nothing doubled.
  const reminderCounts = await settle(bench, mailed);
  const reminders = await auditReminders(servers.pool, reminderCounts, mailed, options.officials);
  const decisions = await auditDecisions(servers.pool, recorder);
  bench.cpu.end('correctness');

  // 7. Fewer officials were driven than the region has: the inbox over all of them.
  let regionScale;
  if (options.region > options.officials) {
    regionScale = await listInboxesAtRegionScale(bench, cohort);
    bench.cpu.end('regionScaleInbox');
  }

  // 8. Results.
  const results = assembleResults(bench, {
    servers,
    commitMs,
    domain,
    bare,
    breakdown,
    roundEvents: roundEventCount,
    memory,
    backlog,
    regionScale,
    reminders,
    decisions,
    baseline: baselineAudit,
    startupSeconds,
    processMemory: processMemory.stop(),
  });
  process.stdout.write(writeResults(bench, results) + '\n');

  await children.stop();
  await servers.stop();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    log(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
