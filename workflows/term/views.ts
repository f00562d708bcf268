// What people and the record see of a term: the snapshot the record keeps,
// the view the termView query returns, and the deadlines ahead. Projections
// only: nothing here changes the term. (Their types are in ../views.ts.)
import { obligationsDueAt, owesHealthCheck, owesTraining } from '../../domain/duty.js';
import { countyOf, townshipOf } from '../../domain/jurisdiction.js';
import type { OfficialSnapshot, VettingFacts } from '../../domain/records.js';
import { obligationTitle } from '../../domain/task-titles.js';
import type { TermView } from '../views.js';
import { openCase } from './cases.js';
import { factRowsOf } from './corrections.js';
import type { TermData } from './data.js';
import { currentYear, monthEndAt } from './duty-year.js';
import { isHandoverComplete } from './handover.js';
import { isFinished } from './ledger.js';

/** What the system of record keeps of the term, rewritten with every batch. */
export function snapshotOf(data: TermData): OfficialSnapshot {
  const profile = data.profile;
  return {
    termId: data.termId,
    officialId: profile.officialId,
    name: profile.name,
    email: profile.email,
    post: profile.post,
    village: profile.village,
    county: countyOf(profile.village),
    township: townshipOf(profile.village),
    dispatchingUnit: profile.dispatchingUnit,
    stage: data.stage,
    policyVersion: data.policy.version,
    nominatedBy: data.nominatedBy.id,
    nominatedAt: data.nominatedAt,
    dispatchedAt: data.dispatchedAt,
    termEndsAt:
      data.dispatchedAt === undefined ? undefined : monthEndAt(data, data.policy.termMonths),
    closedAt: data.closedAt,
    predecessorTermId: data.predecessorTermId,
    successorTermId: data.successorTermId,
    promotionPriority: data.promotionPriority,
    screeningFailures: data.screeningFailures.map((failure) => ({
      ruleId: failure.ruleId,
      reason: failure.reason,
    })),
    // The round's calendar year is the workflow's own business.
    years: data.years.map(({ roundYear: _roundYear, ...year }) => year),
    openCaseId: openCase(data.cases)?.caseId,
    vettingFacts: vettingFactsOf(profile),
    limits: {
      minResidenceDaysPerMonth: data.policy.minResidenceDaysPerMonth,
      monthDays: data.policy.monthDays,
      dayMs: data.policy.dayMs,
      leaveYearlyCapDays: data.policy.leave.yearlyCapDays,
      leaveTownshipMaxDays: data.policy.leave.townshipMaxDays,
    },
    facts: factRowsOf(data),
  };
}

/** The profile's facts the six rules read (name, post and place are in the snapshot already). */
function vettingFactsOf(profile: TermData['profile']): VettingFacts {
  const {
    officialId: _officialId,
    name: _name,
    email: _email,
    post: _post,
    village: _village,
    dispatchingUnit: _dispatchingUnit,
    ...facts
  } = profile;
  return facts;
}

/** The termView query's answer: JSON-safe, everything a person needs to see. */
export function viewOf(data: TermData): TermView {
  return {
    ...snapshotOf(data),
    openTasks: data.openTasks,
    requests: data.requests.map(({ taskId: _taskId, caseId: _caseId, ...request }) => request),
    cases: data.cases,
    deadlines: deadlinesOf(data),
    timeline: data.timeline,
    historyContinuedTimes: data.continuedTimes,
  };
}

/** Every deadline ahead, soonest first: open tasks, the year's obligations, the hand-over. */
export function deadlinesOf(data: TermData): { what: string; at: number }[] {
  const deadlines = data.openTasks.map((task) => ({ what: task.title, at: task.dueAt }));
  const year = currentYear(data.years);
  if (year && !isFinished(data)) {
    if (owesTraining(year, data.policy))
      deadlines.push({
        what: obligationTitle({ kind: 'training', year: year.year }, 'en'),
        at: obligationsDueAt(year),
      });
    if (owesHealthCheck(year, data.policy))
      deadlines.push({
        what: obligationTitle({ kind: 'health_check', year: year.year }, 'en'),
        at: obligationsDueAt(year),
      });
  }
  // A completed hand-over (the term then ends too) has no deadline ahead.
  if (data.handover && !isFinished(data) && !isHandoverComplete(data.handover))
    deadlines.push({
      what: 'Hand-over checklist signed by both officials',
      at: data.handover.dueAt,
    });
  return deadlines.sort((a, b) => a.at - b.at);
}
