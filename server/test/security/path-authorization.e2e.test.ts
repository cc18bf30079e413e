/**
 * The authorization matrix extended from root operations to paths (issue #12, finding 4): generated from
 * the schema, every path from a root field to a field that shows account A's personal or financial data
 * (e-mail, address, meter serials, readings, appeals, replies, ledger lines, the payment document), run as
 * every identity, API-token scope included. Whatever path it takes, an identity never sees data it may not:
 * another subscriber nothing of A's, a READINGS_WRITE token only A's meters and readings, an
 * APPEALS_WRITE token only A's appeals. Before, an APPEALS_WRITE token read the e-mail, phone, balance,
 * ledger and meters through createAppeal { account { … } }, and a READINGS_WRITE token through
 * submitReadings { meter { account { … } } }.
 *
 * Every root field that can reach such data must be in ROOTS (a new one fails the test).
 */
import {
  getNamedType, isListType, isNonNullType, isObjectType, type GraphQLField, type GraphQLObjectType, type GraphQLOutputType, type GraphQLSchema,
} from 'graphql';
import { buildAppSchema } from '../../src/graphql/schema';
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import { startTestApi, type TestApi } from '../support/api';
import { givePassword } from '../payments/helpers';

const IDENTITIES = [
  'anonymous', 'subscriberA', 'subscriberB', 'staff', 'tokenAccountRead', 'tokenReadingsWrite', 'tokenAppealsWrite', 'tokenOperator',
  'tokenPayments', 'tokenCharges', 'tokenReadingsReview', 'tokenAppealsReply', 'tokenAccountsReadAny', 'tokenBillingAdmin', 'tokenAuditRead',
] as const;
type Identity = (typeof IDENTITIES)[number];
type DataKind = 'Account' | 'Meter' | 'Reading' | 'Appeal' | 'AppealReply' | 'LedgerEntry' | 'PaymentDocument';

/** Fields whose value, for A's objects, is unique to A: where they show, A's data shows. */
const MARKED: Record<DataKind, string> = {
  Account: 'email',
  Meter: 'serialNumber',
  Reading: 'value',
  Appeal: 'text',
  AppealReply: 'text',
  LedgerEntry: 'amount',
  PaymentDocument: 'qrPayload',
};

/** What each identity may see of A's data. */
const EVERYTHING: DataKind[] = ['Account', 'Meter', 'Reading', 'Appeal', 'AppealReply', 'LedgerEntry', 'PaymentDocument'];
const MAY_SEE: Record<Identity, DataKind[]> = {
  anonymous: [],
  subscriberA: EVERYTHING,
  subscriberB: [],
  staff: EVERYTHING,
  tokenAccountRead: EVERYTHING,
  /** A meter gateway: the meters it writes to and their readings, nothing else of the account. */
  tokenReadingsWrite: ['Meter', 'Reading'],
  /** An appeals integration: the appeals it writes and their replies. */
  tokenAppealsWrite: ['Appeal', 'AppealReply'],
  tokenOperator: EVERYTHING,
  /** A bank: the payments it records (ledger entries), not the account's personal data (#13). */
  tokenPayments: ['LedgerEntry'],
  tokenCharges: [],
  /** A readings reviewer: readings and their meters, not the account behind them. */
  tokenReadingsReview: ['Meter', 'Reading'],
  /** An appeals desk: appeals and replies, not the account behind them. */
  tokenAppealsReply: ['Appeal', 'AppealReply'],
  /** A city service that looks accounts up: everything of any account. */
  tokenAccountsReadAny: EVERYTHING,
  tokenBillingAdmin: [],
  tokenAuditRead: [],
};

const A = { number: DEMO.registered.number, password: DEMO.registered.password };
const B = { number: DEMO.unregistered.number, password: 'Subscriber-B-Fjord-26' };

interface Fixture {
  tokens: Record<Identity, string | null>;
  markers: Record<DataKind, string>;
  meterA: string;
  paymentA: string;
}

