// Who a term's tasks and reminders go to, by role, over the places of its village.
import type { ScreeningBody } from '../../domain/actors.js';
import { countyOf, townshipOf } from '../../domain/jurisdiction.js';
import type { Assignee } from '../../domain/records.js';
import type { TermData } from './data.js';

type Profile = Pick<TermData['profile'], 'village' | 'officialId'>;

/** The county organization department over the village's county. */
export const countyOrg = (profile: Profile): Assignee => ({
  role: 'county_org',
  jurisdiction: countyOf(profile.village),
});

/** The official of the term, by name. */
export const theOfficial = (profile: Profile): Assignee => ({
  role: 'official',
  jurisdiction: profile.village,
  actorId: profile.officialId,
});

/** Another official of the village by name (the successor, in a hand-over). */
export const officialInVillage = (profile: Profile, officialId: string): Assignee => ({
  role: 'official',
  jurisdiction: profile.village,
  actorId: officialId,
});

/** The township Party committee, for a task about the village (attendance, short leave). */
export const townshipOverVillage = (profile: Profile): Assignee => ({
  role: 'township',
  jurisdiction: profile.village,
});

/** The township Party committee over its whole township, as reminders address it. */
export const township = (profile: Profile): Assignee => ({
  role: 'township',
  jurisdiction: townshipOf(profile.village),
});

/** Any dispatching unit whose jurisdiction covers the village. */
export const dispatchingUnit = (profile: Profile): Assignee => ({
  role: 'dispatching_unit',
  jurisdiction: profile.village,
});

/** One screening body of the village's county. */
export const screeningBody = (profile: Profile, body: ScreeningBody): Assignee => ({
  role: 'screening_body',
  jurisdiction: countyOf(profile.village),
  body,
});
