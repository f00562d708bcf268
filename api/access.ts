// Visibility: what lies outside the actor's jurisdiction does not exist for
// them; it answers 404 exactly as an unknown id does, and no refusal names a
// place. Who may act on what they can see is not decided here: the workflow's
// validators apply the permission table (domain/permissions.ts) and refuse
// with 403. Only the operations no term workflow answers (the administrator's
// reconciliation and record retries) check a role here.
import { isWithin, type Actor, type Role } from '../domain/actors.js';
import type { Pool } from '../platform/db.js';
import { forbidden, notFound } from './errors.js';
import type { CaseRow, OfficialRow } from './rows.js';

const ROLE_NAMES: Record<Role, string> = {
  dispatching_unit: 'a dispatching unit',
  county_org: 'the county organization department',
  township: 'the township Party committee',
  official: 'the official',
  screening_body: 'a screening body',
  region_admin: 'the regional administrator',
};
export const roleNames = (roles: readonly Role[]) => roles.map((r) => ROLE_NAMES[r]).join(' or ');

/** The actor holds one of `roles`; otherwise 403 naming who may. */
export function requireRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (!roles.includes(actor.role)) throw forbidden(`only ${roleNames(roles)} may ${what}`);
}

/**
 * The actor holds one of `roles` over `target`, a place the caller named
 * itself (a nomination's village); otherwise 403, naming no place.
 */
export function requireRoleOver(
  actor: Actor,
  roles: readonly Role[],
  target: string,
  what: string,
): void {
  requireRole(actor, roles, what);
  if (!isWithin(actor.jurisdiction, target))
    throw forbidden(`you may ${what} only inside your own jurisdiction`);
}

/**
 * Whether the actor may read an official's record: their own, or inside their
 * subtree. A screening body sees only the candidates it was asked about
 * (`holdsRequestOn`, checked against the tasks table by the callers).
 */
export const maySeeOfficial = (actor: Actor, o: { official_id: string; village: string }) =>
  actor.role === 'official' ? actor.id === o.official_id : isWithin(actor.jurisdiction, o.village);

/** Cases are not a screening body's business; an official sees the cases they are part of. */
export const maySeeCase = (actor: Actor, c: CaseRow) =>
  actor.role === 'official'
    ? officialsOfCase(c).includes(actor.id)
    : actor.role !== 'screening_body' && isWithin(actor.jurisdiction, c.village);

/**
 * SQL: the term `termColumn` has a request addressed to the screening body
 * bound at `bodyParam` (open or answered). Least privilege: a body sees the
 * candidates it vets, not every official of its county.
 */
export const holdsRequestSql = (termColumn: string, bodyParam: string) =>
  `EXISTS (SELECT 1 FROM tasks held WHERE held.term_id = ${termColumn} AND held.assignee_role = 'screening_body' AND held.assignee_body = ${bodyParam})`;

export async function holdsRequestOn(pool: Pool, actor: Actor, termId: string): Promise<boolean> {
  const { rows } = await pool.query(`SELECT ${holdsRequestSql('$1', '$2')} AS held`, [
    termId,
    actor.body ?? '',
  ]);
  return rows[0]?.held === true;
}

/** The outgoing official and every successor named in a case. */
export function officialsOfCase(c: CaseRow): string[] {
  const rec = c.record as {
    successorOfficialIds?: string[];
    handover?: { incomingOfficialId?: string };
  };
  return [
    c.official_id,
    ...(rec.successorOfficialIds ?? []),
    ...(rec.handover?.incomingOfficialId ? [rec.handover.incomingOfficialId] : []),
  ];
}

/** An official the actor may see; anyone else's is as unknown as no one's (404). */
export async function loadVisibleOfficial(
  pool: Pool,
  actor: Actor,
  officialId: string,
): Promise<OfficialRow> {
  const { rows } = await pool.query<OfficialRow>('SELECT * FROM officials WHERE official_id = $1', [
    officialId,
  ]);
  const o = rows[0];
  if (!o || !maySeeOfficial(actor, o)) throw notFound(`official ${officialId}`);
  if (actor.role === 'screening_body' && !(await holdsRequestOn(pool, actor, o.term_id)))
    throw notFound(`official ${officialId}`);
  return o;
}

export { subtreePattern } from '../platform/assignment-sql.js';
