// Dated policy versions in a running term: a published version waits until
// the term's first month boundary on or after its date, then becomes the
// term's policy, logged; every later entry records it. The run's clock (the
// length of a policy day) is the term's own and does not change.
import { dateKeyOf } from '../../domain/calendar.js';
import { policyFrom, type PublishedPolicy } from '../../domain/policy-versions.js';
import { SYSTEM } from './data.js';
import { log, type Term } from './ledger.js';

/** Keeps a published version for its date; one already known or in force is ignored. */
export function receivePolicy(term: Term, published: PublishedPolicy): void {
  const data = term.data;
  if (data.policy.version === published.version) return;
  const pending = (data.pendingPolicies ??= []);
  if (pending.some((known) => known.version === published.version)) return;
  pending.push(published);
  pending.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
}

/** At a month boundary: the latest version in force by then becomes the term's policy. */
export function adoptPolicyDue(term: Term, at: number): void {
  const data = term.data;
  const pending = data.pendingPolicies;
  if (!pending?.length) return;
  const today = term.calendar ? term.calendar.dateKeyOf(at) : dateKeyOf(at);
  let adopted: PublishedPolicy | undefined;
  while (pending.length && pending[0]!.effectiveFrom <= today) adopted = pending.shift();
  if (!adopted) return;
  const before = data.policy.version;
  data.policy = policyFrom(adopted, data.policy);
  log(
    term,
    at,
    SYSTEM,
    'policy_adopted',
    `policy ${before} replaced by ${adopted.version}, in force from ${adopted.effectiveFrom}`,
    { params: { from: before, to: adopted.version, effectiveFrom: adopted.effectiveFrom } },
  );
}
