// Decisions that must say why: every rejection, every reply to a request (a
// vetting request, a recall, leave or adjustment request: an approval or an
// objection as much as a rejection), and every step on an objection
// (the county's end or question, the body's withdrawal or maintenance), so
// that the record shows the grounds each was taken on. Which decisions those
// are is the decision table's (decisions.ts); the policy holds the minimum length.
import { decisionRule, type Decision } from './decisions.js';
import type { Policy } from './policy.js';
import type { TaskKind } from './records.js';
import { refuse } from './refuse.js';

/** The minimum for policies published before `minReasonChars` existed. */
export const DEFAULT_MIN_REASON_CHARS = 2;

/** Characters (code points, so that 理由 counts 2) of a reason, without surrounding spaces. */
export const reasonLength = (text: string): number => Array.from(text.trim()).length;

/** Whether a decision of this kind needs a reason. */
export const needsReason = (kind: TaskKind, decision: Decision): boolean =>
  decisionRule(kind, decision)?.reason ?? decision === 'reject';

/** Refuses `text` shorter than the policy's minimum, saying what must state it (reason_required). */
function requireStated(text: string, policy: Pick<Policy, 'minReasonChars'>, what: string): void {
  const min = policy.minReasonChars ?? DEFAULT_MIN_REASON_CHARS;
  if (reasonLength(text) < min) refuse('reason_required', `${what} (at least ${min} characters)`);
}

/** Refuses a request without its reasons at the policy's minimum (reason_required). */
export const requireRequestReasons = (reasons: string, policy: Pick<Policy, 'minReasonChars'>) =>
  requireStated(reasons, policy, 'a request states its reasons');

/** Refuses a correction (voiding a recorded fact) without its reason (reason_required). */
export const requireCorrectionReason = (reason: string, policy: Pick<Policy, 'minReasonChars'>) =>
  requireStated(reason, policy, 'a correction states its reason');

/** What a decision that must say why is told without one. */
function whatItStates(kind: TaskKind, decision: Decision): string {
  if (decision === 'reject') return 'a rejection states its reason';
  switch (kind) {
    case 'vetting_reply':
      return 'a reply to a vetting request states its reason';
    case 'recall_reply':
    case 'leave_reply':
    case 'adjustment_reply':
      return 'a reply to a request states its reasons, an approval as much as a rejection';
    case 'resolve_correction':
      return 'a resolved correction states how it was resolved';
    default:
      return 'a decision on an objection states its reason';
  }
}

/** Refuses a decision that must say why and does not (reason_required). */
export function requireReason(
  kind: TaskKind,
  decision: Decision,
  comment: string,
  policy: Pick<Policy, 'minReasonChars'>,
): void {
  if (needsReason(kind, decision)) requireStated(comment, policy, whatItStates(kind, decision));
}
