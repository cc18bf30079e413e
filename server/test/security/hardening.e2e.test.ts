/**
 * Issue #12, findings 7 and 8, on the real API: the WebSocket's message size and connection caps, the
 * security headers, one-time subscription tickets, reset links, common passwords, bidi controls, and the
 * development secret. Each failed on the code before (a 95 MB anonymous message was read whole, 1,000
 * connections from one address were accepted, there were no headers, …).
 */
import WebSocket from 'ws';
import { ConfigError, loadConfig } from '../../src/config';
import { commonPasswordCount } from '../../src/auth/password-policy';
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import { codeOf, startTestApi, type TestApi } from '../support/api';
import { APPEAL_REPLIED, LOGIN, rawSocket, waitUntil, wsUrl } from '../protection/helpers';

const ANNA = { number: DEMO.registered.number, password: DEMO.registered.password, email: 'anna.petrova@example.ru' };
let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ TRUST_PROXY: 'loopback', WS_MAX_CONNECTIONS_PER_ADDRESS: '8', WS_MAX_CONNECTIONS_PER_CALLER: '3' });
  await seedDemoData(t.database.db);
});
afterAll(() => t?.stop());

const signIn = async () => (await t.gql(LOGIN, { n: ANNA.number, p: ANNA.password })).data.login as { accessToken: string; refreshToken: string };

