/** Sign-in and registration throttling: per account and per client address, with retryAfter. */
import { startTestApi, codeOf, type TestApi } from './support/api';
import { seedDemoData, DEMO } from '../src/seed/demo-data';

const LOGIN = `mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken } }`;
const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { accountNumber } }`;

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ TRUST_PROXY: 'loopback' });
  await seedDemoData(t.database.db);
});
afterAll(() => t?.stop());

const from = (ip: string) => ({ 'x-forwarded-for': ip });

it('after 5 wrong passwords for one account, even the right one waits, with retryAfter', async () => {
  for (let i = 0; i < 5; i++) {
    expect(codeOf(await t.gql(LOGIN, { n: DEMO.registered.number, p: `wrong-${i}-pass` }, null, from(`10.0.0.${i + 1}`)))).toBe('INVALID_CREDENTIALS');
  }
  const blocked = await t.gql(LOGIN, { n: DEMO.registered.number, p: DEMO.registered.password }, null, from('10.0.1.1'));
  expect(codeOf(blocked)).toBe('RATE_LIMITED');
  const retryAfter = blocked.errors![0].extensions!.retryAfter;
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  expect(blocked.errors![0].message).toMatch(/Повторите через/);
});

it('one client address trying many accounts is throttled too', async () => {
  let last;
  for (let i = 0; i < 31; i++) last = await t.gql(LOGIN, { n: `5000000000${String(i).padStart(2, '0')}`, p: 'whatever-123' }, null, from('10.9.9.9'));
  expect(codeOf(last!)).toBe('RATE_LIMITED');
  // Another address is not affected.
  expect(codeOf(await t.gql(LOGIN, { n: '500000000099', p: 'whatever-123' }, null, from('10.9.9.8')))).toBe('INVALID_CREDENTIALS');
});

it('guessing activation codes is limited per account', async () => {
  const input = (code: string) => ({
    accountNumber: DEMO.unregistered.number, lastName: 'Иванов', firstName: 'Иван', email: 'ivan@poshta.ru', phone: '+79111234567', activationCode: code, acceptTerms: true,
  });
  for (let i = 0; i < 5; i++) expect(codeOf(await t.gql(REGISTER, { input: input(`11112222333${i}`) }, null, from(`10.1.0.${i}`)))).toBe('ACTIVATION_FAILED');
  // Even the right code now waits: the account's attempts are used up for the window.
  expect(codeOf(await t.gql(REGISTER, { input: input(DEMO.unregistered.activationCode) }, null, from('10.1.1.1')))).toBe('RATE_LIMITED');
});
