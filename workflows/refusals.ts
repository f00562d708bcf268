// Refusals as the workflow raises them: typed, non-retryable failures that
// reject an Update (in its validator, before history) or fail it, and that the
// API maps to a status by their type.
import { ApplicationFailure } from '@temporalio/workflow';
import type { RefusalCode } from '../domain/refusals.js';
import { Refusal } from '../domain/refuse.js';

export function refuse(code: RefusalCode, message: string, details?: unknown): never {
  throw ApplicationFailure.create({
    type: code,
    message,
    nonRetryable: true,
    details: details === undefined ? [] : [details],
  });
}

/** Runs a rule; its Refusal (a plain error, see domain/refuse.ts) leaves as the typed failure. */
export function asWorkflowRefusal<T>(rule: () => T): T {
  try {
    return rule();
  } catch (err) {
    if (err instanceof Refusal) refuse(err.code, err.message, err.details);
    throw err;
  }
}
