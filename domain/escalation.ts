// Who hears of a task left undone past its deadline: the body above the one it
// waits for, over the same place. Reminder recipients and, later, the
// permission table read this one chain.
import type { Role } from './actors.js';
import { ancestorAt, countyOf, townshipOf } from './jurisdiction.js';
import type { Assignee } from './records.js';

/** The role an overdue task of each role is escalated to. */
export const ESCALATE_TO: Record<Role, Role> = {
  screening_body: 'county_org',
  township: 'county_org',
  official: 'township',
  dispatching_unit: 'county_org',
  county_org: 'region_admin',
  region_admin: 'region_admin',
};

/** Who is told when a task of `assignee` in `village` is overdue. */
export function escalationOf(assignee: Assignee, village: string): Assignee {
  const role = ESCALATE_TO[assignee.role];
  const jurisdiction =
    role === 'region_admin'
      ? ancestorAt(village, 1)
      : role === 'township'
        ? townshipOf(village)
        : countyOf(village);
  return { role, jurisdiction };
}
