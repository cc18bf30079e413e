/**
 * The authorization matrix: every operation of the schema (and every field that
 * takes arguments) is run as every identity of authorization-table.ts, and the
 * answer must be allowed or denied exactly as the table says. An operation that is
 * in the schema but not in the table (or in the calls below) fails the test.
 */
import { isObjectType } from 'graphql';
import { buildAppSchema } from '../../src/graphql/schema';
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import { startTestApi, type TestApi } from '../support/api';
import { givePassword } from '../payments/helpers';
import { subscribe, sleep } from '../appeals/helpers';
import { ALLOWED, IDENTITIES, type Identity } from './authorization-table';

const DENY_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND']);
const A = { number: DEMO.registered.number, password: DEMO.registered.password };
const B = { number: DEMO.unregistered.number, password: 'Subscriber-B-2026' };

interface Fixture {
  tokens: Record<Identity, string | null>;
  meterA: string;
  appealA: string;
  paymentA: string;
  refreshA: () => Promise<string>;
  pendingReadingA: () => Promise<string>;
  throwawayTokenA: () => Promise<string>;
  /** A new webhook endpoint of A's (PAYMENT_RECORDED), made in A's session. */
  webhookA: () => Promise<string>;
  /** A new meter on A's account, for operations that take a meter out of service. */
  spareMeterA: () => Promise<string>;
}

type Call = (fx: Fixture) => Promise<{ query: string; variables?: Record<string, unknown> }> | { query: string; variables?: Record<string, unknown> };

