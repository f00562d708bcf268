// The id of one HTTP request, which follows it into every log line it causes
// and into the Updates, Signals and starts it sends to workflows. One rule for
// what an id may be: the API checks a caller's X-Request-Id with it, and the
// workflow checks the header it receives with it again (the id may end up in
// the record, so it must be text fit for it).
import { textProblem } from './text.js';

/** The Temporal header (client interceptor → workflow interceptor) that carries it. */
export const REQUEST_ID_HEADER = 'zhucun-request-id';

export const REQUEST_ID_MAX_LENGTH = 128;

// UUIDs, ULIDs and the ids proxies and tracers send (letters, digits, . _ : / + = -);
// no spaces, commas or semicolons, so a list of ids is not one id.
const REQUEST_ID_CHARACTERS = /^[A-Za-z0-9][A-Za-z0-9._:/+=-]*$/;

export function isRequestId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= REQUEST_ID_MAX_LENGTH &&
    REQUEST_ID_CHARACTERS.test(value) &&
    textProblem(value) === undefined
  );
}
