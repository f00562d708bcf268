// What the benchmark does for one official, the same steps for the product
// (over its HTTP API) and for the bare baseline (Updates from a client), so
// that each phase drives both through one skeleton.
import type { Semaphore } from '../lib.js';
import type { Official } from '../region.js';

/** A vetting reply, timed under `label`; `direct`: the Update sent straight to the workflow, not over HTTP. */
export type VettingReply = (label: string, direct?: boolean) => Promise<unknown>;

export interface OfficialDriver {
  /** Names the driver's figures: `${name}.start`, `${name}.decide.c1`, … */
  name: 'bare' | 'domain';
  /** Starts the official's term; the round trip in ms, or undefined when it failed. */
  start(official: Official): Promise<number | undefined>;
  /** The three vetting replies, once the requests are open. */
  vettingReplies(official: Official): Promise<VettingReply[]>;
  approveDispatch(official: Official): Promise<unknown>;
  recordPreDispatchTraining(official: Official): Promise<unknown>;
  /**
   * Closes month `month`'s attendance once it is due, with at most `callers`
   * decisions in flight; adds to `lateness` how long after the month's end
   * (`dueAt`) the decision went out.
   */
  closeMonth(
    official: Official,
    month: number,
    dueAt: number,
    callers: Semaphore,
    lateness: number[],
  ): Promise<unknown>;
  /** The year's county training or health check, recorded as a fact. */
  recordFact(official: Official, fact: 'training' | 'health', callers: Semaphore): Promise<unknown>;
  /** The official's self-report, then the county's rating: the year's last two decisions. */
  selfReportAndRating(official: Official, callers: Semaphore): Promise<unknown>;
  /** The workflow whose history stands for the official's year. */
  workflowId(official: Official): string;
}
