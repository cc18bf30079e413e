/**
 * Every query is bounded on HTTP and on the WebSocket alike: tokens, depth, aliases,
 * root fields, directives and cost answer QUERY_TOO_COMPLEX with a Russian message
 * naming the limit; accepted operations report their cost. Batching is off, stack
 * traces never show, field suggestions are not given outside development.
 */
import { getIntrospectionQuery } from 'graphql';
import { startTestApi, type TestApi } from '../support/api';
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import { config, loadConfig, setConfig } from '../../src/config';
import { withoutSuggestions } from '../../src/protection/query-limits';
import { LOGIN, STAFF_LOGIN, firstError, post, wsRun } from './helpers';

let t: TestApi;
let anna: string;
let operator: string;

beforeAll(async () => {
  t = await startTestApi({ REDIS_URL: '', LOG_LEVEL: 'silent' });
  await seedDemoData(t.database.db);
  anna = (await t.gql(LOGIN, { n: DEMO.registered.number, p: DEMO.registered.password })).data.login.accessToken;
  operator = (await t.gql(STAFF_LOGIN, { u: DEMO.operator.username, p: DEMO.operator.password })).data.staffLogin.accessToken;
});
afterAll(() => t?.stop());

const ACCOUNT_FIELDS = ['address', 'advance', 'amountDue', 'balance', 'email', 'firstName', 'id', 'lastName', 'middleName', 'number', 'phone'];

/** me → appeals → nodes → account → … : `levels` levels of fields. */
function nested(levels: number): string {
  const steps = ['me', 'appeals(first: 2)', 'nodes', 'account', 'appeals(first: 2)', 'nodes', 'account', 'appeals(first: 2)', 'nodes', 'account', 'appeals(first: 2)', 'nodes'];
  let q = 'id';
  for (let i = levels - 2; i >= 0; i--) q = `${steps[i]} { ${q} }`;
  return `{ ${q} }`;
}

const BIG_COST = `query($n: Int) { appealsForReview(first: 100) { nodes { account { appeals(first: $n) { nodes { id } } } } } }`;

const OVER: [string, string, RegExp, Record<string, unknown>][] = [
  ['depth', nested(11), /вложенность полей 11, допускается не больше 10/, {}],
  ['depth', `{ ...A } fragment A on Query { me { ...B } } fragment B on Account { appeals { nodes { account { appeals { nodes { ...C } } } } } } fragment C on Appeal { account { appeals { nodes { account { id } } } } }`, /вложенность/, {}],
  ['aliases', `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: __typename`).join(' ')} }`, /псевдонимов \(aliases\): 16, допускается не больше 15/, {}],
  ['aliases', `{ ...F ...F2 } fragment F on Query { ${Array.from({ length: 8 }, (_, i) => `a${i}: __typename`).join(' ')} } fragment F2 on Query { me { ${Array.from({ length: 8 }, (_, i) => `b${i}: id`).join(' ')} } }`, /псевдонимов/, {}],
  ['rootFields', `{ ${'__typename '.repeat(21)} }`, /полей верхнего уровня: 21, допускается не больше 20/, {}],
  ['directives', `{ me { ${ACCOUNT_FIELDS.map((f) => `${f} @include(if: true)`).join(' ')} } }`, /директив: 11, допускается не больше 10/, {}],
  ['tokens', `{ me { ${'id '.repeat(2001)} } }`, /больше 2000 лексем/, {}],
  ['cost', BIG_COST, /стоимость 10302, допускается не больше 5000/, { n: 100 }],
  ['cost', `{ appealsForReview(first: 100) { edges { node { account { ledger(first: 100) { nodes { id amount } } } } } } }`, /стоимость/, {}],
];

describe.each([
  ['HTTP', async (query: string, variables: Record<string, unknown> = {}, token: string | null = null) => {
    const res = await t.gql(query, variables, token);
    return { status: res.status, error: firstError(res), data: res.data, extensions: (res as any).extensions };
  }],
  ['WebSocket', async (query: string, variables: Record<string, unknown> = {}, token: string | null = null) => {
    const res = await wsRun(t.url, token, query, variables);
    return { status: 0, error: firstError(res), data: res.next?.data, extensions: res.next?.extensions };
  }],
])('over %s', (transport, run) => {
  it.each(OVER)('refuses a query over the %s limit with QUERY_TOO_COMPLEX (%#)', async (limit, query, message, variables) => {
    const res = await run(query, variables, operator);
    expect(res.error).toBeDefined();
    expect(res.error.extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.error.extensions.limit).toBe(limit);
    expect(res.error.message).toMatch(message);
    expect(res.error.message).toMatch(/^[А-ЯЁ]/);
    expect(res.data ?? null).toBeNull();
    if (transport === 'HTTP') expect(res.status).toBe(400);
  });

  it('accepts queries just within the limits', async () => {
    const within = [
      nested(10),
      `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: __typename`).join(' ')} }`,
      `{ ${'__typename '.repeat(20)} }`,
      `{ me { ${ACCOUNT_FIELDS.slice(0, 10).map((f) => `${f} @include(if: true)`).join(' ')} } }`,
    ];
    for (const query of within) {
      const res = await run(query, {}, anna);
      expect(res.error).toBeUndefined();
      expect(res.data).toBeTruthy();
    }
  });

  it('prices `first` from the variables and reports the cost of an accepted operation', async () => {
    // appealsForReview 1 + nodes (1 + 100 × (account 1 + appeals 1 + nodes (1 + n × id 1))).
    const small = await run(BIG_COST, { n: 5 }, operator);
    expect(small.error).toBeUndefined();
    expect(small.extensions?.cost).toEqual({ requested: 2 + 100 * (3 + 5), limit: 5000 });
    // Without `first`, a connection counts 20.
    const byDefault = await run(BIG_COST, {}, operator);
    expect(byDefault.extensions?.cost).toEqual({ requested: 2 + 100 * (3 + 20), limit: 5000 });
    expect((await run(BIG_COST, { n: 100 }, operator)).error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', maximum: 5000, actual: 10302 });
    // `__typename` is free; plain lists count their selection once.
    const me = await run(`{ __typename me { number meters { id serialNumber } } }`, {}, anna);
    expect(me.error).toBeUndefined();
    expect(me.extensions?.cost).toEqual({ requested: 1 + 1 + (1 + 2), limit: 5000 });
  });

  it('lets the standard introspection query through when introspection is on (development tools)', async () => {
    const res = await run(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, directiveIsRepeatable: true }));
    expect(res.error).toBeUndefined();
    expect(res.data.__schema.queryType.name).toBe('Query');
  });

  it('does not suggest field names outside development', async () => {
    const res = await run(`{ me { numbr } }`, {}, anna);
    expect(res.error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.error.message).toMatch(/Cannot query field "numbr"/);
    expect(res.error.message).not.toMatch(/Did you mean|"number"/);
  });

  it('answers a syntax error with GRAPHQL_PARSE_FAILED, never a stack trace', async () => {
    const res = await run(`{ me { `, {}, anna);
    expect(res.error.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(JSON.stringify(res)).not.toMatch(/stacktrace|\.ts:\d|\bat \w+ \(/);
  });
});