describe('WebSocket', () => {
  it('a message larger than an HTTP body (100 kB) closes the socket (1009) before it is read', async () => {
    const socket = rawSocket(t.url, {});
    await socket.acknowledged;
    socket.send({ id: '1', type: 'subscribe', payload: { query: `{ readingsWindow { isOpen } } # ${'x'.repeat(200 * 1024)}` } });
    expect((await socket.closed).code).toBe(1009);
  });

  it('connections are capped per address and per caller, with close code 4429', async () => {
    const { accessToken } = await signIn();
    const mine = [rawSocket(t.url, { Authorization: `Bearer ${accessToken}` }), rawSocket(t.url, { Authorization: `Bearer ${accessToken}` }), rawSocket(t.url, { Authorization: `Bearer ${accessToken}` })];
    await Promise.all(mine.map((s) => s.acknowledged));
    const fourth = rawSocket(t.url, { Authorization: `Bearer ${accessToken}` });
    expect((await fourth.closed).code).toBe(4429);
    // Anonymous ones from the same address fill its cap (8 with the caller's 3).
    const anonymous = Array.from({ length: 5 }, () => rawSocket(t.url, {}));
    await Promise.all(anonymous.map((s) => s.acknowledged));
    const ninth = rawSocket(t.url, {});
    expect((await ninth.closed).code).toBe(4429);
    for (const s of [...mine, ...anonymous]) s.close();
    await Promise.all([...mine, ...anonymous].map((s) => s.closed));
    // Freed: a new one connects.
    const again = rawSocket(t.url, {});
    await again.acknowledged;
    again.close();
  });

  it('a page connects with a one-time ticket, never with the access token; a ticket is good once and is no access token', async () => {
    const { accessToken } = await signIn();
    const { ticket } = (await t.gql('mutation { createSubscriptionTicket { ticket expiresAt } }', {}, accessToken)).data.createSubscriptionTicket;
    const live = rawSocket(t.url, { ticket });
    await live.acknowledged;
    live.send({ id: '1', type: 'subscribe', payload: { query: APPEAL_REPLIED } });
    // The operator answers one of Анна's appeals: the reply arrives on the ticket's socket.
    const appeal = (await t.gql('mutation { createAppeal(input: { text: "Вопрос по счёту" }) { id } }', {}, accessToken)).data.createAppeal.id;
    const staff = (await t.gql('mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }', { u: DEMO.operator.username, p: DEMO.operator.password })).data.staffLogin.accessToken;
    await t.gql('mutation($id: ID!) { replyToAppeal(appealId: $id, text: "Ответ по билету") { id } }', { id: appeal }, staff);
    await waitUntil(() => live.messages.some((m) => m.type === 'next' && JSON.stringify(m).includes('Ответ по билету')), 5000, 'the live reply');
    live.close();
    // Once only.
    const replay = rawSocket(t.url, { ticket });
    expect((await replay.closed).code).toBe(4403);
    // Not an access token.
    expect((await t.gql('{ me { number } }', {}, ticket)).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MALFORMED' });
    // An API token connects with itself, it gets no ticket.
    const token = (await t.gql('mutation { createApiToken(name: "t", scopes: [ACCOUNT_READ]) { token } }', {}, accessToken)).data.createApiToken.token;
    expect(codeOf(await t.gql('mutation { createSubscriptionTicket { ticket } }', {}, token))).toBe('FORBIDDEN');
  });
});

describe('headers of the API', () => {
  it('every answer: nosniff, no framing, no referrer, no sensors, no script, never stored', async () => {
    for (const [url, init] of [
      [`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ readingsWindow { isOpen } }' }) }],
      [`${t.url}/reports/ledger.csv`, {}],
      [`${t.url}/documents/payment-document.pdf?period=2026-10`, {}],
    ] as const) {
      const res = await fetch(url, init as RequestInit);
      expect({ url, nosniff: res.headers.get('x-content-type-options') }).toEqual({ url, nosniff: 'nosniff' });
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('permissions-policy')).toMatch(/camera=\(\)/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      // Served over plain http here: no HSTS (HSTS=true or an https PUBLIC_URL turns it on).
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
    expect(loadConfig({ PUBLIC_URL: 'https://api.lk.example.ru' }).config.hsts).toBe(true);
    expect(loadConfig({ HSTS: 'true' }).config.hsts).toBe(true);
  });
});

describe('passwords and reset links', () => {
  it('refuses common passwords (a list of 49,000+), with digits after them, and the account number or name inside', async () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
    const { accessToken } = await signIn();
    const change = (p: string) =>
      t.gql('mutation($i: SettingsInput!) { updateSettings(input: $i) { number } }', { i: { currentPassword: ANNA.password, newPassword: p, newPasswordRepeat: p } }, accessToken);
    for (const [password, message] of [
      ['password1', /распространён/],
      ['Qwerty2026!', /распространён/],
      ['йцукен123', /распространён/],
      [`A${ANNA.number}x`, /номер лицевого счёта/],
      ['Petrova-Lake-77', /фамилию, имя или отчество/],
    ] as const) {
      const res = await change(password);
      expect({ password, code: codeOf(res), field: res.errors?.[0]?.extensions?.field }).toEqual({ password, code: 'WEAK_PASSWORD', field: 'newPassword' });
      expect(res.errors![0].message).toMatch(message);
    }
  });

  it('using one reset link cancels the others; the site can ask whether a link is still good', async () => {
    const ask = () => t.gql('mutation($n: String!) { requestPasswordReset(accountNumber: $n) }', { n: ANNA.number }, null, { 'x-forwarded-for': '10.88.0.1' });
    await ask();
    await ask();
    await t.api.services.auth.settled();
    const resets = () => t.smtp.mails.filter((m) => m.to.includes(ANNA.email) && m.subject === 'Восстановление пароля личного кабинета');
    await waitUntil(() => resets().length >= 2, 10_000, 'two reset e-mails');
    const links = resets().map((m) => /token=([A-Za-z0-9_-]+)/.exec(m.text)![1]);
    expect(links.length).toBeGreaterThanOrEqual(2);
    const [first, second] = links.slice(-2);
    const valid = async (token: string) => (await t.gql('query($t: String!) { passwordResetLinkValid(token: $t) }', { t: token })).data.passwordResetLinkValid;
    expect(await valid(first)).toBe(true);
    expect(await valid('made-up-link-0123456789abcdef')).toBe(false);
    expect((await t.gql('mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }', { t: second, p: 'Fresh-Passw0rd-Tundra' })).data.resetPassword).toBe(true);
    // Before: the first link still worked.
    expect(await valid(first)).toBe(false);
    expect(codeOf(await t.gql('mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }', { t: first, p: 'Other-Passw0rd-Tundra' }))).toBe('INVALID_TOKEN');
    ANNA.password = 'Fresh-Passw0rd-Tundra';
  });

  it('requestPasswordReset answers in the same time whatever the account (the work comes after the answer)', async () => {
    const timeOf = async (number: string, ip: string) => {
      const started = process.hrtime.bigint();
      await t.gql('mutation($n: String!) { requestPasswordReset(accountNumber: $n) }', { n: number }, null, { 'x-forwarded-for': ip });
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const registered: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 12; i++) {
      // Interleaved; a fresh address each time (3 requests per account and address an hour).
      registered.push(await timeOf(ANNA.number, `10.89.${i}.1`));
      unknown.push(await timeOf(`55500000${String(i).padStart(4, '0')}`, `10.89.${i}.2`));
      await t.api.services.auth.settled();
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const difference = Math.abs(median(registered) - median(unknown));
    process.stdout.write(`reset timing: median ${median(registered).toFixed(1)} ms (registered) vs ${median(unknown).toFixed(1)} ms (unknown), difference ${difference.toFixed(1)} ms\n`);
    // Before: ~5 ms slower for registered accounts (the token insert and the outbox write ran first).
    expect(difference).toBeLessThan(3);
  });
});

describe('texts and configuration', () => {
  it('appeals and replies lose bidirectional controls (U+202E and its kin)', async () => {
    const { accessToken } = await signIn();
    const res = await t.gql('mutation($x: String!) { createAppeal(input: { text: $x }) { text } }', { x: 'Счёт \u202Etxt.exe\u202C и \u2066изоляция\u2069 \u200Fметка' }, accessToken);
    expect(res.data.createAppeal.text).toBe('Счёт txt.exe и изоляция метка');
  });

  it('the development JWT secret only for NODE_ENV unset, development or test', () => {
    expect(loadConfig({}).config.isProduction).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).config.isProduction).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).config.isProduction).toBe(false);
    // Before: the development secret for anything but exactly «production».
    for (const nodeEnv of ['Production', 'staging', 'prod']) {
      expect(() => loadConfig({ NODE_ENV: nodeEnv })).toThrow(ConfigError);
      expect(() => loadConfig({ NODE_ENV: nodeEnv })).toThrow(/JWT_SECRET/);
    }
  });
});
