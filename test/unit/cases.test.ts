// Reassignment cases, the successor protocol and the hand-over.
import { describe, expect, it } from 'vitest';
import type { CaseGround, CaseRecord } from '../../domain/records.js';
import { HANDOVER_ITEMS } from '../../domain/records.js';
import {
  closeCase,
  fileRecallRequest,
  openCase,
  openCaseFor,
  recordException,
  requireExceptionAllowed,
  requireRecallFileable,
} from '../../workflows/term/cases.js';
import {
  hasSignedAll,
  isHandoverComplete,
  requireSignable,
  signHandover,
} from '../../workflows/term/handover.js';
import type { Term } from '../../workflows/term/ledger.js';
import {
  onPredecessorLeft,
  onSuccessorProgress,
  successorNewsCounts,
} from '../../workflows/term/succession.js';
import type { SuccessorProgress } from '../../workflows/views.js';
import { DAY, ORG, UNIT, candidate, officialOf } from './support/term-fixtures.js';
import {
  DISPATCHED_AT,
  actionsOf,
  decideKind,
  inVetting,
  onDuty,
  openTaskOf,
  refusalOf,
} from './support/terms.js';

const NOW = DISPATCHED_AT + 10 * DAY;
const outgoing = officialOf(candidate('off-1'));
const incoming = { ...outgoing, id: 'off-2', name: 'Candidate off-2' };

const news = (
  status: SuccessorProgress['status'],
  successorOfficialId = 'off-2',
  caseId = 'term-off-1.c1',
): SuccessorProgress => ({
  successorTermId: `term-${successorOfficialId}`,
  successorOfficialId,
  caseId,
  status,
  at: NOW,
});

/** On duty, with a case whose recall the county approved: a successor is sought. */
function awaitingSuccessor(): Term {
  const term = onDuty();
  fileRecallRequest(term, NOW, UNIT, 'needed at home');
  decideKind(term, NOW + DAY, 'recall_reply', ORG);
  term.effects.length = 0;
  return term;
}

/** The successor off-2 is dispatched: the hand-over runs. */
function handingOver(): Term {
  const term = awaitingSuccessor();
  onSuccessorProgress(term, NOW + 2 * DAY, news('nominated'));
  onSuccessorProgress(term, NOW + 20 * DAY, news('dispatched'));
  return term;
}

