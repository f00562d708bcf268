// Corrections with a new value (issue 13): in one step the wrong fact is voided
// and the right one recorded in its place, the replacement logged as the
// correction of the original (`fact_corrected`: the entry names both, the
// voided fact points to its replacement, the replacement to what it replaces).
// What it changes is computed once, from the end state: a check corrected from
// unfit to fit unwinds its case as voiding it would; from fit to unfit it opens
// the case as recording it would; unfit to unfit keeps the case on the
// corrected check; a training or an absence moved to another year counts there
// (the absence caps that year's rating and no longer the other's).
import type { Actor } from '../../domain/actors.js';
import { dateKeyOf, instantOf, timeOfDayMs } from '../../domain/calendar.js';
import { yearHolding } from '../../domain/duty.js';
import { ratingCap } from '../../domain/rating.js';
import type {
  AbsenceFact,
  FactConsequence,
  FactReplacement,
  HealthCheckFact,
  TimelineParams,
  TrainingFact,
} from '../../domain/records.js';
import { refuse } from '../../domain/refuse.js';
import { openCaseFor } from './cases.js';
import {
  consequenceOf,
  factIdOf,
  factWord,
  requireVoidable,
  stampFactIds,
  unwind,
  FACT_CORRECTIONS,
  PRE_DISPATCH_CORRECTIONS,
  PRE_ID_ABSENCE_CORRECTIONS,
  type CorrectionResult,
  type FactRef,
} from './corrections.js';
import type { TermData, TermYear } from './data.js';
import { changeApplies, log, requireOnPost, type Term } from './ledger.js';

/** patched() marker: a correction may record a new value in place of the fact it voids. */
export const FACT_REPLACEMENTS = 'fact-replacements';

type AnyFact = TrainingFact | HealthCheckFact | AbsenceFact;

