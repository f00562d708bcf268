// Visibility: what lies outside the actor's jurisdiction does not exist for
// them; it answers 404 exactly as an unknown id does, and no refusal names a
// place. Who may act on what they can see is not decided here: the workflow's
// validators apply the permission table (domain/permissions.ts) and refuse
// with 403. Only the operations no term workflow answers (the administrator's
// reconciliation and record retries) check a role here.
import type { z } from 'zod';
import { SCREENING_BODIES, isWithin, type Actor, type Role } from '../domain/actors.js';
import type { Pool } from '../platform/db.js';
import { forbidden, notFound } from './errors.js';
import type { CaseRow, OfficialRow, TaskRow } from './rows.js';
import type { LogEntrySchema } from './schemas.js';

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

// ---- least privilege among screening bodies ---------------------------------

/**
 * Each screening body answers for itself: of a candidate's tasks it reads
 * neither another body's (their data carries that body's objection and the
 * county's question) nor the county's decision on another body's objection
 * (its data names the body). The county's other tasks on the candidate (the
 * dispatch approval) it reads, their context without the other replies
 * (api/task-context.ts).
 */
export function maySeeTaskOfTerm(
  actor: Actor,
  task: Pick<TaskRow, 'assignee_role' | 'assignee_body' | 'data'>,
): boolean {
  if (actor.role !== 'screening_body') return true;
  if (task.assignee_role === 'screening_body') return task.assignee_body === actor.body;
  const about = task.data?.body;
  return typeof about !== 'string' || about === actor.body;
}

type TimelineView = z.infer<typeof LogEntrySchema>;

/**
 * A candidate's timeline as the actor may read it. A screening body reads the
 * term's course and its own exchanges, never another body's words: an entry
 * about another body's request (filed, replied, cancelled, referred to the
 * county, the nomination ended on it) is left out, and a change of stage it
 * caused keeps only the stages, without its reasons. `bodyOfRequest` names the
 * body each of the term's requests went to (from its tasks).
 */
export function timelineFor(
  actor: Actor,
  timeline: TimelineView[],
  bodyOfRequest: ReadonlyMap<string, string>,
): TimelineView[] {
  if (actor.role !== 'screening_body') return timeline;
  const bodyOf = (entry: TimelineView): string | undefined => {
    const named = entry.params?.body;
    if (typeof named === 'string' && (SCREENING_BODIES as readonly string[]).includes(named))
      return named;
    const requestNo = entry.requestNo ?? entry.params?.requestNo;
    return typeof requestNo === 'string' ? bodyOfRequest.get(requestNo) : undefined;
  };
  return timeline.flatMap((entry) => {
    const body = bodyOf(entry);
    if (body === undefined || body === actor.body) return [entry];
    if (entry.action !== 'stage') return [];
    const { reason: _reason, params, ...rest } = entry;
    return [{ ...rest, ...(params ? { params: { from: params.from!, to: params.to! } } : {}) }];
  });
}

/** The body each of a term's requests was addressed to, for `timelineFor`. */
export async function bodiesOfRequests(pool: Pool, termId: string): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ request_no: string; assignee_body: string }>(
    `SELECT request_no, assignee_body FROM tasks
      WHERE term_id = $1 AND request_no IS NOT NULL AND assignee_body IS NOT NULL`,
    [termId],
  );
  return new Map(rows.map((row) => [row.request_no, row.assignee_body]));
}
