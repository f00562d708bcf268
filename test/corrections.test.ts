// Corrections and their unwinding (issue 13), on the time-skipping server: a
// recorded fact is voided with a reason by its recorder or the county; the log
// keeps the original and the voiding; a case a voided check opened closes as
// opened in error, or, once a successor is nominated, the county is given a
// task to resolve it; a voided absence no longer caps the rating.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import {
  decideTask,
  recordHealthCheck,
  recordSpotCheckAbsence,
  recordTraining,
  voidFact,
} from '../workflows/messages.js';
import type { TermView } from '../workflows/views.js';
import { refusalOf } from './support/refusal.js';
import {
  actor,
  candidate,
  keepHistory,
  officialActor,
  useTermHarness,
  type Harness,
} from './support/term-harness.js';
import type { WorkflowHandle } from '@temporalio/client';
import type { Actor } from '../domain/actors.js';

let env: TestWorkflowEnvironment;
let h: Harness;
useTermHarness((e, harness) => {
  env = e;
  h = harness;
});

const org = actor('org-wuming');
const twp = actor('twp-fucheng');
const unit = actor('du-nanning');
const DAY = 86_400_000;

const year1 = (v: TermView) => v.years[0]!;
/** A township of the same county, but not over this official's village. */
const otherTownship: Actor = {
  id: 'twp-lingma',
  name: '灵马镇党委',
  role: 'township',
  jurisdiction: 'gx/nanning/wuming/lingma',
  email: 'twp-lingma@zhucun.local',
};

function failCheck(wh: WorkflowHandle, by = org) {
  return wh.executeUpdate(recordHealthCheck, {
    args: [{ actor: by, fit: false, note: 'blood pressure too high for village work' }],
  });
}
function voidIt(
  wh: WorkflowHandle,
  factId: string,
  by = org,
  reason = '体检报告张冠李戴，录入错误',
) {
  return wh.executeUpdate(voidFact, { args: [{ actor: by, factId, reason }] });
}

/** The case rows of PostgreSQL, once they show what `ok` wants (the record follows the workflow). */
async function caseRow(caseId: string, ok: (row: Record<string, unknown>) => boolean) {
  const until = Date.now() + 15_000;
  let row: Record<string, unknown> | undefined;
  while (Date.now() < until) {
    row = (await h.pool.query('SELECT * FROM cases WHERE case_id = $1', [caseId])).rows[0];
    if (row && ok(row)) return row;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`case ${caseId} never matched; last ${JSON.stringify(row)}`);
}

