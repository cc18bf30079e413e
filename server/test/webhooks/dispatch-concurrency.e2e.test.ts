/**
 * Two API instances on one database dispatch the same outbox at the same time: each delivery is claimed by one of
 * them (SELECT … FOR UPDATE SKIP LOCKED and a lease), so the receiver gets every event exactly once.
 */
import { randomBytes } from 'node:crypto';
import { startApi, type RunningApi } from '../../src/app';
import { createDataSource } from '../../src/data-source';
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import type { DataSource } from 'typeorm';
import { startTestApi, type TestApi } from '../support/api';
import { staffToken, subscriberToken, gqlAt } from '../appeals/helpers';
import { startReceiver, verifyKabinetWebhook, type Receiver } from './helpers';

const NOW = new Date('2026-11-20T09:00:00+03:00');
const EVENTS = 40;

let t: TestApi;
let secondDb: DataSource;
let second: RunningApi;
let hook: Receiver;

beforeAll(async () => {
  t = await startTestApi({ WEBHOOK_ALLOW_PRIVATE: 'true', REDIS_URL: '' });
  t.api.services.clock.set(NOW);
  await seedDemoData(t.database.db, NOW);
  // A second API instance: its own connection pool and services, the same database.
  secondDb = createDataSource({ url: t.database.url, poolSize: 10 });
  await secondDb.initialize();
  second = await startApi(secondDb, { port: 0, host: '127.0.0.1', redisUrl: null });
  second.services.clock.set(NOW);
}, 120_000);

afterAll(async () => {
  await second?.stop();
  await new Promise<void>((resolve) => (second ? second.httpServer.close(() => resolve()) : resolve()));
  await secondDb?.destroy();
  await hook?.close();
  await t?.stop();
});

it(`${EVENTS} events, two dispatchers at once: every event arrives exactly once`, async () => {
  // A slow receiver, so that the two dispatchers' batches overlap in time.
  hook = await startReceiver({ status: 200, delayMs: 15 });
  const anna = await subscriberToken(second.url, DEMO.registered.number, DEMO.registered.password);
  const created = await gqlAt(second.url, 'mutation($u: String!) { createWebhookEndpoint(url: $u, events: [PAYMENT_RECORDED]) { secret } }', { u: hook.url }, anna);
  expect(created.errors).toBeUndefined();
  const secret = created.data.createWebhookEndpoint.secret;

  const operator = await staffToken(t.url);
  const input = Array.from({ length: EVENTS }, (_, i) => ({
    accountNumber: DEMO.registered.number, amount: `${i + 1}.00`, paidOn: '2026-11-19', externalId: `conc-${randomBytes(6).toString('hex')}`,
  }));
  const recorded = await t.gql('mutation($i: [RecordPaymentInput!]!) { recordPayments(input: $i) { replayed } }', { i: input }, operator);
  expect(recorded.errors).toBeUndefined();
  const [{ n }] = await t.database.db.query('SELECT COUNT(*) AS n FROM webhook_deliveries WHERE next_attempt_at IS NOT NULL');
  expect(Number(n)).toBe(EVENTS);

  // Both instances drain the outbox concurrently, several rounds each.
  const drain = async (dispatchDue: (now: Date) => Promise<number>) => {
    let attempts = 0;
    for (let round = 0; round < 5; round++) attempts += await dispatchDue(NOW);
    return attempts;
  };
  const [a, b] = await Promise.all([
    drain((now) => t.api.services.webhooks.dispatchDue(now)),
    drain((now) => second.services.webhooks.dispatchDue(now)),
  ]);
  expect(a + b).toBe(EVENTS);
  // Both took part (the claim skips what the other holds instead of waiting for it).
  expect(a).toBeGreaterThan(0);
  expect(b).toBeGreaterThan(0);

  const counts = hook.counts();
  expect(counts.size).toBe(EVENTS);
  expect([...counts.values()].every((c) => c === 1)).toBe(true);
  expect(hook.received.map((r) => r.json.data.amount).sort()).toEqual(input.map((p) => p.amount).sort());
  for (const r of hook.received) expect(verifyKabinetWebhook(secret, r.headers, r.body)).toBe(true);
  const [{ delivered, claimed }] = await t.database.db.query(
    'SELECT SUM(delivered_at IS NOT NULL AND attempts = 1) AS delivered, SUM(claimed_by IS NOT NULL) AS claimed FROM webhook_deliveries',
  );
  expect(Number(delivered)).toBe(EVENTS);
  expect(Number(claimed)).toBe(0);
}, 60_000);
