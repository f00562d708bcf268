// People, a candidate and a start date for the rule modules' unit tests: no
// server, no database, no clock. The ids mirror the demo actors of the API.
import { demoCandidate } from '../../../api/demo.js';
import type { Actor } from '../../../domain/actors.js';
import { DEFAULT_POLICY } from '../../../domain/policy-defaults.js';
import type { Policy } from '../../../domain/policy.js';
import type { CandidateProfile } from '../../../domain/profile.js';

export const DAY = 86_400_000;
/** Monday 6 January 2025, 09:00 in Asia/Shanghai. */
export const START = Date.UTC(2025, 0, 6, 1);
export const POLICY: Policy = DEFAULT_POLICY;

export const VILLAGE = 'gx/nanning/wuming/fucheng/lianhe';

export const ORG: Actor = {
  id: 'org-wuming',
  name: 'Wuming County Organization Department',
  role: 'county_org',
  jurisdiction: 'gx/nanning/wuming',
};
export const OTHER_ORG: Actor = {
  id: 'org-binyang',
  name: 'Binyang County Organization Department',
  role: 'county_org',
  jurisdiction: 'gx/nanning/binyang',
};
export const TOWNSHIP: Actor = {
  id: 'twp-fucheng',
  name: 'Fucheng Township Party Committee',
  role: 'township',
  jurisdiction: 'gx/nanning/wuming/fucheng',
};
export const UNIT: Actor = {
  id: 'du-nanning',
  name: 'Nanning Municipal Dispatching Unit',
  role: 'dispatching_unit',
  jurisdiction: 'gx/nanning',
};
export const SCREENERS: Record<'discipline' | 'petition' | 'police', Actor> = {
  discipline: {
    id: 'disc-wuming',
    name: 'Wuming Discipline Inspection Commission',
    role: 'screening_body',
    body: 'discipline',
    jurisdiction: 'gx/nanning/wuming',
  },
  petition: {
    id: 'pet-wuming',
    name: 'Wuming Petitions Bureau',
    role: 'screening_body',
    body: 'petition',
    jurisdiction: 'gx/nanning/wuming',
  },
  police: {
    id: 'pol-wuming',
    name: 'Wuming Public Security Bureau',
    role: 'screening_body',
    body: 'police',
    jurisdiction: 'gx/nanning/wuming',
  },
};

/** A candidate who passes the six no-dispatch rules at START; override fields to make one fail. */
export const candidate = (
  officialId: string,
  overrides: Partial<CandidateProfile> = {},
): CandidateProfile =>
  demoCandidate(officialId, START, {
    // The traces and titles these tests pin were taken with this name.
    name: `Candidate ${officialId}`,
    dispatchingUnit: 'Nanning Municipal Bureau of Agriculture',
    lastHealthCheck: { date: '2024-11-01', fit: true },
    ...overrides,
  });

/** The official of a candidate, as they sign in. */
export const officialOf = (profile: CandidateProfile): Actor => ({
  id: profile.officialId,
  name: profile.name,
  role: 'official',
  jurisdiction: profile.village,
});
