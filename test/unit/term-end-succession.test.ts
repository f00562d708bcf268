// The succession at the end of a full term: the dispatching unit is asked for
// a successor the policy's lead time before the end, the successor protocol
// and the hand-over of a reassignment case run, and the term closes after the
// hand-over, or at its end with no successor, saying so.
import { describe, expect, it } from 'vitest';
import { CASE_GROUND_LABELS } from '../../domain/labels.js';
import { HANDOVER_ITEMS } from '../../domain/records.js';
import { openCaseFor } from '../../workflows/term/cases.js';
import { closeMonthsDue, monthEndAt, termEndAt } from '../../workflows/term/duty-year.js';
import { requireSignable, signHandover } from '../../workflows/term/handover.js';
import type { Term } from '../../workflows/term/ledger.js';
import { isStillDue } from '../../workflows/term/reminders.js';
import { onSuccessorProgress } from '../../workflows/term/succession.js';
import {
  askForTermEndSuccessorIfDue,
  nextSuccessionAskAt,
  successorAskAt,
} from '../../workflows/term/term-end-succession.js';
import type { SuccessorProgress } from '../../workflows/views.js';
import { DAY, ORG, POLICY, TOWNSHIP, candidate, officialOf } from './support/term-fixtures.js';
import { actionsOf, decideKind, onDuty, openTaskOf, refusalOf } from './support/terms.js';

const outgoing = officialOf(candidate('off-1'));
const incoming = { ...outgoing, id: 'off-2', name: 'Candidate off-2' };
const CASE = 'term-off-1.c1';

const news = (
  status: SuccessorProgress['status'],
  at: number,
  successorOfficialId = 'off-2',
): SuccessorProgress => ({
  successorTermId: `term-${successorOfficialId}`,
  successorOfficialId,
  caseId: CASE,
  status,
  at,
});

/** A term started under patched('term-end-succession'), on duty. */
const succeeding = (policy = POLICY): Term => onDuty('off-1', { termEndSuccession: true, policy });

/** Everything that falls due by `now`, in the order the workflow's tick does it. */
function tick(term: Term, now: number): void {
  closeMonthsDue(term, now);
  askForTermEndSuccessorIfDue(term, now);
}

/** Closes every month and rates every year up to the term's end (the last year's rating aside). */
function runToEnd(term: Term): number {
  const end = termEndAt(term.data);
  const yearOne = monthEndAt(term.data, 12);
  tick(term, yearOne);
  decideKind(term, yearOne, 'self_report', outgoing, { report: 'year 1' });
  decideKind(term, yearOne, 'rate_official', ORG, { rating: 'competent' });
  tick(term, end);
  while (term.data.openTasks.some((task) => task.kind === 'close_attendance'))
    decideKind(term, end, 'close_attendance', TOWNSHIP, { days: 25 });
  decideKind(term, end, 'self_report', outgoing, { report: 'year 2' });
  return end;
}

const signAll = (term: Term, at: number, who: typeof outgoing) =>
  HANDOVER_ITEMS.map((item) => signHandover(term, at, who, item)).at(-1);

