/**
 * The request budget made visible (issue #13): RateLimit-Limit / -Remaining / -Reset on every answer
 * of /graphql, /reports and /documents (not only the 429), the `rateLimit` query telling the same
 * numbers without costing more than the request itself, and the 429 in the media type the client accepts.
 */
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import { startTestApi, type TestApi } from '../support/api';
import { LOGIN, post, sleep, wsRun } from '../protection/helpers';


let t: TestApi;
let anna: string;
beforeAll(async () => {
  t = await startTestApi({ REDIS_URL: '', TRUST_PROXY: 'loopback', RATE_LIMIT_PER_SECOND: '2', RATE_LIMIT_BURST: '6', LOG_LEVEL: 'silent' });
  await seedDemoData(t.database.db);
  anna = (await t.gql(LOGIN, { n: DEMO.registered.number, p: DEMO.registered.password }, null, from('10.30.0.1'))).data.login.accessToken;
});
afterAll(() => t?.stop());

const from = (ip: string) => ({ 'x-forwarded-for': ip });
const budgetOf = (headers: Headers) => ({
  limit: headers.get('ratelimit-limit'),
  remaining: headers.get('ratelimit-remaining'),
  reset: headers.get('ratelimit-reset'),
});

it('every GraphQL answer tells the budget: the burst, what still fits, seconds until the bucket is empty', async () => {
  // At once (a few milliseconds: less than a request leaks out meanwhile, at 2/s).
  const seen = await Promise.all(Array.from({ length: 7 }, () => post(t.url, { query: '{ __typename }' }, from('10.30.1.1'))));
  const ok = seen.filter((a) => a.status === 200).map((a) => budgetOf(a.headers));
  const refused = seen.filter((a) => a.status === 429);
  expect(ok).toHaveLength(6);
  expect(ok.map((b) => b.limit)).toEqual(Array(6).fill('6'));
  expect(ok.map((b) => b.remaining).sort()).toEqual(['0', '1', '2', '3', '4', '5']);
  const after = (remaining: string) => ok.find((b) => b.remaining === remaining)!.reset;
  expect(after('5')).toBe('1'); // 1 request at 2/s leaks out in 0.5 s
  expect(after('0')).toBe('3'); // 6 requests: 3 s
  // The refused request was not counted: the bucket is as full as before, and Retry-After says when one fits.
  expect(refused).toHaveLength(1);
  expect(budgetOf(refused[0].headers)).toEqual({ limit: '6', remaining: '0', reset: '3' });
  expect(refused[0].headers.get('retry-after')).toBe('1');
  // Another address has its own full budget.
  expect(budgetOf((await post(t.url, { query: '{ __typename }' }, from('10.30.1.2'))).headers)).toEqual({ limit: '6', remaining: '5', reset: '1' });
});

it('reports and payment documents carry the same headers, from the same bucket', async () => {
  await sleep(3100);
  const headers = { authorization: `Bearer ${anna}`, ...from('10.30.2.1') };
  const csv = await fetch(`${t.url}/reports/ledger.csv?from=2020-01-01&to=2020-12-31`, { headers });
  const graphql = await post(t.url, { query: '{ __typename }' }, headers);
  const pdf = await fetch(`${t.url}/documents/payment-document.pdf`, { headers });
  expect([csv.status, graphql.status, pdf.status]).toEqual([200, 200, 200]);
  expect(budgetOf(csv.headers)).toEqual({ limit: '6', remaining: '5', reset: '1' });
  // One bucket: each answer tells less than the one before (buckets of their own would all say 5); by how
  // much depends on how long each took to leak (2 requests/s).
  const remaining = [csv, graphql, pdf].map((r) => Number(r.headers.get('ratelimit-remaining')));
  expect(remaining[1]).toBeLessThan(remaining[0]);
  expect(remaining[2]).toBeLessThan(remaining[1]);
  expect(pdf.headers.get('ratelimit-limit')).toBe('6');
  // An anonymous refusal (401) carries them too: every answer of these routes.
  const anonymous = await fetch(`${t.url}/reports/ledger.csv?from=2020-01-01&to=2020-12-31`, { headers: from('10.30.2.2') });
  expect(anonymous.status).toBe(401);
  expect(budgetOf(anonymous.headers)).toEqual({ limit: '6', remaining: '5', reset: '1' });
});

it('the rateLimit query tells the same budget as the headers, and asking costs only the request itself', async () => {
  const before = Date.now();
  const first = await post(t.url, { query: '{ rateLimit { limit remaining resetAt } }' }, from('10.30.3.1'));
  expect(first.status).toBe(200);
  const status = first.body.data.rateLimit;
  expect(status).toMatchObject({ limit: 6, remaining: 5 });
  expect(String(status.remaining)).toBe(first.headers.get('ratelimit-remaining'));
  const resetAt = Date.parse(status.resetAt);
  expect(resetAt).toBeGreaterThanOrEqual(before);
  expect(resetAt).toBeLessThanOrEqual(Date.now() + 1000 * Number(first.headers.get('ratelimit-reset')) + 50);
  // Five selections in one request: one request counted.
  const many = await post(t.url, { query: '{ a: rateLimit { remaining } b: rateLimit { remaining } c: rateLimit { remaining } d: rateLimit { remaining } e: rateLimit { remaining } }' }, from('10.30.3.1'));
  expect(Object.values(many.body.data)).toEqual(Array(5).fill({ remaining: 4 }));
  expect(many.headers.get('ratelimit-remaining')).toBe('4');
  // A signed-in caller's budget is their own, not the address's.
  const signedIn = await post(t.url, { query: '{ rateLimit { limit remaining } }' }, { authorization: `Bearer ${anna}`, ...from('10.30.3.1') });
  expect(signedIn.body.data.rateLimit.limit).toBe(6);
  expect(signedIn.body.data.rateLimit.remaining).toBe(Number(signedIn.headers.get('ratelimit-remaining')));
});

it('the rateLimit query over the WebSocket reads the same bucket, counting only the operation', async () => {
  await sleep(3100);
  const first = await wsRun(t.url, anna, '{ rateLimit { limit remaining } }');
  const second = await wsRun(t.url, anna, '{ rateLimit { limit remaining } }');
  expect(first.next?.data?.rateLimit).toEqual({ limit: 6, remaining: 5 });
  expect(second.next?.data?.rateLimit.remaining).toBe(4);
});

it('a 429 is answered in the media type the client accepts', async () => {
  const ip = from('10.30.4.1');
  await Promise.all(Array.from({ length: 6 }, () => post(t.url, { query: '{ __typename }' }, ip)));
  const modern = await post(t.url, { query: '{ __typename }' }, { ...ip, accept: 'application/graphql-response+json' });
  expect(modern.status).toBe(429);
  expect(modern.headers.get('content-type')).toBe('application/graphql-response+json; charset=utf-8');
  expect(modern.body.errors[0].extensions.code).toBe('RATE_LIMITED');
  expect(modern.body.data).toBeUndefined();
  const legacy = await post(t.url, { query: '{ __typename }' }, { ...ip, accept: 'application/json' });
  expect(legacy.status).toBe(429);
  expect(legacy.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const both = await post(t.url, { query: '{ __typename }' }, { ...ip, accept: 'application/graphql-response+json, application/json;q=0.9' });
  expect(both.headers.get('content-type')).toBe('application/graphql-response+json; charset=utf-8');
});
