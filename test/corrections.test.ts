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
import { dateKeyOf } from '../domain/calendar.js';
import type { FactReplacement } from '../domain/records.js';
import { verifyChain, type DecisionLogRow } from '../domain/record-chain.js';

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

function correctIt(
  wh: WorkflowHandle,
  factId: string,
  replacement: FactReplacement,
  by = org,
  reason = '登记内容有误，按原始材料更正',
) {
  return wh.executeUpdate(voidFact, { args: [{ actor: by, factId, reason, replacement }] });
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

  it('corrects an unfit check to fit in one step: the case closes as opened in error, the record keeps both, the chain holds', async () => {
    const profile = candidate(await h.now());
    const wh = await h.bringOnDuty(profile);
    const caseId = (await failCheck(wh)).caseId!;
    const result = await correctIt(wh, 'y1-h1', { fit: true, note: '复查合格' });
    expect(result).toMatchObject({ factId: 'y1-h2', caseId });
    expect(result.message).toContain('opened in error');
    const v = await h.view(wh);
    expect(year1(v).healthChecks).toMatchObject([
      { id: 'y1-h1', fit: false, voided: { by: org.id, replacedBy: 'y1-h2' } },
      { id: 'y1-h2', fit: true, note: '复查合格', replaces: 'y1-h1' },
    ]);
    expect(v.cases.find((c) => c.caseId === caseId)).toMatchObject({
      status: 'closed',
      outcome: 'opened_in_error',
    });
    expect(v.openTasks.filter((t) => t.caseId === caseId)).toEqual([]);
    expect(v.timeline.find((e) => e.action === 'fact_corrected')).toMatchObject({
      actorId: org.id,
      params: { factId: 'y1-h1', replacementId: 'y1-h2', fit: 'yes', effect: 'case_closed' },
    });
    // The system of record: the original, the correction, the case closed; the chain intact.
    await caseRow(caseId, (r) => r.status === 'closed' && r.outcome === 'opened_in_error');
    const log = await h.pool.query<DecisionLogRow>(
      'SELECT * FROM decision_log WHERE official_id = $1 ORDER BY seq',
      [profile.officialId],
    );
    expect(
      log.rows
        .map((r) => r.action)
        .filter((a) => ['health_checked', 'fact_corrected', 'case_closed'].includes(a)),
    ).toEqual(['health_checked', 'fact_corrected', 'case_closed']);
    expect(verifyChain(log.rows).ok).toBe(true);
    const snapshot = (
      await h.pool.query('SELECT snapshot FROM officials WHERE official_id = $1', [
        profile.officialId,
      ])
    ).rows[0].snapshot;
    expect(snapshot.facts.map((f: { id: string }) => f.id)).toEqual(['y0-t1', 'y1-h1', 'y1-h2']);
    // The replaced fact is voided: neither voided nor corrected again.
    expect((await refusalOf(correctIt(wh, 'y1-h1', { fit: false }))).code).toBe('already_voided');
    await keepHistory('fact-corrected-case-closed', wh);
  });

  it('corrects a fit check to unfit: the case opens as recording it would', async () => {
    const wh = await h.bringOnDuty(candidate(await h.now()));
    await wh.executeUpdate(recordHealthCheck, { args: [{ actor: unit, fit: true, note: '' }] });
    const result = await correctIt(
      wh,
      'y1-h1',
      { fit: false, note: '化验单看错，实为不合格' },
      unit,
    );
    expect(result.caseId).toBeTruthy();
    const v = await h.view(wh);
    expect(v.cases.find((c) => c.caseId === result.caseId)).toMatchObject({
      grounds: ['health'],
      status: 'recall_requested',
    });
    expect(v.openTasks.some((t) => t.kind === 'recall_reply' && t.caseId === result.caseId)).toBe(
      true,
    );
    expect(year1(v).healthChecks[1]).toMatchObject({ id: 'y1-h2', caseId: result.caseId });
  });

  it('corrects a training’s date, and an absence’s date into the year it belongs to: its rating cap recomputed', async () => {
    const profile = candidate(await h.now());
    const wh = await h.bringOnDuty(profile);
    await env.sleep(5 * DAY);
    await wh.executeUpdate(recordTraining, {
      args: [{ actor: twp, kind: 'county', title: '乡村振兴政策培训' }],
    });
    const trainedOn = dateKeyOf((await h.now()) - 2 * DAY);
    const moved = await correctIt(wh, 'y1-t1', { date: trainedOn }, twp, '培训实际在前天');
    expect(moved.factId).toBe('y1-t2');
    let v = await h.view(wh);
    expect(year1(v).trainings[1]).toMatchObject({ title: '乡村振兴政策培训', replaces: 'y1-t1' });
    expect(dateKeyOf(year1(v).trainings[1]!.at)).toBe(trainedOn);
    // A date off duty (before dispatch) is refused, and nothing changes.
    expect(
      (await refusalOf(correctIt(wh, 'y1-t2', { date: dateKeyOf(v.years[0]!.startsAt - DAY) })))
        .code,
    ).toBe('rule_refused');

    // Into year two: an absence found on the last day of year one, recorded in year two.
    await env.sleep(year1(v).endsAt + DAY - (await h.now()));
    await wh.executeUpdate(recordSpotCheckAbsence, { args: [{ actor: twp, note: '抽查不在村' }] });
    v = await h.view(wh);
    expect(v.years[1]!.absences!.map((a) => a.id)).toEqual(['y2-a1']);
    const lastDay = dateKeyOf(year1(v).endsAt - DAY);
    const fixed = await correctIt(wh, 'y2-a1', { date: lastDay }, twp, '抽查在上年度末');
    expect(fixed.factId).toBe('y1-a1');
    v = await h.view(wh);
    expect([year1(v).spotCheckAbsences, v.years[1]!.spotCheckAbsences]).toEqual([1, 0]);
    expect(
      v.timeline.find((e) => e.action === 'fact_corrected' && e.params?.fact === 'absence'),
    ).toMatchObject({ params: { effect: 'absence_moved', toYear: 1, toCap: 'competent' } });
    await h.decide(wh, 'self_report', officialActor(profile), { report: 'year one' });
    v = await h.waitFor(wh, 'rating task', (x) =>
      x.openTasks.some((t) => t.kind === 'rate_official'),
    );
    const task = v.openTasks.find((t) => t.kind === 'rate_official')!;
    const refused = await refusalOf(
      wh.executeUpdate(decideTask, {
        args: [
          { taskId: task.id, actor: org, decision: 'approve', comment: 'x', rating: 'outstanding' },
        ],
      }),
    );
    expect(refused.code).toBe('rating_capped');
  });

  it('refuses a correction by a stranger or with a value the fact has not, and changes nothing', async () => {
    const wh = await h.bringOnDuty(candidate(await h.now()));
    await failCheck(wh);
    const before = await h.view(wh);
    expect((await refusalOf(correctIt(wh, 'y1-h1', { fit: true }, otherTownship))).code).toBe(
      'wrong_actor',
    );
    expect((await refusalOf(correctIt(wh, 'y1-h1', { title: '培训' }))).code).toBe('rule_refused');
    expect((await refusalOf(correctIt(wh, 'y1-h1', { fit: false }))).code).toBe('rule_refused');
    expect((await refusalOf(correctIt(wh, 'y1-h1', { fit: true }, org, ' '))).code).toBe(
      'reason_required',
    );
    const after = await h.view(wh);
    expect(after.timeline).toHaveLength(before.timeline.length);
    expect(year1(after).healthChecks).toEqual(year1(before).healthChecks);
  });

  it('voids the pre-dispatch training: the dispatch it led to stands, the county resolves it', async () => {
    const profile = candidate(await h.now());
    const wh = await h.bringOnDuty(profile);
    const result = await voidIt(wh, 'y0-t1', org, '岗前培训签到表不是本人');
    expect(result.taskId).toBeTruthy();
    const v = await h.view(wh);
    expect(v.stage).toBe('on_duty');
    expect(v.openTasks.find((t) => t.id === result.taskId)).toMatchObject({
      kind: 'resolve_correction',
      assignee: { role: 'county_org' },
    });
    expect(v.timeline.find((e) => e.action === 'fact_voided')!.params).toMatchObject({
      factId: 'y0-t1',
      fact: 'pre_dispatch_training',
      blocked: 'dispatched',
    });
    // The record answers before the Update does: the fact is there, voided.
    const snapshot = (
      await h.pool.query('SELECT snapshot FROM officials WHERE official_id = $1', [
        profile.officialId,
      ])
    ).rows[0].snapshot;
    expect(snapshot.facts[0]).toMatchObject({ id: 'y0-t1', year: 0, voided: { by: org.id } });
    await keepHistory('pre-dispatch-training-voided', wh);
  });
});