describe('reassignment cases', () => {
  it.each<CaseGround>(['health', 'evaluation', 'residence', 'leave', 'request', 'own_request'])(
    'a %s ground opens exactly one case with one recall request; later grounds join it',
    (ground) => {
      const term = onDuty();
      const opened = openCaseFor(term, NOW, ground, 'why');
      expect(opened).toMatchObject({
        caseId: 'term-off-1.c1',
        grounds: [ground],
        status: 'recall_requested',
        recallRequestNo: 'R-off-1-4',
      });
      expect(openTaskOf(term, 'recall_reply').title).toBe(
        `Reply to the recall request R-off-1-4: recall Candidate off-1 (${ground})`,
      );
      const other: CaseGround = ground === 'health' ? 'residence' : 'health';
      expect(openCaseFor(term, NOW + DAY, other, 'and more')).toBe(opened);
      expect(openCaseFor(term, NOW + DAY, ground, 'again')).toBe(opened);
      expect(term.data.cases).toHaveLength(1);
      expect(opened.grounds).toEqual([ground, other]);
      expect(term.data.requests.filter((request) => request.kind === 'recall')).toHaveLength(1);
    },
  );

  it("takes the unit's recall request once, and not past the recall", () => {
    const term = onDuty();
    expect(refusalOf(() => requireRecallFileable(inVetting().data)).code).toBe('wrong_stage');
    openCaseFor(term, NOW, 'health', 'unfit');
    expect(() => requireRecallFileable(term.data)).not.toThrow();
    fileRecallRequest(term, NOW, UNIT, 'agreed');
    expect(refusalOf(() => requireRecallFileable(term.data))).toEqual({
      code: 'duplicate_request',
      message: 'a recall request of the dispatching unit is already on case term-off-1.c1',
    });
    const other = onDuty();
    openCaseFor(other, NOW, 'health', 'unfit');
    decideKind(other, NOW, 'recall_reply', ORG);
    expect(refusalOf(() => requireRecallFileable(other.data)).message).toBe(
      'a reassignment case is already past its recall (awaiting_successor)',
    );
  });

  it("files the official's own recall request as one numbered request to the county, on ground own_request, once", () => {
    const term = onDuty();
    expect(refusalOf(() => requireRecallFileable(inVetting().data, 'own_request')).code).toBe(
      'wrong_stage',
    );
    const filed = fileRecallRequest(
      term,
      NOW,
      outgoing,
      '家中老人病重，需回原单位照顾',
      'own_request',
    );
    expect(filed).toEqual({
      message: 'own recall requested',
      caseId: 'term-off-1.c1',
      requestNo: 'R-off-1-4',
    });
    expect(term.data.cases[0]).toMatchObject({
      grounds: ['own_request'],
      status: 'recall_requested',
    });
    expect(term.data.requests.find((request) => request.no === 'R-off-1-4')).toMatchObject({
      kind: 'recall',
      filedBy: 'off-1',
      reasons: '家中老人病重，需回原单位照顾',
      assignee: { role: 'county_org' },
    });
    expect(openTaskOf(term, 'recall_reply').assignee.role).toBe('county_org');
    expect(refusalOf(() => requireRecallFileable(term.data, 'own_request'))).toEqual({
      code: 'duplicate_request',
      message: "a recall request at the official's own request is already on case term-off-1.c1",
    });
    // The unit's request is another ground: it joins the same case and request.
    expect(() => requireRecallFileable(term.data)).not.toThrow();
    fileRecallRequest(term, NOW + DAY, UNIT, 'agreed');
    expect(term.data.cases[0]!.grounds).toEqual(['own_request', 'request']);
    expect(term.data.requests.filter((request) => request.kind === 'recall')).toHaveLength(1);
  });

  it('closes on a rejected recall: the official stays on duty, a new ground opens a new case', () => {
    const term = onDuty();
    openCaseFor(term, NOW, 'residence', '15 days');
    decideKind(term, NOW + DAY, 'recall_reply', ORG, { decision: 'reject', comment: 'explained' });
    expect(term.data.cases[0]).toMatchObject({
      status: 'closed',
      outcome: 'recall_rejected',
      outcomeReason: 'explained',
    });
    expect(term.data.stage).toBe('on_duty');
    expect(openCase(term.data.cases)).toBeUndefined();
    expect(openCaseFor(term, NOW + 2 * DAY, 'health', 'unfit').caseId).toBe('term-off-1.c2');
  });

  it('lets the county recall by exception only between the approved recall and the dispatch', () => {
    const term = onDuty();
    openCaseFor(term, NOW, 'health', 'unfit');
    expect(refusalOf(() => requireExceptionAllowed(term.data)).code).toBe('wrong_stage');
    decideKind(term, NOW + DAY, 'recall_reply', ORG);
    expect(() => requireExceptionAllowed(term.data)).not.toThrow();
    onSuccessorProgress(term, NOW + 2 * DAY, news('nominated'));
    expect(() => requireExceptionAllowed(term.data)).not.toThrow();
    expect(recordException(term, NOW + 3 * DAY, ORG, 'cannot wait')).toBe('recalled by exception');
    expect(term.data.stage).toBe('recalled');
    expect(term.data.cases[0]).toMatchObject({ status: 'closed', outcome: 'exception' });
    // The successor in vetting is told that no hand-over is due.
    expect(term.effects).toEqual([{ type: 'notifySuccessor', successorTermId: 'term-off-2' }]);
  });

  it('closes a case clearing its deadline', () => {
    const term = onDuty();
    const opened = openCaseFor(term, NOW, 'health', 'unfit');
    expect(opened.dueAt).toBeDefined();
    closeCase(term, NOW + DAY, opened, 'term_ended', 'the term ended');
    expect(opened).toMatchObject({ status: 'closed', closedAt: NOW + DAY, dueAt: undefined });
  });
});