describe('the succession at the end of a full term', () => {
  it('asks the dispatching unit for a successor the policy’s lead time before the end, with no recall', () => {
    const term = succeeding();
    const askAt = successorAskAt(term.data)!;
    // Three policy months before the end of 24.
    expect(askAt).toBe(monthEndAt(term.data, 21));
    expect(nextSuccessionAskAt(term.data)).toBe(askAt);
    tick(term, askAt - DAY);
    expect(term.data.cases).toEqual([]);

    const before = term.data.timeline.length;
    tick(term, askAt);
    expect(term.data.cases).toEqual([
      expect.objectContaining({
        caseId: CASE,
        grounds: ['term_end'],
        status: 'awaiting_successor',
        successorOfficialIds: [],
      }),
    ]);
    expect(term.data.cases[0]!.recallRequestNo).toBeUndefined();
    expect(term.data.requests.filter((request) => request.kind === 'recall')).toEqual([]);
    const ask = openTaskOf(term, 'nominate_successor');
    expect(ask).toMatchObject({
      caseId: CASE,
      assignee: { role: 'dispatching_unit', jurisdiction: term.data.profile.village },
      title: 'Nominate a successor for Candidate off-1',
    });
    expect(actionsOf(term, before)).toEqual(['succession_opened', 'successor_requested']);
    const requested = term.data.timeline.find((entry) => entry.action === 'successor_requested')!;
    expect(requested.params).toMatchObject({ caseId: CASE, because: 'term_end_near' });
    // Asked once: the alarm is gone, a later tick asks nothing more.
    expect(nextSuccessionAskAt(term.data)).toBeUndefined();
    tick(term, askAt + DAY);
    expect(term.data.cases).toHaveLength(1);
    expect(term.data.stage).toBe('on_duty');
  });

  it('takes the lead time from the policy, and leaves a term started before the change alone', () => {
    const longer = succeeding({ ...POLICY, successorLeadMonths: 6 });
    expect(successorAskAt(longer.data)).toBe(monthEndAt(longer.data, 18));
    // A policy published before the entry: the default, three months.
    const older = succeeding({ ...POLICY, successorLeadMonths: undefined });
    expect(successorAskAt(older.data)).toBe(monthEndAt(older.data, 21));

    const before = onDuty();
    expect(successorAskAt(before.data)).toBeUndefined();
    const end = runToEnd(before);
    expect(before.data.cases).toEqual([]);
    decideKind(before, end + DAY, 'rate_official', ORG, { rating: 'competent' });
    expect(before.data.stage).toBe('closed');
    expect(actionsOf(before)).not.toContain('term_ended_without_successor');
  });

  it('hands over to the dispatched successor while the official stays on duty; the record closes after the hand-over and the final rating, naming the successor', () => {
    const term = succeeding();
    const askAt = successorAskAt(term.data)!;
    tick(term, askAt);
    onSuccessorProgress(term, askAt + DAY, news('nominated', askAt + DAY));
    expect(term.data.cases[0]).toMatchObject({
      status: 'successor_in_vetting',
      currentSuccessorId: 'off-2',
    });
    expect(term.data.successorOfficialId).toBe('off-2');

    const dispatchedAt = askAt + 30 * DAY;
    onSuccessorProgress(term, dispatchedAt, news('dispatched', dispatchedAt));
    expect(term.data.stage).toBe('on_duty');
    expect(term.data.cases[0]!.status).toBe('handover');
    expect(term.data.handover).toMatchObject({
      outgoingOfficialId: 'off-1',
      incomingOfficialId: 'off-2',
      dueAt: dispatchedAt + 30 * DAY,
    });
    expect(actionsOf(term).at(-1)).toBe('handover_started');
    expect(
      term.data.openTasks
        .filter((task) => task.kind === 'sign_handover')
        .map((task) => task.assignee.actorId),
    ).toEqual(['off-1', 'off-2']);
    // Signable on duty, as a recalled official's is while handing over; reminders stay due.
    expect(() => requireSignable(term.data, outgoing, 'contacts')).not.toThrow();
    expect(
      isStillDue(term.data, {
        obligation: 'handover:term-off-2',
      } as Parameters<typeof isStillDue>[1]),
    ).toBe(true);

    signAll(term, dispatchedAt + DAY, outgoing);
    term.effects.length = 0;
    expect(signAll(term, dispatchedAt + 2 * DAY, incoming)).toBe('hand-over complete');
    expect(term.effects).toEqual([{ type: 'notifySuccessor', successorTermId: 'term-off-2' }]);
    expect(term.data.cases[0]).toMatchObject({ status: 'closed', outcome: 'handed_over' });
    // The outgoing official serves out the term: not recalled.
    expect(term.data.stage).toBe('on_duty');
    expect(refusalOf(() => requireSignable(term.data, incoming, 'contacts')).code).toBe(
      'wrong_stage',
    );

    const end = runToEnd(term);
    expect(term.data.stage).toBe('term_end');
    expect(actionsOf(term)).not.toContain('term_ended_without_successor');
    decideKind(term, end + DAY, 'rate_official', ORG, { rating: 'outstanding' });
    expect(term.data.stage).toBe('closed');
    const completed = term.data.timeline.find((entry) => entry.action === 'term_completed')!;
    expect(completed.params).toMatchObject({
      rating: 'outstanding',
      promotionPriority: 'yes',
      successorOfficialId: 'off-2',
    });
    expect(completed.detail).toBe(
      'final rating outstanding; flagged for promotion priority; handed over to off-2',
    );
  });

  it('keeps the record open past the final rating until the hand-over is signed', () => {
    const term = succeeding();
    const end = termEndAt(term.data);
    tick(term, successorAskAt(term.data)!);
    onSuccessorProgress(term, end - 10 * DAY, news('nominated', end - 10 * DAY));
    onSuccessorProgress(term, end - 5 * DAY, news('dispatched', end - 5 * DAY));
    runToEnd(term);
    decideKind(term, end + DAY, 'rate_official', ORG, { rating: 'competent' });
    expect(term.data.stage).toBe('term_end');
    expect(term.data.closedAt).toBeUndefined();
    signAll(term, end + 2 * DAY, outgoing);
    expect(term.data.stage).toBe('term_end');
    signAll(term, end + 3 * DAY, incoming);
    expect(term.data.stage).toBe('closed');
    expect(term.data.closedAt).toBe(end + 3 * DAY);
    expect(actionsOf(term).slice(-5)).toEqual([
      'handover_signed',
      'handover_completed',
      'case_closed',
      'term_completed',
      'stage',
    ]);
  });

  it('closes at the end when no successor was dispatched by then, and says so; the candidate in vetting is released', () => {
    const term = succeeding();
    tick(term, successorAskAt(term.data)!);
    const end = termEndAt(term.data);
    onSuccessorProgress(term, end - 10 * DAY, news('nominated', end - 10 * DAY));
    term.effects.length = 0;
    runToEnd(term);
    expect(term.data.stage).toBe('term_end');
    expect(term.data.cases[0]).toMatchObject({
      status: 'closed',
      outcome: 'no_successor',
      outcomeReason: 'no successor was dispatched by the end of the term',
    });
    expect(term.effects).toContainEqual({ type: 'notifySuccessor', successorTermId: 'term-off-2' });
    const said = term.data.timeline.find(
      (entry) => entry.action === 'term_ended_without_successor',
    )!;
    expect(said).toMatchObject({ at: end, caseId: CASE });
    expect(said.params).toMatchObject({ caseId: CASE, village: term.data.profile.village });
    expect(said.detail).toMatch(/no successor dispatched/);
    decideKind(term, end + DAY, 'rate_official', ORG, { rating: 'competent' });
    expect(term.data.stage).toBe('closed');
  });

  it('closes the unanswered ask at the end: the unit’s task is cancelled', () => {
    const term = succeeding();
    tick(term, successorAskAt(term.data)!);
    const ask = openTaskOf(term, 'nominate_successor');
    runToEnd(term);
    expect(term.data.openTasks.some((task) => task.id === ask.id)).toBe(false);
    expect(term.data.pending.tasksClosed).toContainEqual(
      expect.objectContaining({ id: ask.id, outcome: 'cancelled: no successor by the term end' }),
    );
    expect(term.data.cases[0]!.outcome).toBe('no_successor');
  });

  it('asks the unit for the next candidate when a successor is rejected or screened out', () => {
    const term = succeeding();
    const askAt = successorAskAt(term.data)!;
    tick(term, askAt);
    onSuccessorProgress(term, askAt + DAY, news('nominated', askAt + DAY));
    expect(term.data.openTasks.some((task) => task.kind === 'nominate_successor')).toBe(false);
    onSuccessorProgress(term, askAt + 5 * DAY, news('rejected', askAt + 5 * DAY));
    expect(term.data.cases[0]).toMatchObject({
      status: 'awaiting_successor',
      successorOfficialIds: ['off-2'],
    });
    expect(openTaskOf(term, 'nominate_successor').caseId).toBe(CASE);
    expect(term.data.timeline.at(-1)!.params).toMatchObject({ because: 'successor_rejected' });
    onSuccessorProgress(term, askAt + 6 * DAY, news('screened_out', askAt + 6 * DAY, 'off-3'));
    expect(term.data.cases[0]!.successorOfficialIds).toEqual(['off-2', 'off-3']);
    expect(term.data.openTasks.filter((task) => task.kind === 'nominate_successor')).toHaveLength(
      1,
    );
  });

  it('takes a recall ground into the succession with its own recall request; approved, the hand-over ends in a recall', () => {
    const term = succeeding();
    const askAt = successorAskAt(term.data)!;
    tick(term, askAt);
    onSuccessorProgress(term, askAt + DAY, news('nominated', askAt + DAY));
    openCaseFor(term, askAt + 2 * DAY, 'health', 'unfit for village work');
    expect(term.data.cases).toHaveLength(1);
    expect(term.data.cases[0]).toMatchObject({
      grounds: ['term_end', 'health'],
      status: 'successor_in_vetting',
      currentSuccessorId: 'off-2',
    });
    const recalls = term.data.requests.filter((request) => request.kind === 'recall');
    expect(recalls).toHaveLength(1);
    expect(term.data.cases[0]!.recallRequestNo).toBe(recalls[0]!.no);
    decideKind(term, askAt + 3 * DAY, 'recall_reply', ORG, { comment: 'unfit: recall approved' });
    // The successor in vetting stays the one; nobody else is asked for.
    expect(term.data.cases[0]!.status).toBe('successor_in_vetting');
    expect(term.data.openTasks.some((task) => task.kind === 'nominate_successor')).toBe(false);
    onSuccessorProgress(term, askAt + 20 * DAY, news('dispatched', askAt + 20 * DAY));
    signAll(term, askAt + 21 * DAY, outgoing);
    signAll(term, askAt + 21 * DAY, incoming);
    expect(term.data.stage).toBe('recalled');
    expect(term.data.cases[0]).toMatchObject({ status: 'closed', outcome: 'recalled' });
  });

  it('keeps the succession when the county rejects such a recall: handed over, the term serves out', () => {
    const term = succeeding();
    const askAt = successorAskAt(term.data)!;
    tick(term, askAt);
    openCaseFor(term, askAt + DAY, 'residence', '15 days');
    decideKind(term, askAt + 2 * DAY, 'recall_reply', ORG, {
      decision: 'reject',
      comment: 'explained',
    });
    expect(term.data.cases[0]).toMatchObject({
      grounds: ['term_end', 'residence'],
      status: 'awaiting_successor',
    });
    expect(openTaskOf(term, 'nominate_successor').caseId).toBe(CASE);
    onSuccessorProgress(term, askAt + 3 * DAY, news('nominated', askAt + 3 * DAY));
    onSuccessorProgress(term, askAt + 20 * DAY, news('dispatched', askAt + 20 * DAY));
    signAll(term, askAt + 21 * DAY, outgoing);
    signAll(term, askAt + 21 * DAY, incoming);
    expect(term.data.stage).toBe('on_duty');
    expect(term.data.cases[0]!.outcome).toBe('handed_over');
  });

  it('waits while a reassignment case is open, and asks once it closes with the official on duty', () => {
    const term = succeeding();
    const askAt = successorAskAt(term.data)!;
    openCaseFor(term, askAt - 5 * DAY, 'residence', '15 days');
    tick(term, askAt);
    expect(nextSuccessionAskAt(term.data)).toBeUndefined();
    expect(term.data.cases.map((c) => c.grounds)).toEqual([['residence']]);
    decideKind(term, askAt + DAY, 'recall_reply', ORG, {
      decision: 'reject',
      comment: 'explained',
    });
    tick(term, askAt + DAY);
    expect(term.data.cases.map((c) => [c.grounds, c.status])).toEqual([
      [['residence'], 'closed'],
      [['term_end'], 'awaiting_successor'],
    ]);
    expect(term.data.termEndCaseId).toBe('term-off-1.c2');
  });
});

