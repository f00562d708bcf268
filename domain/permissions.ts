// Who may take which action on a term: one table, read by the workflow's
// validators (the require* functions below), by the API for what the page may
// offer (canDecide on a task, the actions of GET /api/me) and, through
// assignment.ts, by the inbox and reminder queries. Every refusal is
// `wrong_actor` with a reason that names roles, never a person or a place.
// Free of zod: the workflow bundle imports it.
import type { Actor, Jurisdiction, Role } from './actors.js';
import { answersFor } from './assignment.js';
import { isWithin } from './jurisdiction.js';
import type { Assignee, HandoverState, Task, TaskKind } from './records.js';
import { refuse } from './refuse.js';

/**
 * Who takes a fact action:
 *  - `roles`: one of these roles over the official's village (jurisdiction subtree);
 *  - `the_official`: the term's official, themself;
 *  - `handover_official`: the outgoing or the incoming official of a hand-over.
 */
export type Party = { roles: readonly Role[] } | 'the_official' | 'handover_official';

export interface FactPermission {
  party: Party;
  /** The refusal a wrong actor gets (names roles only). */
  refusal: string;
}

/** Fact actions, named after the API operations that take them. */
export const FACT_PERMISSIONS = {
  nominateCandidate: {
    party: { roles: ['dispatching_unit'] },
    refusal: 'candidates are nominated by a dispatching unit over the village',
  },
  recordCountyTraining: {
    party: { roles: ['county_org', 'township'] },
    refusal: 'trainings are recorded by the county organization department or the township',
  },
  recordPreDispatchTraining: {
    party: { roles: ['county_org'] },
    refusal: 'pre-dispatch training is recorded by the county organization department',
  },
  recordHealthCheck: {
    party: { roles: ['county_org', 'dispatching_unit'] },
    refusal:
      'health checks are recorded by the county organization department or the dispatching unit',
  },
  recordAbsence: {
    party: { roles: ['township', 'county_org'] },
    refusal: 'spot checks are recorded by the township or the county organization department',
  },
  requestLeave: {
    party: 'the_official',
    refusal: 'only the official requests their own leave',
  },
  reportReturnFromLeave: {
    party: 'the_official',
    refusal: 'only the official reports their own return',
  },
  reportAttendance: {
    party: 'the_official',
    refusal: 'only the official reports their own days in the village',
  },
  fileRequest: {
    party: { roles: ['dispatching_unit'] },
    refusal: 'requests are filed by the dispatching unit over this village',
  },
  // "Own request" as a recall ground: the official, on their own term only.
  requestOwnRecall: {
    party: 'the_official',
    refusal: 'only the official requests their own recall',
  },
  recordRecallException: {
    party: { roles: ['county_org'] },
    refusal: 'only the county organization department records an exception',
  },
  retryRecordWrite: {
    party: { roles: ['region_admin'] },
    refusal: 'only the regional administrator may retry a refused record write',
  },
  signHandoverItem: {
    party: 'handover_official',
    refusal: 'only the outgoing and the incoming official sign the hand-over',
  },
  // The roles that record facts; beyond the role, the fact itself narrows it
  // (requireFactVoider): its own recorder, or the county organization department.
  voidFact: {
    party: { roles: ['county_org', 'township', 'dispatching_unit'] },
    refusal:
      'a fact is voided by the body that recorded it or by the county organization department over the village',
  },
} as const satisfies Record<string, FactPermission>;
export type FactAction = keyof typeof FACT_PERMISSIONS;
export const FACT_ACTIONS = Object.keys(FACT_PERMISSIONS) as FactAction[];

/** What a fact is about: the official's village, the official, the hand-over if one runs. */
export interface FactSubject {
  /** Required where the party is a role over the village. */
  village?: Jurisdiction;
  officialId?: string;
  handover?: Pick<HandoverState, 'outgoingOfficialId' | 'incomingOfficialId'>;
}

/** Whether the actor may take a fact action on the subject. */
export function mayTakeFact(actor: Actor, action: FactAction, subject: FactSubject): boolean {
  const party: Party = FACT_PERMISSIONS[action].party;
  if (party === 'the_official') return actor.role === 'official' && actor.id === subject.officialId;
  if (party === 'handover_official')
    return (
      actor.role === 'official' &&
      subject.handover !== undefined &&
      (actor.id === subject.handover.outgoingOfficialId ||
        actor.id === subject.handover.incomingOfficialId)
    );
  return (
    subject.village !== undefined &&
    party.roles.includes(actor.role) &&
    isWithin(actor.jurisdiction, subject.village)
  );
}

