// The product, driven as its users drive it: every step over the HTTP API with
// the acting body's token, each task found where that body's inbox finds it.
import { performance } from 'node:perf_hooks';
import type { Actor } from '../../domain/actors.js';
import { decideTask } from '../../workflows/messages.js';
import type { Bench } from '../context.js';
import { sleep, type Semaphore } from '../lib.js';
import type { FactKind } from '../recorder.js';
import {
  candidateProfile,
  countyOrg,
  dispatchingUnit,
  screeningBody,
  townshipOffice,
  type Official,
} from '../region.js';
import type { OfficialDriver, VettingReply } from './official-driver.js';
import {
  ATTENDANCE_KEPT,
  EXPECTED_ACTION,
  assignedScreeningBody,
  decideOverApi,
  openTasksOf,
  waitForOpenTask,
  type OpenTask,
} from './tasks.js';

const VETTING_REQUESTS = 3;
const CLEAR_RECORD = { decision: 'approve', comment: 'nothing on file' } as const;

export class ProductDriver implements OfficialDriver {
  readonly name = 'domain';

  constructor(private readonly bench: Bench) {}

  /**
   * The dispatching unit nominates (with `replaces`: the successor in that
   * official's reassignment case); answered once the term is on record.
   */
  async start(official: Official, replaces?: Official): Promise<number | undefined> {
    const reply = await this.bench.api.call(
      'POST',
      '/api/nominations',
      dispatchingUnit(official),
      {
        ...candidateProfile(official, this.bench.startedAt),
        ...(replaces ? { replacesOfficialId: replaces.id } : {}),
      },
      `nominate:${official.id}`,
    );
    if (reply.status !== 201 && reply.status !== 202) {
      this.bench.recorder.fail(
        `${official.id} nomination: HTTP ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`,
      );
      return undefined;
    }
    return reply.ms;
  }

  async vettingReplies(official: Official): Promise<VettingReply[]> {
    const requests = await this.openVettingRequests(official);
    return requests.map((request) => async (label: string, direct?: boolean) => {
      const body = screeningBody(
        official,
        await assignedScreeningBody(this.bench.pool, request.id),
      );
      if (direct) return this.replyStraightToWorkflow(official, request, body, label);
      return decideOverApi(this.bench, official, request, body, CLEAR_RECORD, label);
    });
  }

  private async openVettingRequests(official: Official): Promise<OpenTask[]> {
    let requests: OpenTask[] = [];
    for (let poll = 0; poll < 6_000 && requests.length < VETTING_REQUESTS; poll++) {
      requests = (await openTasksOf(this.bench.pool, official.termId)).filter(
        (task) => task.kind === 'vetting_reply',
      );
      if (requests.length < VETTING_REQUESTS) await sleep(100);
    }
    if (requests.length !== VETTING_REQUESTS)
      this.bench.recorder.fail(
        `${official.id}: ${requests.length} vetting tasks open after nomination`,
      );
    return requests;
  }

  /** The same Update the API sends, straight from a client: the API's share of the round trip. */
  private async replyStraightToWorkflow(
    official: Official,
    request: OpenTask,
    body: Actor,
    label: string,
  ): Promise<void> {
    const { recorder } = this.bench;
    const sentAt = performance.now();
    try {
      await this.bench.client.workflow.getHandle(official.termId).executeUpdate(decideTask, {
        args: [{ taskId: request.id, actor: body, ...CLEAR_RECORD }],
      });
      recorder.time(label, performance.now() - sentAt);
      recorder.acknowledgedDecisions.set(request.id, EXPECTED_ACTION[request.kind]!);
    } catch (err) {
      recorder.fail(`${official.id} direct ${request.id}: ${(err as Error).message}`);
    }
  }

  approveDispatch(official: Official): Promise<void> {
    return this.approveOnboardingTask(official, 'approve_dispatch', 'approved');
  }

  recordPreDispatchTraining(official: Official): Promise<void> {
    return this.approveOnboardingTask(
      official,
      'record_pre_dispatch_training',
      'pre-dispatch training, 5 days',
    );
  }

  /** The county approves the official's next onboarding task once it is open. */
  private async approveOnboardingTask(
    official: Official,
    kind: 'approve_dispatch' | 'record_pre_dispatch_training',
    comment: string,
  ): Promise<void> {
    const task = await waitForOpenTask(this.bench, official, (t) => t.kind === kind, kind);
    if (task)
      await decideOverApi(
        this.bench,
        official,
        task,
        countyOrg(official),
        { decision: 'approve', comment },
        'domain.onboard.decide',
      );
  }

  async closeMonth(
    official: Official,
    month: number,
    dueAt: number,
    callers: Semaphore,
    lateness: number[],
  ): Promise<void> {
    const isClose = (t: OpenTask) =>
      t.kind === 'close_attendance' && Number(t.data?.month) === month;
    const found = await waitForOpenTask(
      this.bench,
      official,
      (t) => isClose(t) || t.kind === 'self_report',
      `attendance month ${month}`,
    );
    // A term on calendar months has 11 or 12 closes in 12 months (a part month
    // under the residence minimum joins its neighbour): the self-report, open
    // at the term end with the last close, says that this month has none.
    const task =
      found?.kind === 'self_report'
        ? (await openTasksOf(this.bench.pool, official.termId)).find(isClose)
        : found;
    if (!task) return;
    await callers.run(async () => {
      lateness.push(Date.now() - dueAt);
      await decideOverApi(
        this.bench,
        official,
        task,
        townshipOffice(official),
        ATTENDANCE_KEPT,
        'domain.year.decide',
      );
    });
  }

  async recordFact(
    official: Official,
    fact: 'training' | 'health',
    callers: Semaphore,
  ): Promise<void> {
    await callers.run(() =>
      fact === 'training'
        ? this.postFact(
            official,
            'trainings',
            townshipOffice(official),
            { kind: 'county', title: 'County-level training on rural revitalization' },
            'trained',
          )
        : this.postFact(
            official,
            'health-checks',
            countyOrg(official),
            { fit: true, note: 'yearly check-up' },
            'health_checked',
          ),
    );
  }

  private async postFact(
    official: Official,
    path: string,
    as: Actor,
    body: unknown,
    fact: FactKind,
  ): Promise<void> {
    const { recorder } = this.bench;
    const reply = await this.bench.api.call(
      'POST',
      `/api/officials/${official.id}/${path}`,
      as,
      body,
      `${fact}:${official.id}:y1`,
    );
    if (reply.status !== 200)
      return recorder.fail(
        `${official.id} ${path}: HTTP ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`,
      );
    recorder.time('domain.year.fact', reply.ms);
    recorder.acknowledgedFacts.push({ officialId: official.id, fact });
  }

  async selfReportAndRating(official: Official, callers: Semaphore): Promise<void> {
    const selfReport = await waitForOpenTask(
      this.bench,
      official,
      (t) => t.kind === 'self_report',
      'self-report',
    );
    if (selfReport)
      await callers.run(() =>
        decideOverApi(
          this.bench,
          official,
          selfReport,
          official.actor,
          { decision: 'approve', comment: '', report: 'Attendance kept, projects on schedule.' },
          'domain.year.decide',
        ),
      );
    const rating = await waitForOpenTask(
      this.bench,
      official,
      (t) => t.kind === 'rate_official',
      'rating',
    );
    if (rating)
      await callers.run(() =>
        decideOverApi(
          this.bench,
          official,
          rating,
          countyOrg(official),
          { decision: 'approve', comment: 'steady work', rating: 'competent' },
          'domain.year.decide',
        ),
      );
  }

  workflowId(official: Official): string {
    return official.termId;
  }
}
