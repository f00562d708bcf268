// The end of a term: its length runs out, the final evaluation comes in, and
// the record is closed; an outstanding final rating earns promotion priority.
// A term that seeks its successor before its end (term-end-succession.ts)
// closes only once the hand-over is signed, or, with no successor dispatched
// by its end, says so at the end.
import { earnsPromotionPriority } from '../../domain/rating.js';
import { openCase, closeCase, isTermEndCase } from './cases.js';
import { SYSTEM, type TermData } from './data.js';
import { cancelOpenTasks, log, setStage, type Term } from './ledger.js';

/** The last month has ended: an official on duty moves to the final evaluation. */
export function reachTermEnd(term: Term, at: number): void {
  if (term.data.stage !== 'on_duty') return;
  setStage(term, at, 'term_end', SYSTEM, 'the term has run its length; final evaluation due', {
    because: 'term_run',
  });
  if (term.data.termEndSuccession) endWithoutSuccessorIfNone(term, at);
}

/** The term-end succession's case, while it is open. */
export function openTermEndCase(data: Pick<TermData, 'cases' | 'termEndCaseId'>) {
  return data.cases.find(
    (candidate) => candidate.caseId === data.termEndCaseId && candidate.status !== 'closed',
  );
}

/**
 * The term has run its length. With a successor dispatched, the hand-over goes
 * on and the term closes after it. Without one, the succession ends here: the
 * case closes as "no successor" (a candidate still in vetting is told that no
 * hand-over is due) and the log says so plainly, for the county to act on.
 */
function endWithoutSuccessorIfNone(term: Term, at: number): void {
  const data = term.data;
  if (data.handover) return;
  const succession = openTermEndCase(data);
  if (succession) {
    cancelOpenTasks(
      term,
      at,
      'no successor by the term end',
      (task) => task.kind === 'nominate_successor' && task.caseId === succession.caseId,
    );
    closeCase(
      term,
      at,
      succession,
      'no_successor',
      'no successor was dispatched by the end of the term',
      { because: 'no_successor_by_term_end' },
    );
  }
  log(
    term,
    at,
    SYSTEM,
    'term_ended_without_successor',
    `the term has run its length with no successor dispatched: ${data.profile.village} has no successor for ${data.profile.name}; the county organization department is to act`,
    {
      ...(succession ? { caseId: succession.caseId } : {}),
      params: {
        village: data.profile.village,
        officialName: data.profile.name,
        ...(succession ? { caseId: succession.caseId } : {}),
        ...(data.successorOfficialId ? { successorOfficialId: data.successorOfficialId } : {}),
      },
    },
  );
}

/**
 * Whether the term can close: its length has run, the last year is rated,
 * every month closed, and a term-end hand-over, if one started, is signed.
 */
export function isReadyToClose(
  data: Pick<TermData, 'stage' | 'years' | 'openTasks' | 'cases'>,
): boolean {
  if (data.stage !== 'term_end') return false;
  if (!data.years[data.years.length - 1]?.rating) return false;
  if (data.cases.some((c) => isTermEndCase(c) && c.status === 'handover')) return false;
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
  const handedOverTo = data.cases.find(
    (c) => c.caseId === data.termEndCaseId && c.outcome === 'handed_over',
  )?.handover?.incomingOfficialId;
  log(
    term,
    now,
    SYSTEM,
    'term_completed',
    `final rating ${finalRating}${data.promotionPriority ? '; flagged for promotion priority' : ''}${handedOverTo ? `; handed over to ${handedOverTo}` : ''}`,
    {
      params: {
        ...(finalRating ? { rating: finalRating } : {}),
        promotionPriority: data.promotionPriority ? 'yes' : 'no',
        ...(handedOverTo ? { successorOfficialId: handedOverTo } : {}),
      },
    },
  );
  cancelOpenTasks(term, now, 'term closed');
  setStage(term, now, 'closed', SYSTEM, 'term completed; record closed and kept', {
    because: 'term_completed',
  });
}
