// The zod form of the record's text rule (domain/text.ts), for every schema that
// takes free text from outside: the API's request schemas and the candidate
// profile. The rule itself stays in text.ts; this adds a length limit and what
// the OpenAPI document says about it. Not imported by workflows (zod stays out
// of their bundle).
import { z } from 'zod';
import { textProblem } from './text.js';

// What the OpenAPI document can say of the rule: a character class that both
// ECMAScript and Python regular expressions read the same way. Lone
// surrogates and the non-characters beyond U+FFFF cannot be put in such a
// class; the description names them.
const UNFIT =
  '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uFDD0-\\uFDEF\\uFFFE\\uFFFF';
// What String.prototype.trim() removes, spelled out (\s differs between engines).
const TRIMMED =
  '\\t\\n\\u000B\\u000C\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF';
/** Any length of fit text. */
export const FIT_TEXT_PATTERN = `^[^${UNFIT}]*$`;
/** Fit text with at least one character that trimming keeps. */
export const FIT_NON_BLANK_PATTERN = `^[^${UNFIT}]*[^${UNFIT}${TRIMMED}][^${UNFIT}]*$`;

const RULE =
  'no control characters but tab, line feed and carriage return, no lone surrogates, no non-characters';

/** Length as people count it: code points, not UTF-16 units (as JSON Schema counts). */
export const codePointLength = (value: string): number => {
  let length = 0;
  for (const _ of value) length++;
  return length;
};

export interface TextOptions {
  /** Most code points, counted before trimming. */
  max: number;
  /** Refuse a value that is empty once trimmed. */
  nonBlank?: boolean;
  /** Trim surrounding white space (default true). */
  trim?: boolean;
}

/**
 * A string fit for the record: the text rule first (so that nothing unfit is
 * trimmed away unseen), then the length, then trimming.
 */
export function fitText({ max, nonBlank = false, trim = true }: TextOptions) {
  let schema = z.string().superRefine((value, ctx) => {
    const problem = textProblem(value);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: `is not fit for the record: ${problem}` });
      return;
    }
    if (codePointLength(value) > max)
      ctx.addIssue({ code: 'custom', message: `must be at most ${max} characters` });
  });
  if (trim) schema = schema.trim();
  if (nonBlank)
    schema = schema.refine((value) => value.trim().length > 0, { message: 'must not be empty' });
  return schema.meta({
    maxLength: max,
    ...(nonBlank ? { minLength: 1 } : {}),
    pattern: nonBlank ? FIT_NON_BLANK_PATTERN : FIT_TEXT_PATTERN,
    description: `text: ${RULE}${nonBlank ? '; not blank' : ''}`,
  });
}
