// How a term's changes reach the system of record: numbered batches, written
// one at a time, in order, by an activity that only committed history can
// schedule; a batch the database refuses blocks the term until an
// administrator's retry. Workflow code (deterministic), used by termWorkflow.
import {
  ActivityFailure,
  ApplicationFailure,
  TimeoutFailure,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
} from '@temporalio/workflow';
import {
  mergeBatches,
  RECORD_REJECTED,
  type RecordBatch,
  type RecordIncident,
} from '../domain/records.js';
import { refuse } from './refusals.js';
import type { TermState } from './term-state.js';
import type { RecordCheck } from './views.js';

/** What the record writer asks of the outside world; activities/record.ts implements it. */
export interface RecordActivities {
  applyRecordBatch(batch: RecordBatch): Promise<void>;
  reportRecordIncident(incident: RecordIncident): Promise<void>;
}

// The system of record must follow every change, so its writes retry without
// end (a database outage stalls the term, never skips a write), except for a
// batch the database refuses as data ('record_rejected'): retrying cannot mend
// that, so the term stops and asks for an operator instead.
//
// A regular activity, not a local one: it is scheduled by a command of a
// completed workflow task, so its input is in committed history and a task
// attempt that is discarded (a worker killed, a task timed out, a speculative
// Update task dropped) has written nothing. A local activity runs inside the
// attempt, before the attempt's history is committed: a discarded attempt could
// leave a batch the retried one never made (issue 15). Eager dispatch hands the
// activity back to this worker in the task's completion, without a poll.
const recordAfterCommit = proxyActivities<Pick<RecordActivities, 'applyRecordBatch'>>({
  // A write takes milliseconds; one lost with its worker is retried soon.
  startToCloseTimeout: '10 seconds',
  // Bounded so that no timer outlives the write by years (the time-skipping
  // test server jumps to such stale timers); the workflow schedules the same
  // batch again after it, so an outage of any length only stalls the term.
  scheduleToCloseTimeout: '1 hour',
  retry: {
    initialInterval: '200 ms',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [RECORD_REJECTED],
  },
});

/** Histories recorded before RECORD_AFTER_COMMIT replay their local-activity writes. */
const recordInTask = proxyLocalActivities<Pick<RecordActivities, 'applyRecordBatch'>>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '200 ms', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// Telling the record that a term needs an operator: short retries, for ever.
const incidents = proxyActivities<Pick<RecordActivities, 'reportRecordIncident'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * patched() marker: record batches are written by a regular activity, after
 * the workflow task that made them commits, instead of a local activity
 * inside it.
 */
const RECORD_AFTER_COMMIT = 'record-after-commit';

export class RecordWriter {
  /** The last batch the record confirmed. */
  writtenBatchSeq: number;
  /** A write under way. */
  writing = false;
  /** Set when the record refused a batch: nothing more is written until an administrator retries. */
  blocked: { batch: RecordBatch; problem: string; at: number } | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly term: TermState,
    private readonly termId: string,
    /** Where background work goes, so that the workflow waits for it before it ends. */
    private readonly background: Promise<unknown>[],
  ) {
    this.writtenBatchSeq = term.data.seq.batch;
  }

  /** Writes pending changes to the system of record, in order, one batch at a time. */
  flush(): Promise<void> {
    return this.enqueue(() => {
      if (this.blocked) return undefined; // kept in state; written with the retry
      return this.term.takeBatch() ?? undefined;
    });
  }

  /** The administrator's retry: the refused batch, with everything since, written again. */
  async retry(): Promise<void> {
    const stuck = this.blocked!;
    this.blocked = undefined;
    await this.enqueue(() => {
      const since = this.term.takeBatch();
      return {
        ...(since ? mergeBatches(stuck.batch, since) : stuck.batch),
        resolvesIncident: true,
      };
    });
    this.requireOpen();
  }

  /** Refuses any new change while the record cannot follow the term. */
  requireOpen(): void {
    if (this.blocked)
      refuse(
        'record_blocked',
        `this term's record could not be written (${this.blocked.problem}); an administrator must retry it`,
      );
  }

  /** The writer's part of what reconciliation compares. */
  check(): Pick<RecordCheck, 'writtenBatchSeq' | 'writing' | 'blocked'> {
    const blocked = this.blocked;
    return {
      writtenBatchSeq: this.writtenBatchSeq,
      writing: this.writing,
      ...(blocked
        ? { blocked: { batchSeq: blocked.batch.seq, problem: blocked.problem, at: blocked.at } }
        : {}),
    };
  }

  private enqueue(nextBatch: () => RecordBatch | undefined): Promise<void> {
    this.queue = this.queue.then(async () => {
      const batch = nextBatch();
      if (!batch) return;
      this.writing = true;
      try {
        await this.write(batch);
        if (!this.blocked) this.writtenBatchSeq = batch.seq;
      } finally {
        this.writing = false;
      }
    });
    return this.queue;
  }

  private async write(batch: RecordBatch): Promise<void> {
    if (!patched(RECORD_AFTER_COMMIT)) return recordInTask.applyRecordBatch(batch);
    try {
      for (;;) {
        try {
          await recordAfterCommit.applyRecordBatch(batch);
          return;
        } catch (err) {
          // An hour of failed attempts (the database down): the same batch again.
          if (!(err instanceof ActivityFailure && err.cause instanceof TimeoutFailure)) throw err;
        }
      }
    } catch (err) {
      const cause = err instanceof ActivityFailure ? err.cause : err;
      if (!(cause instanceof ApplicationFailure && cause.type === RECORD_REJECTED)) throw err;
      this.blocked = { batch, problem: cause.message, at: Date.now() };
      log.error('record write refused: the term waits for an operator', {
        termId: this.termId,
        batchSeq: batch.seq,
        problem: cause.message,
      });
      this.background.push(
        incidents.reportRecordIncident({
          termId: this.termId,
          officialId: this.term.data.profile.officialId,
          county: this.term.county,
          village: this.term.data.profile.village,
          batchSeq: batch.seq,
          problem: cause.message,
          at: this.blocked.at,
        }),
      );
    }
  }
}
