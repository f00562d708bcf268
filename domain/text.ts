// What text may enter a term's record. One rule, used by the API's schemas, the
// workflow's validators and the record writer alike: a value that breaks it is
// refused where it arrives, never stored (PostgreSQL refuses NUL outright and
// replaces a lone surrogate with U+FFFD, so the stored text would no longer be
// what was hashed). Zod-free: the workflow bundle imports it.

/** Why a string is unfit for the record, or undefined when it is fine. */
export function textProblem(value: string): string | undefined {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    // C0 controls other than tab, line feed and carriage return; DEL and C1.
    if (
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
      (code >= 0x7f && code <= 0x9f)
    )
      return `control character U+${hex(code)} at position ${index}`;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(index + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff))
        return `lone surrogate U+${hex(code)} at position ${index}`;
      const codePoint = ((code - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
      if ((codePoint & 0xfffe) === 0xfffe)
        return `non-character U+${hex(codePoint)} at position ${index}`;
      index++;
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff)
      return `lone surrogate U+${hex(code)} at position ${index}`;
    if ((code >= 0xfdd0 && code <= 0xfdef) || code === 0xfffe || code === 0xffff)
      return `non-character U+${hex(code)} at position ${index}`;
  }
  return undefined;
}

const hex = (code: number) => code.toString(16).toUpperCase().padStart(4, '0');

export interface UnsafeText {
  /** Where the string sits in the value, e.g. ['profile', 'name']. */
  path: (string | number)[];
  problem: string;
}

/**
 * The first unfit string anywhere in a JSON-like value (object keys included),
 * or undefined. Walks plain objects and arrays only.
 */
export function findUnsafeText(
  value: unknown,
  path: (string | number)[] = [],
  depth = 0,
): UnsafeText | undefined {
  if (depth > 32) return { path, problem: 'nested too deeply' };
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { path, problem } : undefined;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findUnsafeText(value[index], [...path, index], depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) {
      const keyProblem = textProblem(key);
      if (keyProblem) return { path: [...path, key], problem: `in a key: ${keyProblem}` };
      const found = findUnsafeText(member, [...path, key], depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** The path as people read it: profile.name, items[2]. */
export const describePath = (path: (string | number)[]): string =>
  path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`,
    )
    .join('') || '(value)';