/** How to call each operation with valid arguments on A's objects. */
const CALLS: Record<string, Call> = {
  'Query.me': () => ({ query: '{ me { number } }' }),
  'Query.account': () => ({ query: 'query($n: String!) { account(number: $n) { number } }', variables: { n: A.number } }),
  'Query.meter': (fx) => ({ query: 'query($id: ID!) { meter(id: $id) { id } }', variables: { id: fx.meterA } }),
  'Query.myMeters': () => ({ query: '{ myMeters { id serialNumber } }' }),
  'Query.myAccounts': () => ({ query: '{ myAccounts { number } }' }),
  // A made-up account and code: ACTIVATION_FAILED for a session (allowed to try), a denial for the rest.
  'Mutation.linkAccount': () => ({ query: 'mutation { linkAccount(input: { accountNumber: "999999999996", activationCode: "1111-2222-3333" }) { number } }' }),
  // A's only account: BAD_USER_INPUT for A (allowed, refused by the rule), FORBIDDEN for B (not B's).
  'Mutation.unlinkAccount': () => ({ query: 'mutation($n: String!) { unlinkAccount(accountNumber: $n) }', variables: { n: A.number } }),
  'Query.paymentByExternalId': () => ({ query: '{ paymentByExternalId(externalId: "matrix-unknown") { id } }' }),
  'Query.payment': (fx) => ({ query: 'query($id: ID!) { payment(id: $id) { id status } }', variables: { id: fx.paymentA } }),
  'Query.apiTokens': () => ({ query: '{ apiTokens { id } }' }),
  'Query.readingsForReview': () => ({ query: '{ readingsForReview(first: 1) { totalCount } }' }),
  'Query.appealsForReview': () => ({ query: '{ appealsForReview(first: 1) { totalCount } }' }),
  'Query.searchAccounts': () => ({ query: '{ searchAccounts(query: "Петрова", first: 1) { totalCount } }' }),
  'Query.auditLog': () => ({ query: '{ auditLog(first: 1) { totalCount } }' }),
  'Query.tariffs': () => ({ query: '{ tariffs { id } }' }),
  'Query.tariffInForce': () => ({ query: '{ tariffInForce(service: COLD_WATER, on: "2026-11-01") { id } }' }),
  'Query.readingsWindow': () => ({ query: '{ readingsWindow { isOpen } }' }),
  'Query.passwordResetLinkValid': () => ({ query: '{ passwordResetLinkValid(token: "made-up-link-0123456789") }' }),
  'Mutation.createSubscriptionTicket': () => ({ query: 'mutation { createSubscriptionTicket { ticket } }' }),
  'Query.utility': () => ({ query: '{ utility { name } }' }),
  'Query.rateLimit': () => ({ query: '{ rateLimit { limit remaining resetAt } }' }),
  'Account.ledger': () => ({ query: 'query($n: String!) { account(number: $n) { ledger(first: 1) { totalCount } } }', variables: { n: A.number } }),
  'Account.appeals': () => ({ query: 'query($n: String!) { account(number: $n) { appeals(first: 1) { totalCount } } }', variables: { n: A.number } }),
  'Account.paymentDocument': () => ({ query: 'query($n: String!) { account(number: $n) { paymentDocument { amount } } }', variables: { n: A.number } }),
  'Meter.readings': (fx) => ({ query: 'query($id: ID!) { meter(id: $id) { readings(first: 1) { totalCount } } }', variables: { id: fx.meterA } }),
  'Mutation.register': () => ({
    query: 'mutation($i: RegisterInput!) { register(input: $i) { accountNumber } }',
    variables: { i: { accountNumber: '999999999999', lastName: 'Тест', firstName: 'Тест', email: 'x@example.ru', phone: '+79110000000', activationCode: '111122223333', acceptTerms: true } },
  }),
  'Mutation.login': () => ({ query: 'mutation { login(accountNumber: "999999999998", password: "wrong-password-1") { accessToken } }' }),
  'Mutation.staffLogin': () => ({ query: 'mutation { staffLogin(username: "nobody", password: "wrong-password-1") { accessToken } }' }),
  'Mutation.refreshSession': async (fx) => ({ query: 'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', variables: { t: await fx.refreshA() } }),
  'Mutation.logout': () => ({ query: 'mutation { logout(refreshToken: "kr_unknown") }' }),
  'Mutation.requestPasswordReset': () => ({ query: 'mutation { requestPasswordReset(accountNumber: "999999999997") }' }),
  'Mutation.resetPassword': () => ({ query: 'mutation { resetPassword(token: "unknown-token", newPassword: "Another-pass-2026") }' }),
  'Mutation.updateSettings': () => ({ query: 'mutation { updateSettings(input: { currentPassword: "wrong-password-1", phone: "+79110000001" }) { number } }' }),
  'Mutation.startCardPayment': () => ({ query: 'mutation { startCardPayment(amount: "10.00") { id } }' }),
  'Mutation.markAppealsRead': () => ({ query: 'mutation { markAppealsRead }' }),
  'Mutation.createAppeal': () => ({ query: 'mutation { createAppeal(input: { text: "Проверка прав доступа" }) { id } }' }),
  'Mutation.submitReadings': (fx) => ({ query: 'mutation($m: ID!) { submitReadings(readings: [{ meterId: $m, value: "999" }], confirmUnusual: true) { id } }', variables: { m: fx.meterA } }),
  'Mutation.createApiToken': () => ({ query: 'mutation { createApiToken(name: "matrix", scopes: [ACCOUNT_READ]) { token } }' }),
  'Mutation.revokeApiToken': async (fx) => ({ query: 'mutation($id: ID!) { revokeApiToken(id: $id) }', variables: { id: await fx.throwawayTokenA() } }),
  'Mutation.reviewReading': async (fx) => ({ query: 'mutation($id: ID!) { reviewReading(readingId: $id, accept: true, confirmFlagged: true) { id } }', variables: { id: await fx.pendingReadingA() } }),
  'Mutation.replyToAppeal': (fx) => ({ query: 'mutation($id: ID!) { replyToAppeal(appealId: $id, text: "Ответ") { id } }', variables: { id: fx.appealA } }),
  'Mutation.closeAppeal': (fx) => ({ query: 'mutation($id: ID!) { closeAppeal(appealId: $id) { id } }', variables: { id: fx.appealA } }),
  'Mutation.recordPayment': () => ({
    query: 'mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { id } }',
    variables: { i: { accountNumber: A.number, amount: '1.00', paidOn: '2026-11-01', externalId: `matrix-${Math.random()}` } },
  }),
  'Mutation.recordPayments': () => ({
    query: 'mutation($i: [RecordPaymentInput!]!) { recordPayments(input: $i) { replayed } }',
    variables: { i: [{ accountNumber: A.number, amount: '1.00', paidOn: '2026-11-01', externalId: `matrix-${Math.random()}` }] },
  }),
  'Mutation.importPaymentRegistry': () => ({ query: 'mutation { importPaymentRegistry(csv: "external_id;account_number;amount;paid_on\\n") { loaded } }' }),
  'Mutation.importCharges': () => ({ query: 'mutation { importCharges(csv: "external_id;account_number;period;kind;amount;description\\n") { loaded } }' }),
  'Mutation.setTariff': () => ({ query: 'mutation { setTariff(input: { service: COLD_WATER, pricePerM3: "45.12", normPerResident: "4.9", validFrom: "2026-01-01" }) { id } }' }),
  'Mutation.setResidents': () => ({ query: 'mutation($n: String!) { setResidents(accountNumber: $n, residents: 3) { number } }', variables: { n: A.number } }),
  'Mutation.closeBillingPeriod': () => ({ query: 'mutation { closeBillingPeriod(period: "2026-10") { period } }' }),
  // A month closed already: answered unchanged, nothing started.
  'Mutation.startBillingClose': () => ({ query: 'mutation { startBillingClose(period: "2026-10") { period } }' }),
  'Query.billingCloseStatus': () => ({ query: '{ billingCloseStatus { nextPeriod canClose } }' }),
  'Mutation.replaceMeter': async (fx) => ({
    query: 'mutation($i: ReplaceMeterInput!) { replaceMeter(input: $i) { installed { id } } }',
    variables: { i: { meterId: await fx.spareMeterA(), replacedOn: '2026-11-20', serialNumber: 'M-NEW', initialValue: '0', verificationDueOn: '2032-01-01' } },
  }),
  'Query.webhookEndpoints': () => ({ query: '{ webhookEndpoints { id } }' }),
  'WebhookEndpoint.deliveries': () => ({ query: '{ webhookEndpoints { deliveries(first: 1) { totalCount } } }' }),
  // A public address literal: passes the SSRF check without DNS; nothing is sent (no dispatcher runs in the tests).
  'Mutation.createWebhookEndpoint': () => ({ query: 'mutation { createWebhookEndpoint(url: "https://93.184.216.34/kabinet-matrix", events: [PAYMENT_RECORDED]) { endpoint { id } } }' }),
  'Mutation.deleteWebhookEndpoint': async (fx) => ({ query: 'mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', variables: { id: await fx.webhookA() } }),
  'Mutation.markMeterFailed': async (fx) => ({
    query: 'mutation($m: ID!) { markMeterFailed(meterId: $m, failedOn: "2026-11-19") { id } }',
    variables: { m: await fx.spareMeterA() },
  }),
};

