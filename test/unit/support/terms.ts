// Terms at the points the rule modules' tests start from, built by the rules
// themselves (no TermState, no Temporal): nominated, in vetting, on duty.
import type { Actor } from '../../../domain/actors.js';
import { Refusal } from '../../../domain/refuse.js';
import type { CandidateProfile } from '../../../domain/profile.js';
import type { Task, TaskKind } from '../../../domain/records.js';
import type { DecideTaskInput } from '../../../workflows/messages.js';
import { nominatedTerm, type TermInput } from '../../../workflows/term/data.js';
import { decide } from '../../../workflows/term/decisions.js';
import { needsReason } from '../../../domain/reasons.js';
import { termOf, type Term } from '../../../workflows/term/ledger.js';
import { screen } from '../../../workflows/term/vetting.js';
import { DAY, ORG, POLICY, SCREENERS, START, UNIT, candidate } from './term-fixtures.js';

export function nominated(
  officialId = 'off-1',
  overrides: Partial<CandidateProfile> = {},
  extra: Partial<TermInput> = {},
): Term {
  const input: TermInput = {
    profile: candidate(officialId, overrides),
    policy: POLICY,
    nominatedBy: UNIT,
    ...extra,
  };
  return termOf(nominatedTerm(input, `term-${officialId}`, START));
}

/** Screened and in vetting: one reply task per screening body. */
export function inVetting(officialId = 'off-1', extra: Partial<TermInput> = {}): Term {
  const term = nominated(officialId, {}, extra);
  screen(term, START);
  return term;
}

export function openTaskOf(
  term: Term,
  kind: TaskKind,
  which: (task: Task) => boolean = () => true,
) {
  const task = term.data.openTasks.find((open) => open.kind === kind && which(open));
  if (!task) throw new Error(`no open ${kind} task`);
  return task;
}

export function decideKind(
  term: Term,
  now: number,
  kind: TaskKind,
  actor: Actor,
  extra: Partial<DecideTaskInput> = {},
): string {
  const task = openTaskOf(term, kind);
  const decision = extra.decision ?? 'approve';
  // A decision that must say why says so, as the workflow's validator would ask.
  return decide(term, now, {
    taskId: task.id,
    actor,
    decision,
    comment: needsReason(kind, decision) ? 'reasons stated' : '',
    ...extra,
  });
}

/** Vetted by all three bodies, approved, trained: on duty from `START + 4 days`. */
export const DISPATCHED_AT = START + 4 * DAY;

export function onDuty(officialId = 'off-1', extra: Partial<TermInput> = {}): Term {
  const term = inVetting(officialId, extra);
  for (const body of ['discipline', 'petition', 'police'] as const)
    decide(term, START + DAY, {
      taskId: openTaskOf(term, 'vetting_reply', (task) => task.assignee.body === body).id,
      actor: SCREENERS[body],
      decision: 'approve',
      comment: 'no record',
    });
  decideKind(term, START + 2 * DAY, 'approve_dispatch', ORG);
  decideKind(term, DISPATCHED_AT, 'record_pre_dispatch_training', ORG, { comment: 'course' });
  term.effects.length = 0;
  return term;
}

/** The actions of the timeline, in order, from entry `from` on. */
export const actionsOf = (term: Term, from = 0) =>
  term.data.timeline.slice(from).map((entry) => entry.action);

/** The Refusal an action throws (code, message, details); fails the test if it goes through. */
export function refusalOf(action: () => unknown): {
  code: string;
  message: string;
  details?: unknown;
} {
  try {
    action();
  } catch (err) {
    if (err instanceof Refusal)
      return { code: err.code, message: err.message, details: err.details };
    throw err;
  }
  throw new Error('expected a refusal, but the action went through');
}
