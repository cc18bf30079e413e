/**
 * The subscriptions' event bus: in memory for one process, or through Redis when
 * REDIS_URL is set, so a reply posted on one API instance reaches subscribers
 * connected to another.
 */
import { createPubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import Redis from 'ioredis';
import { log } from './logger';

export interface Events {
  /**
   * An operator replied to an appeal. Routed by the person who holds the appeal's account (topic
   * `APPEAL_REPLIED:<subscriberId>`, a Redis channel of its own, #15): a reply wakes only that person's
   * subscriptions, whichever of their accounts they signed in with, not every one open.
   */
  APPEAL_REPLIED: [subscriberId: number, event: { accountId: number; subscriberId: number; replyId: number }];
  /** A month close moved on (a batch committed, or it started or finished): staff screens follow it (#16). */
  BILLING_CLOSE_PROGRESS: [event: { period: string }];
  [key: string]: [unknown] | [id: string | number, payload: unknown];
}

export type AppPubSub = ReturnType<typeof createPubSub<Events>>;

export interface PubSubHandle {
  pubSub: AppPubSub;
  /** 'ok', 'unreachable', or 'memory' when no Redis is configured. */
  redisStatus(): Promise<'ok' | 'unreachable' | 'memory'>;
  close(): Promise<void>;
}

export function createAppPubSub(redisUrl: string | null): PubSubHandle {
  if (!redisUrl) return { pubSub: createPubSub<Events>(), redisStatus: async () => 'memory', close: async () => undefined };
  const options = { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false };
  const publishClient = new Redis(redisUrl, options);
  const subscribeClient = new Redis(redisUrl, options);
  let warned = false;
  for (const client of [publishClient, subscribeClient]) {
    client.on('error', (e) => {
      if (!warned) log.warn('Redis unavailable: live updates to other API instances are paused until it is back', { error: e.message });
      warned = true;
    });
    client.on('ready', () => {
      if (warned) log.info('Redis is back: live updates resume');
      warned = false;
    });
  }
  // The event target fires PUBLISH/SUBSCRIBE without awaiting them: with Redis down their
  // rejections went unhandled and stopped the process. They are logged instead.
  const dropped = (what: string) => (e: Error) => log.warn(`Redis ${what} failed: the live update is not shared with other API instances`, { error: e.message });
  const eventTarget = createRedisEventTarget({
    publishClient: { publish: (channel: string, message: string) => publishClient.publish(channel, message).catch(dropped('PUBLISH')) } as unknown as Redis,
    subscribeClient: {
      on: (event: string, listener: (...args: any[]) => void) => subscribeClient.on(event, listener),
      subscribe: (channel: string) => subscribeClient.subscribe(channel).catch(dropped('SUBSCRIBE')),
      unsubscribe: (channel: string) => subscribeClient.unsubscribe(channel).catch(dropped('UNSUBSCRIBE')),
    } as unknown as Redis,
  });
  return {
    pubSub: createPubSub<Events>({ eventTarget }),
    async redisStatus() {
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 1000)));
        const answer = await Promise.race([publishClient.ping(), timeout]);
        return answer === 'PONG' ? 'ok' : 'unreachable';
      } catch {
        return 'unreachable';
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}
