// What people and the record see of a term: snapshot, view, deadlines.
import { describe, expect, it } from 'vitest';
import {
  closeMonthsDue,
  monthEndAt,
  recordCountyTraining,
} from '../../workflows/term/duty-year.js';
import { deadlinesOf, snapshotOf, viewOf } from '../../workflows/term/views.js';
import { DAY, ORG, POLICY } from './support/term-fixtures.js';
import { DISPATCHED_AT, inVetting, onDuty } from './support/terms.js';

describe('views of a term', () => {
  it('snapshots what the record keeps, without the workflow’s own fields', () => {
    const term = onDuty();
    closeMonthsDue(term, monthEndAt(term.data, 12));
    const snapshot = snapshotOf(term.data);
    expect(snapshot).toMatchObject({
      termId: 'term-off-1',
      county: 'gx/nanning/wuming',
      township: 'gx/nanning/wuming/fucheng',
      stage: 'on_duty',
      dispatchedAt: DISPATCHED_AT,
      termEndsAt: DISPATCHED_AT + 24 * POLICY.monthDays * DAY,
      nominatedBy: 'du-nanning',
      policyVersion: POLICY.version,
    });
    expect(term.data.years[0]!.roundYear).toBeDefined();
    expect(snapshot.years.every((year) => !('roundYear' in year))).toBe(true);
    const view = viewOf(term.data);
    expect(view.requests.every((request) => !('taskId' in request) && !('caseId' in request))).toBe(
      true,
    );
    expect(view.openTasks).toBe(term.data.openTasks);
  });

  it('lists the deadlines ahead, soonest first', () => {
    const term = onDuty();
    closeMonthsDue(term, monthEndAt(term.data, 1));
    const yearEnd = term.data.years[0]!.endsAt;
    expect(deadlinesOf(term.data)).toEqual([
      {
        what: 'Close the attendance of month 1',
        at: monthEndAt(term.data, 1) + POLICY.decisionDays * DAY,
      },
      { what: 'County-level training, year 1', at: yearEnd },
      { what: 'Yearly health check, year 1', at: yearEnd },
    ]);
    recordCountyTraining(term, DISPATCHED_AT + DAY, ORG, 'course');
    expect(deadlinesOf(term.data).map((deadline) => deadline.what)).not.toContain(
      'County-level training, year 1',
    );
    expect(deadlinesOf({ ...term.data, stage: 'recalled', openTasks: [] })).toEqual([]);
  });

  it('before dispatch, shows the reply deadlines and no term end', () => {
    const term = inVetting();
    expect(snapshotOf(term.data).termEndsAt).toBeUndefined();
    expect(deadlinesOf(term.data)).toHaveLength(3);
  });
});
