/**
 * Schema-aware fuzzing: every mutation of the schema gets hostile inputs (wrong
 * types, empty and huge strings, unicode and control characters, NaN/Infinity/1e400,
 * negative amounts and volumes, SQL and HTML injection, deep nesting), as an
 * anonymous caller, a subscriber and staff. Every answer must be a result or an error
 * with a documented code — never INTERNAL_SERVER_ERROR, never a stack trace — and
 * afterwards the ledger and the balances still agree and no row is orphaned.
 * FUZZ_SEED reproduces a run; FUZZ_INPUTS sets how many inputs (default 2,400).
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { buildAppSchema } from '../../src/graphql/schema';
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import { startTestApi, type TestApi } from '../support/api';

const DOCUMENTED = new Set([
  'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'RATE_LIMITED', 'ACTIVATION_FAILED', 'ALREADY_REGISTERED',
  'TERMS_NOT_ACCEPTED', 'INVALID_CREDENTIALS', 'INVALID_TOKEN', 'WEAK_PASSWORD', 'PASSWORD_MISMATCH', 'CURRENT_PASSWORD_INVALID',
  'READING_BELOW_PREVIOUS', 'METER_VERIFICATION_EXPIRED', 'METER_FAILED', 'READINGS_WINDOW_CLOSED', 'CONFIRMATION_REQUIRED',
  'PAYMENT_CONFLICT', 'PERIOD_NOT_FINISHED', 'PERIOD_BEFORE_TARIFFS', 'PERIOD_OUT_OF_ORDER', 'PERIOD_CLOSED', 'QUERY_TOO_COMPLEX',
  'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST',
]);

/** A small seeded PRNG (mulberry32), so a failing run can be replayed with FUZZ_SEED. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE_STRINGS = [
  '', ' ', '   \t\n ', 'a'.repeat(10_000), 'я'.repeat(501), '😀'.repeat(501), '\u0000', 'a\u0000b', '\u202Eevil', '\uFFFF\uFFFE',
  "' OR 1=1 --", "'; DROP TABLE accounts; --", '" OR ""="', '1; SELECT SLEEP(5)', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>',
  '${jndi:ldap://x}', '../../etc/passwd', '%00', '-1', '-0.01', '0', '1e400', 'NaN', 'Infinity', '-Infinity', '99999999999999999999',
  '1.0000001', '12345.6789', '2026-02-30', '2026-13', '9999-99-99', '00000000', '123456789101', 'kab_fake', 'kr_fake',
  'Bearer x', '{"a":1}', '[]', 'null', 'true', '\\', '|', 'Иванов|Name=Evil', 'a\r\nBcc: x@y.z',
];
const HOSTILE_NUMBERS = ['0', '-1', '-0.0001', '1e400', '-1e400', '2147483648', '9007199254740993', '0.1', '100', '1e-400'];
const HOSTILE_OTHER = ['null', 'true', 'false', '[]', '{}', '[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]', '{"a":{"a":{"a":{"a":{"a":{}}}}}}'];

type Json = string; // raw JSON text, so 1e400 and deep nesting reach the server as sent

function sample<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

/** A plausible value for a type: valid-looking, so other fields' checks are reached. */
function plausible(type: GraphQLInputType, r: () => number, depth = 0): Json {
  if (isNonNullType(type)) return plausible(type.ofType, r, depth);
  if (isListType(type)) return `[${plausible(type.ofType, r, depth + 1)}]`;
  if (isEnumType(type)) return JSON.stringify(sample(r, type.getValues()).name);
  if (isInputObjectType(type)) {
    if (depth > 3) return '{}';
    const fields = Object.values(type.getFields()).map((f) => `${JSON.stringify(f.name)}:${plausible(f.type, r, depth + 1)}`);
    return `{${fields.join(',')}}`;
  }
  const name = getNamedType(type).name;
  switch (name) {
    case 'Int': return String(Math.floor(r() * 50));
    case 'Float': return '1.5';
    case 'Boolean': return r() < 0.5 ? 'true' : 'false';
    case 'ID': return JSON.stringify(String(1 + Math.floor(r() * 5)));
    case 'Decimal': return JSON.stringify(sample(r, ['10.00', '1044.02', '0.01']));
    case 'Volume': return JSON.stringify(sample(r, ['241', '125.5', '999.999']));
    case 'Date': return JSON.stringify('2026-11-20');
    case 'Period': return JSON.stringify('2026-10');
    case 'DateTime': return JSON.stringify('2026-11-20T09:00:00Z');
    default: return JSON.stringify(`значение-${Math.floor(r() * 1000)}`);
  }
}