let t: TestApi;
let fx: Fixture;

async function login(number: string, password: string) {
  const res = await t.gql(`mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken refreshToken } }`, { n: number, p: password });
  return res.data.login as { accessToken: string; refreshToken: string };
}

async function mint(token: string, scope: string): Promise<string> {
  const res = await t.gql(`mutation($s: [ApiScope!]!) { createApiToken(name: "matrix", scopes: $s) { token apiToken { id } } }`, { s: [scope] }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createApiToken.token;
}

beforeAll(async () => {
  t = await startTestApi({ RATE_LIMIT_PER_SECOND: '1000', RATE_LIMIT_BURST: '5000' });
  t.api.services.clock.set('2026-11-20T09:00:00+03:00');
  await seedDemoData(t.database.db, new Date('2026-11-20T09:00:00+03:00'));
  await givePassword(t.database.db, B.number, B.password);
  const a = await login(A.number, A.password);
  const b = await login(B.number, B.password);
  const staff = (await t.gql(`mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }`, { u: DEMO.operator.username, p: DEMO.operator.password })).data.staffLogin.accessToken;
  const tokens: Record<Identity, string | null> = {
    anonymous: null,
    subscriberA: a.accessToken,
    subscriberB: b.accessToken,
    staff,
    tokenAccountRead: await mint(a.accessToken, 'ACCOUNT_READ'),
    tokenReadingsWrite: await mint(a.accessToken, 'READINGS_WRITE'),
    tokenAppealsWrite: await mint(a.accessToken, 'APPEALS_WRITE'),
    tokenOperator: await mint(staff, 'OPERATOR'),
    tokenPayments: await mint(staff, 'PAYMENTS_WRITE'),
    tokenCharges: await mint(staff, 'CHARGES_WRITE'),
    tokenReadingsReview: await mint(staff, 'READINGS_REVIEW'),
    tokenAppealsReply: await mint(staff, 'APPEALS_REPLY'),
    tokenAccountsReadAny: await mint(staff, 'ACCOUNTS_READ_ANY'),
    tokenBillingAdmin: await mint(staff, 'BILLING_ADMIN'),
    tokenAuditRead: await mint(staff, 'AUDIT_READ'),
  };
  const meterA = String((await t.gql('{ me { meters { id } } }', {}, a.accessToken)).data.me.meters[0].id);
  const appealA = (await t.gql('mutation { createAppeal(input: { text: "Вопрос абонента A" }) { id } }', {}, a.accessToken)).data.createAppeal.id;
  const paymentA = (await t.gql('mutation { startCardPayment(amount: "5.00") { id } }', {}, a.accessToken)).data.startCardPayment.id;
  let value = 500;
  fx = {
    tokens,
    meterA,
    appealA,
    paymentA,
    refreshA: async () => (await login(A.number, A.password)).refreshToken,
    pendingReadingA: async () => {
      const res = await t.gql('mutation($m: ID!, $v: Volume!) { submitReadings(readings: [{ meterId: $m, value: $v }], confirmUnusual: true) { id } }', { m: meterA, v: String(value++) }, a.accessToken);
      return res.data.submitReadings[0].id;
    },
    spareMeterA: async () => {
      const [{ account_id: accountId }] = await t.database.db.query('SELECT account_id FROM meters WHERE id = ?', [meterA]);
      const result = await t.database.db.query(
        "INSERT INTO meters (account_id, kind, title, serial_number, admitted_on, verification_due_on, initial_value) VALUES (?, 'COLD_WATER', 'Запасной', 'SPARE', '2026-01-01', '2032-01-01', 0)",
        [accountId],
      );
      return String(result.insertId);
    },
    webhookA: async () => {
      // One live endpoint of A's at a time (at most 10 per owner): reused until an allowed call deletes it.
      const [live] = await t.database.db.query(
        'SELECT e.id FROM webhook_endpoints e JOIN accounts a ON a.id = e.account_id WHERE a.number = ? AND e.deleted_at IS NULL ORDER BY e.id LIMIT 1',
        [A.number],
      );
      if (live) return String(live.id);
      const res = await t.gql('mutation { createWebhookEndpoint(url: "https://93.184.216.34/kabinet-matrix", events: [PAYMENT_RECORDED]) { endpoint { id } } }', {}, a.accessToken);
      return res.data.createWebhookEndpoint.endpoint.id;
    },
    throwawayTokenA: async () => {
      const res = await t.gql(`mutation { createApiToken(name: "throwaway", scopes: [ACCOUNT_READ]) { apiToken { id } } }`, {}, a.accessToken);
      return res.data.createApiToken.apiToken.id;
    },
  };
}, 120_000);
afterAll(() => t?.stop());

async function operationsOfSchema(): Promise<string[]> {
  const schema = await buildAppSchema();
  const ops: string[] = [];
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (root) for (const name of Object.keys(root.getFields())) ops.push(`${root.name}.${name}`);
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || ['Query', 'Mutation', 'Subscription'].includes(type.name)) continue;
    for (const field of Object.values(type.getFields())) if (field.args.length) ops.push(`${type.name}.${field.name}`);
  }
  return ops;
}

