// The year's facts as their bodies record them, each at its planned instant:
// the township records the county trainings an official attends, the county
// records the yearly health check (unfit for a few: the workflow opens their
// reassignment case). A fact for an official who has left (recalled) is
// refused by the workflow and not recorded: the record says what happened.
import type { Bench } from '../context.js';
import { log, Semaphore, sleep } from '../lib.js';
import { countyOrg, townshipOffice, type Official } from '../region.js';
import type { PlannedFact } from './plan.js';

const REFUSED_OFF_POST = new Set(['wrong_stage', 'term_closed']);

export interface FactCounts {
  recorded: number;
  /** Refused because the official was no longer on post. */
  offPost: number;
  /** Left unsent because the year ended before a caller was free. */
  unsent: number;
  /** How late after its planned instant the latest fact went out, in ms. */
  maxLatenessMs: number;
}

export async function recordFactsOnSchedule(
  bench: Bench,
  facts: readonly PlannedFact[],
  officialOf: (index: number) => Official,
  isStopped: () => boolean,
): Promise<FactCounts> {
  const callers = new Semaphore(bench.options.decideCallers);
  const counts: FactCounts = { recorded: 0, offPost: 0, unsent: 0, maxLatenessMs: 0 };
  const sent: Promise<void>[] = [];
  for (const fact of facts) {
    while (Date.now() < fact.atMs && !isStopped())
      await sleep(Math.min(250, fact.atMs - Date.now()));
    if (isStopped()) break;
    sent.push(
      callers.run(async () => {
        // The year ended while it waited for a caller: nobody records it any more.
        if (isStopped()) return void counts.unsent++;
        counts.maxLatenessMs = Math.max(counts.maxLatenessMs, Date.now() - fact.atMs);
        await recordFact(bench, officialOf(fact.officialIndex), fact, counts);
      }),
    );
  }
  await Promise.all(sent);
  log(
    `simulate: ${counts.recorded} facts recorded, ${counts.offPost} refused off post, ${counts.unsent} left unsent at the year's end; latest ${Math.round(counts.maxLatenessMs)} ms late`,
  );
  return counts;
}

async function recordFact(
  bench: Bench,
  official: Official,
  fact: PlannedFact,
  counts: FactCounts,
): Promise<void> {
  const training = fact.kind === 'training';
  const reply = await bench.api.call(
    'POST',
    `/api/officials/${official.id}/${training ? 'trainings' : 'health-checks'}`,
    training ? townshipOffice(official) : countyOrg(official),
    training
      ? { kind: 'county', title: `County-level training ${fact.nth + 1} on rural revitalization` }
      : {
          fit: fact.fit ?? true,
          note: fact.fit === false ? 'unfit for village work' : 'yearly check-up',
        },
    `${fact.kind}:${official.id}:${fact.nth}`,
  );
  if (reply.status === 200) {
    counts.recorded++;
    bench.recorder.time('simulate.fact', reply.ms);
    bench.recorder.acknowledgedFacts.push({
      officialId: official.id,
      fact: training ? 'trained' : 'health_checked',
    });
    return;
  }
  if (REFUSED_OFF_POST.has(reply.body?.error?.code)) {
    counts.offPost++;
    return;
  }
  bench.recorder.fail(
    `${official.id} ${fact.kind}: HTTP ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`,
  );
}
