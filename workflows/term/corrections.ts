// Corrections (issue 13): a recorded training, health check or spot-check
// absence can be voided, with a reason, by whoever recorded it or by the county
// organization department over the village. The fact stays on record, marked
// voided; the log keeps the original entry and adds the voiding. Its effects
// are unwound where they can be: a recall case the voided check opened closes
// as opened in error, a voided absence no longer caps the year's rating, a
// voided training no longer meets the year's obligation. Where they cannot
// (a successor already nominated, a rating already given), the entry says so
// and the county gets a task to resolve it.
import type { Actor } from '../../domain/actors.js';
import { dateKeyOf } from '../../domain/calendar.js';
import { yearHolding } from '../../domain/duty.js';
import { days } from '../../domain/policy-defaults.js';
import { ratingCap } from '../../domain/rating.js';
import { requireFactVoider } from '../../domain/permissions.js';
import { requireCorrectionReason } from '../../domain/reasons.js';
import type {
  AbsenceFact,
  CaseRecord,
  FactConsequence,
  FactKind,
  FactRow,
  RecordedFact,
  TimelineEntry,
  TimelineParams,
} from '../../domain/records.js';
import { refuse } from '../../domain/refuse.js';
import { taskTitle } from '../../domain/task-titles.js';
import { closeCase } from './cases.js';
import type { TaskDecision, TermData, TermYear } from './data.js';
import {
  cancelOpenTasks,
  changeApplies,
  logDecision,
  log,
  openTask,
  touchCase,
  type Term,
} from './ledger.js';
import { countyOrg } from './parties.js';

/** patched() marker: the term takes corrections (voidFact). */
export const FACT_CORRECTIONS = 'fact-corrections';

const ID_LETTER: Record<FactKind, string> = { training: 't', health_check: 'h', absence: 'a' };

/** A fact's id: its kind, its term year and its place in that year's list (lists only grow). */
export const factIdOf = (kind: FactKind, year: number, index: number): string =>
  `y${year}-${ID_LETTER[kind]}${index + 1}`;

/** One recorded fact, wherever it is kept, as a correction reads it. */
export interface FactRef {
  kind: FactKind;
  year: TermYear;
  fact: RecordedFact & { at: number; by: string };
}

/** patched() marker: the pre-dispatch training (`y0-t1`) may be voided or corrected. */
export const PRE_DISPATCH_CORRECTIONS = 'pre-dispatch-corrections';

/**
 * The pre-dispatch training as "year 0" of the term, the year before dispatch,
 * whose list is the one the term keeps (so voiding marks the kept fact). A
 * term dispatched before the training was kept finds it in its log; `keep`
 * stores what it found (stampFactIds), a reader leaves the data as it is.
 */
export function preDispatchYear(data: TermData, keep = false): TermYear | undefined {
  if (data.dispatchedAt === undefined) return undefined;
  let trainings = data.preDispatchTrainings;
  if (!trainings) {
    const entry = data.timeline.find(
      (e) => e.action === 'trained' && e.params?.training === 'pre_dispatch',
    );
    if (!entry) return undefined;
    trainings = [{ at: entry.at, title: entry.reason ?? '', by: entry.actorId }];
    if (keep) data.preDispatchTrainings = trainings;
  }
  return {
    year: 0,
    startsAt: data.nominatedAt,
    endsAt: data.dispatchedAt,
    trainings,
    healthChecks: [],
    attendance: [],
    spotCheckAbsences: 0,
    leaveDays: 0,
  };
}

const yearsOf = (data: TermData, keep = false): TermYear[] => {
  const before = preDispatchYear(data, keep);
  return before ? [before, ...data.years] : data.years;
};

/** What the log and the page call the fact: its kind, or the pre-dispatch training. */
export const factWord = (ref: FactRef): string =>
  ref.year.year === 0 ? 'pre_dispatch_training' : ref.kind;