it('every operation and every field with arguments is in the table', async () => {
  const ops = await operationsOfSchema();
  expect(ops.filter((op) => !(op in ALLOWED))).toEqual([]);
  expect(ops.filter((op) => !op.startsWith('Subscription.') && !(op in CALLS))).toEqual([]);
  expect(Object.keys(ALLOWED).filter((op) => !ops.includes(op))).toEqual([]);
});

it('allows and denies exactly as the table says, for every identity', async () => {
  const ops = (await operationsOfSchema()).filter((op) => !op.startsWith('Subscription.'));
  const mismatches: string[] = [];
  let checks = 0;
  for (const op of ops) {
    for (const who of IDENTITIES) {
      const { query, variables } = await CALLS[op](fx);
      const res = await t.gql(query, variables ?? {}, fx.tokens[who]);
      const code = res.errors?.[0]?.extensions?.code as string | undefined;
      const denied = code !== undefined && DENY_CODES.has(code);
      const expected = ALLOWED[op].includes(who) ? 'allow' : 'deny';
      checks++;
      if ((expected === 'deny') !== denied) mismatches.push(`${op} as ${who}: expected ${expected}, got ${code ?? 'data'} ${res.errors?.[0]?.message ?? ''}`);
    }
  }
  // eslint-disable-next-line no-console
  console.log(`authorization matrix: ${ops.length} operations × ${IDENTITIES.length} identities = ${checks} checks`);
  expect(mismatches).toEqual([]);
}, 300_000);

it.each([
  ['appealReplied', 'subscription { appealReplied { id } }'],
  ['billingCloseProgress', 'subscription { billingCloseProgress { period } }'],
])('subscriptions: %s as the table says', async (name, query) => {
  const mismatches: string[] = [];
  // Every identity at once, each on its own connection, given 400 ms to be refused.
  const lives = IDENTITIES.map((who) => ({ who, live: subscribe(t.url, fx.tokens[who], query) }));
  await Promise.all(lives.map(({ live }) => live.connected.catch(() => undefined)));
  await sleep(400);
  for (const { who, live } of lives) {
    const denied = Boolean(live.error) || live.events.some((e) => e.errors?.length) || live.completed;
    await live.close();
    const expected = ALLOWED[`Subscription.${name}`].includes(who) ? 'allow' : 'deny';
    if ((expected === 'deny') !== denied) mismatches.push(`${name} as ${who}: expected ${expected}`);
  }
  expect(mismatches).toEqual([]);
}, 60_000);
