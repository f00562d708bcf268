// The region's bodies at work through the simulated year: every open task on
// the record is decided over the HTTP API by the body it is assigned to, as
// each would find it in its inbox. The township closes each month's
// attendance, the official self-reports, the county rates (outstanding for at
// most a quarter of each county's officials, as its quota allows) and replies
// to recall requests, the dispatching unit nominates a successor for the same
// village, the screening bodies reply to its vetting, the county dispatches
// it, and both officials sign the hand-over.
import type { Actor, ScreeningBody } from '../../domain/actors.js';
import { HANDOVER_ITEMS } from '../../domain/records.js';
import { termWorkflowId } from '../../workflows/messages.js';
import type { Bench } from '../context.js';
import type { ProductDriver } from '../drive/product.js';
import { ATTENDANCE_KEPT, decideOverApi, EXPECTED_ACTION, type OpenTask } from '../drive/tasks.js';
import { log, Semaphore, sleep } from '../lib.js';
import {
  countyOrg,
  dispatchingUnit,
  screeningBody,
  townshipOffice,
  type Official,
} from '../region.js';
import { OUTSTANDING_TARGET } from './plan.js';
import { NEXT_YEAR_SUCCESSION_ASK } from './figures.js';

interface InboxTask extends OpenTask {
  official_id: string;
  county: string;
  case_id: string | null;
  assignee_body: ScreeningBody | null;
  assignee_actor_id: string | null;
}

/** Who decides a task of each kind that needs nothing but an answer, and how. */
const PLAIN_DECISIONS: Record<
  string,
  (official: Official, task: InboxTask) => { as: Actor; body: Record<string, unknown> }
> = {
  close_attendance: (official) => ({ as: townshipOffice(official), body: ATTENDANCE_KEPT }),
  self_report: (official) => ({
    as: official.actor,
    body: { decision: 'approve', comment: '', report: 'Resident all year; projects on schedule.' },
  }),
  recall_reply: (official) => ({
    as: countyOrg(official),
    body: { decision: 'approve', comment: 'recall approved on health grounds' },
  }),
  vetting_reply: (official, task) => ({
    as: screeningBody(official, task.assignee_body!),
    body: { decision: 'approve', comment: 'nothing on file' },
  }),
  approve_dispatch: (official) => ({
    as: countyOrg(official),
    body: { decision: 'approve', comment: 'successor ready for the village' },
  }),
  record_pre_dispatch_training: (official) => ({
    as: countyOrg(official),
    body: { decision: 'approve', comment: 'pre-dispatch training, 5 days' },
  }),
};

/** Kinds no body of the simulation decides (they do not arise in its year). */
const UNHANDLED = new Set<string>();

export class RegionActors {
  /** Tasks decided (or being decided): never sent twice. */
  private readonly taken = new Set<string>();
  private readonly officials = new Map<string, Official>();
  /** Per county: officials rated, and rated outstanding, by this county's department. */
  private readonly ratings = new Map<string, { rated: number; outstanding: number }>();
  private readonly callers: Semaphore;
  private readonly inFlight = new Set<Promise<void>>();
  private successors = 0;
  private stopped = false;
  /** Tasks taken but left undecided because the year ended first. */
  dropped = 0;
  private loop?: Promise<void>;

  constructor(
    private readonly bench: Bench,
    private readonly driver: ProductDriver,
    cohort: readonly Official[],
    private readonly pollMs: number,
  ) {
    for (const official of cohort) this.officials.set(official.id, official);
    this.callers = new Semaphore(bench.options.decideCallers);
  }

  start(): void {
    this.loop = this.run();
  }

