// People and candidates every suite uses, defined once.
import { randomBytes } from 'node:crypto';
import { DEMO_ACTORS } from '../../api/demo.js';
import type { Actor } from '../../domain/actors.js';
import type { CandidateProfile } from '../../domain/profile.js';

const DAY = 86_400_000;

export const uniqueId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export const demoActor = (id: string): Actor => {
  const a = DEMO_ACTORS.find((x) => x.id === id);
  if (!a) throw new Error(`no demo actor ${id}`);
  return a;
};

/** The official of a candidate, as they sign in once nominated. */
export const officialActor = (
  p: Pick<CandidateProfile, 'officialId' | 'name' | 'village' | 'email'>,
): Actor => ({
  id: p.officialId,
  name: p.name,
  role: 'official',
  jurisdiction: p.village,
  email: p.email,
});

/**
 * A candidate who passes every rule as of `nowMs` (the server's clock, which a
 * time-skipping server moves ahead of the wall clock); override fields to make one fail.
 */
export function candidateAt(
  nowMs: number,
  overrides: Partial<CandidateProfile> = {},
): CandidateProfile {
  const officialId = overrides.officialId ?? uniqueId('off');
  return {
    officialId,
    name: `Candidate ${officialId}`,
    email: `${officialId}@zhucun.local`,
    post: 'first_secretary',
    village: 'gx/nanning/wuming/fucheng/lianhe',
    dispatchingUnit: 'Nanning Municipal Bureau of Agriculture',
    birthDate: '1988-04-02',
    partyMember: 'full',
    underInvestigation: false,
    sanctioned: false,
    lastRatings: ['competent', 'outstanding'],
    lastHealthCheck: { date: new Date(nowMs - 60 * DAY).toISOString().slice(0, 10), fit: true },
    workYears: 8,
    formalPost: true,
    willingnessSigned: true,
    ...overrides,
  };
}
