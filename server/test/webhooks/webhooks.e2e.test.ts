/**
 * Signed webhooks (#13), against the real API and MariaDB, with receivers on 127.0.0.1 (WEBHOOK_ALLOW_PRIVATE;
 * the SSRF tests switch it off): signed deliveries a receiver can verify, retries until the receiver is back, the
 * endpoint switched off after repeated failures with an e-mail to its owner, SSRF refusals, no redirects, the time
 * limit, who receives what (scopes, own account only, revoked tokens), and a rolled-back change that reports nothing.
 * Time is moved by passing a later `now` to dispatchDue.
 */
import { randomBytes } from 'node:crypto';
import { config, setConfig } from '../../src/config';
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import * as outbox from '../../src/webhooks/webhook-outbox';
import { WebhookEvent } from '../../src/common/enums';
import { startTestApi, codeOf, type TestApi } from '../support/api';
import { givePassword, IVAN } from '../payments/helpers';
import { staffToken, subscriberToken } from '../appeals/helpers';
import { startReceiver, verifyKabinetWebhook, type Receiver } from './helpers';

const NOW = new Date('2026-11-20T09:00:00+03:00');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const ANNA = { number: DEMO.registered.number, password: DEMO.registered.password, email: 'anna.petrova@example.ru' };

const CREATE = `mutation($u: String!, $e: [WebhookEvent!]!) {
  createWebhookEndpoint(url: $u, events: $e) { secret endpoint { id url events createdAt disabledAt } } }`;
const LIST = `{ webhookEndpoints { id url events disabledAt consecutiveFailures
  deliveries(first: 100) { totalCount nodes { id eventId event attempts lastStatus lastError lastAttemptAt deliveredAt nextAttemptAt givenUpAt createdAt }
    pageInfo { hasNextPage endCursor } } } }`;

let t: TestApi;
let anna: string;
let ivan: string;
let operator: string;
const receivers: Receiver[] = [];

