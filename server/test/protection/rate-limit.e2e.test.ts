/**
 * The per-caller request rate (a leaky bucket: RATE_LIMIT_PER_SECOND sustained,
 * RATE_LIMIT_BURST at once), per signed-in user or API token, else per client
 * address; over HTTP (429 + Retry-After + the GraphQL error shape) and over the
 * WebSocket (RATE_LIMITED on the operation).
 */
import { startTestApi, type TestApi } from '../support/api';
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import { loadConfig } from '../../src/config';
import { LOGIN, STAFF_LOGIN, post, sleep, wsRun } from './helpers';

let t: TestApi;
let anna: string;
let operator: string;

beforeAll(async () => {
  t = await startTestApi({ REDIS_URL: '', TRUST_PROXY: 'loopback', RATE_LIMIT_PER_SECOND: '2', RATE_LIMIT_BURST: '6', LOG_LEVEL: 'silent' });
  await seedDemoData(t.database.db);
  anna = (await t.gql(LOGIN, { n: DEMO.registered.number, p: DEMO.registered.password }, null, from('10.20.0.1'))).data.login.accessToken;
  operator = (await t.gql(STAFF_LOGIN, { u: DEMO.operator.username, p: DEMO.operator.password }, null, from('10.20.0.2'))).data.staffLogin.accessToken;
  await sleep(3500); // the sign-ins' drips drain
});
afterAll(() => t?.stop());

const from = (ip: string) => ({ 'x-forwarded-for': ip });
const QUERY = { query: '{ __typename }' };

async function burst(n: number, headers: Record<string, string>) {
  return Promise.all(Array.from({ length: n }, () => post(t.url, QUERY, headers)));
}

it('an address gets its burst, then 429 with Retry-After and RATE_LIMITED/retryAfter; other addresses are unaffected', async () => {
  const answers = await burst(9, from('10.20.1.1'));
  const ok = answers.filter((a) => a.status === 200);
  const limited = answers.filter((a) => a.status === 429);
  expect(ok).toHaveLength(6);
  expect(limited).toHaveLength(3);
  for (const a of limited) {
    expect(a.body.errors).toHaveLength(1);
    const [error] = a.body.errors;
    expect(error.extensions.code).toBe('RATE_LIMITED');
    expect(error.extensions.retryAfter).toBeGreaterThanOrEqual(1);
    expect(error.message).toMatch(/Слишком много запросов\. Повторите через \d+ с\./);
    expect(a.headers.get('retry-after')).toBe(String(error.extensions.retryAfter));
    expect(a.body.data).toBeUndefined();
  }
  expect((await post(t.url, QUERY, from('10.20.1.2'))).status).toBe(200);
});

it('the bucket leaks: after a pause the caller may go on, at the sustained rate', async () => {
  await burst(6, from('10.20.2.1'));
  expect((await post(t.url, QUERY, from('10.20.2.1'))).status).toBe(429);
  await sleep(1100); // 2 requests/s leak out
  const next = await burst(3, from('10.20.2.1'));
  expect(next.map((a) => a.status).sort()).toEqual([200, 200, 429]);
});

it('a signed-in caller has one bucket whatever the address, separate from the address’s', async () => {
  const headersA = { authorization: `Bearer ${anna}`, ...from('10.20.3.1') };
  const headersB = { authorization: `Bearer ${anna}`, ...from('10.20.3.2') };
  const mixed = await Promise.all([...Array.from({ length: 4 }, () => post(t.url, QUERY, headersA)), ...Array.from({ length: 4 }, () => post(t.url, QUERY, headersB))]);
  expect(mixed.filter((a) => a.status === 429)).toHaveLength(2);
  // The operator from the same address is not slowed by Anna, nor is an anonymous caller there.
  expect((await post(t.url, QUERY, { authorization: `Bearer ${operator}`, ...from('10.20.3.1') })).status).toBe(200);
  expect((await post(t.url, QUERY, from('10.20.3.1'))).status).toBe(200);
});

it('an invalid token does not get a bucket of its own: it counts against the address', async () => {
  const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => post(t.url, QUERY, { authorization: `Bearer forged-${i}`, ...from('10.20.4.1') })));
  expect(answers.filter((a) => a.status === 429)).toHaveLength(2);
});

it('operations over the WebSocket drip into the same bucket', async () => {
  await sleep(3500);
  const ws = await Promise.all(Array.from({ length: 3 }, () => wsRun(t.url, operator, '{ __typename }')));
  expect(ws.every((r) => r.next?.data?.__typename === 'Query')).toBe(true);
  // 3 of the 6 are used: 6 more over HTTP overflow by about 3.
  const http = await Promise.all(Array.from({ length: 6 }, () => post(t.url, QUERY, { authorization: `Bearer ${operator}` })));
  expect(http.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(2);
  const limited = await Promise.all(Array.from({ length: 3 }, () => wsRun(t.url, operator, '{ __typename }')));
  const refused = limited.filter((r) => r.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
  expect(refused.length).toBeGreaterThanOrEqual(2);
  expect(refused[0].errors![0].extensions.retryAfter).toBeGreaterThanOrEqual(1);
  expect(refused[0].errors![0].message).toMatch(/Слишком много запросов/);
});

it('reports and payment documents drip into the caller’s bucket too, the same as GraphQL (429, Retry-After, RATE_LIMITED)', async () => {
  await sleep(3500); // anna's bucket drains after the tests above
  const headers = { authorization: `Bearer ${anna}`, ...from('10.20.5.1') };
  const get = (path: string) => fetch(`${t.url}${path}`, { headers });
  const graphql = () => fetch(`${t.url}/graphql`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(QUERY) });
  // 9 at once into a bucket of 6: only one shared bucket gives 6 + 3 (routes unlimited: 9 + 0; a bucket of
  // their own: 8 + 1).
  const answers = await Promise.all([
    ...Array.from({ length: 4 }, () => get('/reports/ledger.csv?from=2020-01-01&to=2020-12-31')),
    ...Array.from({ length: 3 }, () => get('/documents/payment-document.pdf')),
    graphql(),
    graphql(),
  ]);
  expect(answers.filter((a) => a.status === 200)).toHaveLength(6);
  const limited = answers.filter((a) => a.status === 429);
  expect(limited).toHaveLength(3);
  for (const a of limited) {
    const body = (await a.json()) as any;
    expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(a.headers.get('retry-after')).toBe(String(body.errors[0].extensions.retryAfter));
  }
});

it('is configurable, and RATE_LIMIT_PER_SECOND=0 turns it off', () => {
  expect(loadConfig({}).config.rateLimit).toEqual({ perSecond: 20, burst: 60 });
  expect(loadConfig({ RATE_LIMIT_PER_SECOND: '0' }).config.rateLimit.perSecond).toBe(0);
  expect(() => loadConfig({ RATE_LIMIT_BURST: '0' })).toThrow(/RATE_LIMIT_BURST/);
  expect(() => loadConfig({ RATE_LIMIT_PER_SECOND: 'fast' })).toThrow(/RATE_LIMIT_PER_SECOND/);
});
