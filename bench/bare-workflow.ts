// The baseline: a bare Temporal workflow that takes the same messages as one
// official's term in the benchmark (one start, 21 Updates, 12 month timers, a
// record activity per change, scheduled after the task commits as the term's
// is, two reminder activities and one enrolment activity a year) and does
// nothing else: no rules, no record, no mail.
// The difference between it and termWorkflow is what the product costs.
import {
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';

export const BARE_TASK_QUEUE = 'zhucun-bench-bare-v1';
export const bareWorkflowId = (i: number) => `bare-${i}`;

export interface BareInput {
  monthMs: number;
  months: number;
  /** Month whose end also sends the reminders (the term's training and health due-30d rungs). */
  remindAtMonth: number;
  reminders: number;
}

export interface BareCounts {
  updates: number;
  localActivities: number;
  activities: number;
  timers: number;
  decided: string[];
  monthsFired: number;
}

/** One step of the script: vet:0..2, approve, train, month:1..12, training, health, self, rate. */
export const bareDecide = defineUpdate<{ ok: true; step: string }, [{ step: string }]>(
  'bareDecide',
);
export const bareCounts = defineQuery<BareCounts>('bareCounts');

export interface BareActivities {
  record(step: string): Promise<void>;
  remind(key: string): Promise<void>;
  enrol(year: number): Promise<void>;
}

// Same timeouts and retry shapes as the term's proxies, so that the commands
// match: the write of each change is a regular activity, as the term's record
// write is (it must only run for committed history).
const local = proxyActivities<Pick<BareActivities, 'record'>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 ms', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
const remote = proxyActivities<Pick<BareActivities, 'remind' | 'enrol'>>({
  startToCloseTimeout: '1 minute',
});

export async function bareTermWorkflow(input: BareInput): Promise<void> {
  const decided = new Set<string>();
  const counts: BareCounts = {
    updates: 0,
    localActivities: 0,
    activities: 0,
    timers: 0,
    decided: [],
    monthsFired: 0,
  };
  let dispatchedAt: number | undefined;

  const record = async (step: string) => {
    await local.record(step);
    counts.localActivities++;
  };

  setHandler(
    bareDecide,
    async ({ step }) => {
      decided.add(step);
      counts.updates++;
      if (step === 'train') dispatchedAt = Date.now();
      await record(step);
      return { ok: true as const, step };
    },
    {
      validator: ({ step }) => {
        // Only a repeat is refused. The driver sends each step at its due time; checking
        // that the month's timer fired would make it poll Temporal, which the product's
        // driver does not do (it reads the task from PostgreSQL).
        if (decided.has(step))
          throw ApplicationFailure.nonRetryable(`${step} already decided`, 'already_decided');
      },
    },
  );
  setHandler(bareCounts, () => ({ ...counts, decided: [...decided] }));

  await record('start');
  await condition(() => dispatchedAt !== undefined);
  for (let m = 1; m <= input.months; m++) {
    await sleep(Math.max(dispatchedAt! + m * input.monthMs - Date.now(), 1));
    counts.timers++;
    counts.monthsFired = m;
    await record(`month:${m}`);
    if (m === input.remindAtMonth) {
      await Promise.all(Array.from({ length: input.reminders }, (_, i) => remote.remind(`r${i}`)));
      counts.activities += input.reminders;
    }
    if (m === input.months) {
      await remote.enrol(1);
      counts.activities++;
    }
  }
  // Like a term after its first year: still running, waiting for what comes next.
  await condition(() => false);
}
