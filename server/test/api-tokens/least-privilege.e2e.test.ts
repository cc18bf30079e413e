/**
 * Least privilege for integrators (#13): narrow staff scopes (a bank's PAYMENTS_WRITE token records payments
 * and nothing else), a meter gateway's READINGS_WRITE token that lists its meters without the account's data,
 * live replies for API tokens, tokens that expire, and refusals that say why (reason, requiredScopes).
 * Against the real API and MariaDB.
 */
import { startTestApi, codeOf, type TestApi } from '../support/api';
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import { staffToken, subscriberToken, subscribe, waitUntil, sleep } from '../appeals/helpers';

const CREATE = `mutation($name: String!, $scopes: [ApiScope!]!, $expiresAt: DateTime) {
  createApiToken(name: $name, scopes: $scopes, expiresAt: $expiresAt) { token apiToken { id scopes expiresAt } } }`;

let t: TestApi;
let anna: string;
let operator: string;

beforeAll(async () => {
  t = await startTestApi({ REDIS_URL: '', RATE_LIMIT_PER_SECOND: '1000', RATE_LIMIT_BURST: '5000' });
  t.api.services.clock.set('2026-11-20T09:00:00+03:00');
  await seedDemoData(t.database.db, new Date('2026-11-20T09:00:00+03:00'));
  anna = await subscriberToken(t.url, DEMO.registered.number, DEMO.registered.password);
  operator = await staffToken(t.url);
}, 120_000);
afterAll(() => t?.stop());

async function mint(session: string, scopes: string[], expiresAt: string | null = null): Promise<{ token: string; id: string }> {
  const res = await t.gql(CREATE, { name: 'Интеграция', scopes, expiresAt }, session);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return { token: res.data.createApiToken.token, id: res.data.createApiToken.apiToken.id };
}

async function annasMeter(): Promise<string> {
  return String((await t.gql('{ me { meters { id } } }', {}, anna)).data.me.meters[0].id);
}

describe("a bank's PAYMENTS_WRITE token", () => {
  let bank: string;
  beforeAll(async () => {
    bank = (await mint(operator, ['PAYMENTS_WRITE'])).token;
  });

  it('records a payment and looks it up by the bank’s id', async () => {
    const externalId = `bank-${Date.now()}`;
    const paid = await t.gql(
      'mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { id amount } }',
      { i: { accountNumber: DEMO.registered.number, amount: '150.00', paidOn: '2026-11-19', externalId } },
      bank,
    );
    expect(paid.errors).toBeUndefined();
    const found = await t.gql('query($e: String!) { paymentByExternalId(externalId: $e) { id } }', { e: externalId }, bank);
    expect(found.data.paymentByExternalId.id).toBe(paid.data.recordPayment.id);
  });

  it.each([
    ['setTariff', 'mutation { setTariff(input: { service: COLD_WATER, pricePerM3: "1.00", normPerResident: "4.9", validFrom: "2027-01-01" }) { id } }', 'BILLING_ADMIN'],
    ['closeBillingPeriod', 'mutation { closeBillingPeriod(period: "2026-11") { period } }', 'BILLING_ADMIN'],
    ['setResidents', `mutation { setResidents(accountNumber: "${DEMO.registered.number}", residents: 9) { number } }`, 'BILLING_ADMIN'],
    ['readingsForReview', '{ readingsForReview(first: 1) { totalCount } }', 'READINGS_REVIEW'],
    ['appealsForReview', '{ appealsForReview(first: 1) { totalCount } }', 'APPEALS_REPLY'],
    ['searchAccounts', '{ searchAccounts(query: "Петрова") { totalCount } }', 'ACCOUNTS_READ_ANY'],
    ['account (personal data)', `{ account(number: "${DEMO.registered.number}") { lastName email } }`, 'ACCOUNTS_READ_ANY'],
    ['auditLog', '{ auditLog(first: 1) { totalCount } }', 'AUDIT_READ'],
    ['importCharges', 'mutation { importCharges(csv: "external_id;account_number;period;kind;amount;description\\n") { loaded } }', 'CHARGES_WRITE'],
  ])('is refused %s: FORBIDDEN naming the scope that would allow it', async (_name, query, needed) => {
    const res = await t.gql(query, {}, bank);
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.errors![0].extensions!.requiredScopes).toEqual([needed, 'OPERATOR']);
    expect(res.errors![0].message).toContain(needed);
    expect(res.data?.[Object.keys(res.data ?? {})[0]] ?? null).toBeNull();
  });

  it('cannot submit readings on any meter: the pending reading stays the subscriber’s', async () => {
    const meterId = await annasMeter();
    const own = await t.gql('mutation($m: ID!) { submitReadings(readings: [{ meterId: $m, value: "132" }], confirmUnusual: true) { id value } }', { m: meterId }, anna);
    expect(own.errors).toBeUndefined();
    const res = await t.gql('mutation($m: ID!) { submitReadings(readings: [{ meterId: $m, value: "999" }]) { id } }', { m: meterId }, bank);
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.errors![0].extensions!.requiredScopes).toEqual(['READINGS_REVIEW', 'OPERATOR']);
    const [row] = await t.database.db.query("SELECT value FROM readings WHERE meter_id = ? AND status = 'PENDING' ORDER BY id DESC LIMIT 1", [meterId]);
    expect(Number(row.value)).toBe(132);
  });

  it('an OPERATOR token keeps every staff power (existing tokens go on working)', async () => {
    const op = (await mint(operator, ['OPERATOR'])).token;
    for (const query of ['{ readingsForReview(first: 1) { totalCount } }', '{ tariffs { id } }', '{ auditLog(first: 1) { totalCount } }', '{ searchAccounts(query: "Петрова") { totalCount } }']) {
      const res = await t.gql(query, {}, op);
      expect(res.errors).toBeUndefined();
    }
  });
});

