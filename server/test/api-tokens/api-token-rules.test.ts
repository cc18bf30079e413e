/** API tokens' rules, without a database. */
import { checkedScopes, checkedTokenName, tokenOwnerOf } from '../../src/api-tokens/api-token.service';
import { ApiScope } from '../../src/common/enums';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e: any) {
    return e.extensions?.code;
  }
  return null;
};

it('subscribers get the scopes they ask for, deduplicated, never OPERATOR', () => {
  expect(checkedScopes('SUBSCRIBER', ['APPEALS_WRITE', 'ACCOUNT_READ', 'APPEALS_WRITE'])).toEqual([ApiScope.ACCOUNT_READ, ApiScope.APPEALS_WRITE]);
  expect(codeOf(() => checkedScopes('SUBSCRIBER', ['OPERATOR']))).toBe('FORBIDDEN');
  expect(codeOf(() => checkedScopes('SUBSCRIBER', []))).toBe('BAD_USER_INPUT');
});

it('staff tokens carry exactly OPERATOR', () => {
  expect(checkedScopes('STAFF', ['OPERATOR', 'OPERATOR'])).toEqual([ApiScope.OPERATOR]);
  expect(codeOf(() => checkedScopes('STAFF', ['OPERATOR', 'ACCOUNT_READ']))).toBe('BAD_USER_INPUT');
  expect(codeOf(() => checkedScopes('STAFF', ['READINGS_WRITE']))).toBe('BAD_USER_INPUT');
});

it('only a session manages tokens', () => {
  // A subscriber's tokens belong to the person (#15), not to the account signed in with.
  expect(tokenOwnerOf({ kind: 'subscriber', subscriberId: 9, accountId: 3, via: 'session' })).toEqual({ ownerType: 'SUBSCRIBER', ownerId: 9 });
  expect(tokenOwnerOf({ kind: 'staff', staffId: 4, via: 'session' })).toEqual({ ownerType: 'STAFF', ownerId: 4 });
  expect(codeOf(() => tokenOwnerOf({ kind: 'subscriber', subscriberId: 9, accountId: 3, via: 'token', scopes: [ApiScope.ACCOUNT_READ] }))).toBe('FORBIDDEN');
  expect(codeOf(() => tokenOwnerOf({ kind: 'anonymous' }))).toBe('UNAUTHENTICATED');
});

it('names are 1..100 characters on one line', () => {
  expect(checkedTokenName('  Умный\nдом  ')).toBe('Умный дом');
  expect(checkedTokenName('🔑'.repeat(100))).toHaveLength(200);
  expect(codeOf(() => checkedTokenName('🔑'.repeat(101)))).toBe('BAD_USER_INPUT');
  expect(codeOf(() => checkedTokenName(' \t '))).toBe('BAD_USER_INPUT');
});
