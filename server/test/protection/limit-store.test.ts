/**
 * The counters behind the rate and attempt limits: the leaky bucket and the sliding
 * windows in memory and in Redis (one Lua script per step: concurrent callers cannot
 * slip past a check together), and the fall-back to memory when Redis is down.
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { setConfig } from '../../src/config';
import { MemoryLimitStore, RedisLimitStore, createLimitStore, redisAddress } from '../../src/protection/limit-store';
import { testConfig } from '../support/api';
import { TEST_REDIS_URL, captureOutput, redisReachable, sleep } from './helpers';

describe('in memory', () => {
  it('leaky bucket: a burst, then the sustained rate', async () => {
    let now = 1_000_000;
    const store = new MemoryLimitStore(() => now);
    const rule = { perSecond: 2, burst: 3 };
    expect([await store.drip('k', rule), await store.drip('k', rule), await store.drip('k', rule)]).toEqual([0, 0, 0]);
    expect(await store.drip('k', rule)).toBe(500); // one more fits when half a second has leaked out
    expect(await store.drip('other', rule)).toBe(0);
    now += 500;
    expect(await store.drip('k', rule)).toBe(0);
    expect(await store.drip('k', rule)).toBe(500);
    now += 10_000;
    for (let i = 0; i < 3; i++) expect(await store.drip('k', rule)).toBe(0);
  });

  it('windows: all or nothing, the wait until the oldest attempt leaves, release and clear', async () => {
    let now = 5_000_000;
    const store = new MemoryLimitStore(() => now);
    const windows = (a: string) => [
      { key: `acct:${a}`, max: 2, windowSeconds: 60 },
      { key: 'ip', max: 3, windowSeconds: 60 },
    ];
    expect(await store.reserve(windows('1'), 'a')).toBe(0);
    now += 1000;
    expect(await store.reserve(windows('1'), 'b')).toBe(0);
    expect(await store.reserve(windows('1'), 'c')).toBe(59_000); // acct:1 is full: the first attempt leaves in 59 s
    expect(await store.reserve(windows('2'), 'd')).toBe(0); // the address had room for one more; nothing was counted for 'c'
    expect(await store.reserve(windows('3'), 'e')).toBe(59_000); // now the address is full, until its first attempt leaves
    await store.release(['acct:2', 'ip'], 'd');
    expect(await store.reserve(windows('3'), 'f')).toBe(0);
    await store.clear('acct:1');
    expect(await store.reserve([{ key: 'acct:1', max: 2, windowSeconds: 60 }], 'g')).toBe(0);
    now += 60_000;
    expect(await store.reserve(windows('1'), 'h')).toBe(0);
  });
});

const reachable = redisReachable();
if (!reachable) {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED the Redis limit store tests: Redis is unreachable at ${TEST_REDIS_URL}. Start Redis (or set TEST_REDIS_URL) to run them.`);
}
const describeRedis = reachable ? describe : describe.skip;

describeRedis(`in Redis (${TEST_REDIS_URL})`, () => {
  const namespace = `test-${randomUUID()}`;
  let one: RedisLimitStore;
  let two: RedisLimitStore;
  beforeAll(async () => {
    testConfig({ LOG_LEVEL: 'warn' });
    // Two clients, as two API instances would have.
    one = (await createLimitStore(TEST_REDIS_URL, namespace)) as RedisLimitStore;
    two = (await createLimitStore(TEST_REDIS_URL, namespace)) as RedisLimitStore;
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
  });

  it('is a Redis store', () => {
    expect(one).toBeInstanceOf(RedisLimitStore);
  });

  it('leaky bucket: 60 concurrent requests from two instances, exactly the burst passes', async () => {
    const rule = { perSecond: 1, burst: 10 };
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? one : two).drip('bucket', rule)));
    expect(results.filter((r) => r === 0)).toHaveLength(10);
    for (const wait of results.filter((r) => r > 0)) {
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(1000);
    }
    await sleep(1100);
    expect(await one.drip('bucket', rule)).toBe(0);
    expect(await two.drip('bucket', rule)).toBeGreaterThan(0);
  });

  it('windows: 40 concurrent attempts from two instances, exactly the max is counted', async () => {
    const windows = [
      { key: 'attempts:acct', max: 5, windowSeconds: 60 },
      { key: 'attempts:ip', max: 30, windowSeconds: 60 },
    ];
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).reserve(windows, `id-${i}`)));
    const passed = results.map((r, i) => (r === 0 ? i : -1)).filter((i) => i >= 0);
    expect(passed).toHaveLength(5);
    for (const wait of results.filter((r) => r > 0)) expect(wait).toBeGreaterThan(59_000);
    // Refused attempts were not counted at the address: 25 more fit there.
    const other = await Promise.all(Array.from({ length: 26 }, (_, i) => one.reserve([{ key: 'attempts:ip', max: 30, windowSeconds: 60 }], `more-${i}`)));
    expect(other.filter((r) => r === 0)).toHaveLength(25);
    // Released and cleared on the other instance.
    await two.release(['attempts:acct'], `id-${passed[0]}`);
    expect(await one.reserve([windows[0]], 'again')).toBe(0);
    expect(await one.reserve([windows[0]], 'again-2')).toBeGreaterThan(0);
    await two.clear('attempts:acct');
    expect(await one.reserve([windows[0]], 'after-clear')).toBe(0);
  });

  it('keys live under the namespace and expire', async () => {
    const probe = new Redis(TEST_REDIS_URL);
    try {
      const keys = await probe.keys(`kabinet:{${namespace}}:*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(await probe.pttl(key)).toBeGreaterThan(0);
    } finally {
      probe.disconnect();
    }
  });
});

describe('with Redis down', () => {
  it('falls back to memory, says so once in the log, and never fails a call', async () => {
    setConfig({ ...testConfig({ LOG_LEVEL: 'warn' }) });
    const output = captureOutput();
    let store: RedisLimitStore | undefined;
    try {
      store = (await createLimitStore('redis://:s3cret-redis-pass@127.0.0.1:1/0', 'down')) as RedisLimitStore;
      const rule = { perSecond: 1, burst: 2 };
      expect([await store.drip('k', rule), await store.drip('k', rule)]).toEqual([0, 0]);
      expect(await store.drip('k', rule)).toBeGreaterThan(0); // still limited, in memory
      const windows = [{ key: 'a', max: 1, windowSeconds: 60 }];
      expect(await store.reserve(windows, 'x')).toBe(0);
      expect(await store.reserve(windows, 'y')).toBeGreaterThan(0);
      await store.release(['a'], 'x');
      await store.clear('a');
      expect(await store.reserve(windows, 'z')).toBe(0);
    } finally {
      await store?.close();
      output.stop();
    }
    const log = output.text();
    const lines = log.split('\n').filter((l) => l.includes('Redis unavailable'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/kept in this instance's memory/);
    expect(lines[0]).toContain('127.0.0.1:1');
    expect(log).not.toContain('s3cret-redis-pass');
  });

  it('names Redis by host and port only', () => {
    expect(redisAddress('redis://user:pw@cache.internal:6380/2')).toBe('cache.internal:6380');
  });
});
