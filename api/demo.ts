// Demo actors for EMBEDDED mode: one of each kind, seeded into the directory and
// given printed tokens, so that a person can walk a term end to end.
import { SignJWT } from 'jose';
import type { Actor } from '../domain/actors.js';
import type { CandidateProfile } from '../domain/profile.js';
import type { Pool } from '../platform/db.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from './auth.js';

// Each actor has one name, in the directory and in its token: a person's name
// is the same in every language (李明 is never "Li Ming"); the page may put a
// body's name into English (web/words/timeline.js), never a person's.
export const DEMO_ACTORS: readonly Actor[] = [
  {
    id: 'du-nanning',
    name: '南宁市派出单位',
    role: 'dispatching_unit',
    jurisdiction: 'gx/nanning',
    email: 'du-nanning@zhucun.local',
  },
  {
    id: 'org-wuming',
    name: '武鸣区委组织部',
    role: 'county_org',
    jurisdiction: 'gx/nanning/wuming',
    email: 'org-wuming@zhucun.local',
  },
  {
    id: 'org-binyang',
    name: '宾阳县委组织部',
    role: 'county_org',
    jurisdiction: 'gx/nanning/binyang',
    email: 'org-binyang@zhucun.local',
  },
  {
    id: 'twp-fucheng',
    name: '府城镇党委',
    role: 'township',
    jurisdiction: 'gx/nanning/wuming/fucheng',
    email: 'twp-fucheng@zhucun.local',
  },
  {
    id: 'disc-wuming',
    name: '武鸣区纪委监委',
    role: 'screening_body',
    body: 'discipline',
    jurisdiction: 'gx/nanning/wuming',
    email: 'disc-wuming@zhucun.local',
  },
  {
    id: 'pet-wuming',
    name: '武鸣区信访局',
    role: 'screening_body',
    body: 'petition',
    jurisdiction: 'gx/nanning/wuming',
    email: 'pet-wuming@zhucun.local',
  },
  {
    id: 'pol-wuming',
    name: '南宁市公安局武鸣分局',
    role: 'screening_body',
    body: 'police',
    jurisdiction: 'gx/nanning/wuming',
    email: 'pol-wuming@zhucun.local',
  },
  {
    id: 'off-liming',
    name: '李明',
    role: 'official',
    jurisdiction: 'gx/nanning/wuming/fucheng/lianhe',
    email: 'liming@zhucun.local',
  },
  {
    id: 'admin-gx',
    name: '广西自治区管理员',
    role: 'region_admin',
    jurisdiction: 'gx',
    email: 'admin-gx@zhucun.local',
  },
];

const SURNAMES = ['韦', '黄', '李', '陆', '蒙', '覃', '农', '莫', '梁', '卢', '潘', '廖'];
const GIVEN_NAMES = [
  '志强',
  '秀英',
  '文博',
  '丽华',
  '海燕',
  '建国',
  '春梅',
  '明辉',
  '晓东',
  '桂兰',
  '永生',
];

/** A Chinese name for a demo candidate, the same for the same id. */
export function demoName(officialId: string): string {
  let hash = 0;
  for (const char of officialId) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return `${SURNAMES[hash % SURNAMES.length]}${GIVEN_NAMES[Math.floor(hash / SURNAMES.length) % GIVEN_NAMES.length]}`;
}

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
    name: demoName(officialId),
    email: `${officialId}@zhucun.local`,
    post: 'first_secretary',
    village: 'gx/nanning/wuming/fucheng/lianhe',
    dispatchingUnit: '南宁市农业农村局',
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
