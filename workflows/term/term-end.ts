// The end of a term: its length runs out, the final evaluation comes in, and
// the record is closed; an outstanding final rating earns promotion priority.
import { earnsPromotionPriority } from '../../domain/rating.js';
import { openCase, closeCase } from './cases.js';
import { SYSTEM, type TermData } from './data.js';
import { cancelOpenTasks, log, setStage, type Term } from './ledger.js';

/** The last month has ended: an official on duty moves to the final evaluation. */
export function reachTermEnd(term: Term, at: number): void {
  if (term.data.stage === 'on_duty')
    setStage(term, at, 'term_end', SYSTEM, 'the term has run its length; final evaluation due', {
      because: 'term_run',
    });
}

/** Whether the term can close: its length has run, the last year is rated, every month closed. */
export function isReadyToClose(data: Pick<TermData, 'stage' | 'years' | 'openTasks'>): boolean {
  if (data.stage !== 'term_end') return false;
  if (!data.years[data.years.length - 1]?.rating) return false;
  return !data.openTasks.some((task) => task.kind === 'close_attendance');
}

/** Closes the term once it is ready: a case still open ends with it. */
export function closeIfDone(term: Term, now: number): void {
  const data = term.data;
  if (!isReadyToClose(data)) return;
  const finalRating = data.years[data.years.length - 1]!.rating;
  const unfinished = openCase(data.cases);
  if (unfinished)
    closeCase(term, now, unfinished, 'term_ended', 'the term ended before the case finished', {
      because: 'term_ended_first',
    });
  data.promotionPriority = earnsPromotionPriority(finalRating);
  log(
    term,
    now,
    SYSTEM,
    'term_completed',
    `final rating ${finalRating}${data.promotionPriority ? '; flagged for promotion priority' : ''}`,
    {
      params: {
        ...(finalRating ? { rating: finalRating } : {}),
        promotionPriority: data.promotionPriority ? 'yes' : 'no',
      },
    },
  );
  cancelOpenTasks(term, now, 'term closed');
  setStage(term, now, 'closed', SYSTEM, 'term completed; record closed and kept', {
    because: 'term_completed',
  });
}
