/**
 * Sessions that end when they end (issue #12, finding 2). Each test failed on the code before: an access
 * token kept working over HTTP (/graphql and /reports) after logout, refresh-token reuse or a password
 * reset, and with it a reset account's old token created an API token that survived the reset.
 */
import jwt from 'jsonwebtoken';
import { RevokedSessions } from '../../src/auth/revoked-sessions';
import { signAccessToken } from '../../src/auth/jwt';
import { config } from '../../src/config';
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import { codeOf, startTestApi, type TestApi } from '../support/api';
import { LOGIN, waitUntil } from '../protection/helpers';

const ME = '{ me { number } }';
const LOGOUT = 'mutation($t: String!) { logout(refreshToken: $t) }';
const REFRESH = 'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }';
const CREATE_TOKEN = 'mutation($p: String) { createApiToken(name: "Шлюз", scopes: [ACCOUNT_READ], currentPassword: $p) { token } }';
const ANNA = { number: DEMO.registered.number, password: DEMO.registered.password, email: 'anna.petrova@example.ru' };

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ TRUST_PROXY: 'loopback' });
  await seedDemoData(t.database.db);
});
afterAll(() => t?.stop());

async function signIn(password = ANNA.password): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await t.gql(LOGIN, { n: ANNA.number, p: password, r: true });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.login;
}

const report = (token: string) => fetch(`${t.url}/reports/ledger.csv`, { headers: { authorization: `Bearer ${token}` } });

function expectRevoked(result: { errors?: { extensions?: Record<string, any> }[] }): void {
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REVOKED' });
}

it('logout: the access token stops at once over HTTP — GraphQL and reports — and its reason says so', async () => {
  const s = await signIn();
  expect((await t.gql(ME, {}, s.accessToken)).data.me.number).toBe(ANNA.number);
  expect((await report(s.accessToken)).status).toBe(200);
  expect((await t.gql(LOGOUT, { t: s.refreshToken })).data.logout).toBe(true);
  expectRevoked(await t.gql(ME, {}, s.accessToken));
  expect((await report(s.accessToken)).status).toBe(401);
});

it('refresh-token reuse ends the sign-in: the newest access token stops too', async () => {
  const s = await signIn();
  const rotated = (await t.gql(REFRESH, { t: s.refreshToken })).data.refreshSession;
  expect((await t.gql(ME, {}, rotated.accessToken)).data.me.number).toBe(ANNA.number);
  // The old refresh token again: theft.
  expect(codeOf(await t.gql(REFRESH, { t: s.refreshToken }))).toBe('UNAUTHENTICATED');
  expectRevoked(await t.gql(ME, {}, rotated.accessToken));
  expectRevoked(await t.gql(ME, {}, s.accessToken));
});

it('a password reset ends every sign-in and revokes every API token; the old access token cannot mint a new one', async () => {
  const s = await signIn();
  const token = (await t.gql(CREATE_TOKEN, { p: ANNA.password }, s.accessToken)).data.createApiToken.token;
  expect((await t.gql(ME, {}, token)).data.me.number).toBe(ANNA.number);
  await t.gql('mutation($n: String!) { requestPasswordReset(accountNumber: $n) }', { n: ANNA.number });
  await t.api.services.auth.settled();
  const mail = await t.smtp.waitFor(ANNA.email, (m) => m.subject === 'Восстановление пароля личного кабинета');
  const link = /token=([A-Za-z0-9_-]+)/.exec(mail.text)![1];
  expect((await t.gql('mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }', { t: link, p: 'Reset-Passw0rd-Lake' })).data.resetPassword).toBe(true);
  expectRevoked(await t.gql(ME, {}, s.accessToken));
  expectRevoked(await t.gql(ME, {}, token));
  // Before: the 15 minutes left of a stolen token became permanent access through a new API token.
  expect(codeOf(await t.gql(CREATE_TOKEN, { p: 'Reset-Passw0rd-Lake' }, s.accessToken))).toBe('UNAUTHENTICATED');
  const notice = await t.smtp.waitFor(ANNA.email, (m) => m.subject === 'Пароль личного кабинета изменён');
  expect(notice.text).toMatch(/Все прежние входы завершены, API-токены отозваны/);
  ANNA.password = 'Reset-Passw0rd-Lake';
});

it('a password change in settings ends the other sign-ins and the API tokens, keeps the one that changed it', async () => {
  const here = await signIn();
  const elsewhere = await signIn();
  const token = (await t.gql(CREATE_TOKEN, {}, here.accessToken)).data.createApiToken.token;
  const res = await t.gql(
    'mutation($i: SettingsInput!) { updateSettings(input: $i) { number } }',
    { i: { currentPassword: ANNA.password, newPassword: 'Changed-Passw0rd-Fjord', newPasswordRepeat: 'Changed-Passw0rd-Fjord' } },
    here.accessToken,
  );
  expect(res.errors).toBeUndefined();
  expect((await t.gql(ME, {}, here.accessToken)).data.me.number).toBe(ANNA.number);
  expectRevoked(await t.gql(ME, {}, elsewhere.accessToken));
  expectRevoked(await t.gql(ME, {}, token));
  ANNA.password = 'Changed-Passw0rd-Fjord';
});