/** Refuses a wrong actor with the table's reason. */
export function requireFactActor(actor: Actor, action: FactAction, subject: FactSubject): void {
  if (!mayTakeFact(actor, action, subject)) refuse('wrong_actor', FACT_PERMISSIONS[action].refusal);
}

/** Whether a role may take the action anywhere (the page's menu; the place is checked per term). */
export function roleMayTakeFact(role: Role, action: FactAction): boolean {
  const party: Party = FACT_PERMISSIONS[action].party;
  return typeof party === 'string' ? role === 'official' : party.roles.includes(role);
}

export interface TaskPermission {
  /** The roles a task of this kind waits for (its assignee's role is one of them). */
  roles: readonly Role[];
  /** The nominator may not decide it on their own nomination. */
  nominatorExcluded?: true;
}

/**
 * Deciding tasks, by kind. Beyond the table, one rule for every kind: a reply
 * to a request is never given by whoever filed the request.
 */
export const TASK_PERMISSIONS: Record<TaskKind, TaskPermission> = {
  vetting_reply: { roles: ['screening_body'], nominatorExcluded: true },
  approve_dispatch: { roles: ['county_org'], nominatorExcluded: true },
  record_pre_dispatch_training: { roles: ['county_org'] },
  close_attendance: { roles: ['township'] },
  approve_leave: { roles: ['township'] },
  leave_reply: { roles: ['county_org'] },
  self_report: { roles: ['official'] },
  rate_official: { roles: ['county_org'] },
  recall_reply: { roles: ['county_org'] },
  adjustment_reply: { roles: ['county_org'], nominatorExcluded: true },
  nominate_successor: { roles: ['dispatching_unit'] },
  sign_handover: { roles: ['official'] },
  // The county decides on a screening body's objection, never on its own nominee.
  decide_objection: { roles: ['county_org'], nominatorExcluded: true },
  objection_follow_up_reply: { roles: ['screening_body'], nominatorExcluded: true },
  resolve_correction: { roles: ['county_org'] },
};

/** The task kinds a role may be asked to decide (the page's menu). */
export const taskKindsOfRole = (role: Role): TaskKind[] =>
  (Object.keys(TASK_PERMISSIONS) as TaskKind[]).filter((kind) =>
    TASK_PERMISSIONS[kind].roles.includes(role),
  );

/** What besides the task decides who may decide it. */
export interface DeciderFacts {
  /** Who nominated the term's official. */
  nominatedBy: string;
  /** Who filed the request the task answers, if it answers one. */
  requestFiledBy?: string;
}

/** Why the actor may not decide the task, or undefined if they may. */
export function whyNotDecider(
  actor: Actor,
  task: Pick<Task, 'kind'> & { assignee: Assignee },
  facts: DeciderFacts,
): string | undefined {
  const { assignee } = task;
  // Refusals name neither the person nor the place a task waits for: a
  // caller outside it must learn nothing about it (no existence oracle).
  if (assignee.actorId !== undefined && assignee.actorId !== actor.id)
    return 'this task waits for another actor';
  if (!answersFor(actor, assignee))
    return assignee.body
      ? `this task waits for the ${assignee.body} body`
      : 'this task is not yours to decide';
  if (actor.id === facts.nominatedBy && TASK_PERMISSIONS[task.kind].nominatorExcluded)
    return 'the nominator cannot decide on their own nomination';
  if (facts.requestFiledBy === actor.id) return 'a body cannot reply to its own request';
  return undefined;
}

export const mayDecide = (
  actor: Actor,
  task: Pick<Task, 'kind'> & { assignee: Assignee },
  facts: DeciderFacts,
): boolean => whyNotDecider(actor, task, facts) === undefined;

/**
 * Deciding a task: the actor it waits for (a named one, or its role over its
 * jurisdiction), never the nominator on their own nomination, and never the
 * body that filed the request it answers.
 */
export function requireTaskDecider(
  actor: Actor,
  task: Pick<Task, 'kind' | 'assignee'>,
  facts: DeciderFacts,
): void {
  const why = whyNotDecider(actor, task, facts);
  if (why !== undefined) refuse('wrong_actor', why);
}

// The workflow's validators, one per fact, each reading the table above.

