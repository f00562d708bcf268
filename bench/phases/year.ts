// Each official's simulated year, from the day they are dispatched: eleven
// month-end attendance closes, the county training just after its first
// reminder (day 335), the health check (day 340), the twelfth close, the
// self-report and the rating. Every official's year runs on its own clock;
// decisions share one set of callers per driver.
import type { Bench } from '../context.js';
import type { OfficialDriver } from '../drive/official-driver.js';
import { Semaphore, log, round, sleep, summarize, type Summary } from '../lib.js';
import type { Official } from '../region.js';
import { historySize, type HistorySize } from './history.js';
import type { OnboardingFigures } from './onboarding.js';

/** Just after the month's end, so that its timer has fired. */
const AFTER_MONTH_END_MS = 20;
/** The training and health due-30d reminders fall on day 330 (month 11's end); both facts come after them. */
const TRAINING_DAY = 335;
const HEALTH_CHECK_DAY = 340;

/** One driver's figures: how fast its officials came on duty, how their year went, what it left in history. */
export interface DriverFigures extends OnboardingFigures {
  year: {
    wallSeconds: number;
    idealSeconds: number;
    firstDispatchToLastRatingSeconds: number;
    lateAfterYearEndSeconds: Summary;
    monthLatenessMs: Summary;
  };
  history: { historyLength: Summary; stateTransitionCount: Summary; sampled: number };
}

export class SimulatedYear {
  private readonly dispatchedAt = new Map<number, number>();
  private readonly ratedAt = new Map<number, number>();
  private readonly monthLateness: number[] = [];
  private readonly histories: HistorySize[] = [];
  private readonly years: Promise<void>[] = [];
  private readonly callers: Semaphore;

  constructor(
    private readonly bench: Bench,
    private readonly driver: OfficialDriver,
  ) {
    this.callers = new Semaphore(bench.options.decideCallers);
  }

  /** The official is on duty: their year starts now. */
  dispatch(official: Official): void {
    const dispatchedAt = Date.now();
    this.dispatchedAt.set(official.index, dispatchedAt);
    this.years.push(this.runYearOf(official, dispatchedAt));
  }

  private async runYearOf(official: Official, dispatchedAt: number): Promise<void> {
    const { monthMs, dayMs, historySampleEvery } = this.bench.options;
    const { driver, callers, monthLateness } = this;
    const monthEnd = (month: number) => dispatchedAt + month * monthMs;
    for (let month = 1; month <= 11; month++) {
      await sleepUntil(monthEnd(month) + AFTER_MONTH_END_MS);
      await driver.closeMonth(official, month, monthEnd(month), callers, monthLateness);
    }
    // After the first reminder (due-30d falls on month 11's end), before the second.
    await sleepUntil(dispatchedAt + TRAINING_DAY * dayMs);
    await driver.recordFact(official, 'training', callers);
    await sleepUntil(dispatchedAt + HEALTH_CHECK_DAY * dayMs);
    await driver.recordFact(official, 'health', callers);
    await sleepUntil(monthEnd(12) + AFTER_MONTH_END_MS);
    await driver.closeMonth(official, 12, monthEnd(12), callers, monthLateness);
    await driver.selfReportAndRating(official, callers);
    this.ratedAt.set(official.index, Date.now());
    if (official.index % historySampleEvery === 0)
      this.histories.push(await historySize(this.bench.client, driver.workflowId(official)));
  }

  /**
   * Waits until every official's year is done, while `duringYear` runs (it is
   * told when the years are over), and returns the driver's figures.
   */
  async finish(
    onboarding: OnboardingFigures,
    duringYear?: (yearsOver: () => boolean) => Promise<void>,
  ): Promise<DriverFigures> {
    let over = false;
    const alongside = duringYear?.(() => over);
    await Promise.all(this.years);
    over = true;
    await alongside;
    log(`${this.driver.name}: every official's year is done`);
    const { monthMs } = this.bench.options;
    const firstDispatch = Math.min(...this.dispatchedAt.values());
    const lastDispatch = Math.max(...this.dispatchedAt.values());
    const lastRating = Math.max(...this.ratedAt.values());
    const behindAtYearEnd = [...this.ratedAt.entries()].map(
      ([index, ratedAt]) => (ratedAt - (this.dispatchedAt.get(index)! + 12 * monthMs)) / 1000,
    );
    return {
      ...onboarding,
      year: {
        wallSeconds: round((lastRating - firstDispatch) / 1000),
        idealSeconds: round((lastDispatch - firstDispatch + 12 * monthMs) / 1000),
        firstDispatchToLastRatingSeconds: round((lastRating - firstDispatch) / 1000),
        lateAfterYearEndSeconds: summarize(behindAtYearEnd),
        monthLatenessMs: summarize(this.monthLateness),
      },
      history: {
        historyLength: summarize(this.histories.map((h) => h.historyLength)),
        stateTransitionCount: summarize(this.histories.map((h) => h.stateTransitionCount)),
        sampled: this.histories.length,
      },
    };
  }
}

const sleepUntil = (at: number) => sleep(Math.max(0, at - Date.now()));
