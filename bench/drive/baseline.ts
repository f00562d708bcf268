// The bare baseline (bench/bare-workflow.ts), driven by direct client calls:
// one start and 21 Updates an official, the same steps the product takes.
import { performance } from 'node:perf_hooks';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { BARE_TASK_QUEUE, bareDecide, bareWorkflowId, type BareInput } from '../bare-workflow.js';
import type { Bench } from '../context.js';
import { Semaphore, sleep } from '../lib.js';
import type { Official } from '../region.js';
import type { OfficialDriver, VettingReply } from './official-driver.js';

/** A step not yet due (its month's timer has not fired) is asked again this often, for at most 10 minutes. */
const NOT_DUE_PAUSE_MS = 100;
const NOT_DUE_ATTEMPTS = 6_000;
/** Updates the server gave up on (a workflow task timed out on the loaded machine) are retried this often. */
const TRANSIENT_ATTEMPTS = 10;

const noLimit = new Semaphore(1_000_000);

type UpdateOutcome = 'applied' | 'ask_again' | 'failed';

export class BaselineDriver implements OfficialDriver {
  readonly name = 'bare';
  private readonly input: BareInput;

  constructor(private readonly bench: Bench) {
    this.input = { monthMs: bench.options.monthMs, months: 12, remindAtMonth: 11, reminders: 2 };
  }

  async start(official: Official): Promise<number | undefined> {
    const sentAt = performance.now();
    try {
      await this.bench.client.workflow.start('bareTermWorkflow', {
        workflowId: bareWorkflowId(official.index),
        taskQueue: BARE_TASK_QUEUE,
        args: [this.input],
      });
      return performance.now() - sentAt;
    } catch (err) {
      this.bench.recorder.fail(`bare ${official.index} start: ${(err as Error).message}`);
      return undefined;
    }
  }

  async vettingReplies(official: Official): Promise<VettingReply[]> {
    return [0, 1, 2].map(
      (request) => (label: string) => this.decide(official, `vet:${request}`, label),
    );
  }

  approveDispatch(official: Official): Promise<boolean> {
    return this.decide(official, 'approve', 'bare.onboard.decide');
  }

  recordPreDispatchTraining(official: Official): Promise<boolean> {
    return this.decide(official, 'train', 'bare.onboard.decide');
  }

  async closeMonth(
    official: Official,
    month: number,
    dueAt: number,
    callers: Semaphore,
    lateness: number[],
  ): Promise<void> {
    await this.decide(official, `month:${month}`, 'bare.year.decide', callers, (sentAt) =>
      lateness.push(sentAt - dueAt),
    );
  }

  recordFact(official: Official, fact: 'training' | 'health', callers: Semaphore) {
    return this.decide(official, fact, 'bare.year.fact', callers);
  }

  async selfReportAndRating(official: Official, callers: Semaphore): Promise<void> {
    await this.decide(official, 'self', 'bare.year.decide', callers);
    await this.decide(official, 'rate', 'bare.year.decide', callers);
  }

  workflowId(official: Official): string {
    return bareWorkflowId(official.index);
  }

  /**
   * One step as an Update, timed under `label`, with at most `callers` in
   * flight; a step not yet due is asked again outside the callers' semaphore.
   * Whether it was applied.
   */
  private async decide(
    official: Official,
    step: string,
    label: string,
    callers: Semaphore = noLimit,
    onSent?: (sentAt: number) => void,
  ): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await callers.run(() =>
        this.tryUpdate(official, step, label, attempt, onSent),
      );
      if (outcome !== 'ask_again') return outcome === 'applied';
      await sleep(NOT_DUE_PAUSE_MS);
    }
  }

  private async tryUpdate(
    official: Official,
    step: string,
    label: string,
    attempt: number,
    onSent?: (sentAt: number) => void,
  ): Promise<UpdateOutcome> {
    const { recorder } = this.bench;
    const workflowId = bareWorkflowId(official.index);
    const sentAt = performance.now();
    try {
      const sentAtWall = Date.now();
      await this.bench.client.workflow
        .getHandle(workflowId)
        .executeUpdate(bareDecide, { args: [{ step }] });
      recorder.time(label, performance.now() - sentAt);
      onSent?.(sentAtWall);
      recorder.acknowledgedDecisions.set(`${workflowId}/${step}`, 'bare');
      return 'applied';
    } catch (err) {
      const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
      if (
        cause instanceof ApplicationFailure &&
        cause.type === 'not_due' &&
        attempt < NOT_DUE_ATTEMPTS
      )
        return 'ask_again';
      // Applied by an attempt whose answer was lost: the retry is refused as a repeat.
      if (cause instanceof ApplicationFailure && cause.type === 'already_decided' && attempt > 0) {
        recorder.appliedThenErrored++;
        recorder.acknowledgedDecisions.set(`${workflowId}/${step}`, 'bare');
        return 'applied';
      }
      // The server gave up on the Update (a workflow task timed out on the loaded machine): retry, as a client would.
      if (!(err instanceof WorkflowUpdateFailedError) && attempt < TRANSIENT_ATTEMPTS) {
        recorder.transientUpdateErrors++;
        return 'ask_again';
      }
      const why =
        (err as Error).cause instanceof Error ? `: ${((err as Error).cause as Error).message}` : '';
      recorder.fail(`bare ${official.index} ${step}: ${(err as Error).message}${why}`);
      return 'failed';
    }
  }
}
