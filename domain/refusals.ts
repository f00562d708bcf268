/**
 * Why a decision or action was refused. The workflow raises these as typed
 * failures; the API maps each to one HTTP status.
 */
export const REFUSAL_STATUS = {
  invalid_input: 400,
  wrong_actor: 403,
  not_found: 404,
  // A correction names a fact the term never recorded.
  unknown_fact: 404,
  wrong_stage: 409,
  already_decided: 409,
  duplicate_request: 409,
  // A correction of a fact already voided.
  already_voided: 409,
  rule_refused: 422,
  // A rejection or a vetting reply without its reason (policy minReasonChars).
  reason_required: 422,
  rating_capped: 422,
  quota_exceeded: 422,
  screened_out: 422,
  // The term's record could not be written (a data error retrying cannot
  // mend): the term takes nothing new until an operator has looked at it.
  record_blocked: 503,
} as const;
export type RefusalCode = keyof typeof REFUSAL_STATUS;
export const isRefusalCode = (s: unknown): s is RefusalCode =>
  typeof s === 'string' && s in REFUSAL_STATUS;
