// The first secretary leads the village team, over HTTP as the dispatching unit
// meets it: a second first secretary for a village is refused, a successor's
// nomination naming the one it replaces is taken, a team member always is. A
// real worker on the Temporal dev server and a real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VILLAGE_MEMBERS_SQL } from '../api/routes/nominations.js';
import type { CandidateProfile } from '../domain/profile.js';
import { candidate, startApi, uniqueId, type ApiHarness } from './support/api.js';
import { termSteps } from './support/term-steps.js';

let api: ApiHarness;
const { taskIn, decide, onDuty } = termSteps(() => api);
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

const nominate = (p: CandidateProfile, extra: Record<string, unknown> = {}) =>
  api.post('/api/nominations', 'du-nanning', { ...p, ...extra });

describe('one first secretary per village', () => {
  it('refuses a second first secretary with 409 first_secretary_present and records nothing; takes a team member', async () => {
    const village = `gx/nanning/wuming/fucheng/${uniqueId('v')}`;
    const lead = candidate({ name: '韦国强', post: 'first_secretary', village });
    expect((await nominate(lead)).status).toBe(201);

    const second = candidate({ name: '黄春燕', post: 'first_secretary', village });
    const refused = await nominate(second);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({
      code: 'first_secretary_present',
      message: `the village already has a first secretary on post or nominated (${lead.officialId}, vetting): a first secretary leads the team, and a second is nominated only as the successor of the one it replaces (replacesOfficialId)`,
      details: { firstSecretaries: [{ officialId: lead.officialId, stage: 'vetting' }] },
    });
    // Nothing started, nothing on record: the candidate is unknown.
    expect((await api.get(`/api/officials/${second.officialId}`, 'du-nanning')).status).toBe(404);
    const rows = await api.pool.query('SELECT 1 FROM officials WHERE official_id = $1', [
      second.officialId,
    ]);
    expect(rows.rowCount).toBe(0);

    // A team member joins the team; the team's size is never refused.
    const member = candidate({ name: '陆小红', post: 'team_member', village });
    expect((await nominate(member)).status).toBe(201);
  });

  it('reads the village’s members with one query the village index can answer', async () => {
    const client = await api.pool.connect();
    try {
      // A handful of rows: the planner would scan; forbid it to see the index serve.
      await client.query('SET enable_seqscan = off');
      const plan = await client.query(`EXPLAIN ${VILLAGE_MEMBERS_SQL}`, [
        'gx/nanning/wuming/fucheng/lianhe',
      ]);
      expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('officials_village');
    } finally {
      client.release();
    }
  });

  it('takes the successor of a recalled first secretary, naming them, while they are still on post', async () => {
    const village = `gx/nanning/wuming/fucheng/${uniqueId('v')}`;
    const out = await onDuty({ name: '梁永福', post: 'first_secretary', village });
    const unfit = await api.post(`/api/officials/${out.officialId}/health-checks`, 'org-wuming', {
      fit: false,
      note: '体检不合格',
    });
    expect(unfit.status).toBe(200);
    const caseId = unfit.body.caseId as string;
    await decide('org-wuming', (await taskIn('org-wuming', out.officialId, 'recall_reply')).id, {
      decision: 'approve',
      comment: '同意因健康原因召回',
    });
    await api.eventually(
      'awaiting a successor',
      () => api.get(`/api/cases/${caseId}`, 'org-wuming'),
      (r) => r.body.status === 'awaiting_successor',
    );

    // Not named as a successor: still a second first secretary.
    const plain = await nominate(candidate({ name: '覃志勇', post: 'first_secretary', village }));
    expect([plain.status, plain.body.error.code]).toEqual([409, 'first_secretary_present']);

    const next = candidate({ name: '覃志勇', post: 'first_secretary', village });
    const successor = await nominate(next, { replacesOfficialId: out.officialId });
    expect(successor.status, JSON.stringify(successor.body)).toBe(201);
    expect(successor.body).toMatchObject({ officialId: next.officialId, caseId });

    // With the successor in the pipeline, a third is refused, naming both.
    const third = await nominate(candidate({ post: 'first_secretary', village }));
    expect(third.status).toBe(409);
    expect(
      third.body.error.details.firstSecretaries.map((s: { officialId: string }) => s.officialId),
    ).toEqual(expect.arrayContaining([out.officialId, next.officialId]));
  });
});
