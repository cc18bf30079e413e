/**
 * Verified access tokens are kept with their claims (a client sends the same token with each request), and that
 * changes nothing a client can see: a kept token still expires on the second, a token is refused once the secret
 * changes, and the number kept is bounded.
 */
import jwt from 'jsonwebtoken';
import { testConfig } from '../support/api';
import { checkAccessToken, signAccessToken, VERIFIED_TOKENS_KEPT } from '../../src/auth/jwt';

const claims = (sid: string) => ({ typ: 'SUBSCRIBER' as const, sub: '42', sid });
afterEach(() => jest.restoreAllMocks());

it('verifies a token once, and a kept token still expires at its exp', () => {
  testConfig();
  const { token, expiresAt } = signAccessToken(claims('kept-1'));
  const verify = jest.spyOn(jwt, 'verify');
  expect(checkAccessToken(token)).toMatchObject({ claims: { sub: '42', sid: 'kept-1', typ: 'SUBSCRIBER' } });
  expect(checkAccessToken(token)).toMatchObject({ claims: { sid: 'kept-1' } });
  expect(verify).toHaveBeenCalledTimes(1);
  jest.spyOn(Date, 'now').mockReturnValue(expiresAt.getTime() - 1000);
  expect(checkAccessToken(token)).toMatchObject({ claims: { sid: 'kept-1' } });
  jest.spyOn(Date, 'now').mockReturnValue(expiresAt.getTime());
  expect(checkAccessToken(token)).toEqual({ rejected: 'EXPIRED' });
  // And stays so (verified again: jsonwebtoken says expired too).
  expect(checkAccessToken(token)).toEqual({ rejected: 'EXPIRED' });
});

it('refuses a kept token once the secret has changed', () => {
  testConfig({ JWT_SECRET: 'a'.repeat(40) });
  const { token } = signAccessToken(claims('kept-2'));
  expect(checkAccessToken(token)).toMatchObject({ claims: { sid: 'kept-2' } });
  testConfig({ JWT_SECRET: 'b'.repeat(40) });
  expect(checkAccessToken(token)).toEqual({ rejected: 'MALFORMED' });
});

it('keeps at most VERIFIED_TOKENS_KEPT tokens: the oldest is verified again', () => {
  testConfig();
  const tokens = Array.from({ length: VERIFIED_TOKENS_KEPT + 1 }, (_, i) => signAccessToken(claims(`many-${i}`)).token);
  for (const token of tokens) checkAccessToken(token);
  const verify = jest.spyOn(jwt, 'verify');
  expect(checkAccessToken(tokens[tokens.length - 1])).toMatchObject({ claims: { sid: `many-${VERIFIED_TOKENS_KEPT}` } });
  expect(verify).toHaveBeenCalledTimes(0);
  expect(checkAccessToken(tokens[0])).toMatchObject({ claims: { sid: 'many-0' } });
  expect(verify).toHaveBeenCalledTimes(1);
});
