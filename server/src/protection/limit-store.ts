/**
 * Where the API keeps its counters: the per-caller request rate (a leaky bucket)
 * and the sign-in, registration and reset attempts (sliding windows). In Redis
 * when REDIS_URL is set, so every API instance sees the same counts; each step is
 * one Lua script, so concurrent requests cannot slip past a check together. In
 * memory otherwise — and whenever Redis is down: a request never fails because of
 * Redis; the API says once in the log that limits are per instance until it is back.
 * Not rate-limiter-flexible: its Redis limiters are fixed windows (nearly twice the burst or the guesses at a
 * window's end) and count one key per call, where reserve() counts in every window or none and
 * release() takes back one attempt by its id — measured in the README («Why the limit store is our own»).
 */
import Redis from 'ioredis';
import { log } from '../common/logger';

export interface BucketRule {
  /** Requests per second that drain from the bucket. */
  perSecond: number;
  /** How many requests the bucket holds: the burst allowed at once. */
  burst: number;
}

/** One drip's outcome and the bucket's level after it (requests in the bucket, fractional: it leaks continuously). */
export interface BucketState {
  /** 0 when the request fit (and is counted); otherwise milliseconds to wait (not counted). */
  wait: number;
  level: number;
}

export interface WindowRule {
  key: string;
  /** Attempts allowed within the window. */
  max: number;
  windowSeconds: number;
}

export interface LimitStore {
  /** Adds one request to the key's bucket. 0 when it fits (and is counted); otherwise milliseconds to wait (not counted). */
  drip(key: string, rule: BucketRule): Promise<number>;
  /** Like drip, and says how full the bucket is afterwards (for the RateLimit-* headers). */
  fill(key: string, rule: BucketRule): Promise<BucketState>;
  /** How full the key's bucket is now, without adding to it (the `rateLimit` query). */
  level(key: string, rule: BucketRule): Promise<number>;
  /**
   * Counts one attempt, named `id`, in every window at once — or, when any of them
   * is full, in none: then the milliseconds until that window has room.
   */
  reserve(windows: WindowRule[], id: string): Promise<number>;
  /** Takes a counted attempt back out of the windows. */
  release(keys: string[], id: string): Promise<void>;
  /** How many attempts a window holds now. */
  count(key: string, windowSeconds: number): Promise<number>;
  /** Forgets every attempt of a key. */
  clear(key: string): Promise<void>;
  close(): Promise<void>;
}

/** One process's counters. `now` is injectable for tests. */
export class MemoryLimitStore implements LimitStore {
  private readonly buckets = new Map<string, { level: number; at: number }>();
  private readonly windows = new Map<string, { at: number; id: string }[]>();

  constructor(private readonly now: () => number = Date.now) {}

  async drip(key: string, rule: BucketRule): Promise<number> {
    return this.fillSync(key, rule).wait;
  }

  async fill(key: string, rule: BucketRule): Promise<BucketState> {
    return this.fillSync(key, rule);
  }

  async level(key: string, rule: BucketRule): Promise<number> {
    return this.levelAt(key, rule, this.now());
  }

  fillSync(key: string, rule: BucketRule): BucketState {
    const now = this.now();
    const level = this.levelAt(key, rule, now);
    if (level + 1 > rule.burst) return { wait: Math.max(1, Math.ceil(((level + 1 - rule.burst) * 1000) / rule.perSecond)), level };
    this.buckets.set(key, { level: level + 1, at: now });
    if (this.buckets.size > 100_000) this.prune();
    return { wait: 0, level: level + 1 };
  }

  private levelAt(key: string, rule: BucketRule, now: number): number {
    const bucket = this.buckets.get(key);
    return bucket ? Math.max(0, bucket.level - ((now - bucket.at) * rule.perSecond) / 1000) : 0;
  }

  async reserve(windows: WindowRule[], id: string): Promise<number> {
    const now = this.now();
    let wait = 0;
    const current = windows.map((w) => {
      const recent = (this.windows.get(w.key) ?? []).filter((e) => e.at > now - w.windowSeconds * 1000);
      if (recent.length >= w.max) wait = Math.max(wait, recent[recent.length - w.max].at + w.windowSeconds * 1000 - now);
      return recent;
    });
    if (wait > 0) return Math.max(1, wait);
    windows.forEach((w, i) => this.windows.set(w.key, [...current[i], { at: now, id }]));
    if (this.windows.size > 100_000) this.prune();
    return 0;
  }