describe('corrections and their unwinding', () => {
  it('voids an unfit health check: its recall case closes as opened in error, the log keeps both', async () => {
    const profile = candidate(await h.now());
    const wh = await h.bringOnDuty(profile);
    const failed = await failCheck(wh);
    const caseId = failed.caseId!;
    let v = await h.view(wh);
    const check = year1(v).healthChecks[0]!;
    expect(check).toMatchObject({ id: 'y1-h1', fit: false, caseId });
    expect(v.openTasks.some((t) => t.kind === 'recall_reply')).toBe(true);

    const result = await voidIt(wh, 'y1-h1');
    expect(result.message).toContain('opened in error');
    v = await h.view(wh);
    expect(v.stage).toBe('on_duty');
    expect(v.cases.find((c) => c.caseId === caseId)).toMatchObject({
      status: 'closed',
      outcome: 'opened_in_error',
    });
    expect(v.openTasks.filter((t) => t.caseId === caseId)).toEqual([]);
    expect(year1(v).healthChecks[0]!.voided).toMatchObject({ by: org.id });
    const actions = v.timeline.map((e) => e.action);
    expect(actions).toContain('health_checked');
    const voided = v.timeline.find((e) => e.action === 'fact_voided')!;
    expect(voided).toMatchObject({
      actorId: org.id,
      reason: '体检报告张冠李戴，录入错误',
      params: { fact: 'health_check', factId: 'y1-h1', effect: 'case_closed', caseId },
    });
    // The system of record says the same, and its log holds the original and the correction.
    await caseRow(caseId, (r) => r.status === 'closed' && r.outcome === 'opened_in_error');
    const log = await h.pool.query(
      `SELECT action FROM decision_log WHERE official_id = $1 AND action IN ('health_checked', 'fact_voided', 'case_closed') ORDER BY seq`,
      [profile.officialId],
    );
    expect(log.rows.map((r) => r.action)).toEqual(['health_checked', 'fact_voided', 'case_closed']);
    // Voiding twice is refused, and the health check is owed again.
    expect((await refusalOf(voidIt(wh, 'y1-h1'))).code).toBe('already_voided');
    await keepHistory('fact-voided-case-closed', wh);
  });

  it('after the successor was nominated, says it could not unwind and opens the county’s task', async () => {
    const out = candidate(await h.now());
    const outWh = await h.bringOnDuty(out);
    const caseId = (await failCheck(outWh, unit)).caseId!;
    await h.decide(outWh, 'recall_reply', org, { comment: 'recall approved on health grounds' });
    const next = candidate(await h.now());
    await h.nominate(next, { predecessorTermId: outWh.workflowId, caseId });
    await h.waitFor(
      outWh,
      'the successor in vetting',
      (v) => v.cases.find((c) => c.caseId === caseId)?.status === 'successor_in_vetting',
    );

    // The unit that recorded it may void it; so may the county.
    const result = await voidIt(outWh, 'y1-h1', unit);
    expect(result.taskId).toBeTruthy();
    const v = await h.view(outWh);
    expect(v.cases.find((c) => c.caseId === caseId)!.status).toBe('successor_in_vetting');
    const entry = v.timeline.find((e) => e.action === 'fact_voided')!;
    expect(entry.params).toMatchObject({
      effect: 'not_unwound',
      blocked: 'successor_nominated',
    });
    const task = v.openTasks.find((t) => t.kind === 'resolve_correction')!;
    expect(task).toMatchObject({ id: result.taskId, assignee: { role: 'county_org' } });
    expect(task.title).toContain('y1-h1');
    // The county resolves it, saying how; a blank account is refused.
    expect(
      (
        await refusalOf(
          outWh.executeUpdate(decideTask, {
            args: [{ taskId: task.id, actor: org, decision: 'approve', comment: ' ' }],
          }),
        )
      ).code,
    ).toBe('reason_required');
    await h.decide(outWh, 'resolve_correction', org, {
      comment: '继任人已在考察，按干部本人意愿继续交接',
    });
    const after = await h.view(outWh);
    expect(after.openTasks.some((t) => t.kind === 'resolve_correction')).toBe(false);
    expect(after.timeline.at(-1)).toMatchObject({ action: 'correction_resolved' });
  });

  it('voids an absence: the rating cap lifts for the year not yet rated', async () => {
    const profile = candidate(await h.now());
    const wh = await h.bringOnDuty(profile);
    for (const note of ['not in village on spot check 1', 'not in village on spot check 2'])
      await wh.executeUpdate(recordSpotCheckAbsence, { args: [{ actor: twp, note }] });
    let v = await h.view(wh);
    expect(year1(v).absences!.map((a) => a.id)).toEqual(['y1-a1', 'y1-a2']);
    expect(year1(v).spotCheckAbsences).toBe(2);

    // Another township, or a township voiding what the county recorded, may not.
    expect((await refusalOf(voidIt(wh, 'y1-a1', otherTownship))).code).toBe('wrong_actor');
    expect((await refusalOf(voidIt(wh, 'y1-a9'))).code).toBe('unknown_fact');
    expect((await refusalOf(voidIt(wh, 'y1-a1', twp, ' '))).code).toBe('reason_required');
    await voidIt(wh, 'y1-a2', twp, '抽查时干部在乡镇开会，有记录');

    // The first term year ends twelve calendar months after dispatch.
    await env.sleep(year1(v).endsAt + DAY - (await h.now()));
    await h.decide(wh, 'self_report', officialActor(profile), { report: 'year one' });
    v = await h.waitFor(wh, 'rating task', (x) =>
      x.openTasks.some((t) => t.kind === 'rate_official'),
    );
    expect(year1(v).spotCheckAbsences).toBe(1);
    const task = v.openTasks.find((t) => t.kind === 'rate_official')!;
    // One absence left: not outstanding, but competent (two would have capped it lower).
    const refused = await refusalOf(
      wh.executeUpdate(decideTask, {
        args: [
          {
            taskId: task.id,
            actor: org,
            decision: 'approve',
            comment: 'x',
            rating: 'outstanding',
          },
        ],
      }),
    );
    expect(refused.code).toBe('rating_capped');
    await h.decide(wh, 'rate_official', org, { comment: 'one absence', rating: 'competent' });
    expect(year1(await h.view(wh)).rating).toBe('competent');
  });

  it('refuses a voider who neither recorded the fact nor is the county, and voids a training', async () => {
    const profile = candidate(await h.now());
    const wh = await h.bringOnDuty(profile);
    await wh.executeUpdate(recordTraining, {
      args: [{ actor: twp, kind: 'county', title: '乡村振兴政策培训' }],
    });
    await wh.executeUpdate(recordHealthCheck, { args: [{ actor: org, fit: true, note: '' }] });
    // The unit may record health checks but did not record this one.
    expect((await refusalOf(voidIt(wh, 'y1-h1', unit))).code).toBe('wrong_actor');
    // A county organization department elsewhere is not over this village.
    expect((await refusalOf(voidIt(wh, 'y1-h1', actor('org-binyang')))).code).toBe('wrong_actor');
    // The official cannot void their own record.
    expect((await refusalOf(voidIt(wh, 'y1-t1', officialActor(profile)))).code).toBe('wrong_actor');
    const r = await voidIt(wh, 'y1-t1', org, '培训签到表不是本人');
    expect(r.message).toContain('y1-t1 voided');
    const v = await h.view(wh);
    expect(year1(v).trainings[0]!.voided).toBeTruthy();
    expect(v.timeline.find((e) => e.action === 'fact_voided')!.params).toMatchObject({
      fact: 'training',
      effect: 'training_due',
    });
  });
});
