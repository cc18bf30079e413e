/**
 * With a production configuration (NODE_ENV=production, a real JWT_SECRET):
 * introspection is off on HTTP and on the WebSocket, validation errors suggest no
 * field names, and nothing leaks a stack trace.
 */
import { getIntrospectionQuery } from 'graphql';
import { startTestApi, type TestApi } from '../support/api';
import { firstError, wsRun } from './helpers';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(48), PAYMENT_GATEWAY: 'sandbox', REDIS_URL: '', LOG_LEVEL: 'silent' });
});
afterAll(() => t?.stop());

it('runs with introspection off', () => {
  expect(t.config.isProduction).toBe(true);
  expect(t.config.introspection).toBe(false);
});

describe.each([
  ['HTTP', async (query: string) => firstError(await t.gql(query))],
  ['WebSocket', async (query: string) => firstError(await wsRun(t.url, null, query))],
])('over %s', (_transport, errorOf) => {
  it.each([
    ['the standard introspection query', getIntrospectionQuery()],
    ['__schema', '{ __schema { types { name } } }'],
    ['__type', '{ __type(name: "Account") { fields { name } } }'],
  ])('refuses %s', async (_name, query) => {
    const error = await errorOf(query);
    expect(error).toBeDefined();
    expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(error)).not.toMatch(/stacktrace|"Account"|fields/);
  });

  it('still answers __typename', async () => {
    expect(await errorOf('{ __typename }')).toBeUndefined();
  });

  it('suggests no field, argument or type names', async () => {
    for (const query of ['{ utilty { name } }', '{ utility { nam } }', '{ me { ledger(frst: 1) { totalCount } } }']) {
      const error = await errorOf(query);
      expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(error.message).not.toMatch(/Did you mean/);
      expect(error.message).not.toMatch(/"utility"|"name"|"first"/);
    }
  });
});