  async release(keys: string[], id: string): Promise<void> {
    for (const key of keys) {
      const entries = this.windows.get(key);
      if (entries) this.windows.set(key, entries.filter((e) => e.id !== id));
    }
  }

  async count(key: string, windowSeconds: number): Promise<number> {
    const since = this.now() - windowSeconds * 1000;
    return (this.windows.get(key) ?? []).filter((e) => e.at > since).length;
  }

  async clear(key: string): Promise<void> {
    this.windows.delete(key);
    this.buckets.delete(key);
  }

  async close(): Promise<void> {}

  private prune(): void {
    const now = this.now();
    // Buckets drain at least 1 request/s in any sane configuration; an hour covers every window.
    for (const [key, b] of this.buckets) if (now - b.at > 3600_000) this.buckets.delete(key);
    for (const [key, entries] of this.windows) if (!entries.some((e) => now - e.at < 24 * 3600_000)) this.windows.delete(key);
  }
}

/**
 * KEYS[1]: the bucket. ARGV: per second, burst. Returns { 0 or the milliseconds to wait, the level
 * afterwards in thousandths of a request } (a Lua number becomes a Redis integer).
 */
const DRIP = `
redis.replicate_commands()
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local saved = redis.call('HMGET', KEYS[1], 'level', 'at')
local level = 0
if saved[1] then
  level = math.max(0, tonumber(saved[1]) - (now - tonumber(saved[2])) * rate / 1000)
end
if level + 1 > burst then
  return { math.max(1, math.ceil((level + 1 - burst) * 1000 / rate)), math.floor(level * 1000) }
end
level = level + 1
redis.call('HSET', KEYS[1], 'level', tostring(level), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(level * 1000 / rate) + 1000)
return { 0, math.floor(level * 1000) }
`;

/** KEYS[1]: the bucket. ARGV[1]: per second. Returns its level now in thousandths of a request, changing nothing. */
const LEVEL = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local saved = redis.call('HMGET', KEYS[1], 'level', 'at')
if not saved[1] then return 0 end
return math.floor(math.max(0, tonumber(saved[1]) - (now - tonumber(saved[2])) * tonumber(ARGV[1]) / 1000) * 1000)
`;

/**
 * KEYS: the windows (sorted sets of attempt ids scored by time). ARGV[1]: the
 * attempt's id; then, per key, its max and its window in milliseconds.
 */
const RESERVE = `
redis.replicate_commands()
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait = 0
for i, key in ipairs(KEYS) do
  local max = tonumber(ARGV[i * 2])
  local window = tonumber(ARGV[i * 2 + 1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count >= max then
    local oldest = redis.call('ZRANGE', key, count - max, count - max, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + window - now)
  end
end
if wait > 0 then return math.max(1, wait) end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[1])
  redis.call('PEXPIRE', key, tonumber(ARGV[i * 2 + 1]))
end
return 0
`;

/** KEYS[1]: a window. ARGV[1]: its length in milliseconds. Returns how many attempts it holds (by Redis's clock, as RESERVE). */
const COUNT = `
redis.replicate_commands()
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
return redis.call('ZCARD', KEYS[1])
`;

type ScriptedRedis = Redis & {
  kabinetCount(key: string, windowMs: number): Promise<number>;
  kabinetDrip(key: string, perSecond: number, burst: number): Promise<[number, number]>;
  kabinetLevel(key: string, perSecond: number): Promise<number>;
  kabinetReserve(...args: (string | number)[]): Promise<number>;
};

/** "redis://:secret@host:6379/0" → "host:6379": for log lines, never the password. */
export function redisAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 6379}`;
  } catch {
    return 'the configured address';
  }
}

/** Counters in Redis, falling back to a MemoryLimitStore while Redis cannot be reached. */
export class RedisLimitStore implements LimitStore {
  private readonly client: ScriptedRedis;
  private readonly address: string;
  private degraded = false;
  private closed = false;

