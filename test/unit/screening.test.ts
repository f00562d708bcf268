// The six no-dispatch rules (shared/DOMAIN.md), each condition of each rule on
// its own: a candidate who passes every rule, changed in one fact, fails that
// rule alone and names why. domain/screening.ts is the rules' one home.
import { describe, expect, it } from 'vitest';
import type { CandidateProfile } from '../../domain/profile.js';
import { screenCandidate, type RuleId } from '../../domain/screening.js';
import { candidate, DAY, POLICY, START } from './support/term-fixtures.js';

const fit = candidate('off-screen', { lastHealthCheck: { date: '2024-11-01', fit: true } });
const screen = (overrides: Partial<CandidateProfile>, now = START) =>
  screenCandidate({ ...fit, ...overrides }, POLICY, now);
const failed = (overrides: Partial<CandidateProfile>, now = START) =>
  screen(overrides, now).map((f) => f.ruleId);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('the six no-dispatch rules, condition by condition', () => {
  it('passes a candidate who meets every rule', () => {
    expect(screen({})).toEqual([]);
  });

  it('NO-1: a first secretary must be a full Party member; a team member need not be', () => {
    expect(failed({ partyMember: 'probationary' })).toEqual<RuleId[]>(['NO-1']);
    expect(failed({ partyMember: 'none' })).toEqual<RuleId[]>(['NO-1']);
    expect(failed({ post: 'team_member', partyMember: 'none' })).toEqual([]);
  });

  it('NO-2: an investigation, or a sanction alone, screens out', () => {
    expect(failed({ underInvestigation: true })).toEqual<RuleId[]>(['NO-2']);
    const [sanction] = screen({ sanctioned: true });
    expect(sanction).toMatchObject({
      ruleId: 'NO-2',
      evidence: { underInvestigation: false, sanctioned: true },
    });
  });

  it('NO-3: “basically competent” or “incompetent” in either of the last two years', () => {
    expect(failed({ lastRatings: ['basically_competent', 'competent'] })).toEqual<RuleId[]>([
      'NO-3',
    ]);
    const [earlier] = screen({ lastRatings: ['outstanding', 'incompetent'] });
    expect(earlier).toMatchObject({ ruleId: 'NO-3', reason: 'rated incompetent recently' });
    expect(failed({ lastRatings: ['competent', 'outstanding'] })).toEqual([]);
  });

  it('NO-4: no check on file, a recent check that found the candidate unfit, or a fit check over 12 months old', () => {
    const recent = isoDay(START - 30 * DAY);
    expect(screen({ lastHealthCheck: null })[0]).toMatchObject({
      ruleId: 'NO-4',
      reason: 'no health check on file',
    });
    expect(screen({ lastHealthCheck: { date: recent, fit: false } })[0]).toMatchObject({
      ruleId: 'NO-4',
      reason: 'last health check found the candidate unfit',
    });
    expect(
      screen({ lastHealthCheck: { date: isoDay(START - 400 * DAY), fit: true } })[0],
    ).toMatchObject({
      ruleId: 'NO-4',
      reason: 'no fit health check in the last 12 months',
    });
    expect(failed({ lastHealthCheck: { date: recent, fit: true } })).toEqual([]);
  });

  it('NO-5: reaching the retirement age before the term ends, not after', () => {
    // The term ends 24 months after START (6 January 2025): early January 2027.
    expect(failed({ birthDate: '1966-12-01' })).toEqual<RuleId[]>(['NO-5']);
    expect(failed({ birthDate: '1967-06-01' })).toEqual([]);
  });

  it('NO-6: too few years of work, no formal staff post, or no signed willingness form, each on its own', () => {
    expect(screen({ workYears: 1 })[0]).toMatchObject({
      ruleId: 'NO-6',
      reason: '1 years of work, 2 required',
    });
    expect(screen({ formalPost: false })[0]).toMatchObject({
      ruleId: 'NO-6',
      reason: 'not on a formal staff post',
    });
    expect(screen({ willingnessSigned: false })[0]).toMatchObject({
      ruleId: 'NO-6',
      reason: 'no signed willingness form',
    });
    expect(failed({ workYears: 2 })).toEqual([]);
  });

  it('names every rule that fails, in order, when several do', () => {
    expect(
      failed({ partyMember: 'none', sanctioned: true, formalPost: false, lastHealthCheck: null }),
    ).toEqual<RuleId[]>(['NO-1', 'NO-2', 'NO-4', 'NO-6']);
  });
});
