// Dated policy versions: a whole rule set in force from a date of the
// Shanghai calendar. Zod-free (workflows import it); the schema that checks a
// published version is in api/routes/policies.ts with the policy's own.
import type { Policy } from './policy.js';

/** A version as the region administrator published it. */
export interface PublishedPolicy {
  version: string;
  /** 'YYYY-MM-DD', Asia/Shanghai. */
  effectiveFrom: string;
  /** The rules, without the run's clock (dayMs, clock), which stay the term's own. */
  rules: PolicyRules;
}

/** Everything a version decides: the policy less its version name and the run's clock. */
export type PolicyRules = Omit<Policy, 'version' | 'dayMs' | 'clock'>;

/** The rules of a policy, without its name and clock. */
export function rulesOf(policy: Policy): PolicyRules {
  const { version: _version, dayMs: _dayMs, clock: _clock, ...rules } = policy;
  return rules;
}

/** A published version run on a term's own clock. */
export function policyFrom(published: PublishedPolicy, clockOf: Policy): Policy {
  return {
    ...published.rules,
    version: published.version,
    dayMs: clockOf.dayMs,
    ...(clockOf.clock ? { clock: clockOf.clock } : {}),
  };
}
