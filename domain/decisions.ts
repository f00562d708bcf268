// The decisions each kind of task accepts, in one table: the workflow's
// validator refuses any other, the API's schema and its OpenAPI document list
// them, and the page draws one button per decision (served in
// /web/vocabulary.js). Each decision says whether it must state a reason and
// whether the page asks a second time before sending it (it ends something
// and cannot be taken back). Free of zod: the workflow bundle imports it.
import { APPROVE_ONLY_KINDS, type TaskKind } from './records.js';

/** Every decision word a task may be decided with. */
export const DECISIONS = [
  'approve',
  'reject',
  // The county on a screening body's objection.
  'end_nomination',
  'follow_up',
  // The screening body on the county's follow-up question.
  'withdraw',
  'maintain',
] as const;
export type Decision = (typeof DECISIONS)[number];

export interface DecisionRule {
  /** The decider states why (at least the policy's minReasonChars). */
  reason: boolean;
  /** It ends something and cannot be taken back: the page asks a second time. */
  confirm: boolean;
}

const APPROVE: DecisionRule = { reason: false, confirm: false };
const REASONED: DecisionRule = { reason: true, confirm: false };
// A rejection ends what it rejects.
const REJECT: DecisionRule = { reason: true, confirm: true };

/** Per kind, the decisions it accepts, in the order the page offers them. */
export const TASK_DECISIONS: Record<TaskKind, Partial<Record<Decision, DecisionRule>>> = {
  // A body's reply is an opinion with written reasons, a clearance as much as an objection.
  vetting_reply: { approve: REASONED, reject: REJECT },
  approve_dispatch: { approve: APPROVE, reject: REJECT },
  record_pre_dispatch_training: { approve: APPROVE },
  close_attendance: { approve: APPROVE },
  approve_leave: { approve: APPROVE, reject: REJECT },
  // A reply to a numbered request says why, an approval as much as a rejection
  // (one request, one reply, with reasons).
  leave_reply: { approve: REASONED, reject: REJECT },
  self_report: { approve: APPROVE },
  rate_official: { approve: APPROVE },
  recall_reply: { approve: REASONED, reject: REJECT },
  adjustment_reply: { approve: REASONED, reject: REJECT },
  nominate_successor: { approve: APPROVE },
  sign_handover: { approve: APPROVE },
  // The county on an objection: end the nomination citing it (final), or ask
  // the body a follow-up question (the reason is the question).
  decide_objection: { follow_up: REASONED, end_nomination: REJECT },
  // The body on the county's question: withdraw or maintain its objection, saying why.
  objection_follow_up_reply: { withdraw: REASONED, maintain: REASONED },
  // The county says how it resolved what a voided fact had caused and could not be undone.
  resolve_correction: { approve: REASONED },
};

/** The decisions a kind accepts, in the page's order. */
export const decisionsOf = (kind: TaskKind): Decision[] =>
  Object.keys(TASK_DECISIONS[kind]) as Decision[];

/** The rule of one decision on one kind, or undefined if the kind does not accept it. */
export const decisionRule = (kind: TaskKind, decision: Decision): DecisionRule | undefined =>
  TASK_DECISIONS[kind][decision];

/** "approved", "rejected", …: how the log and the answers word a decision. */
export const DECISION_WORDS: Record<Decision, string> = {
  approve: 'approved',
  reject: 'rejected',
  end_nomination: 'nomination ended',
  follow_up: 'follow-up question asked',
  withdraw: 'objection withdrawn',
  maintain: 'objection maintained',
};

// The table and the older list of approve-only kinds say the same.
for (const kind of APPROVE_ONLY_KINDS)
  if (decisionsOf(kind).join() !== 'approve')
    throw new Error(`${kind}: an approve-only kind accepts only "approve"`);
