/**
 * The GraphQL-over-HTTP conformance audits of `graphql-http` (serverAudits) against the running API,
 * with the rate limit on: no MUST may fail. The SHOULD (warn) and MAY (notice) audits that do not pass
 * are printed; each is explained in docs/ERRORS.md («GraphQL over HTTP: the audits»). They are run
 * twice: as any client, and as one that sends `apollo-require-preflight` (GET works only then).
 */
import { serverAudits, type AuditResult } from 'graphql-http';
import { startTestApi, type TestApi } from '../support/api';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ REDIS_URL: '', RATE_LIMIT_PER_SECOND: '50', RATE_LIMIT_BURST: '200', LOG_LEVEL: 'silent' });
});
afterAll(() => t?.stop());

async function audit(fetchFn: typeof fetch): Promise<AuditResult[]> {
  const results: AuditResult[] = [];
  for (const a of serverAudits({ url: `${t.url}/graphql`, fetchFn })) results.push(await a.fn());
  return results;
}

/** The audits' outcome, one line each for those that did not pass. */
function report(title: string, results: AuditResult[]): string {
  const lines = results.filter((r) => r.status !== 'ok').map((r) => `${r.status.toUpperCase()} ${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`);
  return `${title}: ${results.filter((r) => r.status === 'ok').length} of ${results.length} pass\n${lines.join('\n')}`;
}

it('no MUST audit fails for a client that sends no extra header', async () => {
  const results = await audit(fetch);
  // eslint-disable-next-line no-console
  console.log(report('graphql-http audits', results));
  expect(results.filter((r) => r.status === 'error').map((r) => r.id)).toEqual([]);
  // What remains is documented: GET needs the CSRF header, request errors are 400 with application/json too.
  expect(results.filter((r) => r.status !== 'ok').map((r) => r.id).sort()).toEqual(['572B', '5A70', '6A70', '7B9B', 'D6D5', 'FDE2']);
});

it('with apollo-require-preflight, GET passes too', async () => {
  const preflighted: typeof fetch = (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('apollo-require-preflight', 'true');
    return fetch(input, { ...init, headers });
  };
  const results = await audit(preflighted);
  // eslint-disable-next-line no-console
  console.log(report('graphql-http audits, with apollo-require-preflight', results));
  expect(results.filter((r) => r.status === 'error').map((r) => r.id)).toEqual([]);
  expect(results.filter((r) => r.status !== 'ok').map((r) => r.id).sort()).toEqual(['572B', '7B9B', 'FDE2']);
});

it('the answers carry the RateLimit-* headers meanwhile', async () => {
  const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
  expect(res.headers.get('ratelimit-limit')).toBe('200');
});