describe('HTTP only', () => {
  it('batched requests are refused', async () => {
    const res = await post(t.url, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/batching/i);
    expect(res.text).not.toMatch(/"data"/);
  });

  it('stack traces never appear, even for unexpected errors', async () => {
    const clock = t.api.services.clock;
    const original = clock.now;
    clock.now = () => {
      throw new Error('boom at /srv/kabinet/server/src/common/clock.ts:12:7');
    };
    try {
      const res = await t.gql(`{ readingsWindow { isOpen } }`);
      expect(res.errors![0].extensions!.code).toBe('INTERNAL_SERVER_ERROR');
      expect(res.errors![0].message).toMatch(/Внутренняя ошибка/);
      expect(JSON.stringify(res)).not.toMatch(/stacktrace|boom|\.ts:\d|\bat \w+/);
    } finally {
      clock.now = original;
    }
    for (const query of [`{ me { `, `{ nope }`, `query($a: Int!) { me { id } }`]) {
      const res = await post(t.url, { query });
      expect(res.body.errors.length).toBeGreaterThan(0);
      expect(res.text).not.toMatch(/stacktrace|\.ts:\d|node_modules/);
    }
  });

  it('a query over several limits names each of them', async () => {
    const query = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: __typename`).join(' ')} ${'__typename '.repeat(10)} }`;
    const res = await t.gql(query);
    expect(res.errors!.map((e) => e.extensions!.limit).sort()).toEqual(['aliases', 'rootFields']);
  });
});

describe('configuration of the limits', () => {
  it('has the documented defaults and reads QUERY_MAX_*', () => {
    expect(loadConfig({}).config.queryLimits).toEqual({ maxDepth: 10, maxAliases: 15, maxRootFields: 20, maxDirectives: 10, maxTokens: 2000, maxCost: 5000 });
    const { config } = loadConfig({ QUERY_MAX_DEPTH: '7', QUERY_MAX_ALIASES: '3', QUERY_MAX_ROOT_FIELDS: '4', QUERY_MAX_DIRECTIVES: '2', QUERY_MAX_TOKENS: '500', QUERY_MAX_COST: '900' });
    expect(config.queryLimits).toEqual({ maxDepth: 7, maxAliases: 3, maxRootFields: 4, maxDirectives: 2, maxTokens: 500, maxCost: 900 });
    expect(() => loadConfig({ QUERY_MAX_COST: 'lots' })).toThrow(/QUERY_MAX_COST/);
    expect(() => loadConfig({ QUERY_MAX_DEPTH: '1' })).toThrow(/QUERY_MAX_DEPTH/);
  });

  it('keeps field suggestions in development only', () => {
    const saved = config();
    const message = 'Cannot query field "numbr" on type "Account". Did you mean "number"?';
    try {
      setConfig({ ...saved, nodeEnv: 'development' });
      expect(withoutSuggestions(message)).toBe(message);
      setConfig({ ...saved, nodeEnv: 'production' });
      expect(withoutSuggestions(message)).toBe('Cannot query field "numbr" on type "Account".');
      expect(withoutSuggestions('Unknown argument "frst" on field "Account.ledger". Did you mean "first" or "after"?')).toBe('Unknown argument "frst" on field "Account.ledger".');
    } finally {
      setConfig(saved);
    }
  });
});
