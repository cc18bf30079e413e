/**
 * WebSocket authentication: nothing runs before connection_init (4401); an expired
 * token, or one whose sign-in was ended (logout, refresh-token reuse, password
 * reset) or whose API token was revoked, cannot connect (4403); a live connection
 * is closed when its access token expires (4401) and when its sign-in or API token
 * is revoked (4403, within WS_AUTH_RECHECK_SECONDS).
 */
import { startTestApi, codeOf, type TestApi } from '../support/api';
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import { APPEAL_REPLIED, LOGIN, claimsOf, rawSocket, signToken, waitUntil } from './helpers';

const LOGOUT = `mutation($t: String!) { logout(refreshToken: $t) }`;
const REFRESH = `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }`;
const CREATE_TOKEN = `mutation { createApiToken(name: "Проверка сокета", scopes: [ACCOUNT_READ]) { token apiToken { id } } }`;
const REVOKE_TOKEN = `mutation($id: ID!) { revokeApiToken(id: $id) }`;

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ REDIS_URL: '', WS_AUTH_RECHECK_SECONDS: '1', LOG_LEVEL: 'silent' });
  await seedDemoData(t.database.db);
});
afterAll(() => t?.stop());

async function signIn(): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await t.gql(LOGIN, { n: DEMO.registered.number, p: DEMO.registered.password, r: true });
  expect(res.errors).toBeUndefined();
  return res.data.login;
}

function connect(token: string | null) {
  return rawSocket(t.url, token ? { Authorization: `Bearer ${token}` } : {});
}

it('a subscribe before connection_init closes the socket with 4401, and nothing runs', async () => {
  const s = rawSocket(t.url, null);
  s.send({ id: '1', type: 'subscribe', payload: { query: APPEAL_REPLIED } });
  expect(await s.closed).toEqual({ code: 4401, reason: 'Unauthorized' });
  expect(s.messages).toEqual([]);
});

it('a valid session connects and can subscribe', async () => {
  const { accessToken } = await signIn();
  const s = connect(accessToken);
  await s.acknowledged;
  s.send({ id: '1', type: 'subscribe', payload: { query: '{ me { number } }' } });
  await waitUntil(() => s.messages.some((m) => m.type === 'next'), 5000, 'the answer');
  expect(s.messages.find((m) => m.type === 'next').payload.data).toEqual({ me: { number: DEMO.registered.number } });
  s.close();
});

it('an expired access token cannot connect (4403)', async () => {
  const { accessToken } = await signIn();
  const claims = claimsOf(accessToken);
  const expired = signToken({ ...claims, exp: Math.floor(Date.now() / 1000) - 5 });
  const s = connect(expired);
  expect((await s.closed).code).toBe(4403);
  await expect(s.acknowledged).rejects.toThrow();
});

it('after logout the access token, still unexpired, cannot connect (its session family is revoked)', async () => {
  const { accessToken, refreshToken } = await signIn();
  const before = connect(accessToken);
  await before.acknowledged;
  before.close();
  expect((await t.gql(LOGOUT, { t: refreshToken }, accessToken)).data.logout).toBe(true);
  expect(claimsOf(accessToken).exp * 1000).toBeGreaterThan(Date.now());
  expect((await connect(accessToken).closed).code).toBe(4403);
});

it('after refresh-token reuse the whole family is revoked: none of its access tokens can connect', async () => {
  const first = await signIn();
  const rotated = (await t.gql(REFRESH, { t: first.refreshToken })).data.refreshSession;
  expect((await (async () => {
    const s = connect(rotated.accessToken);
    await s.acknowledged;
    s.close();
    return 'connected';
  })())).toBe('connected');
  // The old refresh token presented again: theft suspected, family revoked.
  expect(codeOf(await t.gql(REFRESH, { t: first.refreshToken }))).toBe('UNAUTHENTICATED');
  expect((await connect(rotated.accessToken).closed).code).toBe(4403);
  expect((await connect(first.accessToken).closed).code).toBe(4403);
});

it('a token whose family does not exist (forged sid, right secret) cannot connect', async () => {
  const { accessToken } = await signIn();
  const claims = claimsOf(accessToken);
  const forged = signToken({ ...claims, sid: '00000000-0000-0000-0000-000000000000' });
  expect((await connect(forged).closed).code).toBe(4403);
});

it('a live connection is closed when its access token expires (4401)', async () => {
  const { accessToken } = await signIn();
  const claims = claimsOf(accessToken);
  const shortLived = signToken({ ...claims, exp: Math.floor(Date.now() / 1000) + 2 });
  const s = connect(shortLived);
  await s.acknowledged;
  s.send({ id: '1', type: 'subscribe', payload: { query: APPEAL_REPLIED } });
  const started = Date.now();
  const closed = await s.closed;
  expect(closed.code).toBe(4401);
  expect(Date.now() - started).toBeLessThan(4000);
});

it('a live connection is closed when its sign-in ends (logout → 4403)', async () => {
  const { accessToken, refreshToken } = await signIn();
  const s = connect(accessToken);
  await s.acknowledged;
  s.send({ id: '1', type: 'subscribe', payload: { query: APPEAL_REPLIED } });
  await t.gql(LOGOUT, { t: refreshToken }, accessToken);
  expect((await s.closed).code).toBe(4403);
});

it('API tokens: a revoked one cannot connect, and a live connection closes when it is revoked', async () => {
  const { accessToken } = await signIn();
  const created = (await t.gql(CREATE_TOKEN, {}, accessToken)).data.createApiToken;
  const s = connect(created.token);
  await s.acknowledged;
  expect((await t.gql(REVOKE_TOKEN, { id: created.apiToken.id }, accessToken)).data.revokeApiToken).toBe(true);
  expect((await s.closed).code).toBe(4403);
  expect((await connect(created.token).closed).code).toBe(4403);
});

it('an anonymous connection is allowed and answers public queries', async () => {
  const s = connect(null);
  await s.acknowledged;
  s.send({ id: '1', type: 'subscribe', payload: { query: '{ utility { name } }' } });
  await waitUntil(() => s.messages.some((m) => m.type === 'next'), 5000, 'the answer');
  s.close();
  expect((await s.closed).code).toBe(1005);
});
