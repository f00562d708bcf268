// Demo actors for EMBEDDED mode: one of each kind, seeded into the directory and
// given printed tokens, so that a person can walk a term end to end.
import { SignJWT } from 'jose';
import type { Actor } from '../domain/actors.js';
import type { CandidateProfile } from '../domain/profile.js';
import type { Pool } from '../platform/db.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from './auth.js';

export const DEMO_ACTORS: readonly Actor[] = [
  {
    id: 'du-nanning',
    name: 'Nanning Municipal Dispatching Unit',
    role: 'dispatching_unit',
    jurisdiction: 'gx/nanning',
    email: 'du-nanning@zhucun.local',
  },
  {
    id: 'org-wuming',
    name: 'Wuming District Organization Department',
    role: 'county_org',
    jurisdiction: 'gx/nanning/wuming',
    email: 'org-wuming@zhucun.local',
  },
  {
    id: 'org-binyang',
    name: 'Binyang County Organization Department',
    role: 'county_org',
    jurisdiction: 'gx/nanning/binyang',
    email: 'org-binyang@zhucun.local',
  },
  {
    id: 'twp-fucheng',
    name: 'Fucheng Township Party Committee',
    role: 'township',
    jurisdiction: 'gx/nanning/wuming/fucheng',
    email: 'twp-fucheng@zhucun.local',
  },
  {
    id: 'disc-wuming',
    name: 'Wuming District Commission for Discipline Inspection',
    role: 'screening_body',
    body: 'discipline',
    jurisdiction: 'gx/nanning/wuming',
    email: 'disc-wuming@zhucun.local',
  },
  {
    id: 'pet-wuming',
    name: 'Wuming District Petitions Bureau',
    role: 'screening_body',
    body: 'petition',
    jurisdiction: 'gx/nanning/wuming',
    email: 'pet-wuming@zhucun.local',
  },
  {
    id: 'pol-wuming',
    name: 'Wuming Branch of the Nanning Public Security Bureau',
    role: 'screening_body',
    body: 'police',
    jurisdiction: 'gx/nanning/wuming',
    email: 'pol-wuming@zhucun.local',
  },
  {
    id: 'off-liming',
    name: 'Li Ming',
    role: 'official',
    jurisdiction: 'gx/nanning/wuming/fucheng/lianhe',
    email: 'liming@zhucun.local',
  },
  {
    id: 'admin-gx',
    name: 'Guangxi Regional Administrator',
    role: 'region_admin',
    jurisdiction: 'gx',
    email: 'admin-gx@zhucun.local',
  },
];

/**
 * A candidate in the demo's village who passes the six no-dispatch rules as of
 * `nowMs` (the health check 60 days before it); override fields to make one
 * fail. Tests, the schemathesis seed and the demo use this one profile.
 */
export function demoCandidate(
  officialId: string,
  nowMs: number,
  overrides: Partial<CandidateProfile> = {},
): CandidateProfile {
  const lastCheck = new Date(nowMs - 60 * 86_400_000).toISOString().slice(0, 10);
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
    lastHealthCheck: { date: lastCheck, fit: true },
    workYears: 8,
    formalPost: true,
    willingnessSigned: true,
    ...overrides,
  };
}

/** Signs an HS256 token for an actor, as the embedded deployment verifies it. */
export async function signDemoToken(
  actor: Actor,
  secret: string,
  options: { expiresIn?: string | number } = {},
): Promise<string> {
  return new SignJWT({
    name: actor.name,
    role: actor.role,
    jurisdiction: actor.jurisdiction,
    ...(actor.body ? { body: actor.body } : {}),
    ...(actor.email ? { email: actor.email } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(actor.id)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '30d')
    .sign(new TextEncoder().encode(secret));
}

/** Puts the demo actors into the directory (reminders read recipients from it). */
export async function seedDemoActors(
  pool: Pool,
  actors: readonly Actor[] = DEMO_ACTORS,
): Promise<void> {
  for (const a of actors) {
    await pool.query(
      `INSERT INTO actors (id, name, role, jurisdiction, body, email, demo) VALUES ($1, $2, $3, $4, $5, $6, true)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, jurisdiction = EXCLUDED.jurisdiction,
         body = EXCLUDED.body, email = EXCLUDED.email, demo = true, updated_at = now()`,
      [a.id, a.name, a.role, a.jurisdiction, a.body ?? null, a.email ?? null],
    );
  }
}
