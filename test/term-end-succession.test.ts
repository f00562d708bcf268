// The succession at the end of a full term, on the time-skipping server: the
// dispatching unit is asked for a successor the policy's lead time before the
// term ends; the successor is vetted, trained and dispatched; both officials
// sign the hand-over; the outgoing record closes after it, naming the
// successor; or, with nobody dispatched by the end, it closes at the end and
// says so. Terms of six months (the policy's termMonths) keep the runs short;
// the lead time is the default three months. Every check reads what a person
// would see: the term's view, the rows in PostgreSQL.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { signDemoToken } from '../api/demo.js';
import type { Actor } from '../domain/actors.js';
import { addMonths } from '../domain/calendar.js';
import { DEFAULT_POLICY, type Policy } from '../domain/policy.js';
import type { CandidateProfile } from '../domain/profile.js';
import { HANDOVER_ITEMS, type CaseRecord, type TimelineEntry } from '../domain/records.js';
import { loadConfig } from '../platform/config.js';
import { termWorkflowId } from '../workflows/messages.js';
import type { TermView } from '../workflows/views.js';
import {
  actor,
  candidate,
  keepHistory,
  officialActor,
  SCREENERS,
  useTermHarness,
  type Harness,
} from './support/term-harness.js';

let h: Harness;
useTermHarness((_env, harness) => {
  h = harness;
});

/**
 * The API as people use it, over the suite's time-skipping server, worker and
 * database: requests over HTTP with signed bearer tokens.
 */
let api: { server: Server; secret: string } | undefined;
async function call(method: string, path: string, as: string | Actor, body?: unknown) {
  if (!api) {
    const secret = randomBytes(32).toString('hex');
    const config = loadConfig({
      DATABASE_URL: 'postgres://zhucun@127.0.0.1:5432/served-by-the-harness-pool',
      AUTH_JWT_SECRET: secret,
      PORT: '0',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
    });
    const app = createApp({ config, client: h.client, pool: h.pool, taskQueue: h.taskQueue });
    const server: Server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    api = { server, secret };
  }
  const caller = typeof as === 'string' ? actor(as) : as;
  const token = await signDemoToken(caller, api.secret);
  const { port } = api.server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as any };
}
afterAll(async () => {
  if (!api) return;
  api.server.closeAllConnections();
  await new Promise<void>((resolve) => api!.server.close(() => resolve()));
});

const org = actor('org-wuming');
const twp = actor('twp-fucheng');
const SIX_MONTHS: Policy = { ...DEFAULT_POLICY, termMonths: 6 };

const tasksOf = (v: TermView, kind: string) => v.openTasks.filter((t) => t.kind === kind);
const entry = (v: TermView, action: string): TimelineEntry => {
  const found = v.timeline.find((e) => e.action === action);
  if (!found) throw new Error(`${v.termId} has no ${action} entry`);
  return found;
};
const theCase = (v: TermView, caseId: string): CaseRecord => {
  const found = v.cases.find((c) => c.caseId === caseId);
  if (!found) throw new Error(`no case ${caseId} in ${v.termId}`);
  return found;
};

/** The township closes month `month`; the official reports on a year that ended. */
async function serveMonth(
  wh: WorkflowHandle,
  official: CandidateProfile,
  month: number,
): Promise<TermView> {
  await h.untilMonthClose(wh, month);
  await h.decide(wh, 'close_attendance', twp, { days: 24 }, (t) => t.data?.month === month);
  if (tasksOf(await h.view(wh), 'self_report').length)
    await h.decide(wh, 'self_report', officialActor(official), {
      report: 'roads, water, school',
    });
  return h.view(wh);
}

/** Months served until the dispatching unit is asked for a successor; returns the month reached. */
async function serveUntilAsked(
  wh: WorkflowHandle,
  official: CandidateProfile,
): Promise<{ month: number; v: TermView }> {
  for (let month = 1; month <= SIX_MONTHS.termMonths; month++) {
    const v = await serveMonth(wh, official, month);
    if (tasksOf(v, 'nominate_successor').length) return { month, v };
  }
  throw new Error(`${wh.workflowId}: no successor asked for`);
}

/** Polls PostgreSQL until the rows satisfy `ok` (the record follows committed history). */
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

