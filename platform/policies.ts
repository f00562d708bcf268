// The dated policy versions in PostgreSQL, as the API and the importer read
// them: the version in force on a day, and those published for later days.
import { dateKeyOf } from '../domain/calendar.js';
import type { Policy } from '../domain/policy.js';
import { policyFrom, type PublishedPolicy } from '../domain/policy-versions.js';
import type { Pool } from './db.js';

export interface VersionRow {
  version: string;
  effective_from: string;
  rules: PublishedPolicy['rules'];
  reason: string;
  published_by: string;
}

// effective_from as 'YYYY-MM-DD' text: a date has no time zone to shift.
const SELECT_VERSIONS = `SELECT version, to_char(effective_from, 'YYYY-MM-DD') AS effective_from,
  rules, reason, published_by FROM policy_versions`;

export const publishedOf = (row: VersionRow): PublishedPolicy => ({
  version: row.version,
  effectiveFrom: row.effective_from,
  rules: row.rules,
});

/**
 * The policy in force at an instant and the versions published for later
 * dates; the run's clock (dayMs) is always the API's own policy's.
 */
/** Every published version, oldest first. */
export async function loadVersions(pool: Pool): Promise<VersionRow[]> {
  const { rows } = await pool.query<VersionRow>(`${SELECT_VERSIONS} ORDER BY effective_from`);
  return rows;
}

/** The policy in force at an instant among `rows` (oldest first), and the versions for later dates. */
export function policiesIn(
  rows: readonly VersionRow[],
  base: Policy,
  at: number,
): { policy: Policy; upcoming: PublishedPolicy[] } {
  const today = dateKeyOf(at);
  const inForce = rows.filter((row) => row.effective_from <= today).at(-1);
  return {
    policy: inForce ? policyFrom(publishedOf(inForce), base) : base,
    upcoming: rows.filter((row) => row.effective_from > today).map(publishedOf),
  };
}

export async function policiesAt(
  pool: Pool,
  base: Policy,
  at: number,
): Promise<{ policy: Policy; upcoming: PublishedPolicy[] }> {
  return policiesIn(await loadVersions(pool), base, at);
}
