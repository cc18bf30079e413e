/**
 * Live replies across API instances: two APIs on one database, each with its own
 * Redis event bus; the subscriber is connected to instance 2, the operator replies
 * through instance 1, and the reply arrives. Needs Redis (TEST_REDIS_URL, default
 * redis://127.0.0.1:6379); skipped, saying so, only when Redis cannot be reached.
 */
import { execFileSync } from 'node:child_process';
import Redis from 'ioredis';
import { startApi, type RunningApi } from '../../src/app';
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import { startTestApi, type TestApi } from '../support/api';
import { APPEAL_REPLIED, SECOND, gqlAt, registerSecondSubscriber, sleep, staffToken, subscribe, subscriberToken, waitUntil } from './helpers';

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/** Synchronous, so that the test can be declared skipped: can a TCP connection be made to Redis? */
function redisReachable(url: string): boolean {
  const { hostname, port } = new URL(url);
  const probe = `const s=require('net').connect(${Number(port) || 6379},${JSON.stringify(hostname || '127.0.0.1')});s.setTimeout(1500);s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));s.on('timeout',()=>process.exit(1));`;
  try {
    execFileSync(process.execPath, ['-e', probe], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

const reachable = redisReachable(REDIS_URL);
if (!reachable) {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED the Redis fan-out test: Redis is unreachable at ${REDIS_URL}. Start Redis (or set TEST_REDIS_URL) to run it.`);
}
const describeRedis = reachable ? describe : describe.skip;

const CREATE = `mutation($text: String!) { createAppeal(input: { text: $text }) { id } }`;
const REPLY = `mutation($id: ID!, $text: String!) { replyToAppeal(appealId: $id, text: $text) { id } }`;

async function stopInstance(api: RunningApi | undefined): Promise<void> {
  if (!api) return;
  await api.stop();
  await new Promise<void>((resolve) => api.httpServer.close(() => resolve()));
}

describeRedis(`live replies across two API instances through Redis (${REDIS_URL})`, () => {
  let t: TestApi;
  let one: RunningApi;
  let two: RunningApi;
  let probe: Redis;

  beforeAll(async () => {
    t = await startTestApi({ REDIS_URL: '' });
    await seedDemoData(t.database.db);
    await registerSecondSubscriber(t.database.db);
    one = await startApi(t.database.db, { port: 0, host: '127.0.0.1', redisUrl: REDIS_URL });
    two = await startApi(t.database.db, { port: 0, host: '127.0.0.1', redisUrl: REDIS_URL });
    probe = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    probe?.disconnect();
    await stopInstance(two);
    await stopInstance(one);
    await t?.stop();
  });

  it('a reply posted on instance 1 reaches the subscriber connected to instance 2, and only them', async () => {
    const anna = await subscriberToken(one.url, DEMO.registered.number, DEMO.registered.password);
    const ivan = await subscriberToken(one.url, SECOND.number, SECOND.password);
    const operator = await staffToken(one.url);
    // Events are routed by account: each account has a channel of its own (APPEAL_REPLIED:<account id>).
    const annaId = (await gqlAt(one.url, '{ me { id } }', {}, anna)).data.me.id;
    const subscribers = async () => Number(((await probe.pubsub('NUMSUB', `APPEAL_REPLIED:${annaId}`)) as [string, string | number])[1]);
    const baseline = await subscribers();

    const a = subscribe(two.url, anna, APPEAL_REPLIED);
    const b = subscribe(two.url, ivan, APPEAL_REPLIED);
    try {
      await Promise.all([a.connected, b.connected]);
      // Instance 2 has subscribed to the Redis channel.
      await waitUntil(async () => (await subscribers()) > baseline, 10_000, 'instance 2 to subscribe to APPEAL_REPLIED:<anna> in Redis');
      await sleep(100);

      const created = await gqlAt(one.url, CREATE, { text: 'Слабый напор воды' }, anna);
      expect(created.errors).toBeUndefined();
      const reply = await gqlAt(one.url, REPLY, { id: created.data.createAppeal.id, text: 'Проверим насосную станцию.' }, operator);
      expect(reply.errors).toBeUndefined();

      await waitUntil(() => a.events.length > 0, 10_000, 'the reply on instance 2');
      expect(a.events[0].errors).toBeUndefined();
      expect(a.events[0].data.appealReplied).toMatchObject({
        id: reply.data.replyToAppeal.id,
        text: 'Проверим насосную станцию.',
        appeal: { id: created.data.createAppeal.id, status: 'ANSWERED', account: { number: DEMO.registered.number } },
      });
      await sleep(500);
      expect(b.events).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