/** patched() marker: an absence counted before absences were kept one by one may be voided. */
export const PRE_ID_ABSENCE_CORRECTIONS = 'pre-id-absence-corrections';

/** The term year a logged absence was counted in (its params; entries older than params, its detail). */
const yearOfAbsenceEntry = (entry: TimelineEntry): number | undefined =>
  entry.params?.year !== undefined
    ? Number(entry.params.year)
    : Number(/in year (\d+)/.exec(entry.detail)?.[1] ?? NaN) || undefined;

/**
 * The year's absences, one by one. A year of a term that counted absences
 * before they were kept (before fact-corrections) counts more than it keeps:
 * those missing are the year's earliest logged absences, appended after the
 * kept ones so that every id already given stays where it was. `keep` stores
 * them (stampFactIds); a reader leaves the data as it is.
 */
function absencesOf(data: TermData, year: TermYear, keep: boolean, justCounted = 0): AbsenceFact[] {
  const kept = year.absences ?? [];
  // Each absence counted is kept and not voided, or not kept at all (a voided one was kept).
  const missing =
    year.spotCheckAbsences - justCounted - kept.filter((absence) => !absence.voided).length;
  if (missing <= 0) return kept;
  const found: AbsenceFact[] = data.timeline
    .filter((e) => e.action === 'absent_on_spot_check' && yearOfAbsenceEntry(e) === year.year)
    .slice(0, missing)
    .map((e) => ({ at: e.at, by: e.actorId, note: e.reason ?? '', fromLog: true }));
  if (!keep) return [...kept, ...found];
  (year.absences ??= []).push(...found);
  return year.absences;
}

const listsOf = (data: TermData, year: TermYear, keep = false) =>
  [
    ['training', year.trainings],
    ['health_check', year.healthChecks],
    ['absence', absencesOf(data, year, keep)],
  ] as const;

/** Gives every fact that has none its stable id (facts recorded before ids existed, or just now). */
export function stampFactIds(data: TermData): void {
  for (const year of yearsOf(data, true))
    for (const [kind, facts] of listsOf(data, year, true))
      facts.forEach((fact, index) => {
        fact.id ??= factIdOf(kind, year.year, index);
      });
}

/** Every fact of the term with its id (stamped or due), oldest year first. Changes nothing. */
export function factsOf(data: TermData): (FactRef & { id: string })[] {
  return yearsOf(data).flatMap((year) =>
    listsOf(data, year).flatMap(([kind, facts]) =>
      facts.map((fact, index) => ({
        kind,
        year,
        fact,
        id: fact.id ?? factIdOf(kind, year.year, index),
      })),
    ),
  );
}

/** The fact named `factId`; validators call it too, so it must not change the data. */
export const findFact = (data: TermData, factId: string): FactRef | undefined =>
  factsOf(data).find((ref) => ref.id === factId);

/**
 * After an absence was counted (duty-year.ts), keeps it one by one with its
 * id, so that it can be named and voided.
 */
export function keepAbsence(data: TermData, now: number, actor: Actor, note: string): void {
  const year = yearHolding(data.years, now);
  if (!year) return;
  // Those counted before absences were kept go first (all but the one just counted).
  absencesOf(data, year, true, 1);
  year.absences ??= [];
  year.absences.push({ at: now, by: actor.id, note });
  stampFactIds(data);
}

/** After a health check (duty-year.ts), keeps its note, and the case an unfit one opened or joined. */
export function annotateCheck(data: TermData, note: string, caseId: string | undefined): void {
  const check = data.years.flatMap((year) => year.healthChecks).at(-1);
  if (check) {
    if (note) check.note = note;
    if (caseId) check.caseId = caseId;
  }
  stampFactIds(data);
}