describe('the succession at the end of a full term', () => {
  it('asks for the successor three months before the end; the successor is vetted and dispatched, both sign, and the record closes after the hand-over naming the successor, who is on duty', async () => {
    const out = candidate(await h.now());
    const outWh = await h.bringOnDuty(out, { policy: SIX_MONTHS });
    const outTermId = outWh.workflowId;

    // The dispatching unit is asked, three calendar months before the end, with no recall.
    let { month, v } = await serveUntilAsked(outWh, out);
    expect(v.stage).toBe('on_duty');
    const opened = entry(v, 'succession_opened');
    // The timer's instant, give or take the milliseconds a timer fires late.
    const askAt = addMonths(v.dispatchedAt!, 3);
    expect(opened.at).toBeGreaterThanOrEqual(askAt);
    expect(opened.at).toBeLessThan(askAt + 60_000);
    expect(v.termEndsAt).toBe(addMonths(v.dispatchedAt!, 6));
    const caseId = opened.caseId!;
    expect(theCase(v, caseId)).toMatchObject({
      grounds: ['term_end'],
      status: 'awaiting_successor',
    });
    expect(v.requests.filter((r) => r.kind === 'recall')).toEqual([]);
    const [ask] = tasksOf(v, 'nominate_successor');
    expect(ask).toMatchObject({
      caseId,
      assignee: { role: 'dispatching_unit', jurisdiction: out.village },
    });
    expect(entry(v, 'successor_requested').params).toMatchObject({
      caseId,
      because: 'term_end_near',
    });

    // In the dispatching unit's inbox; the unit nominates the successor through the API.
    const inbox = await call('GET', '/api/inbox?kind=nominate_successor&limit=200', 'du-nanning');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items).toContainEqual(
      expect.objectContaining({ id: ask!.id, officialId: out.officialId, caseId }),
    );
    // The case page offers the unit the nomination (the page's "nominate a successor").
    const casePage = await call('GET', `/api/cases/${encodeURIComponent(caseId)}`, 'du-nanning');
    expect(casePage.status).toBe(200);
    expect(casePage.body).toMatchObject({ status: 'awaiting_successor', grounds: ['term_end'] });
    expect(casePage.body.actions).toContain('nominateCandidate');
    const next = candidate(await h.now());
    const nominated = await call('POST', '/api/nominations', 'du-nanning', {
      ...next,
      replacesOfficialId: out.officialId,
    });
    expect(nominated.status, JSON.stringify(nominated.body)).toBe(201);
    expect(nominated.body).toMatchObject({ caseId, officialId: next.officialId });
    const nextWh = h.client.workflow.getHandle(termWorkflowId(next.officialId));
    v = await h.waitFor(
      outWh,
      'the successor in vetting',
      (x) => theCase(x, caseId).status === 'successor_in_vetting',
    );
    expect(tasksOf(v, 'nominate_successor')).toEqual([]);

    // Screening passed; vetting, dispatch approval, pre-dispatch training: dispatched.
    await h.vetAndDispatch(nextWh);
    v = await h.waitFor(outWh, 'the hand-over', (x) => theCase(x, caseId).status === 'handover');
    expect(v.stage).toBe('on_duty');
    expect(v.successorTermId).toBe(nextWh.workflowId);
    expect(theCase(v, caseId).handover).toMatchObject({
      outgoingOfficialId: out.officialId,
      incomingOfficialId: next.officialId,
    });
    const handover = theCase(v, caseId).handover!;
    expect(handover.dueAt - handover.startedAt).toBe(30 * 86_400_000);
    expect(entry(v, 'handover_started').params).toMatchObject({
      successorOfficialId: next.officialId,
      days: 30,
    });
    expect(
      tasksOf(v, 'sign_handover')
        .map((t) => t.assignee.actorId)
        .sort(),
    ).toEqual([out.officialId, next.officialId].sort());
    let nv = await h.waitFor(nextWh, 'dispatched', (x) => x.stage === 'dispatched');
    expect(nv.predecessorTermId).toBe(outTermId);

    // Both sign every item of the checklist on the case, as the page does.
    for (const who of [officialActor(out), officialActor(next)])
      for (const item of HANDOVER_ITEMS) {
        const signed = await call(
          'POST',
          `/api/cases/${encodeURIComponent(caseId)}/handover/${item}/sign`,
          who,
          {},
        );
        expect(signed.status, JSON.stringify(signed.body)).toBe(200);
      }
    nv = await h.waitFor(nextWh, 'successor on duty', (x) => x.stage === 'on_duty');
    v = await h.view(outWh);
    expect(v.stage).toBe('on_duty');
    expect(theCase(v, caseId)).toMatchObject({ status: 'closed', outcome: 'handed_over' });
    expect(v.closedAt).toBeUndefined();

    // The rest of the term; the final rating closes it.
    for (month += 1; v.stage !== 'term_end'; month++) v = await serveMonth(outWh, out, month);
    expect(v.timeline.some((e) => e.action === 'term_ended_without_successor')).toBe(false);
    await h.decide(outWh, 'rate_official', org, { rating: 'competent', comment: 'final' });
    expect(await outWh.result()).toMatchObject({ stage: 'closed' });
    v = await h.view(outWh);
    expect(entry(v, 'term_completed').params).toMatchObject({
      rating: 'competent',
      successorOfficialId: next.officialId,
    });
    const handedOver = entry(v, 'handover_completed').at;
    expect(v.closedAt!).toBeGreaterThan(handedOver);
    expect((await h.view(nextWh)).stage).toBe('on_duty');

    // The system of record: the outgoing record closed, naming the successor and the hand-over.
    const officials = await h.pool.query<{
      official_id: string;
      stage: string;
      snapshot: TermView;
    }>(
      'SELECT official_id, stage, snapshot FROM officials WHERE term_id = ANY($1) ORDER BY nominated_at',
      [[outTermId, nextWh.workflowId]],
    );
    expect(officials.rows.map((r) => [r.official_id, r.stage])).toEqual([
      [out.officialId, 'closed'],
      [next.officialId, 'on_duty'],
    ]);
    expect(officials.rows[0]!.snapshot.successorTermId).toBe(nextWh.workflowId);
    expect(officials.rows[1]!.snapshot.predecessorTermId).toBe(outTermId);
    const cases = await h.pool.query(
      'SELECT status, outcome, grounds, record FROM cases WHERE term_id = $1',
      [outTermId],
    );
    expect(cases.rows).toHaveLength(1);
    expect(cases.rows[0]).toMatchObject({
      status: 'closed',
      outcome: 'handed_over',
      grounds: ['term_end'],
    });
    expect(cases.rows[0].record.handover).toMatchObject({ incomingOfficialId: next.officialId });
    expect(
      HANDOVER_ITEMS.every(
        (item) =>
          cases.rows[0].record.handover.signatures[item].outgoing &&
          cases.rows[0].record.handover.signatures[item].incoming,
      ),
    ).toBe(true);
    const tasks = await h.pool.query(
      'SELECT kind, outcome, assignee_role FROM tasks WHERE case_id = $1 ORDER BY created_at, id',
      [caseId],
    );
    expect(tasks.rows.map((t) => [t.kind, t.assignee_role, t.outcome])).toEqual([
      [
        'nominate_successor',
        'dispatching_unit',
        `cancelled: successor ${next.officialId} nominated`,
      ],
      ['sign_handover', 'official', 'signed'],
      ['sign_handover', 'official', 'signed'],
    ]);
    const log = await h.pool.query<{ action: string }>(
      'SELECT action FROM decision_log WHERE term_id = $1 ORDER BY at, seq',
      [outTermId],
    );
    expect(log.rows).toHaveLength(v.timeline.length);
    const actions = log.rows.map((r) => r.action);
    for (const action of [
      'succession_opened',
      'successor_requested',
      'successor_nominated',
      'handover_started',
      'handover_completed',
      'term_completed',
    ])
      expect(actions).toContain(action);
    const open = await h.pool.query(
      'SELECT count(*)::int AS n FROM tasks WHERE term_id = $1 AND closed_at IS NULL',
      [outTermId],
    );
    expect(open.rows[0].n).toBe(0);
    // The outgoing official's record as the API serves it: the successor and the hand-over.
    const record = await call(
      'GET',
      `/api/officials/${encodeURIComponent(out.officialId)}`,
      'org-wuming',
    );
    expect(record.status).toBe(200);
    expect(record.body.official).toMatchObject({ stage: 'closed' });
    expect(record.body.snapshot.successorTermId).toBe(nextWh.workflowId);
    expect(record.body.cases).toEqual([
      expect.objectContaining({
        caseId,
        grounds: ['term_end'],
        outcome: 'handed_over',
        record: expect.objectContaining({
          handover: expect.objectContaining({ incomingOfficialId: next.officialId }),
        }),
      }),
    ]);
    const completed = record.body.timeline.find(
      (e: TimelineEntry) => e.action === 'term_completed',
    );
    expect(completed.params.successorOfficialId).toBe(next.officialId);
    expect(record.body.names).toHaveProperty(next.officialId);
    await keepHistory('term-end-succession-outgoing', outWh);
    await keepHistory('term-end-succession-successor-running', nextWh);
  });

  it('closes at the end when no successor is dispatched by then, and says so; the candidate still in vetting goes on duty when dispatched later', async () => {
    const out = candidate(await h.now());
    const outWh = await h.bringOnDuty(out, { policy: SIX_MONTHS });
    let { month, v } = await serveUntilAsked(outWh, out);
    const caseId = entry(v, 'succession_opened').caseId!;

    // A candidate is nominated but not yet vetted when the term ends.
    const late = candidate(await h.now());
    const lateWh = await h.nominate(late, { predecessorTermId: outWh.workflowId, caseId });
    await h.waitFor(
      outWh,
      'the candidate in vetting',
      (x) => theCase(x, caseId).status === 'successor_in_vetting',
    );
    for (month += 1; v.stage !== 'term_end'; month++) v = await serveMonth(outWh, out, month);

    const said = entry(v, 'term_ended_without_successor');
    expect(said.at).toBe(v.termEndsAt);
    expect(said.params).toMatchObject({ caseId, village: out.village });
    expect(said.detail).toMatch(/no successor dispatched/);
    expect(theCase(v, caseId)).toMatchObject({
      status: 'closed',
      outcome: 'no_successor',
      outcomeReason: 'no successor was dispatched by the end of the term',
    });
    await h.decide(outWh, 'rate_official', org, { rating: 'competent', comment: 'final' });
    expect(await outWh.result()).toMatchObject({ stage: 'closed' });
    v = await h.view(outWh);
    expect(entry(v, 'term_completed').params).not.toHaveProperty('successorOfficialId');

    // The candidate is told no hand-over is due: dispatched, straight on duty.
    await h.waitFor(lateWh, 'predecessor left', (x) =>
      x.timeline.some((e) => e.action === 'predecessor_left'),
    );
    await h.vetAndDispatch(lateWh);
    await h.waitFor(lateWh, 'on duty', (x) => x.stage === 'on_duty');

    // The record: the log says it plainly; the case is closed with no successor.
    const log = await h.pool.query<{ detail: string; case_id: string }>(
      "SELECT detail, case_id FROM decision_log WHERE term_id = $1 AND action = 'term_ended_without_successor'",
      [outWh.workflowId],
    );
    expect(log.rows).toEqual([expect.objectContaining({ case_id: caseId, detail: said.detail })]);
    const cases = await h.pool.query('SELECT outcome, closed_at FROM cases WHERE case_id = $1', [
      caseId,
    ]);
    expect(cases.rows[0].outcome).toBe('no_successor');
    // The county finds it among its cases: closed, with no successor.
    const countyCases = await call('GET', '/api/cases?ground=term_end&status=closed', 'org-wuming');
    expect(countyCases.status).toBe(200);
    expect(countyCases.body.items).toContainEqual(
      expect.objectContaining({ caseId, officialId: out.officialId, outcome: 'no_successor' }),
    );
    const row = await h.pool.query('SELECT stage FROM officials WHERE term_id = $1', [
      outWh.workflowId,
    ]);
    expect(row.rows[0].stage).toBe('closed');
    await keepHistory('term-end-no-successor', outWh);
  });

  it('asks the unit for the next candidate when a successor is rejected at vetting', async () => {
    const out = candidate(await h.now());
    const outWh = await h.bringOnDuty(out, { policy: SIX_MONTHS });
    const { v: asked } = await serveUntilAsked(outWh, out);
    const caseId = entry(asked, 'succession_opened').caseId!;

    const flagged = candidate(await h.now());
    const fWh = await h.nominate(flagged, { predecessorTermId: outWh.workflowId, caseId });
    await h.waitFor(
      outWh,
      'the candidate in vetting',
      (x) => theCase(x, caseId).currentSuccessorId === flagged.officialId,
    );
    expect(tasksOf(await h.view(outWh), 'nominate_successor')).toEqual([]);
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

    const v = await h.waitFor(
      outWh,
      'asked for the next candidate',
      (x) => tasksOf(x, 'nominate_successor').length === 1,
    );
    expect(v.stage).toBe('on_duty');
    expect(theCase(v, caseId)).toMatchObject({
      status: 'awaiting_successor',
      successorOfficialIds: [flagged.officialId],
    });
    expect(v.successorTermId).toBeUndefined();
    const failed = v.timeline.filter((e) => e.action === 'successor_failed');
    expect(failed.map((e) => e.params)).toEqual([
      expect.objectContaining({ successorOfficialId: flagged.officialId, status: 'rejected' }),
    ]);
    expect(v.timeline.at(-1)).toMatchObject({
      action: 'successor_requested',
      params: expect.objectContaining({ because: 'successor_rejected', caseId }),
    });
    // In the dispatching unit's inbox on record: two asks, the first cancelled by the nomination.
    const asks = await rowsWhen<{ outcome: string | null }>(
      "SELECT outcome FROM tasks WHERE case_id = $1 AND kind = 'nominate_successor' ORDER BY created_at, id",
      [caseId],
      (rows) => rows.length === 2,
      'the second ask on record',
    );
    expect(asks.map((r) => r.outcome)).toEqual([
      `cancelled: successor ${flagged.officialId} nominated`,
      null,
    ]);
  });
});
