// Plain values the views share, with no markup and no words: the length of
// a day, and whether a value from the address bar is one of an enum's.

export const DAY = 86_400_000;

/**
 * Whether a value is one of a list's (an enum the API serves in
 * vocabulary.js), as a type guard: a value from the address bar narrows to it.
 * @template {string} T
 * @param {readonly T[]} list
 * @param {unknown} value
 * @returns {value is T}
 */
export const isOneOf = (list, value) => list.some((item) => item === value);