/** Trainings: the county or the township; the pre-dispatch training only the county. */
export function requireTrainingRecorder(
  actor: Actor,
  village: string,
  kind: 'pre_dispatch' | 'county',
): void {
  requireFactActor(
    actor,
    kind === 'pre_dispatch' ? 'recordPreDispatchTraining' : 'recordCountyTraining',
    { village },
  );
}

/** Health checks: the county or the dispatching unit, who pays for them. */
export function requireHealthCheckRecorder(actor: Actor, village: string): void {
  requireFactActor(actor, 'recordHealthCheck', { village });
}

/** Spot-check absences: the township or the county. */
export function requireSpotChecker(actor: Actor, village: string): void {
  requireFactActor(actor, 'recordAbsence', { village });
}

/** Leave is asked by the official alone. */
export function requireLeaveRequester(actor: Actor, officialId: string): void {
  requireFactActor(actor, 'requestLeave', { officialId });
}

/** The return from leave is reported by the official alone. */
export function requireReturnReporter(actor: Actor, officialId: string): void {
  requireFactActor(actor, 'reportReturnFromLeave', { officialId });
}

/** A month's days in the village are reported by the official alone. */
export function requireAttendanceReporter(actor: Actor, officialId: string): void {
  requireFactActor(actor, 'reportAttendance', { officialId });
}

/** Recall and adjustment requests: the dispatching unit over the village. */
export function requireRequestFiler(actor: Actor, village: string): void {
  requireFactActor(actor, 'fileRequest', { village });
}

/** A recall at the official's own request: the official alone, on their own term. */
export function requireOwnRecallRequester(actor: Actor, officialId: string): void {
  requireFactActor(actor, 'requestOwnRecall', { officialId });
}

/** The hand-over: the outgoing and the incoming official, each for their own side. */
export function requireHandoverSigner(
  actor: Actor,
  handover: Pick<HandoverState, 'outgoingOfficialId' | 'incomingOfficialId'>,
): void {
  requireFactActor(actor, 'signHandoverItem', { handover });
}

/** A recall without a successor: the county organization department alone. */
export function requireExceptionRecorder(actor: Actor, village: string): void {
  requireFactActor(actor, 'recordRecallException', { village });
}

/**
 * Voiding a recorded fact: the actor who recorded it (in a recording role,
 * still over the village), or the county organization department over the
 * village, which answers for the record of its officials.
 */
export function mayVoidFact(actor: Actor, recordedBy: string, village: string): boolean {
  if (!mayTakeFact(actor, 'voidFact', { village })) return false;
  return actor.role === 'county_org' || actor.id === recordedBy;
}

export function requireFactVoider(actor: Actor, recordedBy: string, village: string): void {
  if (!mayVoidFact(actor, recordedBy, village))
    refuse('wrong_actor', FACT_PERMISSIONS.voidFact.refusal);
}

// Reading figures, not acting on a term.

/**
 * The overview (GET /api/overview and its exports): counts over a subtree for
 * the bodies that manage officials county-wide. The county organization
 * department sees its county, the regional administrator the region by county.
 * The others have no county-wide figures to manage: a township sees its
 * officials in the lists, a dispatching unit nominates and requests but rates
 * and trains no one, a screening body sees only the candidates it was asked
 * about, an official their own record; they are refused (403).
 */
export const OVERVIEW_PERMISSION = {
  roles: ['county_org', 'region_admin'],
  refusal: 'the overview is for the county organization department and the regional administrator',
} as const satisfies { roles: readonly Role[]; refusal: string };

/** Whether the actor may read the overview of their own subtree. */
export const maySeeOverview = (actor: Pick<Actor, 'role'>): boolean =>
  (OVERVIEW_PERMISSION.roles as readonly Role[]).includes(actor.role);

/** Who publishes a dated policy version (every signed-in actor may read them). */
export const POLICY_PERMISSION = {
  roles: ['region_admin'],
  refusal: 'policy versions are published by the regional administrator',
} as const satisfies { roles: readonly Role[]; refusal: string };

export const mayPublishPolicy = (actor: Pick<Actor, 'role'>): boolean =>
  (POLICY_PERMISSION.roles as readonly Role[]).includes(actor.role);

/** Who imports officials already on post (POST /api/imports and its check). */
export const IMPORT_PERMISSION = {
  roles: ['region_admin'],
  refusal: 'officials already on post are imported by the regional administrator',
} as const satisfies { roles: readonly Role[]; refusal: string };

export const mayImportOfficials = (actor: Pick<Actor, 'role'>): boolean =>
  (IMPORT_PERMISSION.roles as readonly Role[]).includes(actor.role);
