import { describe, expect, it } from 'vitest';
import { describePath, findUnsafeText, textProblem } from '../../domain/text.js';

describe('text fit for the record', () => {
  it('accepts ordinary Chinese and English text with tabs and new lines', () => {
    expect(textProblem('李明\t驻村第一书记\r\nfirst secretary 😀')).toBeUndefined();
  });
  it.each([
    ['NUL', 'a\u0000b', 'control character U+0000'],
    ['escape', '\u001b[31m', 'control character U+001B'],
    ['DEL', 'a\u007f', 'control character U+007F'],
    ['C1', '\u0085', 'control character U+0085'],
    ['lone high surrogate', 'x\ud800', 'lone surrogate U+D800'],
    ['lone low surrogate', '\udc00y', 'lone surrogate U+DC00'],
    ['reversed pair', '\udc00\ud800', 'lone surrogate U+DC00'],
    ['non-character FFFE', '\ufffe', 'non-character U+FFFE'],
    ['non-character FDD0', '\ufdd0', 'non-character U+FDD0'],
    ['astral non-character', '\ud83f\udfff', 'non-character U+1FFFF'],
  ])('refuses %s', (_name, value, problem) => {
    expect(textProblem(value)).toContain(problem);
  });
  it('finds the first unfit string by its path, keys included', () => {
    expect(findUnsafeText({ profile: { names: ['ok', 'b\u0000'] } })).toEqual({
      path: ['profile', 'names', 1],
      problem: 'control character U+0000 at position 1',
    });
    expect(findUnsafeText({ ['k\ud800']: 1 })?.problem).toMatch(/in a key/);
    expect(findUnsafeText({ a: 1, b: [true, null, 'fine'] })).toBeUndefined();
    expect(describePath(['profile', 'names', 1])).toBe('profile.names[1]');
  });
});
