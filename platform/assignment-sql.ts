// The one rule of who answers for a task's assignee (domain/assignment.ts) as
// SQL: over the tasks table for an actor's inbox, over the actor directory for
// an assignee's reminders. These builders only translate the domain's filters;
// they decide nothing themselves.
import type { InboxFilter, RecipientFilter } from '../domain/assignment.js';

/** SQL LIKE pattern for everything strictly under a path. */
export const subtreePattern = (path: string) => path.replace(/[\\%_]/g, (c) => '\\' + c) + '/%';

/** Appends a value to `params` and returns its placeholder. */
const bind = (params: unknown[], value: unknown) => {
  params.push(value);
  return `$${params.length}`;
};

/**
 * WHERE condition on the tasks (alias `t`) whose assignee the filter admits;
 * placeholders continue after those already in `params`.
 */
export function inboxFilterSql(filter: InboxFilter, params: unknown[], alias = 't'): string {
  const where = [
    `${alias}.assignee_role = ${bind(params, filter.role)}`,
    `(${alias}.assignee_jurisdiction = ${bind(params, filter.within)} OR ${alias}.assignee_jurisdiction LIKE ${bind(params, subtreePattern(filter.within))})`,
    `(${alias}.assignee_actor_id IS NULL OR ${alias}.assignee_actor_id = ${bind(params, filter.actorIdAbsentOr)})`,
  ];
  if (filter.bodyAbsentOr !== undefined)
    where.push(
      filter.bodyAbsentOr === null
        ? `${alias}.assignee_body IS NULL`
        : `(${alias}.assignee_body IS NULL OR ${alias}.assignee_body = ${bind(params, filter.bodyAbsentOr)})`,
    );
  return where.join(' AND ');
}

/** WHERE condition on the actors table for the actors the filter admits. */
export function recipientFilterSql(filter: RecipientFilter, params: unknown[]): string {
  const where = [
    `role = ${bind(params, filter.role)}`,
    `jurisdiction = ANY(${bind(params, filter.jurisdictionIn)}::text[])`,
  ];
  if (filter.actorId !== undefined) where.push(`id = ${bind(params, filter.actorId)}`);
  if (filter.body !== undefined) where.push(`body = ${bind(params, filter.body)}`);
  return where.join(' AND ');
}
