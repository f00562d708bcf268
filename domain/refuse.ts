// A rule's refusal as a plain error, so that the rules stay free of Temporal and
// their tests need no server. The workflow turns a Refusal into the typed,
// non-retryable failure the API maps to a status (workflows/refusals.ts).
import type { RefusalCode } from './refusals.js';

export class Refusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

/** Refuses an action: the caller is told why, and nothing changes. */
export function refuse(code: RefusalCode, message: string, details?: unknown): never {
  throw new Refusal(code, message, details);
}
