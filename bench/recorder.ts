// What the driver observes as it goes: round-trip times by label, failed
// calls, retries, and every decision and fact the system acknowledged (the
// audit later looks each of them up in the record).
import { log, summarize, type Summary } from './lib.js';

export type FactKind = 'trained' | 'health_checked';

/** The log action an acknowledged decision must have left; 'bare' for the baseline's. */
export type ExpectedAction = string;

const FAILURE_EXAMPLES = 30;

export class Recorder {
  private readonly latencies = new Map<string, number[]>();
  failures = 0;
  readonly failureExamples: string[] = [];
  /** HTTP calls retried after a 5xx or an Idempotency-Key still in progress. */
  httpRetries = 0;
  /** Decisions that landed although their first answer was an error: the retry heard "already decided". */
  appliedThenErrored = 0;
  /** Updates to the bare workflow the server gave up on, retried as a client would. */
  transientUpdateErrors = 0;
  /** Task id (or bare workflow id/step) → the log action expected for it. */
  readonly acknowledgedDecisions = new Map<string, ExpectedAction>();
  readonly acknowledgedFacts: { officialId: string; fact: FactKind }[] = [];

  time(label: string, ms: number): void {
    let times = this.latencies.get(label);
    if (!times) this.latencies.set(label, (times = []));
    times.push(ms);
  }

  latency(label: string): Summary {
    return summarize(this.latencies.get(label) ?? []);
  }

  fail(what: string): void {
    this.failures++;
    if (this.failureExamples.length < FAILURE_EXAMPLES) this.failureExamples.push(what);
    log(`FAILURE ${what}`);
  }
}