/** The root fields that reach account data, with arguments on A's objects (a repeated call changes nothing more). */
const ROOTS: Record<string, (fx: Fixture) => string> = {
  'Query.me': () => 'me',
  'Query.account': () => `account(number: "${A.number}")`,
  'Query.meter': (fx) => `meter(id: "${fx.meterA}")`,
  'Query.payment': (fx) => `payment(id: "${fx.paymentA}")`,
  'Query.readingsForReview': () => 'readingsForReview(first: 50)',
  'Query.appealsForReview': () => 'appealsForReview(first: 50)',
  'Query.searchAccounts': () => 'searchAccounts(query: "Петрова", first: 5)',
  'Mutation.createAppeal': () => 'createAppeal(input: { text: "Проверка путей доступа" })',
  'Mutation.submitReadings': (fx) => `submitReadings(readings: [{ meterId: "${fx.meterA}", value: "130" }], confirmUnusual: true)`,
  'Mutation.recordPayment': () => `recordPayment(input: { accountNumber: "${A.number}", amount: "1.00", paidOn: "2026-11-01", externalId: "path-matrix" })`,
  'Mutation.recordPayments': () => `recordPayments(input: [{ accountNumber: "${A.number}", amount: "1.00", paidOn: "2026-11-01", externalId: "path-matrix" }])`,
  'Query.paymentByExternalId': () => 'paymentByExternalId(externalId: "path-matrix")',
  'Query.myMeters': () => 'myMeters',
  'Query.myAccounts': () => 'myAccounts',
  // #15: A's number with a wrong password — B never gets A's account; A (who holds it) is answered with it.
  'Mutation.linkAccount': () => `linkAccount(input: { accountNumber: "${A.number}", password: "wrong-password-1" })`,
  'Mutation.updateSettings': () => 'updateSettings(input: { currentPassword: "wrong-password-1" })',
  'Mutation.setResidents': () => `setResidents(accountNumber: "${A.number}", residents: 3)`,
  'Mutation.login': () => `login(accountNumber: "${A.number}", password: "wrong-password-1")`,
  'Mutation.staffLogin': () => 'staffLogin(username: "nobody", password: "wrong-password-1")',
  'Mutation.refreshSession': () => 'refreshSession(refreshToken: "kr_unknown")',
};
/** Reach account data but are left out here, and why. */
const NOT_WALKED: Record<string, string> = {
  'Subscription.appealReplied': 'a subscription (authorization-matrix.e2e.test.ts checks who may subscribe)',
  'Mutation.reviewReading': 'staff only, changes a reading each time; staff may see everything',
  'Mutation.replyToAppeal': 'staff only, adds a reply each time; staff may see everything',
  'Mutation.closeAppeal': 'staff only; staff may see everything',
  'Mutation.replaceMeter': 'staff only, takes a meter off each time; staff may see everything',
  'Mutation.markMeterFailed': 'staff only, changes a meter each time; staff may see everything',
  'Mutation.startCardPayment': 'a subscriber session only, for its own account',
  'Mutation.register': 'answers no account data',
};

/** Every selection path (under a root field) ending at a marked field, depth ≤ 5, no type twice on a path. */
function pathsFrom(schema: GraphQLSchema, type: GraphQLOutputType, seen: string[] = [], depth = 0): string[][] {
  const named = getNamedType(type);
  if (!isObjectType(named) || depth > 5 || seen.includes(named.name)) return [];
  const out: string[][] = [];
  const marked = MARKED[named.name as DataKind];
  if (marked) out.push([marked]);
  for (const field of Object.values((named as GraphQLObjectType).getFields()) as GraphQLField<unknown, unknown>[]) {
    if (field.name === 'edges' || field.name === 'pageInfo') continue; // connections: through `nodes`
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    for (const rest of pathsFrom(schema, field.type, [...seen, named.name], depth + 1)) out.push([field.name, ...rest]);
  }
  return out;
}

function reaches(schema: GraphQLSchema, type: GraphQLOutputType): boolean {
  return pathsFrom(schema, type).length > 0;
}

const selection = (path: string[]): string => (path.length === 1 ? path[0] : `${path[0]} { ${selection(path.slice(1))} }`);

let t: TestApi;
let fx: Fixture;

