// Who answers for a task's assignee: one rule, in three forms that must agree
// (test/unit/permissions.test.ts checks they do):
//  - answersFor(actor, assignee): the rule itself, as the workflow's
//    validators apply it (through permissions.ts requireTaskDecider);
//  - inboxFilterOf(actor): the same rule as a filter on assignees, which the
//    inbox turns into SQL over the tasks table (platform/assignment-sql.ts);
//  - recipientFilterOf(assignee): the same rule as a filter on actors, which
//    the reminders turn into SQL over the actor directory.
// Free of zod: the workflow bundle imports it.
import type { Actor, Jurisdiction, Role, ScreeningBody } from './actors.js';
import { isWithin } from './jurisdiction.js';
import type { Assignee } from './records.js';

/**
 * The actor answers for the assignee: the named actor, if one is named; the
 * assignee's role over a place inside the actor's subtree; for a screening
 * body's task, that body.
 */
export function answersFor(actor: Actor, assignee: Assignee): boolean {
  if (assignee.actorId !== undefined && assignee.actorId !== actor.id) return false;
  if (actor.role !== assignee.role) return false;
  if (assignee.role === 'screening_body' && assignee.body && actor.body !== assignee.body)
    return false;
  return isWithin(actor.jurisdiction, assignee.jurisdiction);
}

/** The assignees an actor answers for, as data a query builder reads. */
export interface InboxFilter {
  /** assignee.role equals this. */
  role: Role;
  /** assignee.jurisdiction is this path or lies under it. */
  within: Jurisdiction;
  /** assignee.actorId is absent or equals this. */
  actorIdAbsentOr: string;
  /** Only for a screening body: assignee.body is absent or equals this (null: absent only). */
  bodyAbsentOr?: ScreeningBody | null;
}

export function inboxFilterOf(actor: Actor): InboxFilter {
  return {
    role: actor.role,
    within: actor.jurisdiction,
    actorIdAbsentOr: actor.id,
    ...(actor.role === 'screening_body' ? { bodyAbsentOr: actor.body ?? null } : {}),
  };
}

/** The filter evaluated in memory: equal to answersFor (the unit tests check it). */
export function matchesInboxFilter(filter: InboxFilter, assignee: Assignee): boolean {
  return (
    assignee.role === filter.role &&
    isWithin(filter.within, assignee.jurisdiction) &&
    (assignee.actorId === undefined || assignee.actorId === filter.actorIdAbsentOr) &&
    (filter.bodyAbsentOr === undefined ||
      assignee.body === undefined ||
      assignee.body === filter.bodyAbsentOr)
  );
}

/** The path and every ancestor of it, nearest first: a/b/c → [a/b/c, a/b, a]. */
export function pathAndAncestors(path: Jurisdiction): Jurisdiction[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('/'));
}

/** The actors who answer for an assignee, as data a query builder reads. */
export interface RecipientFilter {
  /** actor.id equals this (a named assignee). */
  actorId?: string;
  role: Role;
  /** actor.jurisdiction is one of these: the assignee's place and its ancestors, nearest first. */
  jurisdictionIn: Jurisdiction[];
  /** actor.body equals this (a screening body's task for one body). */
  body?: ScreeningBody;
}

export function recipientFilterOf(assignee: Assignee): RecipientFilter {
  return {
    ...(assignee.actorId !== undefined ? { actorId: assignee.actorId } : {}),
    role: assignee.role,
    jurisdictionIn: pathAndAncestors(assignee.jurisdiction),
    ...(assignee.role === 'screening_body' && assignee.body ? { body: assignee.body } : {}),
  };
}

/** The filter evaluated in memory: equal to answersFor (the unit tests check it). */
export function matchesRecipientFilter(filter: RecipientFilter, actor: Actor): boolean {
  return (
    (filter.actorId === undefined || actor.id === filter.actorId) &&
    actor.role === filter.role &&
    filter.jurisdictionIn.includes(actor.jurisdiction) &&
    (filter.body === undefined || actor.body === filter.body)
  );
}
