// The succession at the end of a full term (shared/DOMAIN.md: "hand-over to
// the successor"). The policy's lead time before the term's end, the
// dispatching unit is asked for a successor, by the same task, the same
// successor protocol (succession.ts) and the same hand-over (handover.ts) as
// a reassignment case; the case has ground `term_end` and no recall. The
// outgoing official stays on duty to the end of the term, which closes once
// its own end is done and the hand-over is signed (term-end.ts); with no
// successor dispatched by the end, it closes at the end and says so.
// Only terms started under patched('term-end-succession') (data.termEndSuccession).
import { successorLeadMonthsOf } from '../../domain/policy-defaults.js';
import { addCase, openCase } from './cases.js';
import { SYSTEM, type TermData } from './data.js';
import { monthEndAt, termEndAt } from './duty-year.js';
import { log, type Term } from './ledger.js';
import { askForSuccessor } from './succession.js';

/**
 * When the dispatching unit is to be asked: the policy's lead months before
 * the term's end, on the term's own months (calendar or policy months); at
 * dispatch if the term is shorter than the lead.
 */
export function successorAskAt(
  data: Pick<
    TermData,
    'termEndSuccession' | 'dispatchedAt' | 'policy' | 'nominatedAt' | 'calendarMonths'
  >,
): number | undefined {
  if (!data.termEndSuccession || data.dispatchedAt === undefined) return undefined;
  const lead = successorLeadMonthsOf(data.policy);
  return monthEndAt(data, Math.max(0, data.policy.termMonths - lead));
}

/**
 * When the term must wake to ask, while it has not asked yet: only on duty
 * (not while a predecessor still hands over to this official) and only with
 * no reassignment case open, which seeks its own successor. Either may change
 * at any step, and each step ends with a tick that asks again.
 */
export function nextSuccessionAskAt(data: TermData): number | undefined {
  if (!data.termEndSuccession || data.termEndCaseId !== undefined) return undefined;
  if (data.stage !== 'on_duty' || openCase(data.cases)) return undefined;
  return successorAskAt(data);
}

/** The lead time has come: a succession case, and the dispatching unit's task to nominate. */
export function askForTermEndSuccessorIfDue(term: Term, now: number): void {
  const data = term.data;
  const at = nextSuccessionAskAt(data);
  if (at === undefined || at > now) return;
  const succession = addCase(data, now, 'term_end', 'awaiting_successor');
  data.termEndCaseId = succession.caseId;
  const endsAt = termEndAt(data);
  log(
    term,
    now,
    SYSTEM,
    'succession_opened',
    `the term ends in ${successorLeadMonthsOf(data.policy)} months: succession case ${succession.caseId} opened, a successor is sought`,
    {
      caseId: succession.caseId,
      params: {
        caseId: succession.caseId,
        months: successorLeadMonthsOf(data.policy),
        termEndsAt: endsAt,
      },
    },
  );
  askForSuccessor(term, now, succession, 'term end near');
}
