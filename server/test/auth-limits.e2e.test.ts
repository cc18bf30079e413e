/**
 * Sign-in and registration limits that cannot be used to lock someone out (issue #12): failures count
 * against the client that made them, per account and per client address; the account's failures from
 * every address only slow the answers down. Before, 5 wrong passwords from anywhere locked the account
 * for everyone for 15 minutes, and one try every 3 minutes kept it so.
 */
import { startTestApi, codeOf, type TestApi } from './support/api';
import { seedDemoData, DEMO } from '../src/seed/demo-data';
import { ATTEMPT_RULES } from '../src/protection/attempt-rules';
import { slowdownMs } from '../src/protection/attempts';

const LOGIN = `mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken } }`;
const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { accountNumber } }`;

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ TRUST_PROXY: 'loopback' });
  await seedDemoData(t.database.db);
});
afterAll(() => t?.stop());

const from = (ip: string) => ({ 'x-forwarded-for': ip });

it('5 wrong passwords from an address: that address waits (retryAfter), the subscriber from another address signs in', async () => {
  for (let i = 0; i < 5; i++) {
    expect(codeOf(await t.gql(LOGIN, { n: DEMO.registered.number, p: `wrong-${i}-pass` }, null, from('10.0.0.1')))).toBe('INVALID_CREDENTIALS');
  }
  const blocked = await t.gql(LOGIN, { n: DEMO.registered.number, p: DEMO.registered.password }, null, from('10.0.0.1'));
  expect(codeOf(blocked)).toBe('RATE_LIMITED');
  const retryAfter = blocked.errors![0].extensions!.retryAfter;
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  expect(blocked.errors![0].message).toMatch(/Повторите через/);
  // Before: RATE_LIMITED here too — anyone could lock the subscriber out.
  const owner = await t.gql(LOGIN, { n: DEMO.registered.number, p: DEMO.registered.password }, null, from('10.0.9.9'));
  expect(owner.errors).toBeUndefined();
  expect(owner.data.login.accessToken).toBeTruthy();
});

it('hammered from many addresses, the account is never refused: its answers slow down, the right password signs in', async () => {
  // 14 failures from 14 addresses (each address is far from its own limit), at once: each counts the failures before
  // it, so sent one after the other they would wait 0.5 + 1 + … + 4.5 s (22.5 s) — the slow-down itself, not refusals.
  const spread = await Promise.all(
    Array.from({ length: 14 }, (_, i) => t.gql(LOGIN, { n: DEMO.registered.number, p: `spread-${i}-pass` }, null, from(`10.2.0.${i + 1}`))),
  );
  expect(spread.map(codeOf)).toEqual(Array(14).fill('INVALID_CREDENTIALS'));
  // The account's failures from every address: 5 (above) + 14; past 10 each answer waits 0.5 s more, at most 5 s.
  const expectedDelay = slowdownMs(ATTEMPT_RULES.login, 19);
  expect(expectedDelay).toBe(4500);
  const started = Date.now();
  const owner = await t.gql(LOGIN, { n: DEMO.registered.number, p: DEMO.registered.password }, null, from('10.2.9.9'));
  const took = Date.now() - started;
  expect(owner.errors).toBeUndefined();
  expect(took).toBeGreaterThanOrEqual(expectedDelay);
}, 60_000);

it('one client address trying many accounts is throttled too', async () => {
  let last;
  for (let i = 0; i < 31; i++) last = await t.gql(LOGIN, { n: `5000000000${String(i).padStart(2, '0')}`, p: 'whatever-123' }, null, from('10.9.9.9'));
  expect(codeOf(last!)).toBe('RATE_LIMITED');
  // Another address is not affected.
  expect(codeOf(await t.gql(LOGIN, { n: '500000000099', p: 'whatever-123' }, null, from('10.9.9.8')))).toBe('INVALID_CREDENTIALS');
});

it('guessing activation codes is limited per account and address; the right code from another address registers', async () => {
  const input = (code: string) => ({
    accountNumber: DEMO.unregistered.number, lastName: 'Иванов', firstName: 'Иван', email: 'ivan@poshta.ru', phone: '+79111234567', activationCode: code, acceptTerms: true,
  });
  for (let i = 0; i < 5; i++) expect(codeOf(await t.gql(REGISTER, { input: input(`11112222333${i}`) }, null, from('10.1.0.1')))).toBe('ACTIVATION_FAILED');
  expect(codeOf(await t.gql(REGISTER, { input: input(DEMO.unregistered.activationCode) }, null, from('10.1.0.1')))).toBe('RATE_LIMITED');
  const right = await t.gql(REGISTER, { input: input(DEMO.unregistered.activationCode) }, null, from('10.1.1.1'));
  expect(right.errors).toBeUndefined();
  expect(right.data.register.accountNumber).toBe(DEMO.unregistered.number);
});
