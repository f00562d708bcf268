// One simulated region year, end to end: the benchmark's servers and
// children (bench/processes.ts) with the API on a compressed calendar, the
// generated region imported as a file of officials already on post
// (bench/region-file.ts), the region's bodies deciding their inbox and
// recording the year's facts at the report's rates (actors.ts, facts.ts), and
// then the report's figures from the record (figures.ts) with the audit that
// nothing acknowledged was lost or doubled.
import { performance } from 'node:perf_hooks';
import { dateKeyOf } from '../../domain/calendar.js';
import { scaledPolicy, type Policy } from '../../domain/policy.js';
import type { Pool } from '../../platform/db.js';
import { auditDecisions } from '../audit.js';
import { benchOn } from '../context.js';
import { ProductDriver } from '../drive/product.js';
import { log, round, sleep } from '../lib.js';
import { readOptions, type TemporalKind } from '../options.js';
import { startChildren, startServers } from '../processes.js';
import { Recorder } from '../recorder.js';
import { regionFile, RegionImporter, waitForTermsOnRecord } from '../region-file.js';
import { Region, registerActors } from '../region.js';
import { RegionActors } from './actors.js';
import { recordFactsOnSchedule, type FactCounts } from './facts.js';
import { figureRows, figuresFromRecord, type FigureRow, type RecordFigures } from './figures.js';
import {
  calendarDayOf,
  onPostDays,
  plannedFacts,
  planSimulation,
  type SimulationPlan,
} from './plan.js';

/** From reading the API's policy to the API answering: the calendar starts after it. */
const API_START_ALLOWANCE_MS = 15_000;
/** Calendar days after the year's end that decisions under way may take to land. */
const TAIL_DAYS = 3;

export interface SimulateOptions {
  officials: number;
  counties: number;
  dayMs: number;
  temporal: TemporalKind;
}

export interface SimulationResult {
  startedAt: string;
  config: SimulateOptions & { leadDays: number; importDay: string; policyVersion: string };
  figures: RecordFigures;
  table: FigureRow[];
  import: {
    checkSeconds: number;
    seconds: number;
    started: number;
    failed: number;
    onRecordSeconds: number;
  };
  facts: FactCounts;
  correctness: {
    acknowledged: number;
    lost: number;
    doubled: number;
    failures: number;
    failureExamples: string[];
  };
  /** The report year's window as run instants (ISO), for whoever checks the figures. */
  window: { from: string; to: string };
  wallSeconds: number;
  yearWallSeconds: number;
}

export interface SimulateHooks {
  /** Runs with the record still up, after the figures are computed: the test's own counts. */
  beforeStop?(pool: Pool, result: SimulationResult): Promise<void>;
}

/** The compressed policy whose clock maps the run onto the plan's calendar. */
function simulationPolicy(plan: SimulationPlan): Policy {
  const policy = {
    ...scaledPolicy(plan.dayMs),
    clock: { runOriginMs: plan.clock.runOriginMs, calendarOriginMs: plan.clock.calendarOriginMs },
  };
  policy.version += `+simulate-from-${dateKeyOf(plan.importDay)}`;
  return policy;
}

const sleepUntil = (at: number) => sleep(Math.max(0, at - Date.now()));