describe("a BILLING_ADMIN token's setResidents", () => {
  it('sets residents and sees the account’s number and residents, not its personal data', async () => {
    const { token } = await mint(operator, ['BILLING_ADMIN']);
    const ok = await t.gql(`mutation { setResidents(accountNumber: "${DEMO.registered.number}", residents: 2) { number residents } }`, {}, token);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.setResidents).toEqual({ number: DEMO.registered.number, residents: 2 });
    const personal = await t.gql(`mutation { setResidents(accountNumber: "${DEMO.registered.number}", residents: 2) { number email ledger { totalCount } } }`, {}, token);
    expect(codeOf(personal)).toBe('FORBIDDEN');
    expect(personal.errors![0].extensions!.requiredScopes).toEqual(['ACCOUNTS_READ_ANY', 'OPERATOR']);
    expect(JSON.stringify(personal.data ?? {})).not.toContain('@');
  });
});

describe('which scopes whom', () => {
  it('a subscriber cannot mint staff scopes; a staff token cannot carry subscriber scopes', async () => {
    const sub = await t.gql(CREATE, { name: 'x', scopes: ['PAYMENTS_WRITE'] }, anna);
    expect(codeOf(sub)).toBe('FORBIDDEN');
    expect(sub.errors![0].message).toContain('PAYMENTS_WRITE');
    const staff = await t.gql(CREATE, { name: 'x', scopes: ['ACCOUNT_READ'] }, operator);
    expect(codeOf(staff)).toBe('BAD_USER_INPUT');
    expect(staff.errors![0].extensions!.field).toBe('scopes');
  });

  it('a token with several narrow scopes has exactly those', async () => {
    const { token } = await mint(operator, ['READINGS_REVIEW', 'APPEALS_REPLY']);
    expect((await t.gql('{ readingsForReview(first: 1) { totalCount } }', {}, token)).errors).toBeUndefined();
    expect((await t.gql('{ appealsForReview(first: 1) { totalCount } }', {}, token)).errors).toBeUndefined();
    expect(codeOf(await t.gql('{ tariffs { id } }', {}, token))).toBe('FORBIDDEN');
  });

  it('every operation names its access in the schema description', async () => {
    const res = await t.gql('{ __schema { mutationType { fields { name description } } } }');
    const setTariff = res.data.__schema.mutationType.fields.find((f: any) => f.name === 'setTariff');
    expect(setTariff.description).toContain('Access: staff (a session, or a token with BILLING_ADMIN or OPERATOR).');
    const recordPayment = res.data.__schema.mutationType.fields.find((f: any) => f.name === 'recordPayment');
    expect(recordPayment.description).toContain('PAYMENTS_WRITE or OPERATOR');
  });
});

describe("a meter gateway's READINGS_WRITE token", () => {
  let gateway: string;
  beforeAll(async () => {
    gateway = (await mint(anna, ['READINGS_WRITE'])).token;
  });

  it('lists its meters (id, serial, kind, last accepted reading) and the readings window', async () => {
    const res = await t.gql('{ myMeters { id serialNumber kind previousReading { value period } } readingsWindow { isOpen } }', {}, gateway);
    expect(res.errors).toBeUndefined();
    const own = (await t.gql('{ me { meters { id serialNumber } } }', {}, anna)).data.me.meters;
    expect(res.data.myMeters.map((m: any) => m.id).sort()).toEqual(own.map((m: any) => m.id).sort());
    expect(res.data.myMeters[0].serialNumber).toBeTruthy();
    expect(res.data.readingsWindow.isOpen).toBe(true);
  });

  it('reaches nothing else of the account: me, meter → account, balance', async () => {
    expect(codeOf(await t.gql('{ me { balance } }', {}, gateway))).toBe('FORBIDDEN');
    const through = await t.gql('{ myMeters { id account { balance lastName } } }', {}, gateway);
    expect(codeOf(through)).toBe('FORBIDDEN');
    expect(through.errors![0].extensions!.requiredScopes).toEqual(['ACCOUNT_READ']);
    expect(JSON.stringify(through.data ?? {})).not.toMatch(/balance|lastName/);
  });

  it('submits a reading for a listed meter', async () => {
    const [meter] = (await t.gql('{ myMeters { id } }', {}, gateway)).data.myMeters;
    const res = await t.gql('mutation($m: ID!) { submitReadings(readings: [{ meterId: $m, value: "133" }], confirmUnusual: true) { id source } }', { m: meter.id }, gateway);
    expect(res.errors).toBeUndefined();
    expect(res.data.submitReadings[0].source).toBe('API');
  });
});