/** The fact a correction would record, and the year it counts in. */
export interface Replacement {
  ref: FactRef;
  fact: AnyFact;
  year: TermYear;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant of the corrected date, at the original's time of day, kept within the term so far. */
function correctedAt(data: TermData, original: number, date: string, now: number): number {
  const match = DATE.exec(date);
  const day = match && { year: +match[1]!, month: +match[2]!, day: +match[3]! };
  const at = day ? instantOf(day, timeOfDayMs(original)) : NaN;
  if (!day || Number.isNaN(at) || dateKeyOf(at) !== date)
    // Date.UTC reads years 0-99 as 1900-1999: such a date comes back another day.
    return refuse(
      'rule_refused',
      `the corrected date must fall on a day on duty so far, not ${date}`,
    );
  const dispatchedAt = data.dispatchedAt ?? Infinity;
  // The day of dispatch and today count whole: the time of day yields to them.
  const within = Math.min(Math.max(at, dispatchedAt), now);
  if (dateKeyOf(within) !== date)
    refuse('rule_refused', `the corrected date must fall on a day on duty so far, not ${date}`, {
      from: dateKeyOf(dispatchedAt),
      to: dateKeyOf(now),
    });
  return within;
}

/**
 * Validator of a correction with a new value: the fact may be voided (its
 * recorder or the county, with a reason), the new values fit its kind, its
 * date falls on duty, and something changes. Changes nothing.
 */
export function requireReplaceable(
  data: TermData,
  actor: Actor,
  factId: string,
  reason: string,
  replacement: FactReplacement,
  now: number,
): Replacement {
  const ref = requireVoidable(data, actor, factId, reason) as FactRef;
  const original = ref.fact as AnyFact;
  if (replacement.fit !== undefined && ref.kind !== 'health_check')
    refuse('rule_refused', `only a health check has a result to correct, not ${factId}`);
  if (replacement.title !== undefined && ref.kind !== 'training')
    refuse('rule_refused', `only a training has a title to correct, not ${factId}`);
  if (replacement.note !== undefined && ref.kind === 'training')
    refuse('rule_refused', `a training has no note to correct (its title is "title")`);
  if (replacement.title !== undefined && !replacement.title.trim())
    refuse('rule_refused', 'a training needs its title');
  if (ref.kind === 'absence' && replacement.note !== undefined && !replacement.note.trim())
    refuse('rule_refused', 'an absence needs its note');
  // A check corrected to unfit opens a case, as recording it would: only on post.
  if (replacement.fit === false && (original as HealthCheckFact).fit !== false)
    requireOnPost(data, 'a health check corrected to not fit');
  const beforeDispatch = ref.year.year === 0;
  if (beforeDispatch && replacement.date !== undefined)
    refuse('rule_refused', 'the pre-dispatch training is dated by the dispatch it led to');
  const at =
    replacement.date === undefined
      ? original.at
      : correctedAt(data, original.at, replacement.date, now);
  const fact = {
    ...original,
    at,
    by: actor.id,
    replaces: factId,
    ...(replacement.fit !== undefined ? { fit: replacement.fit } : {}),
    ...(replacement.title !== undefined ? { title: replacement.title } : {}),
    ...(replacement.note !== undefined ? { note: replacement.note } : {}),
  } as AnyFact & { caseId?: string; id?: string; voided?: unknown; fromLog?: true };
  delete fact.id;
  delete fact.fromLog;
  delete fact.voided;
  delete fact.caseId;
  type Values = { fit?: boolean; title?: string; note?: string };
  const same = (key: keyof Values) => (fact as Values)[key] === (original as Values)[key];
  if (dateKeyOf(at) === dateKeyOf(original.at) && same('fit') && same('title') && same('note'))
    refuse('rule_refused', `the correction of ${factId} changes nothing: give a new value`);
  return { ref, fact, year: beforeDispatch ? ref.year : yearHolding(data.years, at)! };
}

/** What replacing the fact does, from the state the correction leaves. Changes nothing. */
export function replacementConsequence(data: TermData, replaced: Replacement): FactConsequence {
  const { ref, fact, year } = replaced;
  const moved = year !== ref.year;
  if (ref.kind === 'health_check') {
    const wasUnfit = (ref.fact as HealthCheckFact).fit === false;
    const isUnfit = (fact as HealthCheckFact).fit === false;
    // Unfit to fit: what voiding the unfit check does; fit to unfit: what recording it does.
    if (wasUnfit && !isUnfit) return consequenceOf(data, ref);
    if (!wasUnfit && isUnfit) return { effect: 'case_opened' };
    return { effect: 'none' };
  }
  if (!moved) return { effect: 'none' };
  if (ref.kind === 'training') {
    const left = ref.year.trainings.filter((t) => !t.voided).length - 1;
    return left < data.policy.countyTrainingsPerYear
      ? { effect: 'training_due' }
      : { effect: 'none' };
  }
  if (ref.year.rating !== undefined || year.rating !== undefined)
    return { effect: 'not_unwound', because: 'rating_given' };
  return {
    effect: 'absence_moved',
    cap: ratingCap(Math.max(0, ref.year.spotCheckAbsences - 1), data.policy),
    toYear: year.year,
    toCap: ratingCap(year.spotCheckAbsences + 1, data.policy),
  };
}

/** Voids the fact and records its replacement (validated), then does what the end state asks. */
export function replaceFact(
  term: Term,
  now: number,
  actor: Actor,
  factId: string,
  reason: string,
  replacement: FactReplacement,
): CorrectionResult & { replacementId: string } {
  // Asked where a term first takes a correction with a new value: no history
  // recorded before this change holds a voidFact Update with a replacement.
  changeApplies(term, FACT_CORRECTIONS);
  changeApplies(term, FACT_REPLACEMENTS);
  const data = term.data;
  stampFactIds(data);
  const replaced = requireReplaceable(data, actor, factId, reason, replacement, now);
  const { ref, fact, year } = replaced;
  if (ref.year.year === 0) changeApplies(term, PRE_DISPATCH_CORRECTIONS);
  if ((ref.fact as AbsenceFact).fromLog) changeApplies(term, PRE_ID_ABSENCE_CORRECTIONS);
  const outcome = replacementConsequence(data, replaced);
  const list: AnyFact[] =
    ref.kind === 'training'
      ? year.trainings
      : ref.kind === 'health_check'
        ? year.healthChecks
        : (year.absences ??= []);
  const replacementId = factIdOf(ref.kind, year.year, list.length);
  const original = ref.fact as AnyFact & { caseId?: string };
  original.voided = { at: now, by: actor.id, reason, replacedBy: replacementId };
  // An unfit check corrected to unfit (another date, another note) keeps its case.
  if (ref.kind === 'health_check' && outcome.effect === 'none' && original.caseId)
    (fact as HealthCheckFact).caseId = original.caseId;
  list.push(fact);
  stampFactIds(data);
  if (ref.kind === 'absence' && year !== ref.year) {
    ref.year.spotCheckAbsences = Math.max(0, ref.year.spotCheckAbsences - 1);
    year.spotCheckAbsences += 1;
  }

  const caseId = original.caseId;
  const params: TimelineParams = {
    fact: factWord(ref),
    factId,
    factDate: dateKeyOf(original.at),
    year: ref.year.year,
    recordedBy: original.by,
    replacementId,
    replacementDate: dateKeyOf(fact.at),
    replacementYear: year.year,
    ...(ref.kind === 'health_check' ? { fit: (fact as HealthCheckFact).fit ? 'yes' : 'no' } : {}),
    effect: outcome.effect,
    ...(outcome.caseId ? { caseId: outcome.caseId } : {}),
    ...(outcome.cap ? { cap: outcome.cap } : {}),
    ...(outcome.toCap ? { toCap: outcome.toCap, toYear: outcome.toYear! } : {}),
    ...(outcome.because ? { blocked: outcome.because } : {}),
  };
  log(
    term,
    now,
    actor,
    'fact_corrected',
    `${factWord(ref)} ${factId} of ${params.factDate} corrected by ${replacementId} of ${params.replacementDate}`,
    { reason, ...(caseId ? { caseId } : {}), params },
  );
  term.dirty = true;
  if (outcome.effect === 'case_opened') {
    const check = fact as HealthCheckFact;
    const opened = openCaseFor(term, now, 'health', check.note || reason, actor, {
      because: 'fact_corrected',
      factId: replacementId,
    });
    check.caseId = opened.caseId;
    return {
      message: `${factId} corrected by ${replacementId}: not fit, reassignment case ${opened.caseId}`,
      caseId: opened.caseId,
      replacementId,
    };
  }
  const done = unwind(term, now, outcome, factId, ref, reason, caseId, 'corrected');
  return {
    ...done,
    message: done.message.replace(`${factId} corrected`, `${factId} corrected by ${replacementId}`),
    replacementId,
  };
}