beforeAll(async () => {
  t = await startTestApi({ RATE_LIMIT_PER_SECOND: '0' });
  t.api.services.clock.set('2026-11-20T09:00:00+03:00');
  await seedDemoData(t.database.db, new Date('2026-11-20T09:00:00+03:00'));
  await givePassword(t.database.db, B.number, B.password);
  const login = async (n: string, p: string) => (await t.gql('mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken } }', { n, p })).data.login.accessToken;
  const a = await login(A.number, A.password);
  const b = await login(B.number, B.password);
  const staff = (await t.gql('mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }', { u: DEMO.operator.username, p: DEMO.operator.password })).data.staffLogin.accessToken;
  const mint = async (token: string, scope: string) =>
    (await t.gql(`mutation { createApiToken(name: "paths", scopes: [${scope}]) { token } }`, {}, token)).data.createApiToken.token;
  // A's data, with values nobody else has.
  const meterA = String((await t.gql('{ me { meters { id serialNumber } } }', {}, a)).data.me.meters[0].id);
  const appeal = (await t.gql('mutation { createAppeal(input: { text: "Секрет абонента A: вопрос о счёте" }) { id } }', {}, a)).data.createAppeal.id;
  await t.gql('mutation($id: ID!) { replyToAppeal(appealId: $id, text: "Секрет абонента A: ответ оператора") { id } }', { id: appeal }, staff);
  await t.gql('mutation { recordPayment(input: { accountNumber: "100000000002", amount: "4321.09", paidOn: "2026-11-19", externalId: "path-marker" }) { id } }', {}, staff);
  await t.gql(`mutation { submitReadings(readings: [{ meterId: "${meterA}", value: "129.137" }], confirmUnusual: true) { id } }`, {}, a);
  const paymentA = (await t.gql('mutation { startCardPayment(amount: "5.00") { id } }', {}, a)).data.startCardPayment.id;
  fx = {
    tokens: {
      anonymous: null,
      subscriberA: a,
      subscriberB: b,
      staff,
      tokenAccountRead: await mint(a, 'ACCOUNT_READ'),
      tokenReadingsWrite: await mint(a, 'READINGS_WRITE'),
      tokenAppealsWrite: await mint(a, 'APPEALS_WRITE'),
      tokenOperator: await mint(staff, 'OPERATOR'),
      tokenPayments: await mint(staff, 'PAYMENTS_WRITE'),
      tokenCharges: await mint(staff, 'CHARGES_WRITE'),
      tokenReadingsReview: await mint(staff, 'READINGS_REVIEW'),
      tokenAppealsReply: await mint(staff, 'APPEALS_REPLY'),
      tokenAccountsReadAny: await mint(staff, 'ACCOUNTS_READ_ANY'),
      tokenBillingAdmin: await mint(staff, 'BILLING_ADMIN'),
      tokenAuditRead: await mint(staff, 'AUDIT_READ'),
    },
    markers: {
      Account: 'anna.petrova@example.ru',
      Meter: '21-0098765',
      Reading: '129.137',
      Appeal: 'Секрет абонента A: вопрос',
      AppealReply: 'Секрет абонента A: ответ',
      LedgerEntry: '-4321.09',
      PaymentDocument: `PersAcc=${A.number}`,
    },
    meterA,
    paymentA,
  };
}, 120_000);
afterAll(() => t?.stop());

it('every root field that reaches account data is walked (or said why not)', async () => {
  const schema = await buildAppSchema();
  const missing: string[] = [];
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      const name = `${root.name}.${field.name}`;
      if (reaches(schema, field.type) && !(name in ROOTS) && !(name in NOT_WALKED)) missing.push(name);
    }
  }
  expect(missing).toEqual([]);
});

it('no identity sees data it may not, by any path', async () => {
  const schema = await buildAppSchema();
  const leaks: string[] = [];
  let checks = 0;
  let paths = 0;
  const shown: Record<Identity, number> = Object.fromEntries(IDENTITIES.map((i) => [i, 0])) as Record<Identity, number>;
  for (const [name, call] of Object.entries(ROOTS)) {
    const [rootType, fieldName] = name.split('.');
    const root = rootType === 'Query' ? schema.getQueryType()! : schema.getMutationType()!;
    const field = root.getFields()[fieldName];
    for (const path of pathsFrom(schema, field.type)) {
      paths++;
      const query = `${rootType === 'Query' ? 'query' : 'mutation'} { ${call(fx)} { ${selection(path)} } }`;
      for (const who of IDENTITIES) {
        checks++;
        const res = await t.gql(query, {}, fx.tokens[who]);
        const body = JSON.stringify(res.data ?? null);
        for (const kind of EVERYTHING) {
          if (!body.includes(fx.markers[kind])) continue;
          if (MAY_SEE[who].includes(kind)) shown[who]++;
          else leaks.push(`${who} saw ${kind} through ${name} → ${path.join('.')}`);
        }
      }
    }
  }
  process.stdout.write(`path authorization: ${paths} paths from ${Object.keys(ROOTS).length} root fields × ${IDENTITIES.length} identities = ${checks} checks, ${leaks.length} leaks; data shown where allowed: ${JSON.stringify(shown)}\n`);
  expect(leaks).toEqual([]);
  // The walk reaches data: those allowed do see it (the check is not vacuous). An APPEALS_WRITE token only
  // writes (createAppeal): it has no path to A's earlier appeals at all.
  expect(shown.subscriberA).toBeGreaterThan(20);
  expect(shown.tokenAccountRead).toBeGreaterThan(20);
  expect(shown.tokenReadingsWrite).toBeGreaterThan(0);
}, 300_000);