it('another API instance learns a revocation within a poll (SESSION_REVOCATION_POLL_MS)', async () => {
  const other = new RevokedSessions(t.database.db, 200);
  await other.start();
  try {
    const s = await signIn();
    const family = (jwt.decode(s.accessToken) as { sid: string }).sid;
    expect(other.isRevoked(family)).toBe(false);
    await t.gql(LOGOUT, { t: s.refreshToken });
    const started = Date.now();
    await waitUntil(() => other.isRevoked(family), 3000, 'the other instance to learn the logout');
    expect(Date.now() - started).toBeLessThan(1500);
  } finally {
    other.stop();
  }
});

it('an access token claiming a life longer than ACCESS_TOKEN_TTL is refused, even signed with the secret', async () => {
  const s = await signIn();
  const { sid, sub } = jwt.decode(s.accessToken) as { sid: string; sub: string };
  const cfg = config();
  const tenYears = jwt.sign({ typ: 'SUBSCRIBER', sid }, cfg.jwtSecret, { algorithm: 'HS256', subject: sub, issuer: cfg.jwtIssuer, audience: cfg.jwtAudience, expiresIn: '3650d' });
  const res = await t.gql(ME, {}, tenYears);
  expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MALFORMED' });
  const expired = jwt.sign({ typ: 'SUBSCRIBER', sid, iat: Math.floor(Date.now() / 1000) - 1000 }, cfg.jwtSecret, {
    algorithm: 'HS256', subject: sub, issuer: cfg.jwtIssuer, audience: cfg.jwtAudience, expiresIn: 60,
  });
  expect((await t.gql(ME, {}, expired)).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'EXPIRED' });
  expect((await t.gql(ME, {}, 'not.a.jwt')).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MALFORMED' });
  expect((await t.gql(ME)).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MISSING' });
});

it('an API token takes a fresh sign-in (10 minutes) or the current password; its owner is told by e-mail', async () => {
  const s = await signIn();
  const { sid, sub } = jwt.decode(s.accessToken) as { sid: string; sub: string };
  // The same sign-in, its password checked 11 minutes ago (as after refreshes).
  const stale = signAccessToken({ typ: 'SUBSCRIBER', sub, sid, authTime: Math.floor(Date.now() / 1000) - 11 * 60 }).token;
  const refused = await t.gql(CREATE_TOKEN, {}, stale);
  expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'REAUTHENTICATION_REQUIRED', field: 'currentPassword' });
  expect(codeOf(await t.gql(CREATE_TOKEN, { p: 'not-the-password-1' }, stale))).toBe('CURRENT_PASSWORD_INVALID');
  const created = await t.gql(CREATE_TOKEN, { p: ANNA.password }, stale);
  expect(created.errors).toBeUndefined();
  expect((await t.gql(CREATE_TOKEN, {}, s.accessToken)).errors).toBeUndefined();
  const mail = await t.smtp.waitFor(ANNA.email, (m) => m.subject === 'Создан API-токен');
  expect(mail.text).toMatch(/«Шлюз» с разрешениями: ACCOUNT_READ/);
});

it('a new e-mail address is announced to the old one and the new one', async () => {
  const s = await signIn();
  const res = await t.gql(
    'mutation($i: SettingsInput!) { updateSettings(input: $i) { email } }',
    { i: { currentPassword: ANNA.password, email: 'anna.new@example.ru' } },
    s.accessToken,
  );
  expect(res.data.updateSettings.email).toBe('anna.new@example.ru');
  const old = await t.smtp.waitFor(ANNA.email, (m) => m.subject === 'Адрес электронной почты изменён');
  expect(old.text).toMatch(/изменён на anna\.new@example\.ru/);
  await t.smtp.waitFor('anna.new@example.ru', (m) => m.subject === 'Адрес электронной почты изменён');
});

it('the current password of settings is limited like a sign-in: no password oracle', async () => {
  const s = await signIn();
  const attempt = (p: string) =>
    t.gql('mutation($i: SettingsInput!) { updateSettings(input: $i) { number } }', { i: { currentPassword: p, phone: '+79215550103' } }, s.accessToken, {
      'x-forwarded-for': '10.77.0.1',
    });
  for (let i = 0; i < 5; i++) expect(codeOf(await attempt(`guess-${i}-Xy7`))).toBe('CURRENT_PASSWORD_INVALID');
  // Before: 67 guesses in 13 s from one session, unlimited.
  const sixth = await attempt(ANNA.password);
  expect(codeOf(sixth)).toBe('RATE_LIMITED');
  expect(sixth.errors![0].extensions!.retryAfter).toBeGreaterThan(0);
});
