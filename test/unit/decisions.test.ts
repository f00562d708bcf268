// Decisions on open tasks: which task, with what, by whom; and the shell that
// turns a rule's Refusal into the typed failure an Update's caller receives.
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type { DecideTaskInput } from '../../workflows/messages.js';
import { fileRecallRequest } from '../../workflows/term/cases.js';
import { closeMonthsDue, monthEndAt } from '../../workflows/term/duty-year.js';
import { decide, taskToDecide, validateDecision } from '../../workflows/term/decisions.js';
import { TermState } from '../../workflows/term-state.js';
import {
  DAY,
  ORG,
  POLICY,
  START,
  TOWNSHIP,
  UNIT,
  candidate,
  officialOf,
} from './support/term-fixtures.js';
import { DISPATCHED_AT, decideKind, onDuty, openTaskOf, refusalOf } from './support/terms.js';

const official = officialOf(candidate('off-1'));

describe('deciding a task', () => {
  it('tells a task decided from a task unknown', () => {
    const term = onDuty();
    expect(refusalOf(() => taskToDecide(term.data, 'term-off-1.t1')).code).toBe('already_decided');
    expect(refusalOf(() => taskToDecide(term.data, 'term-off-1.t99')).code).toBe('already_decided');
    expect(refusalOf(() => taskToDecide(term.data, 'term-off-2.t1')).code).toBe('not_found');
  });

  it('completes, never rejects, the tasks that are work to be done', () => {
    const term = onDuty();
    closeMonthsDue(term, monthEndAt(term.data, 12));
    const check = (input: Omit<DecideTaskInput, 'comment'>) => () =>
      validateDecision(term.data, new Set(), { comment: '', ...input });
    const attendance = openTaskOf(term, 'close_attendance');
    const report = openTaskOf(term, 'self_report');
    expect(
      refusalOf(check({ taskId: attendance.id, actor: TOWNSHIP, decision: 'reject', days: 20 })),
    ).toEqual({
      code: 'rule_refused',
      message: 'a "close_attendance" task is completed, not rejected',
    });
    expect(
      refusalOf(check({ taskId: report.id, actor: official, decision: 'approve', report: '  ' }))
        .message,
    ).toBe('a self-report needs "report"');
    expect(() =>
      check({ taskId: report.id, actor: official, decision: 'approve', report: 'done' })(),
    ).not.toThrow();
  });

  it('sends the successor and the hand-over to their own actions', () => {
    const term = onDuty();
    fileRecallRequest(term, DISPATCHED_AT, UNIT, 'needed');
    decideKind(term, DISPATCHED_AT + DAY, 'recall_reply', ORG);
    const ask = openTaskOf(term, 'nominate_successor');
    const input = { taskId: ask.id, actor: UNIT, decision: 'approve' as const, comment: '' };
    expect(refusalOf(() => validateDecision(term.data, new Set(), input)).message).toBe(
      'nominate the successor through POST /api/nominations with replacesOfficialId',
    );
    // Should a decision get past its validator all the same, the rule refuses it too.
    expect(refusalOf(() => decide(term, DISPATCHED_AT + 2 * DAY, input)).message).toBe(
      'a "nominate_successor" task cannot be decided here',
    );
  });

  it('refuses a task held for an asynchronous check', () => {
    const term = onDuty();
    closeMonthsDue(term, monthEndAt(term.data, 1));
    const task = openTaskOf(term, 'close_attendance');
    expect(
      refusalOf(() =>
        validateDecision(term.data, new Set([task.id]), {
          taskId: task.id,
          actor: TOWNSHIP,
          decision: 'approve',
          comment: '',
          days: 20,
        }),
      ).message,
    ).toBe(`task ${task.id} is being decided by someone else`);
  });
});

describe('the TermState shell', () => {
  it("raises a rule's refusal as a typed, non-retryable failure with its details", () => {
    const term = TermState.nominate(
      { profile: candidate('off-7'), policy: POLICY, nominatedBy: UNIT },
      'term-off-7',
      START,
    );
    term.screen(START);
    let failure: unknown;
    try {
      term.validateLeave(TOWNSHIP, 2);
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: 'wrong_actor',
      message: 'only the official requests their own leave',
      nonRetryable: true,
      details: [],
    });
    expect(term.takeBatch()).toMatchObject({ seq: 1, termId: 'term-off-7' });
    expect(term.takeBatch()).toBeNull();
  });
});
