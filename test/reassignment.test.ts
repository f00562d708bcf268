// Reassignment cases on the time-skipping server: a ground opens one case, the
// recall goes through one request and one reply, a successor is nominated and
// vetted while the outgoing official is still on post, and both sign the
// hand-over before the outgoing official leaves. Every check reads what a
// person would see: the term views, the rows in PostgreSQL, the e-mails.
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain/actors.js';
import type { CandidateProfile } from '../domain/profile.js';
import {
  HANDOVER_ITEMS,
  type CaseRecord,
  type HandoverItem,
  type Stage,
} from '../domain/records.js';
import {
  decideTask,
  fileRequest,
  recordHealthCheck,
  recordRecallException,
  signHandoverItem,
  termWorkflowId,
} from '../workflows/messages.js';
import type { DecisionResult, TermView } from '../workflows/views.js';
import {
  actor,
  candidate,
  keepHistory,
  officialActor,
  SCREENERS,
  useTermHarness,
  type Harness,
} from './support/term-harness.js';

let env: TestWorkflowEnvironment;
let h: Harness;
useTermHarness((e, harness) => {
  env = e;
  h = harness;
});

const org = actor('org-wuming');
const unit = actor('du-nanning');
const ON_POST: Stage[] = ['dispatched', 'on_duty', 'handing_over', 'term_end'];

// ---- helpers ------------------------------------------------------------------

/** The refusal code of an update that must be refused before it enters history. */
async function refusalOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure)
      return err.cause.type ?? 'untyped';
    throw err;
  }
  throw new Error('expected the update to be refused, but it succeeded');
}