describe('live replies for API tokens', () => {
  it.each([
    ['APPEALS_WRITE', 'subscription { appealReplied { id text appeal { id } } }'],
    ['ACCOUNT_READ', 'subscription { appealReplied { id text appeal { id account { number } } } }'],
  ])('a %s token receives the operator’s reply over graphql-ws', async (scope, query) => {
    const { token } = await mint(anna, [scope]);
    const appeal = (await t.gql('mutation { createAppeal(input: { text: "Когда будет перерасчёт?" }) { id } }', {}, anna)).data.createAppeal;
    const live = subscribe(t.url, token, query);
    try {
      await live.connected;
      await sleep(200);
      const reply = await t.gql('mutation($id: ID!) { replyToAppeal(appealId: $id, text: "Перерасчёт будет в декабре.") { id } }', { id: appeal.id }, operator);
      expect(reply.errors).toBeUndefined();
      await waitUntil(() => live.events.length > 0, 10_000, 'the reply');
      expect(live.events[0].errors).toBeUndefined();
      expect(live.events[0].data.appealReplied).toMatchObject({ id: reply.data.replyToAppeal.id, text: 'Перерасчёт будет в декабре.', appeal: { id: appeal.id } });
      if (scope === 'ACCOUNT_READ') expect(live.events[0].data.appealReplied.appeal.account.number).toBe(DEMO.registered.number);
    } finally {
      await live.close();
    }
  });

  it('a READINGS_WRITE token is refused with the scopes it lacks', async () => {
    const { token } = await mint(anna, ['READINGS_WRITE']);
    const live = subscribe(t.url, token, 'subscription { appealReplied { id } }');
    try {
      await live.connected.catch(() => undefined);
      await waitUntil(() => Boolean(live.error) || live.events.length > 0 || live.completed, 5_000, 'the refusal');
      const errors = (live.events[0]?.errors ?? (live.error as any[])) as any[];
      expect(errors[0].extensions.code).toBe('FORBIDDEN');
      expect(errors[0].extensions.requiredScopes).toEqual(['APPEALS_WRITE', 'ACCOUNT_READ']);
      expect(errors[0].message).not.toContain('()');
    } finally {
      await live.close();
    }
  });
});

describe('tokens that expire, and refusals with a reason', () => {
  it('expiresAt must be in the future and within five years', async () => {
    const past = await t.gql(CREATE, { name: 'x', scopes: ['ACCOUNT_READ'], expiresAt: '2026-11-01T00:00:00Z' }, anna);
    expect(codeOf(past)).toBe('BAD_USER_INPUT');
    expect(past.errors![0].extensions!.field).toBe('expiresAt');
    const far = await t.gql(CREATE, { name: 'x', scopes: ['ACCOUNT_READ'], expiresAt: '2040-01-01T00:00:00Z' }, anna);
    expect(codeOf(far)).toBe('BAD_USER_INPUT');
  });

  it('a token works until expiresAt, then is refused with reason EXPIRED', async () => {
    const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000).toISOString();
    const { token, id } = await mint(anna, ['ACCOUNT_READ'], expiresAt);
    const listed = (await t.gql('{ apiTokens { id expiresAt } }', {}, anna)).data.apiTokens.find((x: any) => x.id === id);
    expect(new Date(listed.expiresAt).toISOString()).toBe(expiresAt);
    expect((await t.gql('{ me { number } }', {}, token)).errors).toBeUndefined();
    await t.database.db.query('UPDATE api_tokens SET expires_at = ? WHERE id = ?', [new Date(Date.now() - 1000), id]);
    const res = await t.gql('{ me { number } }', {}, token);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(res.errors![0].extensions!.reason).toBe('EXPIRED');
    expect(res.errors![0].message).not.toMatch(/refreshSession/);
  });

  it('revoked, made-up and missing tokens each say so', async () => {
    const { token, id } = await mint(anna, ['ACCOUNT_READ']);
    await t.gql('mutation($id: ID!) { revokeApiToken(id: $id) }', { id }, anna);
    const revoked = (await t.gql('{ me { number } }', {}, token)).errors![0];
    expect(revoked.extensions!.reason).toBe('REVOKED');
    expect(revoked.message).toContain('API-токен');
    expect((await t.gql('{ me { number } }', {}, 'kab_made-up-token-000000000000000000000000000000')).errors![0].extensions!.reason).toBe('MALFORMED');
    expect((await t.gql('{ me { number } }')).errors![0].extensions!.reason).toBe('MISSING');
  });
});
