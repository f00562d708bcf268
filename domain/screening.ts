import type { CandidateProfile } from './profile.js';
import type { Policy } from './policy.js';

export type RuleId = 'NO-1' | 'NO-2' | 'NO-3' | 'NO-4' | 'NO-5' | 'NO-6';

export interface RuleFailure {
  ruleId: RuleId;
  text: string;
  reason: string;
  evidence: Record<string, unknown>;
}

interface Rule {
  id: RuleId;
  text: string;
  check(
    p: CandidateProfile,
    policy: Policy,
    nowMs: number,
  ): { reason: string; evidence: Record<string, unknown> } | null;
}

const YEAR_MS = 365.2425 * 86_400_000;
const ageAt = (birthDate: string, atMs: number) => (atMs - Date.parse(birthDate)) / YEAR_MS;

/** The six no-dispatch rules (六不派). Each reads only the candidate's profile. */
export const SIX_NO_DISPATCH_RULES: readonly Rule[] = [
  {
    id: 'NO-1',
    text: 'Not politically qualified for the post',
    check: (p) =>
      p.post === 'first_secretary' && p.partyMember !== 'full'
        ? {
            reason: 'a first secretary must be a full Party member',
            evidence: { post: p.post, partyMember: p.partyMember },
          }
        : null,
  },
  {
    id: 'NO-2',
    text: 'Under disciplinary investigation or sanction',
    check: (p) =>
      p.underInvestigation || p.sanctioned
        ? {
            reason: 'under investigation or sanction',
            evidence: { underInvestigation: p.underInvestigation, sanctioned: p.sanctioned },
          }
        : null,
  },
  {
    id: 'NO-3',
    text: 'Rated "basically competent" or lower in either of the last two yearly evaluations',
    check: (p) => {
      const low = p.lastRatings.filter((r) => r === 'basically_competent' || r === 'incompetent');
      return low.length > 0
        ? { reason: `rated ${low.join(', ')} recently`, evidence: { lastRatings: p.lastRatings } }
        : null;
    },
  },
  {
    id: 'NO-4',
    text: 'Health not fit for village work',
    check: (p, _policy, now) => {
      const c = p.lastHealthCheck;
      if (!c) return { reason: 'no health check on file', evidence: { lastHealthCheck: null } };
      if (!c.fit)
        return {
          reason: 'last health check found the candidate unfit',
          evidence: { lastHealthCheck: c },
        };
      if (now - Date.parse(c.date) > YEAR_MS)
        return {
          reason: 'no fit health check in the last 12 months',
          evidence: { lastHealthCheck: c },
        };
      return null;
    },
  },
  {
    id: 'NO-5',
    text: 'Would reach retirement age before the term ends',
    check: (p, policy, now) => {
      const termEnd = now + policy.termMonths * (YEAR_MS / 12);
      const age = ageAt(p.birthDate, termEnd);
      return age >= policy.retirementAge
        ? {
            reason: `would be ${Math.floor(age)} at term end (retirement at ${policy.retirementAge})`,
            evidence: { birthDate: p.birthDate },
          }
        : null;
    },
  },
  {
    id: 'NO-6',
    text: 'Too little experience, no formal post, or no signed willingness form',
    check: (p, policy) => {
      const why: string[] = [];
      if (p.workYears < policy.minWorkYears)
        why.push(`${p.workYears} years of work, ${policy.minWorkYears} required`);
      if (!p.formalPost) why.push('not on a formal staff post');
      if (!p.willingnessSigned) why.push('no signed willingness form');
      return why.length
        ? {
            reason: why.join('; '),
            evidence: {
              workYears: p.workYears,
              formalPost: p.formalPost,
              willingnessSigned: p.willingnessSigned,
            },
          }
        : null;
    },
  },
];

/** Screens a candidate; an empty list means every rule passed. */
export function screenCandidate(p: CandidateProfile, policy: Policy, nowMs: number): RuleFailure[] {
  const failures: RuleFailure[] = [];
  for (const rule of SIX_NO_DISPATCH_RULES) {
    const hit = rule.check(p, policy, nowMs);
    if (hit) failures.push({ ruleId: rule.id, text: rule.text, ...hit });
  }
  return failures;
}
