// Dated policy versions as the region administrator and the terms meet them:
// published through the API, refused when wrong, taken by new terms on their
// nomination day and adopted by running terms at their next month boundary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateKeyOf, DAY_MS } from '../domain/calendar.js';
import type { CandidateProfile } from '../domain/profile.js';
import { scaledPolicy } from '../domain/policy.js';
import { candidate, startApi, type ApiHarness } from './support/api.js';
import { keepHistory } from './support/term-harness.js';
import { termSteps } from './support/term-steps.js';

// A policy day of 300 ms: a term's month closes every 9 seconds.
const BASE = scaledPolicy(300);
let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ policy: BASE });
});
afterAll(async () => {
  await api?.stop();
});

const today = () => dateKeyOf(Date.now());
const inDays = (n: number) => dateKeyOf(Date.now() + n * DAY_MS);

const { taskIn, onDuty } = termSteps(() => api);

const publish = (body: Record<string, unknown>, as = 'admin-gx') =>
  api.post('/api/policies', as, body);

describe('dated policy versions', () => {
  let running: CandidateProfile;

  it('publishes a version for the region administrator only, and refuses a wrong one with the reason', async () => {
    running = await onDuty();
    const v1 = {
      version: 'gx-test.1',
      effectiveFrom: today(),
      reason: '驻村天数每月不少于22天',
      changes: { minResidenceDaysPerMonth: 22 },
    };
    const countyTry = await publish(v1, 'org-wuming');
    expect(countyTry.status).toBe(403);
    const past = await publish({ ...v1, effectiveFrom: inDays(-1) });
    expect([past.status, past.body.error.code]).toEqual([422, 'effective_date_past']);
    const contradiction = await publish({ ...v1, changes: { minResidenceDaysPerMonth: 31 } });
    expect([contradiction.status, contradiction.body.error.code]).toEqual([
      422,
      'policy_inconsistent',
    ]);
    expect(contradiction.body.error.message).toContain('monthDays');
    const unknownRule = await publish({ ...v1, changes: { residenceDays: 22 } });
    expect(unknownRule.status).toBe(400);
    expect((await api.get('/api/policies', 'org-wuming')).body.versions).toHaveLength(1);

    const created = await publish(v1);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.rules.minResidenceDaysPerMonth).toBe(22);
    expect(created.body.rules.monthDays).toBe(BASE.monthDays);
    const again = await publish(v1);
    expect(again.status).toBe(200);
    const changed = await publish({ ...v1, changes: { minResidenceDaysPerMonth: 21 } });
    expect([changed.status, changed.body.error.code]).toEqual([409, 'version_exists']);

    const v2 = {
      ...v1,
      version: 'gx-test.2',
      effectiveFrom: inDays(400),
      changes: { handoverDays: 45 },
    };
    expect((await publish(v2)).status).toBe(201);
    const between = await publish({
      ...v1,
      version: 'gx-test.between',
      effectiveFrom: inDays(200),
    });
    expect([between.status, between.body.error.code]).toEqual([409, 'version_order']);

    const list = await api.get('/api/policies', 'pol-wuming');
    expect(list.status).toBe(200);
    expect(list.body.inForce).toBe('gx-test.1');
    expect(list.body.versions.map((v: { version: string }) => v.version)).toEqual([
      BASE.version,
      'gx-test.1',
      'gx-test.2',
    ]);
    // gx-test.2 builds on gx-test.1: its residence minimum stays 22.
    expect(list.body.versions[2].rules).toMatchObject({
      minResidenceDaysPerMonth: 22,
      handoverDays: 45,
    });
  });

  it('gives a new term the version in force on its nomination day', async () => {
    const fresh = candidate({ dispatchingUnit: '南宁市农业农村局' });
    expect((await api.post('/api/nominations', 'du-nanning', fresh)).status).toBe(201);
    const { rows } = await api.pool.query(
      `SELECT policy_version FROM decision_log WHERE official_id = $1 AND action = 'nominated'`,
      [fresh.officialId],
    );
    expect(rows).toEqual([{ policy_version: 'gx-test.1' }]);
  });

  it('has a running term adopt the version at its next month boundary, logged, and decide by it', async () => {
    const adopted = await api.eventually(
      'the running term adopts gx-test.1',
      () =>
        api.pool.query(
          `SELECT l.detail, o.policy_version FROM decision_log l JOIN officials o USING (official_id)
            WHERE l.official_id = $1 AND l.action = 'policy_adopted'`,
          [running.officialId],
        ),
      (r) => r.rows.length === 1,
      30_000,
    );
    expect(adopted.rows[0].detail).toContain('gx-test.1');
    expect(adopted.rows[0].policy_version).toBe('gx-test.1');
    // 21 days in the village: enough under the old rules (20), a breach under the new (22).
    const close = await taskIn('twp-fucheng', running.officialId, 'close_attendance');
    const closed = await api.post(
      `/api/tasks/${encodeURIComponent(close.id)}/decision`,
      'twp-fucheng',
      {
        decision: 'approve',
        comment: '',
        days: 21,
      },
    );
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const breach = await api.eventually(
      'a residence breach under gx-test.1',
      () =>
        api.pool.query(
          `SELECT policy_version FROM decision_log WHERE official_id = $1 AND action = 'case_opened'`,
          [running.officialId],
        ),
      (r) => r.rows.length >= 1,
    );
    expect(breach.rows[0].policy_version).toBe('gx-test.1');
    await keepHistory(
      'policy-adopted',
      api.client.workflow.getHandle(`term-${running.officialId}`),
    );
  });
});