beforeAll(async () => {
  t = await startTestApi({ WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_TIMEOUT_MS: '700', REDIS_URL: '' });
  t.api.services.clock.set(NOW);
  await seedDemoData(t.database.db, NOW);
  await givePassword(t.database.db, IVAN.number, IVAN.password);
  anna = await subscriberToken(t.url, ANNA.number, ANNA.password);
  ivan = await subscriberToken(t.url, IVAN.number, IVAN.password);
  operator = await staffToken(t.url);
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

beforeEach(async () => {
  // Each test starts with no endpoint and nothing due.
  await t.database.db.query('UPDATE webhook_endpoints SET deleted_at = NOW(3) WHERE deleted_at IS NULL');
  await t.database.db.query('UPDATE webhook_deliveries SET next_attempt_at = NULL');
  t.api.services.clock.set(NOW);
  setConfig({ ...config(), webhooks: { ...config().webhooks, allowPrivate: true } });
});

afterEach(async () => {
  jest.restoreAllMocks();
  while (receivers.length) await receivers.pop()!.close();
});

async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}

async function create(token: string, url: string, events: string[]): Promise<{ id: string; secret: string }> {
  const res = await t.gql(CREATE, { u: url, e: events }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return { id: res.data.createWebhookEndpoint.endpoint.id, secret: res.data.createWebhookEndpoint.secret };
}

async function endpointOf(token: string, id: string): Promise<any> {
  const res = await t.gql(LIST, {}, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.webhookEndpoints.find((e: any) => e.id === id);
}

const dispatch = (at: Date = NOW) => t.api.services.webhooks.dispatchDue(at);

async function recordPayment(accountNumber: string, amount: string, token = operator): Promise<string> {
  const res = await t.gql('mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { id } }', {
    i: { accountNumber, amount, paidOn: '2026-11-19', externalId: `wh-${randomBytes(6).toString('hex')}` },
  }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.recordPayment.id;
}

async function appealAndReply(): Promise<{ appealId: string; replyId: string }> {
  const appeal = (await t.gql('mutation { createAppeal(input: { text: "Когда придёт перерасчёт?" }) { id } }', {}, anna)).data.createAppeal;
  const reply = await t.gql('mutation($id: ID!) { replyToAppeal(appealId: $id, text: "Перерасчёт будет в декабре.") { id } }', { id: appeal.id }, operator);
  if (reply.errors) throw new Error(JSON.stringify(reply.errors));
  return { appealId: appeal.id, replyId: reply.data.replyToAppeal.id };
}

const countRows = async (sql: string, params: unknown[] = []) => Number((await t.database.db.query(sql, params))[0].n);

describe('a delivery a receiver can verify', () => {
  it("delivers the operator's reply to the subscriber's endpoint, signed; a forged or replayed request fails the documented check", async () => {
    const hook = await receiver();
    const { id, secret } = await create(anna, hook.url, ['APPEAL_REPLIED']);
    expect(secret).toMatch(/^whsec_/);
    const { appealId, replyId } = await appealAndReply();
    expect(hook.received).toHaveLength(0); // written to the outbox; sent by the dispatcher

    expect(await dispatch()).toBe(1);
    expect(hook.received).toHaveLength(1);
    const [got] = hook.received;
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.json).toEqual({
      id: got.headers['kabinet-webhook-id'],
      type: 'APPEAL_REPLIED',
      createdAt: NOW.toISOString(),
      accountNumber: ANNA.number,
      data: { appealId, replyId },
    });
    expect(got.json.id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(got.headers['kabinet-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(Math.abs(Number(got.headers['kabinet-webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);

    // The receiver's check (docs/WEBHOOKS.md) accepts it…
    expect(verifyKabinetWebhook(secret, got.headers, got.body)).toBe(true);
    // …and refuses a forged body, a forged signature, another endpoint's secret, and the same request replayed later.
    expect(verifyKabinetWebhook(secret, got.headers, got.body.replace(ANNA.number, '100000000003'))).toBe(false);
    expect(verifyKabinetWebhook(secret, { ...got.headers, 'kabinet-signature': `v1=${'0'.repeat(64)}` }, got.body)).toBe(false);
    expect(verifyKabinetWebhook((await create(anna, hook.url, ['APPEAL_REPLIED'])).secret, got.headers, got.body)).toBe(false);
    const sent = Number(got.headers['kabinet-webhook-timestamp']);
    expect(verifyKabinetWebhook(secret, got.headers, got.body, sent + 6 * 60)).toBe(false);
    expect(verifyKabinetWebhook(secret, { ...got.headers, 'kabinet-webhook-timestamp': String(Math.floor(Date.now() / 1000)) }, got.body, sent + 6 * 60)).toBe(false);

    // The deliveries log: one attempt, 200, delivered, nothing more due.
    const endpoint = await endpointOf(anna, id);
    expect(endpoint.deliveries.totalCount).toBe(1);
    expect(endpoint.deliveries.nodes[0]).toMatchObject({ eventId: got.json.id, event: 'APPEAL_REPLIED', attempts: 1, lastStatus: 200, lastError: null, nextAttemptAt: null, givenUpAt: null });
    expect(endpoint.deliveries.nodes[0].deliveredAt).not.toBeNull();
    expect(await dispatch(later(120))).toBe(0);
    expect(hook.received).toHaveLength(1);
  });

  it('the secret is stored encrypted, never as given', async () => {
    const hook = await receiver();
    const { id, secret } = await create(anna, hook.url, ['PAYMENT_RECORDED']);
    const [row] = await t.database.db.query('SELECT secret_ciphertext FROM webhook_endpoints WHERE id = ?', [id]);
    expect(row.secret_ciphertext).toMatch(/^v1\./);
    expect(row.secret_ciphertext).not.toContain(secret.slice(6, 20));
  });

  it('pages the deliveries log, newest first', async () => {
    const hook = await receiver();
    const { id } = await create(operator, hook.url, ['PAYMENT_RECORDED']);
    for (let i = 0; i < 3; i++) await recordPayment(ANNA.number, `1${i}.00`);
    const first = await t.gql('query { webhookEndpoints { id deliveries(first: 2) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } } }', {}, operator);
    const page = first.data.webhookEndpoints.find((e: any) => e.id === id).deliveries;
    expect(page.totalCount).toBe(3);
    expect(page.nodes).toHaveLength(2);
    expect(Number(page.nodes[0].id)).toBeGreaterThan(Number(page.nodes[1].id));
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await t.gql('query($a: String) { webhookEndpoints { id deliveries(first: 2, after: $a) { nodes { id } pageInfo { hasNextPage } } } }', { a: page.pageInfo.endCursor }, operator);
    const rest = next.data.webhookEndpoints.find((e: any) => e.id === id).deliveries;
    expect(rest.nodes).toHaveLength(1);
    expect(Number(rest.nodes[0].id)).toBeLessThan(Number(page.nodes[1].id));
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const tooMany = await t.gql('{ webhookEndpoints { deliveries(first: 101) { totalCount } } }', {}, operator);
    expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
  });
});

describe('retries', () => {
  it('a receiver that is down, then failing, then up gets every event, each once, after the retries', async () => {
    const hook = await receiver({ status: 200 });
    const { id, secret } = await create(anna, hook.url, ['PAYMENT_RECORDED']);
    await hook.close(); // connection refused
    for (const amount of ['101.00', '102.00', '103.00']) await recordPayment(ANNA.number, amount);

    expect(await dispatch(NOW)).toBe(3);
    let nodes = (await endpointOf(anna, id)).deliveries.nodes;
    expect(nodes).toHaveLength(3);
    for (const d of nodes) {
      expect(d).toMatchObject({ attempts: 1, lastStatus: null, deliveredAt: null });
      expect(d.lastError).toContain('ECONNREFUSED');
      const wait = new Date(d.nextAttemptAt).getTime() - NOW.getTime();
      expect(wait).toBeGreaterThanOrEqual(30_000);
      expect(wait).toBeLessThanOrEqual(33_000);
    }
    // Not due yet: nothing is tried again at the same time.
    expect(await dispatch(NOW)).toBe(0);

    await hook.reopen();
    hook.answer = { status: 500 };
    expect(await dispatch(later(1))).toBe(3);
    nodes = (await endpointOf(anna, id)).deliveries.nodes;
    for (const d of nodes) {
      expect(d).toMatchObject({ attempts: 2, lastStatus: 500, deliveredAt: null });
      expect(d.lastError).toContain('HTTP 500');
      const wait = new Date(d.nextAttemptAt).getTime() - later(1).getTime();
      expect(wait).toBeGreaterThanOrEqual(60_000);
      expect(wait).toBeLessThanOrEqual(66_000);
    }

    hook.answer = { status: 200 };
    expect(await dispatch(later(3))).toBe(3);
    nodes = (await endpointOf(anna, id)).deliveries.nodes;
    for (const d of nodes) expect(d).toMatchObject({ attempts: 3, lastStatus: 200, lastError: null, nextAttemptAt: null });
    const endpoint = await endpointOf(anna, id);
    expect(endpoint.consecutiveFailures).toBe(0);
    expect(endpoint.disabledAt).toBeNull();

    // Every event arrived once with status 200, with the same id in every attempt, each signed.
    const delivered = hook.received.slice(-3);
    expect(new Set(delivered.map((r) => r.json.id))).toEqual(new Set(nodes.map((d: any) => d.eventId)));
    expect(delivered.map((r) => r.json.data.amount).sort()).toEqual(['101.00', '102.00', '103.00']);
    for (const r of delivered) expect(verifyKabinetWebhook(secret, r.headers, r.body)).toBe(true);
    expect(await dispatch(later(600))).toBe(0);
  });
});

describe('switching a failing endpoint off', () => {
  it('after every attempt of a delivery failed in a row, the endpoint is switched off and the subscriber is e-mailed', async () => {
    const hook = await receiver({ status: 503 });
    const { id } = await create(anna, hook.url, ['PAYMENT_RECORDED']);
    await recordPayment(ANNA.number, '55.00');
    const maxAttempts = config().webhooks.maxAttempts;
    expect(maxAttempts).toBe(12);
    let at = NOW;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      expect(await dispatch(at)).toBe(1);
      const endpoint = await endpointOf(anna, id);
      if (attempt < maxAttempts) {
        expect(endpoint.disabledAt).toBeNull();
        expect(endpoint.deliveries.nodes[0]).toMatchObject({ attempts: attempt, lastStatus: 503, givenUpAt: null });
      }
      at = new Date(at.getTime() + 2 * 3_600_000);
    }
    const endpoint = await endpointOf(anna, id);
    expect(endpoint.disabledAt).not.toBeNull();
    expect(endpoint.consecutiveFailures).toBe(12);
    expect(endpoint.deliveries.nodes[0]).toMatchObject({ attempts: 12, lastStatus: 503, nextAttemptAt: null, deliveredAt: null });
    expect(endpoint.deliveries.nodes[0].givenUpAt).not.toBeNull();
    expect(hook.received).toHaveLength(12);

    const mail = await t.smtp.waitFor(ANNA.email, (m) => m.subject.includes('webhook'));
    expect(mail.subject).toBe('Уведомления (webhook) отключены');
    expect(mail.text).toContain(hook.url);
    expect(mail.text).toContain('12 попыток подряд');
    expect(mail.text).toContain(ANNA.number);

    // Switched off: a new event is not queued for it, nothing more is sent.
    await recordPayment(ANNA.number, '56.00');
    expect((await endpointOf(anna, id)).deliveries.totalCount).toBe(1);
    expect(await dispatch(new Date(at.getTime() + 3_600_000))).toBe(0);
    expect(hook.received).toHaveLength(12);
  }, 60_000);

  it('a success in between starts the count again: a delivery given up does not switch off an endpoint that answers', async () => {
    // The first payment's deliveries fail every time; another payment's succeed.
    const hook = await receiver((r) => (r.json?.data?.amount === '57.00' ? { status: 500 } : { status: 200 }));
    const { id } = await create(anna, hook.url, ['PAYMENT_RECORDED']);
    await recordPayment(ANNA.number, '57.00');
    let at = NOW;
    for (let i = 0; i < 11; i++) {
      await dispatch(at);
      at = new Date(at.getTime() + 2 * 3_600_000);
    }
    expect((await endpointOf(anna, id)).consecutiveFailures).toBe(11);
    await recordPayment(ANNA.number, '58.00');
    expect(await dispatch(NOW)).toBe(1); // only the new one is due (the old one waits an hour): delivered
    expect((await endpointOf(anna, id)).consecutiveFailures).toBe(0);
    expect(await dispatch(at)).toBe(1); // the old one fails a 12th time and is given up
    const endpoint = await endpointOf(anna, id);
    expect(endpoint.disabledAt).toBeNull();
    expect(endpoint.deliveries.nodes.find((d: any) => d.attempts === 12).givenUpAt).not.toBeNull();
  }, 60_000);
});

describe('SSRF and the transport', () => {
  const refuse = () => setConfig({ ...config(), webhooks: { ...config().webhooks, allowPrivate: false } });

  it.each([
    ['loopback', 'https://127.0.0.1/hook'],
    ['plain http', 'http://example.ru/hook'],
    ['private', 'https://10.0.0.1/hook'],
    ['a name resolving to loopback', 'https://localhost/hook'],
    ['IPv6 loopback', 'https://[::1]/hook'],
    ['IPv4-mapped private', 'https://[::ffff:10.0.0.1]/hook'],
    ['cloud metadata (link-local)', 'https://169.254.169.254/latest/meta-data/'],
    ['CGNAT', 'https://100.64.1.2/hook'],
    ['credentials in the URL', 'https://user:pass@example.ru/hook'],
    ['longer than 2048', `https://example.ru/${'a'.repeat(2050)}`],
  ])('refuses %s without WEBHOOK_ALLOW_PRIVATE: BAD_USER_INPUT on url', async (_what, url) => {
    refuse();
    const res = await t.gql(CREATE, { u: url, e: ['PAYMENT_RECORDED'] }, anna);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe('url');
    expect(await countRows('SELECT COUNT(*) AS n FROM webhook_endpoints WHERE deleted_at IS NULL')).toBe(0);
  });

  it('checks the address again at delivery: an endpoint that became internal is not reached', async () => {
    const hook = await receiver();
    const { id } = await create(anna, hook.url, ['PAYMENT_RECORDED']);
    await recordPayment(ANNA.number, '60.00');
    refuse();
    expect(await dispatch()).toBe(1);
    expect(hook.received).toHaveLength(0);
    const [d] = (await endpointOf(anna, id)).deliveries.nodes;
    expect(d).toMatchObject({ attempts: 1, lastStatus: null, deliveredAt: null });
    expect(d.lastError).toMatch(/https:\/\/|внутренний/);
  });

  it('does not follow a redirect: a 302 to another receiver is a failed attempt', async () => {
    const target = await receiver();
    const hook = await receiver({ status: 302, location: target.url });
    const { id } = await create(anna, hook.url, ['PAYMENT_RECORDED']);
    await recordPayment(ANNA.number, '61.00');
    expect(await dispatch()).toBe(1);
    expect(hook.received).toHaveLength(1);
    expect(target.received).toHaveLength(0);
    const [d] = (await endpointOf(anna, id)).deliveries.nodes;
    expect(d).toMatchObject({ attempts: 1, lastStatus: 302, deliveredAt: null });
    expect(d.lastError).toContain('перенаправления');
    expect(d.nextAttemptAt).not.toBeNull();
  });

  it('a receiver that does not answer in time is a failed attempt (WEBHOOK_TIMEOUT_MS, 700 ms here)', async () => {
    const hook = await receiver('hang');
    const { id } = await create(anna, hook.url, ['PAYMENT_RECORDED']);
    await recordPayment(ANNA.number, '62.00');
    const started = Date.now();
    expect(await dispatch()).toBe(1);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(600);
    expect(took).toBeLessThan(3000);
    expect(hook.received).toHaveLength(1);
    const [d] = (await endpointOf(anna, id)).deliveries.nodes;
    expect(d).toMatchObject({ attempts: 1, lastStatus: null, deliveredAt: null });
    expect(d.lastError).toContain('нет ответа');
  });
});

describe('who receives what', () => {
  async function mint(session: string, scopes: string[]): Promise<{ token: string; id: string }> {
    const res = await t.gql('mutation($s: [ApiScope!]!) { createApiToken(name: "Вебхуки", scopes: $s) { token apiToken { id } } }', { s: scopes }, session);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return { token: res.data.createApiToken.token, id: res.data.createApiToken.apiToken.id };
  }

  it("a staff PAYMENTS_WRITE token may subscribe to PAYMENT_RECORDED, not to APPEAL_REPLIED (FORBIDDEN naming the scopes)", async () => {
    const hook = await receiver();
    const { token } = await mint(operator, ['PAYMENTS_WRITE']);
    const ok = await t.gql(CREATE, { u: hook.url, e: ['PAYMENT_RECORDED'] }, token);
    expect(ok.errors).toBeUndefined();
    const refused = await t.gql(CREATE, { u: hook.url, e: ['PAYMENT_RECORDED', 'APPEAL_REPLIED'] }, token);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(refused.errors![0].extensions!.requiredScopes).toEqual(['APPEALS_REPLY', 'OPERATOR']);
    const charges = await t.gql(CREATE, { u: hook.url, e: ['CHARGES_POSTED'] }, token);
    expect(charges.errors![0].extensions!.requiredScopes).toEqual(['CHARGES_WRITE', 'BILLING_ADMIN', 'OPERATOR']);
    const operatorToken = (await mint(operator, ['OPERATOR'])).token;
    expect((await t.gql(CREATE, { u: hook.url, e: ['APPEAL_REPLIED', 'CHARGES_POSTED'] }, operatorToken)).errors).toBeUndefined();
    // A subscriber's meter gateway (READINGS_WRITE) hears of its readings, not of payments.
    const gateway = (await mint(anna, ['READINGS_WRITE'])).token;
    expect((await t.gql(CREATE, { u: hook.url, e: ['READING_REVIEWED'] }, gateway)).errors).toBeUndefined();
    const payments = await t.gql(CREATE, { u: hook.url, e: ['PAYMENT_RECORDED'] }, gateway);
    expect(codeOf(payments)).toBe('FORBIDDEN');
    expect(payments.errors![0].extensions!.requiredScopes).toEqual(['ACCOUNT_READ']);
    // Nobody signed in: UNAUTHENTICATED.
    expect(codeOf(await t.gql(CREATE, { u: hook.url, e: ['PAYMENT_RECORDED'] }))).toBe('UNAUTHENTICATED');
  });

  it("a subscriber's endpoint gets its own account's events only; staff's gets every account's", async () => {
    const annaHook = await receiver();
    const ivanHook = await receiver();
    const staffHook = await receiver();
    await create(anna, annaHook.url, ['PAYMENT_RECORDED']);
    await create(ivan, ivanHook.url, ['PAYMENT_RECORDED']);
    await create(operator, staffHook.url, ['PAYMENT_RECORDED']);
    await recordPayment(IVAN.number, '70.00');
    await recordPayment(ANNA.number, '71.00');
    await recordPayment(IVAN.number, '72.00');
    await dispatch();
    expect(annaHook.received.map((r) => [r.json.accountNumber, r.json.data.amount])).toEqual([[ANNA.number, '71.00']]);
    expect(ivanHook.received.map((r) => [r.json.accountNumber, r.json.data.amount]).sort()).toEqual([[IVAN.number, '70.00'], [IVAN.number, '72.00']]);
    expect(staffHook.received.map((r) => r.json.data.amount).sort()).toEqual(['70.00', '71.00', '72.00']);
    // The same event to two endpoints has one id.
    const annasEvent = annaHook.received[0].json.id;
    expect(staffHook.received.filter((r) => r.json.id === annasEvent)).toHaveLength(1);
  });

  it("a caller sees and deletes only its own endpoints: another's id is NOT_FOUND, as an unknown one", async () => {
    const hook = await receiver();
    const annas = await create(anna, hook.url, ['PAYMENT_RECORDED']);
    const ivans = await create(ivan, hook.url, ['PAYMENT_RECORDED']);
    const seen = (await t.gql('{ webhookEndpoints { id } }', {}, ivan)).data.webhookEndpoints.map((e: any) => e.id);
    expect(seen).toEqual([ivans.id]);
    const staffSeen = (await t.gql('{ webhookEndpoints { id } }', {}, operator)).data.webhookEndpoints;
    expect(staffSeen).toEqual([]);
    const others = await t.gql('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id: annas.id }, ivan);
    const unknown = await t.gql('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id: '999999' }, ivan);
    expect(codeOf(others)).toBe('NOT_FOUND');
    expect(others.errors![0].message).toBe(unknown.errors![0].message);
    expect(await endpointOf(anna, annas.id)).toBeDefined();

    // An API token manages only the endpoints it could have made: a meter gateway's token sees its readings
    // webhook, not the subscriber's payment one, and cannot delete that.
    const gateway = (await mint(anna, ['READINGS_WRITE'])).token;
    const readingsHook = await create(gateway, hook.url, ['READING_REVIEWED']);
    expect((await t.gql('{ webhookEndpoints { id } }', {}, gateway)).data.webhookEndpoints.map((e: any) => e.id)).toEqual([readingsHook.id]);
    expect((await t.gql('{ webhookEndpoints { id } }', {}, anna)).data.webhookEndpoints.map((e: any) => e.id)).toEqual([readingsHook.id, annas.id]);
    expect(codeOf(await t.gql('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id: annas.id }, gateway))).toBe('NOT_FOUND');
    expect(await endpointOf(anna, annas.id)).toBeDefined();

    // Deleted by its owner: gone from the list, nothing more is sent there.
    expect((await t.gql('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id: annas.id }, anna)).data.deleteWebhookEndpoint).toBe(true);
    expect(await endpointOf(anna, annas.id)).toBeUndefined();
    await recordPayment(ANNA.number, '73.00');
    await dispatch();
    expect(hook.received).toHaveLength(0);
  });

  it('at most 10 endpoints per owner', async () => {
    const hook = await receiver();
    for (let i = 0; i < 10; i++) await create(ivan, `${hook.url}?n=${i}`, ['PAYMENT_RECORDED']);
    const res = await t.gql(CREATE, { u: hook.url, e: ['PAYMENT_RECORDED'] }, ivan);
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.errors![0].message).toContain('не больше 10');
  });

  it("an endpoint made with a token gets nothing more once the token is revoked (nor once it expires)", async () => {
    const hook = await receiver();
    const { token, id: tokenId } = await mint(anna, ['ACCOUNT_READ']);
    const endpoint = await create(token, hook.url, ['PAYMENT_RECORDED']);
    await recordPayment(ANNA.number, '80.00');
    await dispatch();
    expect(hook.received).toHaveLength(1);

    await recordPayment(ANNA.number, '81.00'); // queued while the token was valid
    expect((await t.gql('mutation($id: ID!) { revokeApiToken(id: $id) }', { id: tokenId }, anna)).errors).toBeUndefined();
    await recordPayment(ANNA.number, '82.00'); // after: not queued at all
    expect(await dispatch()).toBe(0);
    expect(hook.received).toHaveLength(1);
    const nodes = (await endpointOf(anna, endpoint.id)).deliveries.nodes;
    expect(nodes).toHaveLength(2);
    expect(nodes[0]).toMatchObject({ attempts: 0, deliveredAt: null, nextAttemptAt: null });
    expect(nodes[0].lastError).toContain('отозван');

    const other = await mint(anna, ['ACCOUNT_READ']);
    await create(other.token, hook.url, ['PAYMENT_RECORDED']);
    await t.database.db.query('UPDATE api_tokens SET expires_at = ? WHERE id = ?', [new Date(Date.now() - 1000), other.id]);
    await recordPayment(ANNA.number, '83.00');
    expect(await dispatch()).toBe(0);
    expect(hook.received).toHaveLength(1);
  });
});

describe('every source of an event', () => {
  it('PAYMENT_RECORDED from recordPayments, a bank registry and a card; READING_REVIEWED from a review', async () => {
    const hook = await receiver();
    const { secret } = await create(anna, hook.url, ['PAYMENT_RECORDED', 'READING_REVIEWED']);
    const batch = await t.gql('mutation($i: [RecordPaymentInput!]!) { recordPayments(input: $i) { replayed } }', {
      i: [
        { accountNumber: ANNA.number, amount: '10.50', paidOn: '2026-11-18', externalId: `wh-batch-${randomBytes(4).toString('hex')}` },
        { accountNumber: IVAN.number, amount: '11.00', paidOn: '2026-11-18', externalId: `wh-batch-${randomBytes(4).toString('hex')}` },
      ],
    }, operator);
    expect(batch.errors).toBeUndefined();
    const registryId = `wh-reg-${randomBytes(4).toString('hex')}`;
    const registry = await t.gql('mutation($c: String!) { importPaymentRegistry(csv: $c) { loaded } }', {
      c: `external_id;account_number;amount;paid_on\n${registryId};${ANNA.number};12,30;2026-11-17\n`,
    }, operator);
    expect(registry.data?.importPaymentRegistry.loaded).toBe(1);
    const card = (await t.gql('mutation { startCardPayment(amount: "13.00") { id } }', {}, anna)).data.startCardPayment;
    expect((await t.api.services.cardPayments.applyGatewayEvent({ event: 'payment.succeeded', paymentId: card.id, amount: '13.00' })).outcome).toBe('succeeded');
    const meter = (await t.gql('{ me { meters { id } } }', {}, anna)).data.me.meters[0].id;
    const reading = (await t.gql('mutation($m: ID!) { submitReadings(readings: [{ meterId: $m, value: "777" }], confirmUnusual: true) { id } }', { m: meter }, anna)).data.submitReadings[0];
    expect((await t.gql('mutation($id: ID!) { reviewReading(readingId: $id, accept: false, reason: "Фото не читается") { id } }', { id: reading.id }, operator)).errors).toBeUndefined();

    await dispatch();
    const bodies = hook.received.map((r) => r.json);
    for (const r of hook.received) expect(verifyKabinetWebhook(secret, r.headers, r.body)).toBe(true);
    expect(bodies.every((b) => b.accountNumber === ANNA.number)).toBe(true);
    const payments = bodies.filter((b) => b.type === 'PAYMENT_RECORDED').map((b) => [b.data.source, b.data.amount]).sort();
    expect(payments).toEqual([['CARD', '13.00'], ['RECORDED', '10.50'], ['REGISTRY', '12.30']]);
    const registryEvent = bodies.find((b) => b.data.source === 'REGISTRY');
    expect(registryEvent.data).toMatchObject({ externalId: registryId, paidOn: '2026-11-17' });
    expect(registryEvent.data.ledgerEntryId).toMatch(/^\d+$/);
    const review = bodies.find((b) => b.type === 'READING_REVIEWED');
    expect(review.data).toEqual({ readingId: reading.id, meterId: meter, period: '2026-11', value: '777', status: 'REJECTED', reason: 'Фото не читается' });
  });
});

describe('a change that rolls back reports nothing', () => {
  it('a review whose transaction fails after the event was written leaves no event and no delivery', async () => {
    const hook = await receiver();
    await create(operator, hook.url, ['READING_REVIEWED']);
    const meter = (await t.gql('{ me { meters { id } } }', {}, anna)).data.me.meters[1].id;
    const reading = (await t.gql('mutation($m: ID!) { submitReadings(readings: [{ meterId: $m, value: "888" }], confirmUnusual: true) { id } }', { m: meter }, anna)).data.submitReadings[0];
    const events = () => countRows("SELECT COUNT(*) AS n FROM webhook_events WHERE type = 'READING_REVIEWED'");
    const before = await events();

    // The outbox rows are written, then the review's transaction fails.
    const real = outbox.emitWebhook;
    const spy = jest.spyOn(outbox, 'emitWebhook').mockImplementation(async (...args) => {
      await real(...args);
      throw new Error('the database went away after the event was written');
    });
    const failed = await t.gql('mutation($id: ID!) { reviewReading(readingId: $id, accept: true, confirmFlagged: true) { id } }', { id: reading.id }, operator);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(failed.errors).toBeDefined();
    expect(await events()).toBe(before);
    expect(await countRows("SELECT COUNT(*) AS n FROM readings WHERE id = ? AND status = 'PENDING'", [reading.id])).toBe(1);
    await dispatch();
    expect(hook.received).toHaveLength(0);

    // The same review, committed: one event, delivered.
    spy.mockRestore();
    expect((await t.gql('mutation($id: ID!) { reviewReading(readingId: $id, accept: true, confirmFlagged: true) { id } }', { id: reading.id }, operator)).errors).toBeUndefined();
    expect(await events()).toBe(before + 1);
    await dispatch();
    expect(hook.received.map((r) => r.json.data.status)).toEqual(['ACCEPTED']);
  });

  it('emitWebhook writes through the transaction it is given', async () => {
    const hook = await receiver();
    await create(operator, hook.url, ['APPEAL_REPLIED']);
    const [{ id: accountId }] = await t.database.db.query('SELECT id FROM accounts WHERE number = ?', [ANNA.number]);
    const count = () => countRows("SELECT COUNT(*) AS n FROM webhook_events WHERE type = 'APPEAL_REPLIED'");
    const before = await count();
    await expect(t.database.db.transaction(async (tx) => {
      expect(await outbox.emitWebhook(tx, WebhookEvent.APPEAL_REPLIED, Number(accountId), { appealId: '1', replyId: '1' }, NOW)).toBe(1);
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect(await count()).toBe(before);
    await t.database.db.transaction((tx) => outbox.emitWebhook(tx, WebhookEvent.APPEAL_REPLIED, Number(accountId), { appealId: '1', replyId: '1' }, NOW));
    expect(await count()).toBe(before + 1);
  });
});

// Last: it closes November, after which no reading of November is taken.
describe('charges posted', () => {
  it("CHARGES_POSTED: a month close tells each subscriber endpoint its account's total, and staff once for the period; so does a charges import", async () => {
    const annaHook = await receiver();
    const staffHook = await receiver();
    await create(anna, annaHook.url, ['CHARGES_POSTED']);
    await create(operator, staffHook.url, ['CHARGES_POSTED']);
    const eventsBefore = await countRows("SELECT COUNT(*) AS n FROM webhook_events WHERE type = 'CHARGES_POSTED'");
    t.api.services.clock.set('2026-12-02T09:00:00+03:00');
    const closed = await t.gql('mutation { closeBillingPeriod(period: "2026-11") { period accountsCharged totalCharged } }', {}, operator);
    expect(closed.errors).toBeUndefined();
    // Two events only: Anna's account (an endpoint) and the period's for staff; no event for accounts without one.
    expect(await countRows("SELECT COUNT(*) AS n FROM webhook_events WHERE type = 'CHARGES_POSTED'")).toBe(eventsBefore + 2);
    await dispatch(new Date('2026-12-02T09:00:00+03:00'));
    expect(annaHook.received).toHaveLength(1);
    const own = annaHook.received[0].json;
    const [{ total }] = await t.database.db.query(
      "SELECT SUM(l.amount) AS total FROM ledger_entries l JOIN accounts a ON a.id = l.account_id WHERE a.number = ? AND (l.external_id LIKE 'close:2026-11:%' OR l.external_id LIKE 'penalty:2026-11:%')",
      [ANNA.number],
    );
    expect(own).toMatchObject({ type: 'CHARGES_POSTED', accountNumber: ANNA.number, data: { period: '2026-11', amount: Number(total).toFixed(2), source: 'CLOSE' } });
    expect(staffHook.received).toHaveLength(1);
    expect(staffHook.received[0].json).toMatchObject({
      type: 'CHARGES_POSTED',
      accountNumber: null,
      data: { period: '2026-11', accounts: closed.data.closeBillingPeriod.accountsCharged, total: closed.data.closeBillingPeriod.totalCharged, source: 'CLOSE' },
    });

    const csv = ['external_id;account_number;period;kind;amount;description',
      `wh-ch-1;${ANNA.number};2026-12;CHARGE;100,10;Обслуживание`,
      `wh-ch-2;${ANNA.number};2026-12;PENALTY;1,05;Пени`,
      `wh-ch-3;${IVAN.number};2026-12;CHARGE;50,00;Обслуживание`].join('\n');
    const imported = await t.gql('mutation($c: String!) { importCharges(csv: $c) { loaded } }', { c: csv }, operator);
    expect(imported.data?.importCharges.loaded).toBe(3);
    await dispatch(new Date('2026-12-02T09:00:00+03:00'));
    expect(annaHook.received.map((r) => r.json.data)).toContainEqual({ period: '2026-12', amount: '101.15', source: 'IMPORT' });
    expect(annaHook.received).toHaveLength(2);
    expect(staffHook.received.map((r) => r.json.data)).toContainEqual({ period: '2026-12', accounts: 2, total: '151.15', source: 'IMPORT' });
    expect(staffHook.received).toHaveLength(2);
  });
});
