/**
 * The bucket's level behind the RateLimit-* headers and the `rateLimit` query: `fill` drips and says
 * how full the bucket is after, `level` reads it without dripping — in memory and in Redis (the same
 * Lua clock as the drip), and RateLimiter turns the level into limit / remaining / reset seconds.
 */
import { randomUUID } from 'node:crypto';
import { anonymous } from '../../src/auth/viewer';
import { MemoryLimitStore, createLimitStore, type LimitStore } from '../../src/protection/limit-store';
import { RateLimiter } from '../../src/http/rate-limit';
import { testConfig } from '../support/api';
import { TEST_REDIS_URL, redisReachable } from '../protection/helpers';

const rule = { perSecond: 2, burst: 3 };

it('in memory: fill and level follow the leak', async () => {
  let now = 1_000_000;
  const store = new MemoryLimitStore(() => now);
  expect(await store.level('k', rule)).toBe(0);
  expect(await store.fill('k', rule)).toEqual({ wait: 0, level: 1 });
  expect(await store.fill('k', rule)).toEqual({ wait: 0, level: 2 });
  expect(await store.level('k', rule)).toBe(2); // reading counts nothing
  expect(await store.fill('k', rule)).toEqual({ wait: 0, level: 3 });
  expect(await store.fill('k', rule)).toEqual({ wait: 500, level: 3 }); // refused, not counted
  now += 250;
  expect(await store.level('k', rule)).toBe(2.5);
  now += 10_000;
  expect(await store.level('k', rule)).toBe(0);
});

it('RateLimiter: remaining is what fits now, reset the seconds until the bucket is empty; off, the whole burst', async () => {
  let now = 2_000_000;
  const limiter = new RateLimiter(new MemoryLimitStore(() => now), rule);
  expect(await limiter.status(anonymous, '1.1.1.1')).toEqual({ limit: 3, remaining: 3, resetSeconds: 0 });
  expect(await limiter.admit(anonymous, '1.1.1.1')).toEqual({ wait: 0, limit: 3, remaining: 2, resetSeconds: 1 });
  await limiter.admit(anonymous, '1.1.1.1');
  expect(await limiter.admit(anonymous, '1.1.1.1')).toEqual({ wait: 0, limit: 3, remaining: 0, resetSeconds: 2 });
  expect(await limiter.admit(anonymous, '1.1.1.1')).toEqual({ wait: 1, limit: 3, remaining: 0, resetSeconds: 2 });
  now += 600; // 1.2 requests leaked: one fits
  expect(await limiter.status(anonymous, '1.1.1.1')).toEqual({ limit: 3, remaining: 1, resetSeconds: 1 });
  const off = new RateLimiter(new MemoryLimitStore(), { perSecond: 0, burst: 60 });
  expect(await off.admit(anonymous, '1.1.1.1')).toBeNull();
  expect(await off.take(anonymous, '1.1.1.1')).toBe(0);
  expect(await off.status(anonymous, '1.1.1.1')).toEqual({ limit: 60, remaining: 60, resetSeconds: 0 });
});

const reachable = redisReachable();
if (!reachable) {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED the Redis bucket-level test: Redis is unreachable at ${TEST_REDIS_URL}.`);
}
(reachable ? describe : describe.skip)(`in Redis (${TEST_REDIS_URL})`, () => {
  let store: LimitStore;
  beforeAll(async () => {
    testConfig({ LOG_LEVEL: 'warn' });
    store = await createLimitStore(TEST_REDIS_URL, `test-${randomUUID()}`);
  });
  afterAll(() => store?.close());

  it('fill returns the level after the drip, level reads it without dripping', async () => {
    // Redis keeps its own clock, so the level leaks while the test runs: every bound allows for the time that has
    // passed since the first fill (measured here, which is at least what passed in Redis between the calls). With
    // fixed bounds this failed under CI's load: 2.78 against > 2.8, 110 ms between two fills at 2 a second.
    const slow = { perSecond: 0.5, burst: 3 };
    const leakedSince = (start: number) => (slow.perSecond * (performance.now() - start)) / 1000;
    const ROUNDING = 0.002; // the Lua clock counts whole milliseconds: up to 2 ms more leak than measured here
    expect(await store.level('k', slow)).toBe(0);
    const started = performance.now();
    const first = await store.fill('k', slow);
    expect(first.wait).toBe(0);
    expect(first.level).toBeCloseTo(1, 6); // right after the fill, nothing has leaked yet
    await store.fill('k', slow);
    const level = await store.level('k', slow);
    expect(level).toBeGreaterThanOrEqual(2 - leakedSince(started) - ROUNDING);
    expect(level).toBeLessThanOrEqual(2);
    expect(await store.level('k', slow)).toBeLessThanOrEqual(level); // no drip: it only leaks
    await store.fill('k', slow);
    const refused = await store.fill('k', slow);
    const leaked = leakedSince(started);
    expect(leaked).toBeLessThan(1); // else the bucket had room: the test could not refuse (2 s of 0.5 a second)
    expect(refused.wait).toBeGreaterThan(0);
    expect(refused.level).toBeGreaterThanOrEqual(3 - leaked - ROUNDING);
    expect(refused.level).toBeLessThanOrEqual(3);
    expect(await store.drip('k', slow)).toBeGreaterThan(0); // drip keeps its answer: milliseconds to wait
  });
});
