// People and candidates every suite uses, defined once.
import { randomBytes } from 'node:crypto';
import { DEMO_ACTORS, demoCandidate } from '../../api/demo.js';
import type { Actor } from '../../domain/actors.js';
import type { CandidateProfile } from '../../domain/profile.js';

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
 * A team member unless told otherwise: a village has one first secretary
 * (domain/team.ts), and suites nominate many candidates for the same village.
 */
export const candidateAt = (
  nowMs: number,
  overrides: Partial<CandidateProfile> = {},
): CandidateProfile =>
  demoCandidate(overrides.officialId ?? uniqueId('off'), nowMs, {
    post: 'team_member',
    ...overrides,
  });
