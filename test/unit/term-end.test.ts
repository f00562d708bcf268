// The end of a term: closed once its length has run, its last year rated and
// every month closed; an outstanding final rating earns promotion priority.
import { describe, expect, it } from 'vitest';
import { earnsPromotionPriority } from '../../domain/rating.js';
import type { Rating } from '../../domain/rating.js';
import { closeMonthsDue, monthEndAt } from '../../workflows/term/duty-year.js';
import type { Term } from '../../workflows/term/ledger.js';
import { fileRecallRequest } from '../../workflows/term/cases.js';
import { closeIfDone, isReadyToClose } from '../../workflows/term/term-end.js';
import { DAY, ORG, TOWNSHIP, UNIT, candidate, officialOf } from './support/term-fixtures.js';
import { actionsOf, decideKind, onDuty } from './support/terms.js';

const official = officialOf(candidate('off-1'));

/** Every month of the term closed with 25 days, year 1 rated competent. */
function atTermEnd(): { term: Term; end: number } {
  const term = onDuty();
  const end = monthEndAt(term.data, 24);
  closeMonthsDue(term, monthEndAt(term.data, 12));
  decideKind(term, monthEndAt(term.data, 12), 'self_report', official, { report: 'year 1' });
  decideKind(term, monthEndAt(term.data, 12), 'rate_official', ORG, { rating: 'competent' });
  closeMonthsDue(term, end);
  while (term.data.openTasks.some((task) => task.kind === 'close_attendance'))
    decideKind(term, end, 'close_attendance', TOWNSHIP, { days: 25 });
  decideKind(term, end, 'self_report', official, { report: 'year 2' });
  return { term, end };
}

describe('the end of a term', () => {
  it('waits for the final rating and for every month to be closed', () => {
    const { term, end } = atTermEnd();
    expect(term.data.stage).toBe('term_end');
    expect(isReadyToClose(term.data)).toBe(false);
    closeIfDone(term, end);
    expect(term.data.stage).toBe('term_end');
    expect(isReadyToClose({ ...term.data, years: [{ rating: 'competent' } as never] })).toBe(true);
    expect(
      isReadyToClose({
        ...term.data,
        years: [{ rating: 'competent' } as never],
        openTasks: [{ kind: 'close_attendance' } as never],
      }),
    ).toBe(false);
    expect(
      isReadyToClose({ ...term.data, stage: 'on_duty', years: [{ rating: 'competent' } as never] }),
    ).toBe(false);
  });

  it.each<[Rating, boolean]>([
    ['outstanding', true],
    ['competent', false],
    ['basically_competent', false],
  ])('closes the record on a final "%s": promotion priority %s', (rating, priority) => {
    const { term, end } = atTermEnd();
    const before = term.data.timeline.length;
    decideKind(term, end + DAY, 'rate_official', ORG, { rating });
    expect(term.data.stage).toBe('closed');
    expect(term.data.closedAt).toBe(end + DAY);
    expect(term.data.promotionPriority).toBe(priority);
    expect(earnsPromotionPriority(rating)).toBe(priority);
    expect(actionsOf(term, before)).toEqual(['rated', 'term_completed', 'stage']);
    expect(term.data.timeline.at(-2)!.detail).toBe(
      `final rating ${rating}${priority ? '; flagged for promotion priority' : ''}`,
    );
  });

  it('closes a case still open when the term ends, and cancels what is left', () => {
    const { term, end } = atTermEnd();
    fileRecallRequest(term, end, UNIT, 'absent');
    decideKind(term, end + DAY, 'rate_official', ORG, { rating: 'competent' });
    expect(term.data.cases[0]).toMatchObject({ status: 'closed', outcome: 'term_ended' });
    expect(term.data.openTasks).toEqual([]);
    expect(term.data.stage).toBe('closed');
  });

  it('a final "incompetent" joins or opens a case that the end of the term then closes', () => {
    const { term, end } = atTermEnd();
    decideKind(term, end + DAY, 'rate_official', ORG, { rating: 'incompetent' });
    expect(
      term.data.cases.map((reassignment) => [reassignment.grounds, reassignment.outcome]),
    ).toEqual([[['evaluation'], 'term_ended']]);
    expect(term.data.promotionPriority).toBe(false);
  });
});
