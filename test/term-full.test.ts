// A whole 24-month term on the time-skipping server: nomination to closed record.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { recordHealthCheck, recordTraining } from '../workflows/messages.js';
import {
  actor,
  candidate,
  keepHistory,
  officialActor,
  useTermHarness,
  type Harness,
} from './support/term-harness.js';

let env: TestWorkflowEnvironment;
let h: Harness;
useTermHarness((e, harness) => {
  env = e;
  h = harness;
});

describe('a full term', () => {
  it('runs from nomination to a closed record with two evaluations, monthly attendance, training and health checks', async () => {
    const profile = candidate(await h.now());
    const org = actor('org-wuming');
    const twp = actor('twp-fucheng');
    const me = officialActor(profile);
    const wh = await h.bringOnDuty(profile);
    let v = await h.view(wh);
    expect(v.stage).toBe('on_duty');
    expect(v.dispatchedAt).toBeDefined();

    // 24 calendar months: a close at each calendar month end (23 or 24 of them: a
    // part month under the residence minimum joins its neighbour); a year ends
    // on each anniversary of the dispatch.
    let closes = 0;
    let rated = 0;
    for (let month = 1, last = false; !last; month++) {
      if (month % 12 === 3) {
        await wh.executeUpdate(recordTraining, {
          args: [{ actor: org, kind: 'county', title: `County training ${month}` }],
        });
        await wh.executeUpdate(recordHealthCheck, {
          args: [{ actor: org, fit: true, note: 'annual check' }],
        });
      }
      last = (await h.untilMonthClose(wh, month)).stage === 'term_end';
      await h.decide(wh, 'close_attendance', twp, { days: 24 }, (t) => t.data?.month === month);
      closes += 1;
      if ((await h.view(wh)).openTasks.some((t) => t.kind === 'self_report')) {
        rated += 1;
        await h.decide(wh, 'self_report', me, { report: `Year ${rated}: roads, water, school` });
        await h.decide(wh, 'rate_official', org, {
          rating: 'competent',
          comment: `year ${rated} review`,
        });
      }
    }
    expect(rated).toBe(2);
    expect([23, 24]).toContain(closes);

    v = await h.waitFor(wh, 'closed', (x) => x.stage === 'closed');
    expect(await wh.result()).toMatchObject({ stage: 'closed' });
    await keepHistory('term-full-24-months', wh);
    expect(v.years).toHaveLength(2);
    expect(v.years.flatMap((y) => y.attendance)).toHaveLength(closes);
    expect(v.termEndsAt! - v.dispatchedAt!).toBeGreaterThanOrEqual(730 * 86_400_000);
    for (const y of v.years) {
      expect(y.attendance.every((a) => !a.breach)).toBe(true);
      expect(y.trainings).toHaveLength(1);
      expect(y.healthChecks).toHaveLength(1);
      expect(y.rating).toBe('competent');
    }
    expect(v.promotionPriority).toBe(false);
    expect(v.openTasks).toEqual([]);
    const actions = v.timeline.map((e) => e.action);
    expect(actions.filter((a) => a === 'attendance_closed')).toHaveLength(closes);
    expect(actions.filter((a) => a === 'rated')).toHaveLength(2);
    expect(actions).toContain('term_completed');
    expect(v.timeline.every((e) => e.policyVersion === 'gx-2025.1')).toBe(true);
    // Every obligation was met in time: no training or health reminder went out.
    expect(h.mail.messages().filter((m) => /training|health/i.test(m.subject))).toEqual([]);

    // The system of record has the same story.
    const row = await h.pool.query('SELECT stage FROM officials WHERE official_id = $1', [
      profile.officialId,
    ]);
    expect(row.rows[0].stage).toBe('closed');
    const log = await h.pool.query(
      'SELECT count(*)::int AS n FROM decision_log WHERE official_id = $1',
      [profile.officialId],
    );
    expect(log.rows[0].n).toBe(v.timeline.length);
    const open = await h.pool.query(
      'SELECT count(*)::int AS n FROM tasks WHERE official_id = $1 AND closed_at IS NULL',
      [profile.officialId],
    );
    expect(open.rows[0].n).toBe(0);
  });
});
