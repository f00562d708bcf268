// The hand-over (传帮带): once the successor is dispatched, both officials
// sign every item of the checklist within the policy period; when both have
// signed all, the outgoing official is recalled and the successor told.
import type { Actor } from '../../domain/actors.js';
import {
  FACT_PERMISSIONS,
  requireHandoverSigner,
  roleMayTakeFact,
} from '../../domain/permissions.js';
import { days } from '../../domain/policy-defaults.js';
import {
  HANDOVER_ITEMS,
  type CaseRecord,
  type HandoverItem,
  type HandoverState,
} from '../../domain/records.js';
import { refuse } from '../../domain/refuse.js';
import { taskTitle } from '../../domain/task-titles.js';
import type { SuccessorProgress } from '../views.js';
import { closeCase, isRecallApproved, isTermEndCase } from './cases.js';
import { SYSTEM, type TermData } from './data.js';
import {
  cancelOpenTasks,
  closeTask,
  isFinished,
  log,
  openTask,
  setStage,
  touchCase,
  type Term,
} from './ledger.js';
import { officialInVillage } from './parties.js';
import { closeIfDone } from './term-end.js';

export type HandoverSide = 'outgoing' | 'incoming';

/** Which side of the hand-over an official signs for. */
export function sideOf(
  handover: Pick<HandoverState, 'outgoingOfficialId'>,
  officialId: string,
): HandoverSide {
  return officialId === handover.outgoingOfficialId ? 'outgoing' : 'incoming';
}

/** Whether one side has signed every item. */
export function hasSignedAll(
  handover: Pick<HandoverState, 'signatures'>,
  side: HandoverSide,
): boolean {
  return HANDOVER_ITEMS.every((item) => handover.signatures[item][side] !== undefined);
}

/** Whether both officials have signed every item. */
export function isHandoverComplete(handover: HandoverState | undefined): boolean {
  return !!handover && hasSignedAll(handover, 'outgoing') && hasSignedAll(handover, 'incoming');
}

/** The successor is dispatched: the checklist opens for both officials, for the policy period. */
export function startHandover(
  term: Term,
  now: number,
  reassignment: CaseRecord,
  successor: SuccessorProgress,
): void {
  const data = term.data;
  const policy = data.policy;
  const signatures = Object.fromEntries(
    HANDOVER_ITEMS.map((item) => [item, {}]),
  ) as HandoverState['signatures'];
  const handover: HandoverState = {
    outgoingOfficialId: data.profile.officialId,
    incomingOfficialId: successor.successorOfficialId,
    incomingTermId: successor.successorTermId,
    startedAt: now,
    dueAt: now + days(policy, policy.handoverDays),
    signatures,
    remindersSent: [],
  };
  data.handover = handover;
  reassignment.status = 'handover';
  reassignment.handover = handover;
  reassignment.dueAt = handover.dueAt;
  touchCase(term, reassignment);
  // At the end of a full term the outgoing official stays on duty to the end:
  // the hand-over runs beside the last months, not in their place.
  if (isTermEndCase(reassignment))
    log(
      term,
      now,
      SYSTEM,
      'handover_started',
      `successor ${successor.successorOfficialId} dispatched; hand-over (传帮带) runs ${policy.handoverDays} days beside the term's last months`,
      {
        caseId: reassignment.caseId,
        params: {
          successorOfficialId: successor.successorOfficialId,
          days: policy.handoverDays,
          caseId: reassignment.caseId,
        },
      },
    );
  else
    setStage(
      term,
      now,
      'handing_over',
      SYSTEM,
      `successor ${successor.successorOfficialId} dispatched; hand-over (传帮带) runs ${policy.handoverDays} days`,
      {
        because: 'successor_dispatched',
        successorOfficialId: successor.successorOfficialId,
        days: policy.handoverDays,
      },
    );
  for (const officialId of [data.profile.officialId, successor.successorOfficialId]) {
    openTask(
      term,
      now,
      'sign_handover',
      officialInVillage(data.profile, officialId),
      handover.dueAt,
      'handover',
      {
        caseId: reassignment.caseId,
        title: taskTitle('sign_handover', 'en', {
          outgoingOfficialId: data.profile.officialId,
          incomingOfficialId: successor.successorOfficialId,
        }),
      },
    );
  }
}

