// Onboarding: nomination (or a bare start), three vetting replies, dispatch
// approval and pre-dispatch training, after which the official's year starts.
//
// The first batch goes phase by phase with nothing else of this driver
// running, and each phase is measured alone: starts at 20 callers, then the
// vetting replies at 1 caller (for the product also the same Update sent
// straight to the workflow) and at 10. Then, after `afterFirstBatch`, the rest
// onboard one official at a time per caller while the earlier officials' years
// run, so that no request waits past its deadline.
import { performance } from 'node:perf_hooks';
import type { Bench } from '../context.js';
import type { OfficialDriver, VettingReply } from '../drive/official-driver.js';
import { forEachConcurrent, log, round } from '../lib.js';
import type { Official } from '../region.js';
import type { SimulatedYear } from './year.js';

export interface OnboardingFigures {
  startsPerSecond: { firstBatch: number; onboardedPerSecondAfter: number };
  onboardSeconds: number;
}

const PROGRESS_EVERY = 500;

export async function onboard(
  bench: Bench,
  driver: OfficialDriver,
  cohort: Official[],
  year: SimulatedYear,
  afterFirstBatch: () => Promise<void>,
): Promise<OnboardingFigures> {
  const onboardingStarted = Date.now();
  const firstBatch = cohort.slice(0, bench.options.batch);
  const firstBatchStartsPerSecond = await measureFirstBatch(bench, driver, firstBatch, year);
  log(`${driver.name}: ${firstBatch.length}/${cohort.length} on duty`);
  await afterFirstBatch();

  const rest = cohort.slice(firstBatch.length);
  const restStarted = performance.now();
  let onDuty = firstBatch.length;
  await forEachConcurrent(rest, bench.options.decideCallers, async (official) => {
    const ms = await driver.start(official);
    if (ms === undefined) return;
    bench.recorder.time(`${driver.name}.start.pipelined`, ms);
    for (const reply of await driver.vettingReplies(official))
      await reply(`${driver.name}.onboard.vet`);
    await driver.approveDispatch(official);
    await driver.recordPreDispatchTraining(official);
    year.dispatch(official);
    if (++onDuty % PROGRESS_EVERY === 0) log(`${driver.name}: ${onDuty}/${cohort.length} on duty`);
  });
  const restSeconds = (performance.now() - restStarted) / 1000;
  const onboardSeconds = (Date.now() - onboardingStarted) / 1000;
  log(`${driver.name}: onboarding took ${onboardSeconds.toFixed(0)} s; the year runs`);
  return {
    startsPerSecond: {
      firstBatch: firstBatchStartsPerSecond,
      onboardedPerSecondAfter: rest.length ? round(rest.length / restSeconds) : NaN,
    },
    onboardSeconds: round(onboardSeconds),
  };
}

/** The first batch, phase by phase, each a CPU phase of its own; returns its starts per second. */
async function measureFirstBatch(
  bench: Bench,
  driver: OfficialDriver,
  batch: Official[],
  year: SimulatedYear,
): Promise<number> {
  const { options, recorder, cpu } = bench;
  const name = driver.name;

  const startsBegan = performance.now();
  await forEachConcurrent(batch, options.startCallers, async (official) => {
    const ms = await driver.start(official);
    if (ms !== undefined) recorder.time(`${name}.start`, ms);
  });
  const startSeconds = (performance.now() - startsBegan) / 1000;
  cpu.end(`${name}.starts.firstBatch`);

  const replies: VettingReply[] = [];
  await forEachConcurrent(batch, options.decideCallers, async (official) => {
    replies.push(...(await driver.vettingReplies(official)));
  });
  const sendEach = (label: string, direct?: boolean) => async (reply: VettingReply) => {
    await reply(label, direct);
  };
  cpu.restart();
  await forEachConcurrent(replies.slice(0, options.probeC1), 1, sendEach(`${name}.decide.c1`));
  cpu.end(`${name}.decide.c1`);
  let tenCallersFrom = options.probeC1;
  if (name === 'domain') {
    tenCallersFrom = options.probeC1 + options.probeDirect;
    await forEachConcurrent(
      replies.slice(options.probeC1, tenCallersFrom),
      1,
      sendEach('domain.decide.c1.direct', true),
    );
    cpu.end('domain.decide.c1.direct');
  }
  await forEachConcurrent(
    replies.slice(tenCallersFrom),
    options.decideCallers,
    sendEach(`${name}.decide.c10`),
  );
  cpu.end(`${name}.decide.c10`);

  await forEachConcurrent(batch, options.decideCallers, async (official) => {
    await driver.approveDispatch(official);
  });
  await forEachConcurrent(batch, options.decideCallers, async (official) => {
    await driver.recordPreDispatchTraining(official);
    year.dispatch(official);
  });
  return round(batch.length / startSeconds);
}

export interface DriverAndYear {
  driver: OfficialDriver;
  year: SimulatedYear;
}

/**
 * The bare baseline's first batch, then the product's, each measured alone
 * (starts, round trips at 1 and 10 callers); then both onboard the rest and
 * run their years side by side, which halves the wall time of the run on a
 * shared machine. Ends the CPU phase `both.onboard.rest`.
 */
export async function onboardBaselineThenProduct(
  bench: Bench,
  baseline: DriverAndYear,
  product: DriverAndYear,
  cohort: Official[],
): Promise<[baseline: OnboardingFigures, product: OnboardingFigures]> {
  let baselineFirstBatchDone!: () => void;
  const baselineFirstBatch = new Promise<void>((done) => (baselineFirstBatchDone = done));
  let releaseTheRest!: () => void;
  const restMayGo = new Promise<void>((release) => (releaseTheRest = release));
  bench.cpu.restart();
  const baselineOnboarding = onboard(bench, baseline.driver, cohort, baseline.year, async () => {
    baselineFirstBatchDone();
    await restMayGo;
  });
  // (A baseline that fails before its first batch is done fails the run here.)
  await Promise.race([baselineFirstBatch, baselineOnboarding]);
  const productOnboarding = onboard(bench, product.driver, cohort, product.year, async () => {
    bench.cpu.restart();
    releaseTheRest();
  });
  const figures = await Promise.all([baselineOnboarding, productOnboarding]);
  bench.cpu.end('both.onboard.rest');
  return figures;
}