/** A hostile value for a position of this type: any JSON at all, biased to its kind. */
function hostile(type: GraphQLInputType, r: () => number, depth = 0): Json {
  const roll = r();
  if (roll < 0.15) return sample(r, HOSTILE_OTHER);
  if (roll < 0.25) return sample(r, HOSTILE_NUMBERS);
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner) && roll < 0.5) {
    const n = sample(r, [0, 1, 3, 150]);
    return `[${Array.from({ length: n }, () => (r() < 0.5 ? hostile(inner.ofType, r, depth + 1) : plausible(inner.ofType, r, depth + 1))).join(',')}]`;
  }
  if (isInputObjectType(inner) && depth < 3) {
    // One field hostile, the rest plausible; sometimes an unknown field too.
    const fields = Object.values(inner.getFields());
    const target = sample(r, fields);
    const parts = fields.map((f) => `${JSON.stringify(f.name)}:${f === target ? hostile(f.type, r, depth + 1) : plausible(f.type, r, depth + 1)}`);
    if (r() < 0.1) parts.push('"__proto__":{"polluted":true}');
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(sample(r, HOSTILE_STRINGS));
}

function typeText(type: GraphQLInputType): string {
  return type.toString();
}

function mutationsOf(schema: GraphQLSchema) {
  return Object.values(schema.getMutationType()!.getFields()).map((f) => ({
    name: f.name,
    args: f.args as readonly GraphQLArgument[],
    selection: selectionFor(getNamedType(f.type)),
  }));
}

function selectionFor(type: ReturnType<typeof getNamedType>): string {
  if (isScalarType(type) || isEnumType(type)) return '';
  const fields = (type as any).getFields() as Record<string, { type: any; args: unknown[] }>;
  const scalars = Object.entries(fields)
    .filter(([, f]) => f.args.length === 0 && (isScalarType(getNamedType(f.type)) || isEnumType(getNamedType(f.type))))
    .map(([n]) => n);
  return `{ ${(scalars.length ? scalars : ['__typename']).join(' ')} }`;
}

let t: TestApi;
let tokens: Record<'anonymous' | 'subscriber' | 'staff', string | null>;

beforeAll(async () => {
  t = await startTestApi();
  t.api.services.clock.set('2026-11-20T09:00:00+03:00');
  await seedDemoData(t.database.db, new Date('2026-11-20T09:00:00+03:00'));
  const login = await t.gql(`mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken } }`, { n: DEMO.registered.number, p: DEMO.registered.password });
  const staff = await t.gql(`mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }`, { u: DEMO.operator.username, p: DEMO.operator.password });
  tokens = { anonymous: null, subscriber: login.data.login.accessToken, staff: staff.data.staffLogin.accessToken };
}, 60_000);
afterAll(() => t?.stop());

