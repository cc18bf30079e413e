/**
 * GraphQL over HTTP for integrators (issue #13): queries over GET for clients that send
 * `apollo-require-preflight` (CSRF prevention stays on), mutations refused over GET, the API's own
 * early answers (413, 400) in the media type the client accepts, the schema's SDL at /schema.graphql,
 * and, with the rate limit off, no RateLimit-* headers while `rateLimit` answers the whole burst.
 */
import { createHash } from 'node:crypto';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildAppSchema } from '../../src/graphql/schema';
import { startTestApi, type TestApi } from '../support/api';
import { post } from '../protection/helpers';


let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ REDIS_URL: '', LOG_LEVEL: 'silent' });
});
afterAll(() => t?.stop());

const GRAPHQL_RESPONSE = 'application/graphql-response+json; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

async function get(params: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}/graphql?${new URLSearchParams(params)}`, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) };
}

describe('GET /graphql', () => {
  it('runs a query for a client that sends apollo-require-preflight', async () => {
    const answer = await get({ query: '{readingsWindow{isOpen}}' }, { 'apollo-require-preflight': 'true' });
    expect(answer.status).toBe(200);
    expect(typeof answer.body.data.readingsWindow.isOpen).toBe('boolean');
    expect(answer.body.errors).toBeUndefined();
  });

  it('takes variables, operationName and the modern media type, as urql and Apollo Client send them', async () => {
    const answer = await get(
      { query: 'query A { a: __typename } query B($n: String!) { __type(name: $n) { name } }', operationName: 'B', variables: JSON.stringify({ n: 'ReadingsWindow' }) },
      { 'apollo-require-preflight': 'true', accept: 'application/graphql-response+json, application/json' },
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe(GRAPHQL_RESPONSE);
    expect(answer.body.data).toEqual({ __type: { name: 'ReadingsWindow' } });
  });

  it('serves automatic persisted queries by hash (urql’s and Apollo Client’s GET for persisted queries)', async () => {
    const query = '{ readingsWindow { isOpen } }';
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } });
    const headers = { 'apollo-require-preflight': 'true' };
    const unknown = await get({ extensions }, headers);
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await get({ query, extensions }, headers)).body.data.readingsWindow).toBeDefined();
    const byHash = await get({ extensions }, headers);
    expect(byHash.status).toBe(200);
    expect(typeof byHash.body.data.readingsWindow.isOpen).toBe('boolean');
  });

  it('without the header: 400, saying which header to send (a cross-site form or <img> cannot send it)', async () => {
    const answer = await get({ query: '{readingsWindow{isOpen}}' });
    expect(answer.status).toBe(400);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(answer.body.errors[0].message).toMatch(/apollo-require-preflight: true/);
    // A simple Content-Type does not count as the proof; a cross-site page cannot send Apollo's other header.
    expect((await get({ query: '{__typename}' }, { 'content-type': 'text/plain' })).status).toBe(400);
    expect((await get({ query: '{__typename}' }, { 'x-apollo-operation-name': 'Q' })).status).toBe(200);
  });

  it('refuses mutations (405, Allow: POST) and subscriptions, whatever the headers', async () => {
    const variants: Record<string, string>[] = [{}, { 'apollo-require-preflight': 'true' }, { 'apollo-require-preflight': 'true', accept: 'application/graphql-response+json' }];
    for (const headers of variants) {
      const answer = await get({ query: 'mutation { logout }' }, headers);
      expect(answer.status).toBe(405);
      expect(answer.headers.get('allow')).toBe('POST');
      expect(answer.body.errors[0].message).toMatch(/только запросом POST/);
      expect(answer.body.data).toBeUndefined();
    }
    const named = await get({ query: 'query Q { __typename } mutation M { logout }', operationName: 'M' }, { 'apollo-require-preflight': 'true' });
    expect(named.status).toBe(405);
    const subscription = await get({ query: 'subscription { appealReplied { id } }' }, { 'apollo-require-preflight': 'true' });
    expect(subscription.status).toBe(405);
    expect(subscription.body.errors[0].message).toMatch(/WebSocket/);
  });

  it('leaves a document that does not parse to Apollo (GRAPHQL_PARSE_FAILED)', async () => {
    const answer = await get({ query: '{ readingsWindow {' }, { 'apollo-require-preflight': 'true' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});

describe('the API’s own early answers honour Accept', () => {
  const big = { query: `{ __typename }`, variables: { pad: 'x'.repeat(110 * 1024) } };

  it.each([
    ['application/graphql-response+json', GRAPHQL_RESPONSE],
    ['application/json', JSON_TYPE],
    ['*/*', JSON_TYPE],
    [undefined, JSON_TYPE],
  ])('Accept: %s → %s, with the same status', async (accept, type) => {
    const headers: Record<string, string> = accept ? { accept } : {};
    const tooLarge = await post(t.url, big, headers);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('content-type')).toBe(type);
    expect(tooLarge.body.errors[0].message).toMatch(/Запрос слишком большой/);
    const notJson = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"query": ' });
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toBe(type);
    expect(((await notJson.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    // Apollo's own answers agree.
    const apollo = await post(t.url, { query: '{ __typename }' }, headers);
    expect(apollo.headers.get('content-type')).toBe(type);
  });

  it('an unsupported charset: 415 in the GraphQL shape, not an HTML page', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=koi8-r', accept: 'application/graphql-response+json' },
      body: '{"query": "{ __typename }"}',
    });
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toBe(GRAPHQL_RESPONSE);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('GET /schema.graphql', () => {
  it('is the running schema’s SDL, plain text, publicly cacheable for a few minutes', async () => {
    const res = await fetch(`${t.url}/schema.graphql`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const sdl = await res.text();
    expect(sdl).toBe(printSchema(lexicographicSortSchema(await buildAppSchema())) + '\n');
    expect(sdl).toMatch(/type Query \{/);
    expect(sdl).toMatch(/rateLimit: RateLimitStatus!/);
    // Revalidation: the ETag answers 304 without the body (fetch would add `cache-control: no-cache`, which asks for the body).
    const again = await fetch(`${t.url}/schema.graphql`, { headers: { 'if-none-match': res.headers.get('etag')!, 'cache-control': 'max-age=0' } });
    expect(again.status).toBe(304);
  });
});

describe('with the rate limit off (RATE_LIMIT_PER_SECOND=0)', () => {
  it('sends no RateLimit-* headers, and rateLimit answers the configured burst', async () => {
    const answer = await post(t.url, { query: '{ rateLimit { limit remaining resetAt } }' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('ratelimit-limit')).toBeNull();
    expect(answer.headers.get('ratelimit-remaining')).toBeNull();
    expect(answer.headers.get('ratelimit-reset')).toBeNull();
    expect(answer.body.data.rateLimit).toMatchObject({ limit: t.config.rateLimit.burst, remaining: t.config.rateLimit.burst });
    expect(Math.abs(Date.parse(answer.body.data.rateLimit.resetAt) - Date.now())).toBeLessThan(5000);
  });
});