  /** Stops looking at the inbox and waits for the decisions under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    await Promise.all(this.inFlight);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      // A unit asked for the successor of a term that only runs out nominates
      // in the next year, so that the year's figures count the region's
      // officials, not their successors as well.
      const { rows } = await this.bench.pool.query<InboxTask>(
        `SELECT id, kind, data, official_id, county, case_id, assignee_body, assignee_actor_id
           FROM tasks t WHERE closed_at IS NULL AND NOT ${NEXT_YEAR_SUCCESSION_ASK}
          ORDER BY due_at`,
      );
      for (const task of rows) {
        if (this.taken.has(task.id)) continue;
        this.taken.add(task.id);
        const decision = this.callers
          .run(async () => {
            // Stopped while it waited for a caller: the year is over, nobody acts on it.
            if (this.stopped) this.dropped++;
            else await this.decide(task);
          })
          .catch((err: unknown) =>
            this.bench.recorder.fail(`${task.id}: ${(err as Error).message}`),
          );
        this.inFlight.add(decision);
        void decision.then(() => this.inFlight.delete(decision));
      }
      await sleep(this.pollMs);
    }
  }

  private officialOf(task: InboxTask): Official {
    const official = this.officials.get(task.official_id);
    if (!official) throw new Error(`no official ${task.official_id} in the simulated region`);
    return official;
  }

  private async decide(task: InboxTask): Promise<void> {
    const official = this.officialOf(task);
    if (task.kind === 'rate_official') return this.rate(official, task);
    if (task.kind === 'nominate_successor') return this.nominateSuccessor(official);
    if (task.kind === 'sign_handover') return this.signHandover(task);
    const decision = PLAIN_DECISIONS[task.kind]?.(official, task);
    if (decision) {
      await decideOverApi(
        this.bench,
        official,
        task,
        decision.as,
        decision.body,
        'simulate.decide',
      );
      return;
    }
    if (!UNHANDLED.has(task.kind)) log(`simulate: no body decides ${task.kind} tasks`);
    UNHANDLED.add(task.kind);
  }

  /**
   * The county rates outstanding while that keeps its outstanding officials
   * within a quarter of those it rated; the quota's refusal (a county whose
   * round counts differently) gets "competent" instead.
   */
  private async rate(official: Official, task: InboxTask): Promise<void> {
    const county = this.ratings.get(task.county) ?? { rated: 0, outstanding: 0 };
    this.ratings.set(task.county, county);
    county.rated++;
    const outstanding =
      county.outstanding + 1 <= Math.floor(county.rated * OUTSTANDING_TARGET + 1e-9);
    if (outstanding) county.outstanding++;
    const as = countyOrg(official);
    const body = (rating: string) => ({
      decision: 'approve',
      comment: 'yearly evaluation',
      rating,
    });
    if (outstanding) {
      const reply = await this.bench.api.call(
        'POST',
        `/api/tasks/${encodeURIComponent(task.id)}/decision`,
        as,
        body('outstanding'),
        `decide:${task.id}`,
      );
      if (reply.status === 200 && reply.body?.ok === true) {
        this.bench.recorder.acknowledgedDecisions.set(task.id, EXPECTED_ACTION[task.kind]!);
        return;
      }
      if (reply.body?.error?.code !== 'quota_exceeded')
        return this.bench.recorder.fail(
          `${official.id} rating: HTTP ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`,
        );
      county.outstanding--;
    }
    await decideOverApi(
      this.bench,
      official,
      task,
      as,
      body('competent'),
      'simulate.decide',
      `decide:${task.id}:competent`,
    );
  }

  /** The dispatching unit nominates a successor for the same village. */
  private async nominateSuccessor(outgoing: Official): Promise<void> {
    const index = 1_000_000 + ++this.successors;
    const id = `off-${index}`;
    const successor: Official = {
      ...outgoing,
      index,
      id,
      termId: termWorkflowId(id),
      actor: {
        ...outgoing.actor,
        id,
        name: `Official ${index}`,
        email: `${id}@bench.zhucun.local`,
      },
    };
    this.officials.set(id, successor);
    await this.driver.start(successor, outgoing);
    log(`simulate: ${dispatchingUnit(outgoing).id} nominated ${id} to succeed ${outgoing.id}`);
  }

  /** The task's official signs every hand-over item (one already signed is refused as such). */
  private async signHandover(task: InboxTask): Promise<void> {
    const signer = this.officials.get(task.assignee_actor_id ?? '');
    if (!signer || !task.case_id)
      return this.bench.recorder.fail(`${task.id}: hand-over of an unknown official`);
    for (const item of HANDOVER_ITEMS) {
      const reply = await this.bench.api.call(
        'POST',
        `/api/cases/${encodeURIComponent(task.case_id)}/handover/${item}/sign`,
        signer.actor,
        {},
        `sign:${task.case_id}:${item}:${signer.id}`,
      );
      if (reply.status !== 200 && reply.body?.error?.code !== 'already_decided')
        this.bench.recorder.fail(
          `${signer.id} signs ${item}: HTTP ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`,
        );
    }
  }
}
