import { describe, expect, it } from 'vitest';
import { REQUEST_ID_MAX_LENGTH, isRequestId } from '../../domain/request-id.js';

describe('what a request id may be', () => {
  it.each([
    '0f8fa7d2-5a3c-4c1e-9f0e-2b7f0c1d9e8a',
    '01J9ZK3Q4W8X5Y6Z7A8B9C0D1E',
    'Root=1-5759e988-bd862e3fe1be46a994272793',
    'gw:edge/7f3a+b=',
    'x'.repeat(REQUEST_ID_MAX_LENGTH),
  ])('accepts %s', (id) => {
    expect(isRequestId(id)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['too long', 'x'.repeat(REQUEST_ID_MAX_LENGTH + 1)],
    ['a list of two', 'a, b'],
    ['a space', 'a b'],
    ['a leading dash', '-a'],
    ['a control character', 'a\u0000b'],
    ['a new line', 'a\nb'],
    ['non-ASCII', 'café'],
    ['a quote', 'a"b'],
    ['not a string', 42],
  ])('refuses %s', (_what, id) => {
    expect(isRequestId(id)).toBe(false);
  });
});