describe('the page’s words for the succession', () => {
  /** Every entry the succession's paths log: asked, handed over, closed; or no successor. */
  function loggedEntries() {
    const handedOver = succeeding();
    const askAt = successorAskAt(handedOver.data)!;
    tick(handedOver, askAt);
    onSuccessorProgress(handedOver, askAt + DAY, news('nominated', askAt + DAY));
    onSuccessorProgress(handedOver, askAt + 2 * DAY, news('rejected', askAt + 2 * DAY));
    onSuccessorProgress(handedOver, askAt + 3 * DAY, news('nominated', askAt + 3 * DAY, 'off-3'));
    onSuccessorProgress(handedOver, askAt + 4 * DAY, news('dispatched', askAt + 4 * DAY, 'off-3'));
    const third = { ...incoming, id: 'off-3' };
    signAll(handedOver, askAt + 5 * DAY, outgoing);
    signAll(handedOver, askAt + 5 * DAY, third);
    const end = runToEnd(handedOver);
    decideKind(handedOver, end + DAY, 'rate_official', ORG, { rating: 'competent' });
    const alone = succeeding();
    tick(alone, successorAskAt(alone.data)!);
    const aloneEnd = runToEnd(alone);
    decideKind(alone, aloneEnd + DAY, 'rate_official', ORG, { rating: 'outstanding' });
    return [...handedOver.data.timeline, ...alone.data.timeline];
  }

  it('says every entry in Chinese and in English, the Chinese with no English words', async () => {
    type Words = { zh: Record<string, string>; en: Record<string, string> };
    const area = (file: string) =>
      import(new URL(`../../web/words/${file}`, import.meta.url).href) as Promise<Words>;
    const [timelineWords, valueWords] = await Promise.all([area('timeline.js'), area('values.js')]);
    const entries = loggedEntries();
    const actions = new Set(entries.map((entry) => entry.action));
    for (const action of [
      'succession_opened',
      'handover_started',
      'term_ended_without_successor',
      'term_completed',
    ])
      expect(actions).toContain(action);
    const zh: Record<string, string> = { ...timelineWords.zh, ...valueWords.zh };
    const en: Record<string, string> = { ...timelineWords.en, ...valueWords.en };
    const keys = new Set<string>();
    for (const entry of entries) {
      const params = entry.params ?? {};
      keys.add(`action.${entry.action}`);
      keys.add(
        entry.action === 'trained'
          ? `timeline.trained.${params.training}`
          : entry.action === 'term_completed' && params.successorOfficialId !== undefined
            ? `timeline.term_completed.${params.promotionPriority === 'yes' ? 'promotion_successor' : 'successor'}`
            : `timeline.${entry.action}`,
      );
      if (params.because !== undefined) keys.add(`because.${params.because}`);
      if (params.outcome !== undefined) keys.add(`outcome.${params.outcome}`);
    }
    const missing = [...keys].filter((key) => !(key in zh) || !(key in en));
    expect(missing).toEqual([]);
    for (const key of keys) {
      // Placeholders aside, a Chinese sentence has no Latin words.
      const words = zh[key]!.replace(/\{[a-zA-Z]+\}/g, '');
      expect(words, key).not.toMatch(/[A-Za-z]{2,}/);
    }
    expect(CASE_GROUND_LABELS.term_end).toEqual({ zh: '任期将满', en: 'Term ending' });
  });
});
