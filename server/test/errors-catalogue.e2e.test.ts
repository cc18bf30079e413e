/**
 * docs/ERRORS.md is the catalogue of every extensions.code (#13): each code the server can produce — its own
 * (ErrorCode), Apollo's and graphql-js's that format-error.ts passes through, and literal codes written in
 * server/src — has a row, and no row names a code the server no longer produces. Then the running API is made
 * to answer as many codes as can be provoked cheaply, and the HTTP status it gives must be one the row states.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from '../src/errors';
import { PASS_THROUGH } from '../src/graphql/format-error';
import { seedDemoData, DEMO } from '../src/seed/demo-data';
import { startTestApi, type TestApi } from './support/api';
import { staffToken, subscriberToken } from './appeals/helpers';

const ROOT = join(__dirname, '..', '..');

interface Row {
  graphql: number[];
  route: number[];
}

function catalogue(): Map<string, Row> {
  const rows = new Map<string, Row>();
  const statuses = (cell: string) => (cell.match(/\b[1-5]\d\d\b/g) ?? []).map(Number);
  for (const line of readFileSync(join(ROOT, 'docs', 'ERRORS.md'), 'utf8').split('\n')) {
    const m = /^\| `([A-Z_]+)` \| ([^|]*) \| ([^|]*) \|/.exec(line);
    if (m) rows.set(m[1], { graphql: statuses(m[2]), route: statuses(m[3]) });
  }
  return rows;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every code the server's source can put in extensions.code. */
function producibleCodes(): Set<string> {
  const codes = new Set<string>([...Object.values(ErrorCode), ...PASS_THROUGH]);
  for (const file of sourceFiles(join(ROOT, 'server', 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bcode: '([A-Z][A-Z_]+)'/g)) codes.add(m[1]);
  }
  return codes;
}

it('lists every code the server can produce, and only those', () => {
  const listed = catalogue();
  const codes = producibleCodes();
  expect(codes.size).toBeGreaterThan(30);
  expect([...codes].filter((c) => !listed.has(c)).sort()).toEqual([]);
  expect([...listed.keys()].filter((c) => !codes.has(c)).sort()).toEqual([]);
  for (const [code, row] of listed) expect({ code, statuses: row.graphql.length + row.route.length > 0 }).toEqual({ code, statuses: true });
});

describe('the running API answers each provoked code with a status the catalogue states', () => {
  let t: TestApi;
  let subscriber: string;
  let staff: string;
  const seen: { code: string; status: number; via: 'graphql' | 'route'; what: string }[] = [];

  beforeAll(async () => {
    t = await startTestApi({ REDIS_URL: '', RATE_LIMIT_PER_SECOND: '1000', RATE_LIMIT_BURST: '5000', QUERY_MAX_DEPTH: '8' });
    await seedDemoData(t.database.db);
    subscriber = await subscriberToken(t.url, DEMO.registered.number, DEMO.registered.password);
    staff = await staffToken(t.url);
  }, 120_000);
  afterAll(() => t?.stop());

  async function post(what: string, body: unknown, token: string | null = null, raw = false): Promise<void> {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: raw ? String(body) : JSON.stringify(body),
    });
    const json = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    const code = json.errors?.[0]?.extensions?.code;
    if (!code) throw new Error(`${what}: no error (${res.status})`);
    seen.push({ code, status: res.status, via: 'graphql', what });
  }

  async function get(what: string, path: string, token: string | null, headers: Record<string, string> = {}, via: 'graphql' | 'route' = 'route'): Promise<void> {
    const res = await fetch(`${t.url}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
    const json = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    const code = json.errors?.[0]?.extensions?.code;
    if (!code) throw new Error(`${what}: no error (${res.status})`);
    seen.push({ code, status: res.status, via, what });
  }

  it('provokes them', async () => {
    await post('no sign-in', { query: '{ me { number } }' });
    await post('a staff operation for a subscriber', { query: '{ tariffs { id } }' }, subscriber);
    await post('a bad argument', { query: '{ me { ledger(first: 0) { totalCount } } }' }, subscriber);
    await post('a variable of the wrong type', { query: 'query($n: Int!) { me { ledger(first: $n) { totalCount } } }', variables: { n: 'x' } }, subscriber);
    await post('a body that is not JSON', '{"query": ', null, true);
    await post('an unknown token', { query: 'mutation { revokeApiToken(id: "999999999") }' }, subscriber);
    await post('a wrong password', { query: 'mutation { login(accountNumber: "100000000002", password: "wrong-password-1") { accessToken } }' });
    await post('a made-up reset link', { query: 'mutation { resetPassword(token: "made-up-link-0123456789", newPassword: "Another-pass-2026") }' });
    await post('a syntax error', { query: '{ me { number ' });
    await post('an unknown field', { query: '{ nothingHere }' });
    await post('no query', {});
    await post('several operations, none named', { query: 'query A { __typename } query B { __typename }' });
    await post('an unknown persisted query', { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } });
    await post('too deep', { query: '{ me { meters { readings { nodes { meter { account { meters { readings { nodes { value } } } } } } } } } }' }, subscriber);
    await post('an id of another’s payment', { query: '{ payment(id: "00000000-0000-0000-0000-000000000000") { id } }' }, subscriber);
    await get('a GET without the preflight header', '/graphql?query=%7B__typename%7D', null, {}, 'graphql');
    await get('a mutation over GET', '/graphql?query=mutation%7Blogout%7D', null, { 'apollo-require-preflight': 'true' }, 'graphql');
    await get('a report without sign-in', '/reports/ledger.csv', null);
    await get('another account’s report', '/reports/ledger.csv?account=123456789101', subscriber);
    await get('a report with a bad date', '/reports/ledger.csv?from=2025-13-01', subscriber);
    await get('an unknown account’s document', '/documents/payment-document.pdf?account=999999999999', staff);

    const listed = catalogue();
    const wrong = seen.filter((s) => !(listed.get(s.code)?.[s.via] ?? []).includes(s.status)).map((s) => `${s.what}: ${s.code} answered ${s.status} (${s.via}), the catalogue says ${JSON.stringify(listed.get(s.code))}`);
    expect(wrong).toEqual([]);
    const provoked = new Set(seen.map((s) => s.code));
    // eslint-disable-next-line no-console
    console.log(`errors catalogue: ${listed.size} codes listed, ${provoked.size} provoked against the running API: ${[...provoked].sort().join(', ')}`);
    expect(provoked.size).toBeGreaterThanOrEqual(12);
  }, 60_000);
});
