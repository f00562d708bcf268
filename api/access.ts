// Server-side authorization: role plus jurisdiction subtree, on every action,
// before anything reaches a workflow (which checks again).
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

/** The actor holds one of `roles` over `target`; otherwise 403 naming who may. */
export function requireRoleOver(
  actor: Actor,
  roles: readonly Role[],
  target: string,
  what: string,
): void {
  if (!roles.includes(actor.role)) throw forbidden(`only ${roleNames(roles)} may ${what}`);
  if (!isWithin(actor.jurisdiction, target))
    throw forbidden(`${target} is outside your jurisdiction (${actor.jurisdiction})`);
}

/** Whether the actor may read an official's record: their own, or inside their subtree. */
export const maySeeOfficial = (actor: Actor, o: { official_id: string; village: string }) =>
  actor.role === 'official' ? actor.id === o.official_id : isWithin(actor.jurisdiction, o.village);

export const maySeeCase = (actor: Actor, c: CaseRow) =>
  actor.role === 'official'
    ? officialsOfCase(c).includes(actor.id)
    : isWithin(actor.jurisdiction, c.village);

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

export async function loadOfficial(pool: Pool, officialId: string): Promise<OfficialRow> {
  const { rows } = await pool.query<OfficialRow>('SELECT * FROM officials WHERE official_id = $1', [
    officialId,
  ]);
  if (!rows[0]) throw notFound(`official ${officialId}`);
  return rows[0];
}

export async function loadVisibleOfficial(
  pool: Pool,
  actor: Actor,
  officialId: string,
): Promise<OfficialRow> {
  const o = await loadOfficial(pool, officialId);
  if (!maySeeOfficial(actor, o))
    throw forbidden(`official ${officialId} is outside your jurisdiction (${actor.jurisdiction})`);
  return o;
}

/** SQL LIKE pattern for everything strictly under a path. */
export const subtreePattern = (path: string) => path.replace(/[\\%_]/g, (c) => '\\' + c) + '/%';