/** Validator of voidFact: the fact exists, is not voided yet, the actor may void it, with a reason. */
export function requireVoidable(data: TermData, actor: Actor, factId: string, reason: string) {
  const ref = findFact(data, factId);
  if (!ref) return refuse('unknown_fact', `this term has no recorded fact ${factId}`);
  requireFactVoider(actor, ref.fact.by, data.profile.village);
  if (ref.fact.voided)
    refuse('already_voided', `fact ${factId} was already voided`, {
      voidedAt: ref.fact.voided.at,
    });
  requireCorrectionReason(reason, data.policy);
  return ref;
}

/** The consequence of voiding a fact, as it stands now (the same rule the voiding applies). */
export function consequenceOf(data: TermData, ref: FactRef): FactConsequence {
  // The official was dispatched on it: a decision acted on, which voiding cannot undo.
  if (ref.year.year === 0) return { effect: 'not_unwound', because: 'dispatched' };
  if (ref.kind === 'training')
    return ref.year.trainings.filter((t) => !t.voided).length <= data.policy.countyTrainingsPerYear
      ? { effect: 'training_due' }
      : { effect: 'none' };
  if (ref.kind === 'absence') {
    if (ref.year.rating !== undefined) return { effect: 'not_unwound', because: 'rating_given' };
    return {
      effect: 'cap_lifted',
      cap: ratingCap(Math.max(0, ref.year.spotCheckAbsences - 1), data.policy),
    };
  }
  const check = ref.fact as { fit?: boolean; caseId?: string };
  if (check.fit !== false || !check.caseId) return { effect: 'none' };
  const reassignment = data.cases.find((c) => c.caseId === check.caseId);
  if (!reassignment) return { effect: 'none' };
  if (reassignment.status === 'closed') return { effect: 'not_unwound', because: 'case_closed' };
  if (!reassignment.grounds.includes('health')) return { effect: 'none' };
  if (reassignment.successorOfficialIds.length > 0 || reassignment.status === 'handover')
    return { effect: 'not_unwound', because: 'successor_nominated' };
  return reassignment.grounds.length > 1
    ? { effect: 'ground_removed', caseId: reassignment.caseId }
    : { effect: 'case_closed', caseId: reassignment.caseId };
}

/** Voids the fact (validated) and unwinds what it caused, or opens the county's task where it cannot. */
export function voidFact(
  term: Term,
  now: number,
  actor: Actor,
  factId: string,
  reason: string,
): CorrectionResult {
  // Asked where the term first takes a correction: a history recorded before
  // this change never reaches here (it had no voidFact Update to take).
  changeApplies(term, FACT_CORRECTIONS);
  const data = term.data;
  stampFactIds(data);
  const ref = findFact(data, factId)!;
  if (ref.year.year === 0) changeApplies(term, PRE_DISPATCH_CORRECTIONS);
  if ((ref.fact as AbsenceFact).fromLog) changeApplies(term, PRE_ID_ABSENCE_CORRECTIONS);
  const outcome = consequenceOf(data, ref);
  ref.fact.voided = { at: now, by: actor.id, reason };
  if (ref.kind === 'absence')
    ref.year.spotCheckAbsences = Math.max(0, ref.year.spotCheckAbsences - 1);
  const params: TimelineParams = {
    fact: factWord(ref),
    factId,
    factDate: dateKeyOf(ref.fact.at),
    year: ref.year.year,
    recordedBy: ref.fact.by,
    effect: outcome.effect,
    ...(outcome.caseId ? { caseId: outcome.caseId } : {}),
    ...(outcome.cap ? { cap: outcome.cap } : {}),
    // Not `because`: the page shows the voider's own reason as the entry's why.
    ...(outcome.because ? { blocked: outcome.because } : {}),
  };
  const check = ref.fact as { caseId?: string };
  log(term, now, actor, 'fact_voided', `${factWord(ref)} ${factId} of ${params.factDate} voided`, {
    reason,
    ...(check.caseId ? { caseId: check.caseId } : {}),
    params,
  });
  term.dirty = true;
  return unwind(term, now, outcome, factId, ref, reason, check.caseId, 'voided');
}