describe('the successor protocol', () => {
  it('counts a new candidate only while the case waits for one, then only that candidate', () => {
    const waiting = { status: 'awaiting_successor' } as CaseRecord;
    const vetting = { status: 'successor_in_vetting', currentSuccessorId: 'off-2' } as CaseRecord;
    const table: [CaseRecord | undefined, SuccessorProgress['status'], string, boolean][] = [
      [waiting, 'nominated', 'off-2', true],
      [waiting, 'screened_out', 'off-2', true],
      [waiting, 'dispatched', 'off-2', false],
      [waiting, 'rejected', 'off-2', false],
      [vetting, 'nominated', 'off-3', false],
      [vetting, 'rejected', 'off-2', true],
      [vetting, 'withdrawn', 'off-2', true],
      [vetting, 'dispatched', 'off-2', true],
      [vetting, 'dispatched', 'off-3', false],
      [{ status: 'handover' } as CaseRecord, 'dispatched', 'off-2', false],
      [undefined, 'nominated', 'off-2', false],
    ];
    for (const [reassignment, status, who, counts] of table)
      expect(
        successorNewsCounts(reassignment, { status, successorOfficialId: who }),
        `${reassignment?.status} ${status} ${who}`,
      ).toBe(counts);
  });

  it('asks for the next candidate when one fails, and releases a candidate that does not count', () => {
    const term = awaitingSuccessor();
    expect(openTaskOf(term, 'nominate_successor').title).toBe(
      'Nominate a successor for Candidate off-1',
    );
    onSuccessorProgress(term, NOW + 2 * DAY, news('nominated', 'off-2'));
    expect(term.data.cases[0]).toMatchObject({
      status: 'successor_in_vetting',
      currentSuccessorId: 'off-2',
    });
    expect(term.data.openTasks.some((task) => task.kind === 'nominate_successor')).toBe(false);
    // A second nomination while off-2 is in vetting: ignored, and its term released.
    onSuccessorProgress(term, NOW + 3 * DAY, news('nominated', 'off-3'));
    expect(term.effects).toEqual([{ type: 'notifySuccessor', successorTermId: 'term-off-3' }]);
    onSuccessorProgress(term, NOW + 4 * DAY, news('rejected', 'off-2'));
    expect(term.data.cases[0]).toMatchObject({
      status: 'awaiting_successor',
      successorOfficialIds: ['off-2'],
    });
    expect(openTaskOf(term, 'nominate_successor')).toBeDefined();
    expect(term.data.successorTermId).toBeUndefined();
  });

  it('moves a successor on duty when its predecessor has left', () => {
    const successor = onDuty('off-2', {
      predecessorTermId: 'term-off-1',
      caseId: 'term-off-1.c1',
    });
    expect(successor.data.stage).toBe('dispatched');
    onPredecessorLeft(successor, NOW, 'term-off-1');
    expect(successor.data.stage).toBe('on_duty');

    const early = inVetting('off-3', { predecessorTermId: 'term-off-1', caseId: 'term-off-1.c1' });
    onPredecessorLeft(early, NOW, 'term-off-1');
    expect(early.data.succeedsCaseId).toBeUndefined();
    expect(actionsOf(early).at(-1)).toBe('predecessor_left');
  });
});

describe('the hand-over', () => {
  it('starts when the successor is dispatched: one signing task for each official', () => {
    const term = handingOver();
    expect(term.data.stage).toBe('handing_over');
    expect(term.data.cases[0]!.status).toBe('handover');
    expect(
      term.data.openTasks
        .filter((task) => task.kind === 'sign_handover')
        .map((task) => [task.assignee.actorId, task.title]),
    ).toEqual([
      ['off-1', 'Sign the hand-over checklist (off-1 → off-2)'],
      ['off-2', 'Sign the hand-over checklist (off-1 → off-2)'],
    ]);
  });

  it('is signed item by item by each side; each side once; strangers not at all', () => {
    const term = handingOver();
    const at = NOW + 21 * DAY;
    expect(
      refusalOf(() => requireSignable(term.data, { ...outgoing, id: 'off-9' }, 'contacts')),
    ).toMatchObject({ code: 'wrong_actor' });
    expect(refusalOf(() => requireSignable(term.data, ORG, 'contacts')).code).toBe('wrong_actor');
    expect(refusalOf(() => requireSignable(term.data, outgoing, 'keys' as never)).code).toBe(
      'rule_refused',
    );
    for (const item of HANDOVER_ITEMS) {
      requireSignable(term.data, outgoing, item);
      expect(signHandover(term, at, outgoing, item)).toBe(`${item} signed`);
      expect(refusalOf(() => requireSignable(term.data, outgoing, item)).message).toBe(
        `${item} is already signed by the outgoing official`,
      );
    }
    expect(hasSignedAll(term.data.handover!, 'outgoing')).toBe(true);
    // The outgoing official's own task is done; the incoming official's is still open.
    expect(
      term.data.openTasks
        .filter((task) => task.kind === 'sign_handover')
        .map((task) => task.assignee.actorId),
    ).toEqual(['off-2']);
    expect(isHandoverComplete(term.data.handover)).toBe(false);

    const last = HANDOVER_ITEMS.at(-1)!;
    for (const item of HANDOVER_ITEMS.slice(0, -1)) signHandover(term, at, incoming, item);
    expect(term.data.stage).toBe('handing_over');
    expect(signHandover(term, at + DAY, incoming, last)).toBe('hand-over complete');
    expect(isHandoverComplete(term.data.handover)).toBe(true);
    expect(term.data.stage).toBe('recalled');
    expect(term.data.cases[0]).toMatchObject({ status: 'closed', outcome: 'recalled' });
    expect(term.data.openTasks).toEqual([]);
    expect(term.effects).toEqual([{ type: 'notifySuccessor', successorTermId: 'term-off-2' }]);
    expect(refusalOf(() => requireSignable(term.data, incoming, last)).code).toBe('wrong_stage');
  });
});