export async function runSimulation(
  options: SimulateOptions,
  hooks: SimulateHooks = {},
): Promise<SimulationResult> {
  const startedAt = new Date();
  const benchOptions = {
    ...readOptions([
      ...['--officials', String(options.officials), '--day-ms', String(options.dayMs)],
      ...['--closed', '0', '--region', '0', '--no-docs', '--temporal', options.temporal],
    ]),
    counties: options.counties,
  };
  const recorder = new Recorder();
  const servers = await startServers(benchOptions, () => undefined);
  let children;
  try {
    const region = new Region(options.counties);
    await registerActors(servers.pool, region.directory());
    let plan: SimulationPlan | undefined;
    let policy: Policy | undefined;
    children = await startChildren(
      benchOptions,
      servers,
      (what) => recorder.fail(`unexpected: ${what}`),
      [],
      () => {
        // This year, not the report's 2024: a county's evaluation round closes
        // by the real calendar (workflows/evaluation-round.ts), so the round of
        // a past year closes at once and refuses every outstanding rating.
        plan = planSimulation(
          options.officials,
          options.dayMs,
          Date.now() + API_START_ALLOWANCE_MS,
          new Date().getUTCFullYear(),
        );
        return (policy = simulationPolicy(plan));
      },
      false,
    );
    const thePlan = plan!;
    const bench = benchOn(
      { options: { ...benchOptions, policy: policy! }, region, startedAt, recorder },
      servers,
      children,
    );
    log(
      `simulate: ${options.officials} officials over ${options.counties} counties; calendar from ${dateKeyOf(thePlan.importDay)} ` +
        `(${thePlan.leadDays} days before the year), a day is ${options.dayMs} ms, ` +
        `the year ${round((thePlan.window.toMs - thePlan.window.fromMs) / 60_000)} min`,
    );

    // The import, on the calendar's first day.
    await sleepUntil(thePlan.clock.runOriginMs);
    const file = await regionFile(region, options.officials, 'csv', {
      today: thePlan.importDay,
      onPostDays: (index) => onPostDays(thePlan, index),
    });
    const importer = await RegionImporter.as(children.apiBaseUrl, children.jwtSecret, file);
    const checkSeconds = await importer.check();
    const importStarted = performance.now();
    const cohort = Array.from({ length: options.officials }, (_, index) => region.official(index));
    const actors = new RegionActors(
      bench,
      new ProductDriver(bench),
      cohort,
      Math.max(250, options.dayMs / 2),
    );
    actors.start();
    const imported = await importer.importOnce();
    const onRecord = await waitForTermsOnRecord(
      servers.pool,
      options.officials,
      Math.max(60_000, thePlan.window.fromMs - Date.now()),
    );
    const onRecordSeconds = (performance.now() - importStarted) / 1000;
    log(
      `simulate: ${onRecord} terms on record after ${round(onRecordSeconds)} s, on ${calendarDayOf(thePlan, Date.now())}`,
    );
    // The year's first facts need every term on record (its attendance closes
    // run on either way); later than that, the plan no longer holds.
    const planned = plannedFacts(thePlan);
    if (onRecord < options.officials || Date.now() > planned[0]!.atMs)
      recorder.fail(
        `the import was not on record before the year's first facts (${onRecord} of ${options.officials} on ${calendarDayOf(thePlan, Date.now())}): give a longer --day-ms`,
      );
    else if (Date.now() > thePlan.window.fromMs)
      log(`simulate: the import took into the year (${calendarDayOf(thePlan, Date.now())})`);

    // The year.
    const yearOver = thePlan.window.toMs + TAIL_DAYS * options.dayMs;
    const facts = await recordFactsOnSchedule(
      bench,
      planned,
      (index) => region.official(index),
      () => Date.now() > yearOver,
    );
    await sleepUntil(yearOver);
    await actors.stop();
    if (actors.dropped) log(`simulate: ${actors.dropped} tasks were still waiting for a caller`);
    const yearWallSeconds = round((Date.now() - thePlan.window.fromMs) / 1000);
    log(`simulate: the year is over (${calendarDayOf(thePlan, Date.now())})`);

    // The figures, from the record alone; the audit.
    const figures = await figuresFromRecord(servers.pool, thePlan.year, thePlan.window);
    const audit = await auditDecisions(servers.pool, recorder);
    const result: SimulationResult = {
      startedAt: startedAt.toISOString(),
      config: {
        ...options,
        leadDays: thePlan.leadDays,
        importDay: dateKeyOf(thePlan.importDay),
        policyVersion: policy!.version,
      },
      figures,
      table: figureRows(figures),
      import: {
        checkSeconds: round(checkSeconds),
        seconds: round(imported.seconds),
        started: imported.progress.rowsStarted,
        failed: imported.progress.rowsFailed,
        onRecordSeconds: round(onRecordSeconds),
      },
      facts,
      correctness: {
        ...audit,
        failures: recorder.failures,
        failureExamples: recorder.failureExamples,
      },
      window: {
        from: new Date(thePlan.window.fromMs).toISOString(),
        to: new Date(thePlan.window.toMs).toISOString(),
      },
      wallSeconds: round((Date.now() - startedAt.getTime()) / 1000),
      yearWallSeconds,
    };
    await hooks.beforeStop?.(servers.pool, result);
    return result;
  } finally {
    await children?.stop();
    await servers.stop();
  }
}