/** What a correction did, for the Update's answer. */
export interface CorrectionResult {
  message: string;
  caseId?: string;
  taskId?: string;
}

/**
 * Carries out what voiding (or replacing) the fact `factId` does, as
 * `consequenceOf` found it: a case closed as opened in error, a ground
 * removed, or the county's task where nothing can be undone.
 */
export function unwind(
  term: Term,
  now: number,
  outcome: FactConsequence,
  factId: string,
  ref: FactRef,
  reason: string,
  caseIdOfCheck: string | undefined,
  done: 'voided' | 'corrected',
): CorrectionResult {
  const data = term.data;
  switch (outcome.effect) {
    case 'case_closed': {
      const caseId = outcome.caseId!;
      const reassignment = data.cases.find((c) => c.caseId === caseId)!;
      cancelOpenTasks(term, now, 'case opened in error', (task) => task.caseId === outcome.caseId);
      closeCase(term, now, reassignment, 'opened_in_error', reason, {
        because: 'fact_voided',
        factId,
      });
      return {
        message: `${factId} ${done}; case ${outcome.caseId} closed as opened in error`,
        caseId: outcome.caseId,
      };
    }
    case 'ground_removed': {
      const reassignment = data.cases.find((c) => c.caseId === outcome.caseId)!;
      removeGround(term, reassignment);
      return {
        message: `${factId} ${done}; health ground removed from case ${outcome.caseId}`,
        caseId: outcome.caseId,
      };
    }
    case 'not_unwound': {
      const task = openResolvingTask(term, now, factId, ref, caseIdOfCheck);
      return {
        message: `${factId} ${done}; its effects could not be undone: task ${task.id} for the county`,
        taskId: task.id,
        caseId: caseIdOfCheck,
      };
    }
    default:
      return { message: `${factId} ${done}` };
  }
}

function removeGround(term: Term, reassignment: CaseRecord): void {
  reassignment.grounds = reassignment.grounds.filter((ground) => ground !== 'health');
  touchCase(term, reassignment);
}

function openResolvingTask(
  term: Term,
  now: number,
  factId: string,
  ref: FactRef,
  caseId: string | undefined,
) {
  const data = term.data;
  return openTask(
    term,
    now,
    'resolve_correction',
    countyOrg(data.profile),
    now + days(data.policy, data.policy.decisionDays),
    'decision',
    {
      title: `${taskTitle('resolve_correction', 'en')}: ${factWord(ref)} ${factId}`,
      ...(caseId ? { caseId } : {}),
      data: { factId, fact: factWord(ref), year: ref.year.year },
    },
  );
}

/** The county resolved what a correction could not undo: the task closes with its account. */
export function resolveCorrection(term: Term, now: number, decided: TaskDecision): string {
  const factId = String(decided.task.data?.factId ?? '');
  logDecision(term, now, decided, 'correction_resolved', `correction of ${factId} resolved`, {
    factId,
    fact: String(decided.task.data?.fact ?? ''),
  });
  return 'correction resolved';
}

/** Every fact of the term as the snapshot shows it, with what voiding each would do now. */
export function factRowsOf(data: TermData): FactRow[] {
  return factsOf(data).map((ref) => {
    const fact = ref.fact as RecordedFact & {
      at: number;
      by: string;
      title?: string;
      fit?: boolean;
      note?: string;
      caseId?: string;
    };
    return {
      id: ref.id,
      kind: ref.kind,
      year: ref.year.year,
      at: fact.at,
      by: fact.by,
      ...(fact.title !== undefined ? { title: fact.title } : {}),
      ...(fact.fit !== undefined ? { fit: fact.fit } : {}),
      ...(fact.note ? { note: fact.note } : {}),
      ...(fact.caseId ? { caseId: fact.caseId } : {}),
      ...(fact.replaces ? { replaces: fact.replaces } : {}),
      ...(fact.voided ? { voided: fact.voided } : { consequence: consequenceOf(data, ref) }),
    };
  });
}