/**
 * Whether a hand-over is being signed: a recalled official's (stage
 * handing_over), or a term-end succession's, which runs while the outgoing
 * official is still on post.
 */
export function isHandoverUnderWay(data: Pick<TermData, 'stage' | 'handover' | 'cases'>): boolean {
  if (data.stage === 'handing_over') return true;
  return (
    !!data.handover &&
    !isFinished(data) &&
    data.cases.some((c) => isTermEndCase(c) && c.status === 'handover')
  );
}

/** Refuses a signature outside a hand-over, of an unknown item, by a stranger, or twice. */
export function requireSignable(data: TermData, actor: Actor, item: HandoverItem): void {
  const handover = data.handover;
  // A wrong role learns nothing of the term's stage.
  if (!roleMayTakeFact(actor.role, 'signHandoverItem'))
    refuse('wrong_actor', FACT_PERMISSIONS.signHandoverItem.refusal);
  if (!handover || !isHandoverUnderWay(data))
    return refuse('wrong_stage', 'no hand-over is under way');
  if (!HANDOVER_ITEMS.includes(item))
    refuse('rule_refused', `the hand-over checklist has no item "${item}"`);
  requireHandoverSigner(actor, handover);
  const side = sideOf(handover, actor.id);
  if (handover.signatures[item][side] !== undefined)
    refuse('already_decided', `${item} is already signed by the ${side} official`);
}

/** One official signs one item; the last signature recalls the outgoing official. */
export function signHandover(term: Term, now: number, actor: Actor, item: HandoverItem): string {
  const data = term.data;
  const handover = data.handover!;
  const side = sideOf(handover, actor.id);
  handover.signatures[item][side] = now;
  const reassignment = data.cases.find(
    (candidate) => candidate.handover?.incomingTermId === handover.incomingTermId,
  );
  if (reassignment) {
    reassignment.handover = handover;
    touchCase(term, reassignment);
  }
  log(term, now, actor, 'handover_signed', `${item} signed by the ${side} official`, {
    caseId: reassignment?.caseId,
    params: { item, side },
  });
  if (hasSignedAll(handover, side)) {
    const own = data.openTasks.find(
      (task) => task.kind === 'sign_handover' && task.assignee.actorId === actor.id,
    );
    if (own) closeTask(term, now, own.id, 'signed', actor.id);
  }
  if (!isHandoverComplete(handover)) return `${item} signed`;
  log(
    term,
    now,
    SYSTEM,
    'handover_completed',
    `hand-over to ${handover.incomingOfficialId} complete`,
    {
      caseId: reassignment?.caseId,
      params: { successorOfficialId: handover.incomingOfficialId },
    },
  );
  term.effects.push({ type: 'notifySuccessor', successorTermId: handover.incomingTermId });
  if (reassignment && isTermEndCase(reassignment) && !isRecallApproved(data, reassignment)) {
    // The successor is on duty; the outgoing term closes once its own end is done.
    closeCase(
      term,
      now,
      reassignment,
      'handed_over',
      `handed over to ${handover.incomingOfficialId}`,
      { because: 'handed_over', successorOfficialId: handover.incomingOfficialId },
    );
    closeIfDone(term, now);
    return 'hand-over complete';
  }
  if (reassignment)
    closeCase(term, now, reassignment, 'recalled', `replaced by ${handover.incomingOfficialId}`, {
      because: 'replaced',
      successorOfficialId: handover.incomingOfficialId,
    });
  cancelOpenTasks(term, now, 'the official left the village');
  setStage(term, now, 'recalled', SYSTEM, `recalled; ${handover.incomingOfficialId} is on duty`, {
    because: 'replaced',
    successorOfficialId: handover.incomingOfficialId,
  });
  return 'hand-over complete';
}