it('answers every hostile input to every mutation with a result or a documented error', async () => {
  const seed = Number(process.env.FUZZ_SEED || Date.now() % 1_000_000);
  const total = Number(process.env.FUZZ_INPUTS || 2400);
  const r = rng(seed);
  const schema = await buildAppSchema();
  const mutations = mutationsOf(schema);
  const perMutation = new Map<string, number>();
  const failures: string[] = [];
  let sent = 0;

  const one = async (i: number) => {
    const m = mutations[i % mutations.length];
    const who = sample(r, ['anonymous', 'subscriber', 'staff'] as const);
    const vars = m.args.map((a) => `${JSON.stringify(a.name)}:${r() < 0.8 ? hostile(a.type, r) : plausible(a.type, r)}`);
    const decl = m.args.length ? `(${m.args.map((a) => `$${a.name}: ${typeText(a.type)}`).join(', ')})` : '';
    const call = m.args.length ? `(${m.args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
    const body = `{"query":${JSON.stringify(`mutation F${decl} { ${m.name}${call} ${m.selection} }`)},"variables":{${vars.join(',')}}}`;
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(tokens[who] ? { authorization: `Bearer ${tokens[who]}` } : {}) },
      body,
    });
    const text = await res.text();
    sent++;
    perMutation.set(m.name, (perMutation.get(m.name) ?? 0) + 1);
    const problem = (why: string) => failures.push(`[seed ${seed}] ${m.name} as ${who}: ${why}\n  body: ${body.slice(0, 300)}\n  answer: ${text.slice(0, 300)}`);
    if (/\n\s+at .+\(.*:\d+:\d+\)|stacktrace/.test(text)) return problem('stack trace in the answer');
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      return problem(`not JSON (HTTP ${res.status})`);
    }
    for (const e of json.errors ?? []) {
      const code = e.extensions?.code;
      // A close started by an earlier input may still run in the background: the next start is told so (docs/ERRORS.md).
      const closeRunning = code === 'SERVICE_UNAVAILABLE' && m.name === 'startBillingClose';
      if (!DOCUMENTED.has(code) && !closeRunning) problem(`undocumented error code ${code}: ${e.message}`);
    }
    if (!json.errors && json.data === undefined) problem('neither data nor errors');
  };

  for (let i = 0; i < total; i += 8) {
    await Promise.all(Array.from({ length: Math.min(8, total - i) }, (_, k) => one(i + k)));
  }
  // eslint-disable-next-line no-console
  console.log(`fuzz: seed ${seed}, ${sent} hostile inputs to ${mutations.length} mutations (${[...perMutation.values()].sort((a, b) => a - b)[0]}+ each)`);
  expect(failures.slice(0, 10)).toEqual([]);
  expect(sent).toBe(total);
  for (const m of mutations) expect(perMutation.get(m.name) ?? 0).toBeGreaterThan(0);

  // Invariants afterwards: balances equal ledger sums, no orphans.
  const db = t.database.db;
  const balances: { number: string; sum: string }[] = await db.query(
    'SELECT a.number, COALESCE(SUM(l.amount), 0) AS sum FROM accounts a LEFT JOIN ledger_entries l ON l.account_id = a.id GROUP BY a.id',
  );
  for (const b of balances) {
    const res = await t.gql(`query($n: String!) { account(number: $n) { balance } }`, { n: b.number }, tokens.staff);
    expect(Number(res.data.account.balance).toFixed(2)).toBe(Number(b.sum).toFixed(2));
  }
  const orphans = await db.query(`SELECT
    (SELECT COUNT(*) FROM readings r LEFT JOIN meters m ON m.id = r.meter_id WHERE m.id IS NULL) AS readings,
    (SELECT COUNT(*) FROM meters m LEFT JOIN accounts a ON a.id = m.account_id WHERE a.id IS NULL) AS meters,
    (SELECT COUNT(*) FROM ledger_entries l LEFT JOIN accounts a ON a.id = l.account_id WHERE a.id IS NULL) AS ledger,
    (SELECT COUNT(*) FROM appeal_replies p LEFT JOIN appeals x ON x.id = p.appeal_id WHERE x.id IS NULL) AS replies,
    (SELECT COUNT(*) FROM appeals x LEFT JOIN accounts a ON a.id = x.account_id WHERE a.id IS NULL) AS appeals,
    (SELECT COUNT(*) FROM card_payments c LEFT JOIN accounts a ON a.id = c.account_id WHERE a.id IS NULL) AS payments,
    (SELECT COUNT(*) FROM subscribers s LEFT JOIN accounts a ON a.subscriber_id = s.id WHERE a.id IS NULL) AS persons`);
  expect(Object.values(orphans[0]).map(Number)).toEqual([0, 0, 0, 0, 0, 0, 0]);
}, 600_000);
