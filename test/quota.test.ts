// The county's outstanding quota, enforced by its evaluation round (a suite of
// its own: the round counts every term of the county on this server).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { yearOf } from '../domain/calendar.js';
import { decideTask, roundView, roundWorkflowId } from '../workflows/messages.js';
import {
  actor,
  candidate,
  officialActor,
  useTermHarness,
  type Harness,
} from './support/term-harness.js';
import { refusalOf } from './support/refusal.js';

let env: TestWorkflowEnvironment;
let h: Harness;
useTermHarness((e, harness) => {
  env = e;
  h = harness;
});

const org = actor('org-wuming');
const DAY = 86_400_000;

describe('the outstanding quota', () => {
  it('refuses the outstanding rating over the county quota, also when two approvers submit at once', async () => {
    const village = 'gx/nanning/wuming/fucheng/quota';
    const profiles = await Promise.all(
      [0, 1, 2, 3].map(async () => candidate(await h.now(), { village })),
    );
    const handles: Awaited<ReturnType<Harness['bringOnDuty']>>[] = [];
    for (const p of profiles) handles.push(await h.bringOnDuty(p));
    // Year 1 ends 12 calendar months after the last dispatch; a day and a half
    // later the clock is off the whole-day instants of the terms' timers.
    const lastYearEnd = (await h.view(handles[3]!)).years[0]!.endsAt;
    await env.sleep(lastYearEnd - (await h.now()) + 1.5 * DAY);
    for (let i = 0; i < 4; i++)
      await h.decide(handles[i]!, 'self_report', officialActor(profiles[i]!), {
        report: 'a year of work',
      });
    const views = await Promise.all(
      handles.map((wh) =>
        h.waitFor(wh, 'rating task', (x) => x.openTasks.some((t) => t.kind === 'rate_official')),
      ),
    );
    // The round is the calendar year (Shanghai) in which the term year ends.
    const year = yearOf(views[0]!.years[0]!.endsAt - 1);
    const round = h.client.workflow.getHandle(roundWorkflowId('gx/nanning/wuming', year));
    // Wait until all four terms are enrolled: 25 % of 4 is one outstanding slot.
    for (
      let i = 0;
      i < 100 && (await round.query(roundView).catch(() => ({ enrolled: [] }))).enrolled.length < 4;
      i++
    )
      await new Promise((r) => setTimeout(r, 100));
    expect((await round.query(roundView)).enrolled).toHaveLength(4);

    const rate = (i: number, rating: 'outstanding' | 'competent') => {
      const task = views[i]!.openTasks.find((t) => t.kind === 'rate_official')!;
      return handles[i]!.executeUpdate(decideTask, {
        args: [
          { taskId: task.id, actor: org, decision: 'approve', comment: 'year review', rating },
        ],
      });
    };
    const [a, b] = await Promise.allSettled([rate(0, 'outstanding'), rate(1, 'outstanding')]);
    expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
    const loser = a.status === 'rejected' ? 0 : 1;
    const refused = await refusalOf(
      loser === 0
        ? Promise.reject((a as PromiseRejectedResult).reason)
        : Promise.reject((b as PromiseRejectedResult).reason),
    );
    expect(refused.code).toBe('quota_exceeded');
    const third = await refusalOf(rate(2, 'outstanding'));
    expect(third.code).toBe('quota_exceeded');
    // The refused ones can still be rated within the quota.
    await rate(loser, 'competent');
    await rate(2, 'competent');
    expect((await round.query(roundView)).outstanding).toHaveLength(1);
    const ratings = await Promise.all(
      handles.slice(0, 3).map(async (wh) => (await h.view(wh)).years[0]!.rating),
    );
    expect(ratings.filter((r) => r === 'outstanding')).toHaveLength(1);
  });
});
