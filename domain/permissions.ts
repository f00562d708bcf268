// Who may take which action on a term, one function per action, each refusing
// with `wrong_actor` and the reason. The workflow's validators call these and
// nothing else decides who acts; a permission table (role × action ×
// jurisdiction) read by the inbox and the page too can replace their bodies.
import type { Actor, Role } from './actors.js';
import { mayAct } from './jurisdiction.js';
import type { HandoverState, Task, TaskKind } from './records.js';
import { refuse } from './refuse.js';

/** Refuses an actor who holds none of `roles` over the official's village. */
function requireRoleOver(actor: Actor, roles: Role[], village: string, message: string): void {
  if (!roles.some((role) => mayAct(actor, role, village))) refuse('wrong_actor', message);
}

/** Decisions on a nomination that its own nominator may not take. */
const NOMINATION_DECISIONS: readonly TaskKind[] = [
  'vetting_reply',
  'approve_dispatch',
  'adjustment_reply',
];

/**
 * Deciding a task: the actor it waits for (a named one, or its role over its
 * jurisdiction), never the nominator on their own nomination, and never the
 * body that filed the request it answers.
 */
export function requireTaskDecider(
  actor: Actor,
  task: Pick<Task, 'kind' | 'assignee'>,
  facts: { nominatedBy: string; requestFiledBy?: string },
): void {
  const assignee = task.assignee;
  if (assignee.actorId && assignee.actorId !== actor.id)
    // Refusals name neither the person nor the place a task waits for: a
    // caller outside it must learn nothing about it (no existence oracle).
    refuse('wrong_actor', 'this task waits for another actor');
  if (!mayAct(actor, assignee.role, assignee.jurisdiction, assignee.body))
    refuse(
      'wrong_actor',
      assignee.body
        ? `this task waits for the ${assignee.body} body`
        : 'this task is not yours to decide',
    );
  if (actor.id === facts.nominatedBy && NOMINATION_DECISIONS.includes(task.kind))
    refuse('wrong_actor', 'the nominator cannot decide on their own nomination');
  if (facts.requestFiledBy === actor.id)
    refuse('wrong_actor', 'a body cannot reply to its own request');
}

/** Trainings: the county or the township; the pre-dispatch training only the county. */
export function requireTrainingRecorder(
  actor: Actor,
  village: string,
  kind: 'pre_dispatch' | 'county',
): void {
  requireRoleOver(
    actor,
    ['county_org', 'township'],
    village,
    'trainings are recorded by the county organization department or the township',
  );
  if (kind === 'pre_dispatch' && actor.role !== 'county_org')
    refuse(
      'wrong_actor',
      'pre-dispatch training is recorded by the county organization department',
    );
}

/** Health checks: the county or the dispatching unit, who pays for them. */
export function requireHealthCheckRecorder(actor: Actor, village: string): void {
  requireRoleOver(
    actor,
    ['county_org', 'dispatching_unit'],
    village,
    'health checks are recorded by the county organization department or the dispatching unit',
  );
}

/** Spot-check absences: the township or the county. */
export function requireSpotChecker(actor: Actor, village: string): void {
  requireRoleOver(
    actor,
    ['township', 'county_org'],
    village,
    'spot checks are recorded by the township or the county organization department',
  );
}

/** Leave is asked by the official alone. */
export function requireLeaveRequester(actor: Actor, officialId: string): void {
  if (actor.role !== 'official' || actor.id !== officialId)
    refuse('wrong_actor', 'only the official requests their own leave');
}

/** The return from leave is reported by the official alone. */
export function requireReturnReporter(actor: Actor, officialId: string): void {
  if (actor.role !== 'official' || actor.id !== officialId)
    refuse('wrong_actor', 'only the official reports their own return');
}

/** Recall and adjustment requests: the dispatching unit over the village. */
export function requireRequestFiler(actor: Actor, village: string): void {
  requireRoleOver(
    actor,
    ['dispatching_unit'],
    village,
    'requests are filed by the dispatching unit over this village',
  );
}

/** The hand-over: the outgoing and the incoming official, each for their own side. */
export function requireHandoverSigner(
  actor: Actor,
  handover: Pick<HandoverState, 'outgoingOfficialId' | 'incomingOfficialId'>,
): void {
  if (
    actor.role !== 'official' ||
    (actor.id !== handover.outgoingOfficialId && actor.id !== handover.incomingOfficialId)
  )
    refuse('wrong_actor', 'only the outgoing and the incoming official sign the hand-over');
}

/** A recall without a successor: the county organization department alone. */
export function requireExceptionRecorder(actor: Actor, village: string): void {
  requireRoleOver(
    actor,
    ['county_org'],
    village,
    'only the county organization department records an exception',
  );
}
