// As many terms again, nominated and closed at once (a screening body objects
// at vetting and the county ends the nomination on it), so that the inbox is
// then listed with closed terms on record.
import type { Bench } from '../context.js';
import type { ProductDriver } from '../drive/product.js';
import {
  assignedScreeningBody,
  decideOverApi,
  openTasksOf,
  waitForOpenTask,
} from '../drive/tasks.js';
import { forEachConcurrent, sleep } from '../lib.js';
import { countyOrg, screeningBody, type Official } from '../region.js';

const CLOSE_WAIT_POLLS = 600;
const CLOSE_WAIT_PAUSE_MS = 500;

/** Officials numbered after the driven cohort; returns once their terms are closed on record (or 5 minutes passed). */
export async function nominateAndReject(
  bench: Bench,
  product: ProductDriver,
  closedCohort: Official[],
): Promise<void> {
  await forEachConcurrent(closedCohort, bench.options.startCallers, async (official) => {
    const ms = await product.start(official);
    if (ms === undefined) return;
    const request = (await openTasksOf(bench.pool, official.termId)).find(
      (task) => task.kind === 'vetting_reply',
    );
    if (!request) return bench.recorder.fail(`${official.id}: no vetting task`);
    await decideOverApi(
      bench,
      official,
      request,
      screeningBody(official, await assignedScreeningBody(bench.pool, request.id)),
      { decision: 'reject', comment: 'on file' },
      'domain.closed.decide',
    );
    // The body advises; the county decides on its objection.
    const objection = await waitForOpenTask(
      bench,
      official,
      (task) => task.kind === 'decide_objection',
      'decide_objection',
    );
    if (!objection) return;
    await decideOverApi(
      bench,
      official,
      objection,
      countyOrg(official),
      { decision: 'end_nomination', comment: 'the objection stands' },
      'domain.closed.decide',
    );
  });
  const closedTerms = async () =>
    (
      await bench.pool.query<{ n: number }>(
        "SELECT count(*) AS n FROM officials WHERE stage = 'rejected' AND closed_at IS NOT NULL",
      )
    ).rows[0]!.n;
  for (let poll = 0; poll < CLOSE_WAIT_POLLS && (await closedTerms()) < closedCohort.length; poll++)
    await sleep(CLOSE_WAIT_PAUSE_MS);
}