  constructor(
    url: string,
    /** Prefixes every key: deployments (and test databases) sharing one Redis do not share counters. */
    private readonly prefix: string,
    private readonly fallback: MemoryLimitStore = new MemoryLimitStore(),
  ) {
    this.client = new Redis(url, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: 1000,
      connectTimeout: 2000,
    }) as ScriptedRedis;
    this.client.defineCommand('kabinetDrip', { numberOfKeys: 1, lua: DRIP });
    this.client.defineCommand('kabinetLevel', { numberOfKeys: 1, lua: LEVEL });
    this.client.defineCommand('kabinetReserve', { lua: RESERVE });
    this.client.defineCommand('kabinetCount', { numberOfKeys: 1, lua: COUNT });
    this.address = redisAddress(url);
    this.client.on('error', (e: Error) => this.degrade(e.message));
    this.client.on('ready', () => {
      if (this.degraded) log.info('Redis is back: rate limits and sign-in attempt limits are shared by every API instance again', { redis: this.address });
      this.degraded = false;
    });
  }

  /** Resolves once Redis answers or refused (at most `timeoutMs`), so that the first requests do not fall back needlessly. */
  ready(timeoutMs = 2000): Promise<void> {
    if (this.client.status === 'ready') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.client.off('ready', done);
        this.client.off('error', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.client.once('ready', done);
      this.client.once('error', done);
    });
  }

  async drip(key: string, rule: BucketRule): Promise<number> {
    return (await this.fill(key, rule)).wait;
  }

  async fill(key: string, rule: BucketRule): Promise<BucketState> {
    return this.attempt(
      async () => {
        const [wait, milli] = await this.client.kabinetDrip(this.prefix + key, rule.perSecond, rule.burst);
        return { wait: Number(wait), level: Number(milli) / 1000 };
      },
      () => this.fallback.fill(key, rule),
    );
  }

  async level(key: string, rule: BucketRule): Promise<number> {
    return this.attempt(
      async () => Number(await this.client.kabinetLevel(this.prefix + key, rule.perSecond)) / 1000,
      () => this.fallback.level(key, rule),
    );
  }

  async reserve(windows: WindowRule[], id: string): Promise<number> {
    if (windows.length === 0) return 0;
    const args: (string | number)[] = [windows.length, ...windows.map((w) => this.prefix + w.key), id];
    for (const w of windows) args.push(w.max, w.windowSeconds * 1000);
    return this.attempt(
      async () => Number(await this.client.kabinetReserve(...args)),
      () => this.fallback.reserve(windows, id),
    );
  }

  async release(keys: string[], id: string): Promise<void> {
    await this.fallback.release(keys, id);
    await this.attempt(
      async () => {
        const multi = this.client.multi();
        for (const key of keys) multi.zrem(this.prefix + key, id);
        await multi.exec();
        return 0;
      },
      async () => 0,
    );
  }

  async count(key: string, windowSeconds: number): Promise<number> {
    return this.attempt(
      async () => Number(await this.client.kabinetCount(this.prefix + key, windowSeconds * 1000)),
      () => this.fallback.count(key, windowSeconds),
    );
  }

  async clear(key: string): Promise<void> {
    await this.fallback.clear(key);
    await this.attempt(
      async () => {
        await this.client.del(this.prefix + key);
        return 0;
      },
      async () => 0,
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    this.client.disconnect();
  }

  private async attempt<T>(redis: () => Promise<T>, memory: () => Promise<T>): Promise<T> {
    if (this.client.status !== 'ready') {
      this.degrade(`connection ${this.client.status}`);
      return memory();
    }
    try {
      return await redis();
    } catch (e) {
      this.degrade((e as Error).message);
      return memory();
    }
  }

  private degrade(reason: string): void {
    if (this.degraded || this.closed) return;
    this.degraded = true;
    log.warn(
      'Redis unavailable: rate limits and sign-in attempt limits are kept in this instance\'s memory (not shared with other API instances) until it is back; requests are served as usual',
      { redis: this.address, error: reason },
    );
  }
}

/**
 * The store for a REDIS_URL (null: memory). `namespace` separates deployments
 * sharing one Redis; the hash tag keeps every key of a deployment on one Redis
 * Cluster slot, which multi-key scripts need.
 */
export async function createLimitStore(redisUrl: string | null, namespace: string): Promise<LimitStore> {
  if (!redisUrl) return new MemoryLimitStore();
  const store = new RedisLimitStore(redisUrl, `kabinet:{${namespace}}:`);
  await store.ready();
  return store;
}