/** Polls PostgreSQL until the rows satisfy `ok` (signals are recorded after the fact). */
async function rowsWhen<T extends Record<string, unknown>>(
  sql: string,
  params: unknown[],
  ok: (rows: T[]) => boolean,
  what: string,
): Promise<T[]> {
  const until = Date.now() + 15_000;
  let rows: T[] = [];
  while (Date.now() < until) {
    rows = (await h.pool.query<T>(sql, params)).rows;
    if (ok(rows)) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; last rows ${JSON.stringify(rows)}`);
}

const theCase = (v: TermView, caseId: string): CaseRecord => {
  const c = v.cases.find((x) => x.caseId === caseId);
  if (!c) throw new Error(`no case ${caseId} in ${v.termId}`);
  return c;
};
const tasksOf = (v: TermView, kind: string) => v.openTasks.filter((t) => t.kind === kind);
/** The stages a term went through, in order, as its timeline tells them. */
const stagesOf = (v: TermView): string[] => [
  'nominated',
  ...v.timeline.filter((e) => e.action === 'stage').map((e) => e.detail.split(' → ')[1]!),
];
const stageAt = (v: TermView, to: Stage): number => {
  const e = v.timeline.find((x) => x.action === 'stage' && x.detail.endsWith(`→ ${to}`));
  if (!e) throw new Error(`${v.termId} never reached ${to}`);
  return e.at;
};

function failHealthCheck(wh: WorkflowHandle, note = 'cardiac condition: unfit for village work') {
  return wh.executeUpdate(recordHealthCheck, { args: [{ actor: org, fit: false, note }] });
}
function requestRecall(wh: WorkflowHandle, reasons = 'the unit needs the official back') {
  return wh.executeUpdate(fileRequest, { args: [{ actor: unit, matter: 'recall', reasons }] });
}

async function sign(
  wh: WorkflowHandle,
  who: Actor,
  items: readonly HandoverItem[] = HANDOVER_ITEMS,
) {
  let last: Awaited<ReturnType<typeof wh.executeUpdate>> | undefined;
  for (const item of items)
    last = await wh.executeUpdate(signHandoverItem, { args: [{ actor: who, item }] });
  return last;
}

/** An official on duty with a reassignment case (health ground) whose recall the county approved. */
async function onDutyWithApprovedRecall(): Promise<{
  out: CandidateProfile;
  outWh: WorkflowHandle;
  caseId: string;
}> {
  const out = candidate(await h.now());
  const outWh = await h.bringOnDuty(out);
  const r = await failHealthCheck(outWh);
  await h.decide(outWh, 'recall_reply', org, { comment: 'recall approved on health grounds' });
  await h.waitFor(
    outWh,
    'a successor asked for',
    (v) => tasksOf(v, 'nominate_successor').length === 1,
  );
  return { out, outWh, caseId: r.caseId! };
}

/** A successor for the case, nominated, vetted, trained and dispatched: the hand-over starts. */
async function dispatchSuccessor(
  outWh: WorkflowHandle,
  caseId: string,
  overrides: Partial<CandidateProfile> = {},
) {
  const next = candidate(await h.now(), overrides);
  const nextWh = await h.bringOnDuty(next, { predecessorTermId: outWh.workflowId, caseId });
  await h.waitFor(outWh, 'the hand-over under way', (v) => v.stage === 'handing_over');
  return { next, nextWh };
}

// ---- tests -------------------------------------------------------------------

describe('a reassignment case', () => {
  it('recalls an official on health grounds: successor vetted and dispatched before the outgoing leaves, hand-over signed by both', async () => {
    const out = candidate(await h.now());
    const outWh = await h.bringOnDuty(out);
    const outTermId = outWh.workflowId;

    // A failed health check opens the case and files the recall request.
    const opened = await failHealthCheck(outWh);
    expect(opened.stage).toBe('on_duty');
    const caseId = opened.caseId!;
    expect(caseId).toBeDefined();
    let v = await h.view(outWh);
    expect(v.openCaseId).toBe(caseId);
    expect(theCase(v, caseId)).toMatchObject({
      grounds: ['health'],
      status: 'recall_requested',
      officialId: out.officialId,
    });
    const recallRequests = v.requests.filter((r) => r.kind === 'recall');
    expect(recallRequests).toHaveLength(1);
    expect(recallRequests[0]!.assignee).toMatchObject({
      role: 'county_org',
      jurisdiction: 'gx/nanning/wuming',
    });
    expect(tasksOf(v, 'recall_reply')).toHaveLength(1);
    expect(theCase(v, caseId).recallRequestNo).toBe(recallRequests[0]!.no);

    // The county approves: the dispatching unit is asked for a successor. The official stays.
    const approved = await h.decide(outWh, 'recall_reply', org, {
      comment: 'unfit: recall approved',
    });
    expect(approved).toMatchObject({ stage: 'on_duty', caseId });
    v = await h.view(outWh);
    expect(theCase(v, caseId).status).toBe('awaiting_successor');
    expect(tasksOf(v, 'nominate_successor')).toEqual([
      expect.objectContaining({
        caseId,
        assignee: expect.objectContaining({ role: 'dispatching_unit' }),
      }),
    ]);

    // The successor is nominated: the case follows; the outgoing is still on duty.
    const next = candidate(await h.now());
    const nextWh = await h.nominate(next, { predecessorTermId: outTermId, caseId });
    v = await h.waitFor(
      outWh,
      'successor in vetting',
      (x) => theCase(x, caseId).status === 'successor_in_vetting',
    );
    expect(v.stage).toBe('on_duty');
    expect(v.successorTermId).toBe(termWorkflowId(next.officialId));
    expect(theCase(v, caseId)).toMatchObject({
      currentSuccessorId: next.officialId,
      successorOfficialIds: [next.officialId],
    });
    expect(tasksOf(v, 'nominate_successor')).toEqual([]);
    let nv = await h.waitFor(nextWh, 'successor vetting', (x) => x.stage === 'vetting');
    expect(nv.predecessorTermId).toBe(outTermId);

    // Vetting, dispatch approval, pre-dispatch course: at each step the outgoing is still on duty.
    for (const body of ['discipline', 'petition', 'police']) {
      await h.decide(
        nextWh,
        'vetting_reply',
        SCREENERS[body]!,
        { comment: 'nothing on file' },
        (t) => t.assignee.body === body,
      );
      expect((await h.view(outWh)).stage).toBe('on_duty');
    }
    await h.decide(nextWh, 'approve_dispatch', org, { comment: 'approved' });
    expect((await h.view(outWh)).stage).toBe('on_duty');
    const dispatched = (await h.decide(nextWh, 'record_pre_dispatch_training', org, {
      comment: 'pre-dispatch course',
    })) as DecisionResult;
    expect(dispatched.stage).toBe('dispatched');

    // Dispatched: the hand-over starts; both officials have a checklist to sign.
    v = await h.waitFor(outWh, 'hand-over', (x) => x.stage === 'handing_over');
    expect(v.closedAt).toBeUndefined();
    const c = theCase(v, caseId);
    expect(c.status).toBe('handover');
    expect(c.handover).toMatchObject({
      outgoingOfficialId: out.officialId,
      incomingOfficialId: next.officialId,
      incomingTermId: nextWh.workflowId,
    });
    expect(c.handover!.dueAt - c.handover!.startedAt).toBe(30 * 86_400_000);
    expect(
      tasksOf(v, 'sign_handover')
        .map((t) => t.assignee.actorId)
        .sort(),
    ).toEqual([out.officialId, next.officialId].sort());
    expect(v.deadlines.some((d) => /hand-over/i.test(d.what))).toBe(true);

    // Signing: one side alone does not end the hand-over.
    const me = officialActor(out);
    const you = officialActor(next);
    await sign(outWh, me);
    v = await h.view(outWh);
    expect(v.stage).toBe('handing_over');
    expect(tasksOf(v, 'sign_handover').map((t) => t.assignee.actorId)).toEqual([next.officialId]);
    await sign(outWh, you, HANDOVER_ITEMS.slice(0, 3));
    expect((await h.view(outWh)).stage).toBe('handing_over');
    expect((await h.view(nextWh)).stage).toBe('dispatched');
    const last = await sign(outWh, you, HANDOVER_ITEMS.slice(3));
    expect(last).toMatchObject({ stage: 'recalled', message: 'hand-over complete' });

    // The outgoing term ends recalled; the successor is on duty alone.
    const outcome = await outWh.result();
    expect(outcome).toMatchObject({ termId: outTermId, stage: 'recalled' });
    nv = await h.waitFor(nextWh, 'successor on duty', (x) => x.stage === 'on_duty');
    v = await h.view(outWh);
    expect(theCase(v, caseId)).toMatchObject({
      status: 'closed',
      outcome: 'recalled',
      successorOfficialIds: [next.officialId],
    });
    expect(v.openCaseId).toBeUndefined();
    expect(v.openTasks).toEqual([]);
    for (const item of HANDOVER_ITEMS) {
      const s = theCase(v, caseId).handover!.signatures[item];
      expect(s.outgoing).toBeDefined();
      expect(s.incoming).toBeDefined();
    }

    // The village was never uncovered: the outgoing went on_duty → handing_over → recalled
    // without a gap, and left only after the successor was dispatched.
    expect(stagesOf(v).slice(-3)).toEqual(['on_duty', 'handing_over', 'recalled']);
    expect(stagesOf(nv).slice(-3)).toEqual(['pre_dispatch_training', 'dispatched', 'on_duty']);
    expect(nv.dispatchedAt).toBeDefined();
    expect(v.closedAt!).toBeGreaterThanOrEqual(nv.dispatchedAt!);
    expect(stageAt(v, 'handing_over')).toBeGreaterThanOrEqual(nv.dispatchedAt!);
    expect(stageAt(nv, 'on_duty')).toBeGreaterThanOrEqual(v.closedAt!);

    // Linked both ways.
    expect(v.successorTermId).toBe(nextWh.workflowId);
    expect(nv.predecessorTermId).toBe(outTermId);
    const actions = v.timeline.map((e) => e.action);
    for (const a of [
      'health_checked',
      'case_opened',
      'request_filed',
      'request_replied',
      'successor_requested',
      'successor_nominated',
      'handover_completed',
      'case_closed',
    ])
      expect(actions).toContain(a);
    expect(actions.filter((a) => a === 'handover_signed')).toHaveLength(8);
    expect(v.timeline.filter((e) => e.caseId === caseId).length).toBeGreaterThan(5);
    expect(
      nv.timeline.some(
        (e) =>
          e.action === 'stage' && e.detail.endsWith('→ on_duty') && e.reason?.includes(outTermId),
      ),
    ).toBe(true);

    // The system of record tells the same story.
    const cases = await h.pool.query(
      'SELECT status, outcome, grounds, closed_at, record FROM cases WHERE term_id = $1',
      [outTermId],
    );
    expect(cases.rows).toHaveLength(1);
    expect(cases.rows[0]).toMatchObject({
      status: 'closed',
      outcome: 'recalled',
      grounds: ['health'],
    });
    expect(cases.rows[0].record.successorOfficialIds).toEqual([next.officialId]);
    const officials = await rowsWhen<{ official_id: string; stage: string; snapshot: TermView }>(
      'SELECT official_id, stage, snapshot FROM officials WHERE term_id = ANY($1) ORDER BY nominated_at',
      [[outTermId, nextWh.workflowId]],
      (rows) => rows.length === 2 && rows[1]!.stage === 'on_duty',
      'the successor on duty in the record',
    );
    expect(officials.map((r) => [r.official_id, r.stage])).toEqual([
      [out.officialId, 'recalled'],
      [next.officialId, 'on_duty'],
    ]);
    expect(officials[0]!.snapshot.successorTermId).toBe(nextWh.workflowId);
    expect(officials[1]!.snapshot.predecessorTermId).toBe(outTermId);
    const tasks = await h.pool.query(
      'SELECT kind, outcome, assignee_actor_id FROM tasks WHERE case_id = $1 ORDER BY created_at, id',
      [caseId],
    );
    expect(tasks.rows.map((t) => [t.kind, t.outcome])).toEqual([
      ['recall_reply', 'approve'],
      ['nominate_successor', `cancelled: successor ${next.officialId} nominated`],
      ['sign_handover', 'signed'],
      ['sign_handover', 'signed'],
    ]);
    const open = await h.pool.query(
      'SELECT count(*)::int AS n FROM tasks WHERE term_id = $1 AND closed_at IS NULL',
      [outTermId],
    );
    expect(open.rows[0].n).toBe(0);
    const log = await h.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM decision_log WHERE term_id = $1',
      [outTermId],
    );
    expect(log.rows[0]!.n).toBe(v.timeline.length);
    const leftAt = await h.pool.query<{ at: Date }>(
      "SELECT at FROM decision_log WHERE term_id = $1 AND action = 'stage' AND detail LIKE '%→ recalled'",
      [outTermId],
    );
    const cameAt = await h.pool.query<{ at: Date }>(
      "SELECT at FROM decision_log WHERE term_id = $1 AND action = 'stage' AND detail LIKE '%→ dispatched'",
      [nextWh.workflowId],
    );
    expect(leftAt.rows).toHaveLength(1);
    expect(cameAt.rows).toHaveLength(1);
    expect(leftAt.rows[0]!.at.getTime()).toBeGreaterThanOrEqual(cameAt.rows[0]!.at.getTime());
    await keepHistory('health-recall-outgoing', outWh);
    await keepHistory('health-recall-successor-running', nextWh);
  });

  it('keeps the official on duty when the county rejects the recall; the case closes with the reason', async () => {
    const out = candidate(await h.now());
    const wh = await h.bringOnDuty(out);
    const filed = await requestRecall(wh, 'the unit wants the official back early');
    expect(filed.caseId).toBeDefined();
    let v = await h.view(wh);
    expect(theCase(v, filed.caseId!)).toMatchObject({
      grounds: ['request'],
      status: 'recall_requested',
      recallRequestNo: filed.requestNo,
    });

    // The filer cannot answer its own request; the county can, once.
    const replyTask = tasksOf(v, 'recall_reply')[0]!;
    expect(await refusalOf(h.decide(wh, 'recall_reply', unit))).toBe('wrong_actor');
    const reason = 'no ground under the rules: the official is doing well';
    const r = await h.decide(wh, 'recall_reply', org, { decision: 'reject', comment: reason });
    expect(r).toMatchObject({ stage: 'on_duty', caseId: filed.caseId });

    v = await h.view(wh);
    expect(v.stage).toBe('on_duty');
    expect(v.openCaseId).toBeUndefined();
    expect(theCase(v, filed.caseId!)).toMatchObject({
      status: 'closed',
      outcome: 'recall_rejected',
      outcomeReason: reason,
      successorOfficialIds: [],
    });
    expect(v.openTasks.filter((t) => t.caseId)).toEqual([]);
    expect(v.requests.find((x) => x.no === filed.requestNo)?.reply).toMatchObject({
      decision: 'reject',
      reasons: reason,
      by: org.id,
    });
    expect(v.timeline.find((e) => e.action === 'case_closed')).toMatchObject({
      caseId: filed.caseId,
      reason,
    });

    // The request cannot be answered twice; a new ground opens a new case.
    expect(
      await refusalOf(
        wh.executeUpdate(decideTask, {
          args: [
            { taskId: replyTask.id, actor: org, decision: 'approve', comment: 'changed my mind' },
          ],
        }),
      ),
    ).toBe('already_decided');
    const again = await requestRecall(wh, 'asked again with new reasons');
    expect(again.caseId).not.toBe(filed.caseId);
    v = await h.view(wh);
    expect(v.cases.map((c) => c.status)).toEqual(['closed', 'recall_requested']);

    const rows = await h.pool.query(
      'SELECT case_id, status, outcome, record FROM cases WHERE term_id = $1 ORDER BY opened_at, case_id',
      [wh.workflowId],
    );
    expect(rows.rows.map((c) => [c.case_id, c.status, c.outcome])).toEqual([
      [filed.caseId, 'closed', 'recall_rejected'],
      [again.caseId, 'recall_requested', null],
    ]);
    expect(rows.rows[0].record.outcomeReason).toBe(reason);
    const official = await h.pool.query('SELECT stage FROM officials WHERE term_id = $1', [
      wh.workflowId,
    ]);
    expect(official.rows[0].stage).toBe('on_duty');
    const reply = await h.pool.query(
      "SELECT outcome, closed_by FROM tasks WHERE case_id = $1 AND kind = 'recall_reply'",
      [filed.caseId],
    );
    expect(reply.rows).toEqual([{ outcome: 'reject', closed_by: org.id }]);
  });

  it('asks for the next candidate when a successor is screened out or rejected, until one is dispatched', async () => {
    const { out, outWh, caseId } = await onDutyWithApprovedRecall();

    // Screened out by the six rules (sanctioned): the dispatching unit is asked again.
    const sanctioned = candidate(await h.now(), { sanctioned: true });
    const sWh = await h.nominate(sanctioned, { predecessorTermId: outWh.workflowId, caseId });
    expect(await sWh.result()).toMatchObject({ stage: 'screened_out' });
    let v = await h.waitFor(outWh, 'the screened-out successor reported', (x) =>
      x.timeline.some((e) => e.action === 'successor_failed'),
    );
    expect(v.stage).toBe('on_duty');
    expect(theCase(v, caseId).status).toBe('awaiting_successor');
    expect(tasksOf(v, 'nominate_successor')).toHaveLength(1);
    expect(theCase(v, caseId).successorOfficialIds).toContain(sanctioned.officialId);

    // The police object at vetting and the county ends the nomination on it: asked again.
    const flagged = candidate(await h.now());
    const fWh = await h.nominate(flagged, { predecessorTermId: outWh.workflowId, caseId });
    await h.waitFor(
      outWh,
      'second successor in vetting',
      (x) => theCase(x, caseId).currentSuccessorId === flagged.officialId,
    );
    await h.decide(
      fWh,
      'vetting_reply',
      SCREENERS.police!,
      { decision: 'reject', comment: 'a pending police matter' },
      (t) => t.assignee.body === 'police',
    );
    await h.decide(fWh, 'decide_objection', org, {
      decision: 'end_nomination',
      comment: 'the police matter bars the posting',
    });
    expect(await fWh.result()).toMatchObject({ stage: 'rejected' });
    v = await h.waitFor(
      outWh,
      'the rejected successor reported',
      (x) => theCase(x, caseId).status === 'awaiting_successor',
    );
    expect(v.stage).toBe('on_duty');
    expect(tasksOf(v, 'nominate_successor')).toHaveLength(1);
    expect(v.successorTermId).toBeUndefined();

    // The third candidate passes and takes over.
    const { next, nextWh } = await dispatchSuccessor(outWh, caseId);
    await sign(outWh, officialActor(out));
    await sign(outWh, officialActor(next));
    expect(await outWh.result()).toMatchObject({ stage: 'recalled' });
    await h.waitFor(nextWh, 'successor on duty', (x) => x.stage === 'on_duty');
    v = await h.view(outWh);
    expect(theCase(v, caseId)).toMatchObject({
      status: 'closed',
      outcome: 'recalled',
      currentSuccessorId: next.officialId,
    });
    expect(theCase(v, caseId).successorOfficialIds).toEqual([
      sanctioned.officialId,
      flagged.officialId,
      next.officialId,
    ]);
    expect(v.successorTermId).toBe(nextWh.workflowId);
    expect(v.timeline.filter((e) => e.action === 'successor_failed')).toHaveLength(2);

    // In the record: three requests for a successor, each closed; none left open.
    const asked = await h.pool.query(
      "SELECT outcome FROM tasks WHERE case_id = $1 AND kind = 'nominate_successor' ORDER BY created_at, id",
      [caseId],
    );
    expect(asked.rows).toHaveLength(3);
    expect(
      asked.rows.every((r) => typeof r.outcome === 'string' && r.outcome.startsWith('cancelled')),
    ).toBe(true);
    const failed = await h.pool.query(
      'SELECT official_id, stage FROM officials WHERE official_id = ANY($1) ORDER BY nominated_at',
      [[sanctioned.officialId, flagged.officialId]],
    );
    expect(failed.rows.map((r) => r.stage)).toEqual(['screened_out', 'rejected']);
  });

  it('e-mails both officials while checklist items stay unsigned, then escalates to the county after the due date', async () => {
    const { out, outWh, caseId } = await onDutyWithApprovedRecall();
    const { next, nextWh } = await dispatchSuccessor(outWh, caseId);
    const me = officialActor(out);
    await sign(outWh, me, ['village_ledger', 'contacts']);
    const started = theCase(await h.view(outWh), caseId).handover!;
    const key = (rung: string) => `${outWh.workflowId}/handover:${nextWh.workflowId}/${rung}`;
    const mailsOf = (rung: string) =>
      h.mail.messages().filter((m) => m.headers['x-zhucun-reminder'] === key(rung));
    const both = [out.email, next.email].sort();
    expect(mailsOf('unsigned-7d')).toEqual([]);

    // A week in (23 days before the due date): both officials are reminded.
    await env.sleep('8 days');
    const first = await h.mail.waitFor(
      (m) => m.headers['x-zhucun-reminder'] === key('unsigned-7d'),
    );
    expect([...first.to].sort()).toEqual(both);
    expect(first.subject).toMatch(/^【驻村提醒】/);
    expect(first.subject).toContain('工作交接清单');
    expect(mailsOf('overdue')).toEqual([]);

    // Three days before the due date: again both.
    await env.sleep('20 days');
    const second = await h.mail.waitFor(
      (m) => m.headers['x-zhucun-reminder'] === key('unsigned-3d'),
    );
    expect([...second.to].sort()).toEqual(both);
    expect(mailsOf('overdue')).toEqual([]);
    expect((await h.view(outWh)).stage).toBe('handing_over');

    // Past the due date: escalated to the county organization department, not the officials.
    await env.sleep('3 days');
    const escalation = await h.mail.waitFor(
      (m) => m.headers['x-zhucun-reminder'] === key('overdue'),
    );
    expect(escalation.to).toEqual([actor('org-wuming').email]);
    expect(escalation.subject).toMatch(/^【驻村督办】/);
    expect(escalation.subject).toContain(out.name);

    let v = await h.view(outWh);
    expect(v.stage).toBe('handing_over');
    const reminded = v.timeline.filter(
      (e) =>
        (e.action === 'reminded' || e.action === 'escalated') &&
        e.detail.startsWith('Hand-over checklist'),
    );
    expect(reminded.map((e) => e.action)).toEqual(['reminded', 'reminded', 'escalated']);
    expect(reminded[0]!.at - started.startedAt).toBeGreaterThanOrEqual(7 * 86_400_000);
    expect(reminded[2]!.at).toBeGreaterThanOrEqual(started.dueAt);
    for (const rung of ['unsigned-7d', 'unsigned-3d', 'overdue'])
      expect(mailsOf(rung)).toHaveLength(1);
    const sent = await h.pool.query(
      'SELECT rung, recipients, status FROM notifications WHERE obligation = $1 ORDER BY rung',
      [`handover:${nextWh.workflowId}`],
    );
    expect(sent.rows.map((r) => [r.rung, r.status, [...r.recipients].sort()])).toEqual([
      ['overdue', 'sent', [actor('org-wuming').email]],
      ['unsigned-3d', 'sent', both],
      ['unsigned-7d', 'sent', both],
    ]);

    // Late but complete: the outgoing leaves, the successor is on duty.
    await sign(outWh, me, ['ongoing_projects', 'open_matters']);
    await sign(outWh, officialActor(next));
    expect(await outWh.result()).toMatchObject({ stage: 'recalled' });
    v = await h.waitFor(nextWh, 'successor on duty', (x) => x.stage === 'on_duty');
    expect(v.predecessorTermId).toBe(outWh.workflowId);
  });

  describe('concurrent grounds open exactly one case', () => {
    const grounds = {
      'health check and recall request at once': (wh: WorkflowHandle) =>
        Promise.all([failHealthCheck(wh), requestRecall(wh)]),
      'health check first, then the recall request': async (wh: WorkflowHandle) => [
        await failHealthCheck(wh),
        await requestRecall(wh),
      ],
      'recall request first, then the health check': async (wh: WorkflowHandle) => [
        await requestRecall(wh),
        await failHealthCheck(wh),
      ],
    };
    for (const [name, both] of Object.entries(grounds)) {
      it(name, async () => {
        const out = candidate(await h.now());
        const wh = await h.bringOnDuty(out);
        const results = await both(wh);
        const caseIds = new Set(results.map((r) => r.caseId));
        expect(caseIds.size).toBe(1);
        const caseId = results[0]!.caseId!;

        const v = await h.view(wh);
        expect(v.cases).toHaveLength(1);
        expect([...theCase(v, caseId).grounds].sort()).toEqual(['health', 'request']);
        expect(theCase(v, caseId).status).toBe('recall_requested');
        expect(v.requests.filter((r) => r.kind === 'recall')).toHaveLength(1);
        expect(tasksOf(v, 'recall_reply')).toHaveLength(1);
        expect(v.timeline.filter((e) => e.action === 'case_opened')).toHaveLength(1);
        expect(v.timeline.filter((e) => e.action === 'case_ground_added')).toHaveLength(1);

        const rows = await h.pool.query('SELECT grounds, status FROM cases WHERE term_id = $1', [
          wh.workflowId,
        ]);
        expect(rows.rows).toHaveLength(1);
        expect([...rows.rows[0].grounds].sort()).toEqual(['health', 'request']);
        const replies = await h.pool.query(
          "SELECT count(*)::int AS n FROM tasks WHERE term_id = $1 AND kind = 'recall_reply'",
          [wh.workflowId],
        );
        expect(replies.rows[0].n).toBe(1);

        // The unit's own ground is on the case already: a second request is a duplicate.
        expect(await refusalOf(requestRecall(wh, 'asked twice'))).toBe('duplicate_request');
      });
    }
  });

  it('lets the county record an exception: the outgoing leaves without a successor; a successor still in vetting goes on duty when dispatched', async () => {
    const out = candidate(await h.now());
    const outWh = await h.bringOnDuty(out);
    const { caseId } = await failHealthCheck(outWh);
    // Not before the recall is approved, and only by the county.
    expect(
      await refusalOf(
        outWh.executeUpdate(recordRecallException, { args: [{ actor: org, reason: 'urgent' }] }),
      ),
    ).toBe('wrong_stage');
    await h.decide(outWh, 'recall_reply', org, { comment: 'approved' });
    expect(
      await refusalOf(
        outWh.executeUpdate(recordRecallException, { args: [{ actor: unit, reason: 'urgent' }] }),
      ),
    ).toBe('wrong_actor');

    const next = candidate(await h.now());
    const nextWh = await h.nominate(next, { predecessorTermId: outWh.workflowId, caseId });
    await h.waitFor(
      outWh,
      'successor in vetting',
      (x) => theCase(x, caseId!).status === 'successor_in_vetting',
    );

    const reason = 'hospitalised: cannot wait for the successor';
    const r = await outWh.executeUpdate(recordRecallException, { args: [{ actor: org, reason }] });
    expect(r.stage).toBe('recalled');
    expect(await outWh.result()).toMatchObject({ stage: 'recalled' });
    const v = await h.view(outWh);
    expect(theCase(v, caseId!)).toMatchObject({
      status: 'closed',
      outcome: 'exception',
      outcomeReason: reason,
    });
    expect(v.openTasks).toEqual([]);
    expect(v.timeline.find((e) => e.action === 'recall_exception')).toMatchObject({
      actorId: org.id,
      reason,
    });
    const row = await h.pool.query('SELECT status, outcome FROM cases WHERE case_id = $1', [
      caseId,
    ]);
    expect(row.rows[0]).toEqual({ status: 'closed', outcome: 'exception' });

    // The successor's vetting goes on; with nobody to hand over from, dispatch puts them on duty.
    await h.vetAndDispatch(nextWh);
    const nv = await h.waitFor(nextWh, 'successor on duty', (x) => x.stage === 'on_duty', 10_000);
    expect(nv.predecessorTermId).toBe(outWh.workflowId);
    expect(nv.dispatchedAt).toBeDefined();
  });

  it('takes no successor before the recall is approved: an early candidate changes nothing in the case and is not left waiting for a hand-over', async () => {
    const out = candidate(await h.now());
    const outWh = await h.bringOnDuty(out);
    const { caseId } = await failHealthCheck(outWh);

    // Nominated while the recall request still waits for its reply.
    const early = candidate(await h.now());
    const earlyWh = await h.nominate(early, { predecessorTermId: outWh.workflowId, caseId });
    let v = await h.waitFor(outWh, 'the early candidate reported', (x) =>
      x.timeline.some((e) => e.action === 'successor_ignored'),
    );
    expect(theCase(v, caseId!)).toMatchObject({
      status: 'recall_requested',
      successorOfficialIds: [],
    });
    expect(v.successorTermId).toBeUndefined();
    expect(tasksOf(v, 'recall_reply')).toHaveLength(1);

    // Vetted and dispatched, the early candidate starts no hand-over and is not stuck in 'dispatched'.
    await h.vetAndDispatch(earlyWh);
    await h.waitFor(earlyWh, 'early candidate on duty', (x) => x.stage === 'on_duty', 10_000);
    v = await h.view(outWh);
    expect(v.stage).toBe('on_duty');
    expect(theCase(v, caseId!).status).toBe('recall_requested');

    // The case goes on the proper way; a rival nominated while the successor is in vetting
    // does not displace them.
    await h.decide(outWh, 'recall_reply', org, { comment: 'approved' });
    const next = candidate(await h.now());
    const nextWh = await h.nominate(next, { predecessorTermId: outWh.workflowId, caseId });
    await h.waitFor(
      outWh,
      'successor in vetting',
      (x) => theCase(x, caseId!).currentSuccessorId === next.officialId,
    );
    const rival = candidate(await h.now());
    await h.nominate(rival, { predecessorTermId: outWh.workflowId, caseId });
    v = await h.waitFor(
      outWh,
      'the rival reported',
      (x) => x.timeline.filter((e) => e.action === 'successor_ignored').length === 2,
    );
    expect(theCase(v, caseId!)).toMatchObject({
      status: 'successor_in_vetting',
      currentSuccessorId: next.officialId,
      successorOfficialIds: [next.officialId],
    });
    expect(v.successorTermId).toBe(nextWh.workflowId);
    await h.vetAndDispatch(nextWh);
    v = await h.waitFor(outWh, 'hand-over', (x) => x.stage === 'handing_over');
    expect(theCase(v, caseId!).handover?.incomingOfficialId).toBe(next.officialId);
  });
});
