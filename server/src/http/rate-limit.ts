/**
 * The per-caller request rate: a leaky bucket per signed-in user (or per API
 * token), else per client address — RATE_LIMIT_PER_SECOND sustained, bursts of
 * RATE_LIMIT_BURST. Every GraphQL request over HTTP, every operation started
 * on a WebSocket and every request for a report or a payment document drips one
 * request into the caller's bucket; a full bucket is
 * answered RATE_LIMITED with `extensions.retryAfter` (seconds), and over HTTP with
 * status 429 and a Retry-After header. Every HTTP answer of those routes tells the
 * caller's budget in the RateLimit-Limit / -Remaining / -Reset headers (IETF draft
 * "RateLimit header fields for HTTP"); the `rateLimit` query tells the same.
 */
import type { NextFunction, Request, Response } from 'express';
import { anonymous, type Viewer } from '../auth/viewer';
import { log } from '../common/logger';
import { rateLimited } from '../errors';
import { sendGraphQLError } from './graphql-error-response';
import type { BucketRule, LimitStore } from '../protection/limit-store';

/** Whose bucket a request drips into. */
export function callerKey(viewer: Viewer, clientIp: string): string {
  if (viewer.kind === 'anonymous') return `rate:ip:${clientIp}`;
  if (viewer.via === 'token' && viewer.tokenId !== undefined) return `rate:token:${viewer.tokenId}`;
  return viewer.kind === 'subscriber' ? `rate:subscriber:${viewer.subscriberId}` : `rate:staff:${viewer.staffId}`;
}

/** A caller's budget, as the RateLimit-* headers and the `rateLimit` query tell it. */
export interface RateLimitBudget {
  /** The bucket's size: the burst. */
  limit: number;
  /** Requests that fit now. */
  remaining: number;
  /** Seconds until the bucket has leaked empty (the whole burst available again). */
  resetSeconds: number;
}

export class RateLimiter {
  constructor(private readonly store: LimitStore, private readonly rule: BucketRule) {}

  get enabled(): boolean {
    return this.rule.perSecond > 0 && this.rule.burst > 0;
  }

  /** Seconds the caller must wait (0: go ahead; the request is counted). */
  async take(viewer: Viewer, clientIp: string): Promise<number> {
    return (await this.admit(viewer, clientIp))?.wait ?? 0;
  }

  /** take() and the budget left after it; null when the limit is off. */
  async admit(viewer: Viewer, clientIp: string): Promise<(RateLimitBudget & { wait: number }) | null> {
    if (!this.enabled) return null;
    const { wait, level } = await this.store.fill(callerKey(viewer, clientIp), this.rule);
    return { wait: wait > 0 ? Math.max(1, Math.ceil(wait / 1000)) : 0, ...this.budget(level) };
  }

  /** The caller's budget now, counting nothing; the whole burst when the limit is off. */
  async status(viewer: Viewer, clientIp: string): Promise<RateLimitBudget> {
    if (!this.enabled) return { limit: this.rule.burst, remaining: this.rule.burst, resetSeconds: 0 };
    return this.budget(await this.store.level(callerKey(viewer, clientIp), this.rule));
  }

  private budget(level: number): RateLimitBudget {
    // The epsilon keeps float noise (5.9999999 for 6) from costing a request.
    const remaining = Math.max(0, Math.floor(this.rule.burst - level + 1e-9));
    return { limit: this.rule.burst, remaining, resetSeconds: Math.max(0, Math.ceil(level / this.rule.perSecond - 1e-9)) };
  }
}

/**
 * The limiter of the API a Services belongs to, for the `rateLimit` query (the GraphQL context
 * carries the services, not the limiter). Set by startApi.
 */
const limiters = new WeakMap<object, RateLimiter>();
export const registerRateLimiter = (services: object, limiter: RateLimiter) => void limiters.set(services, limiter);
export const rateLimiterOf = (services: object): RateLimiter | undefined => limiters.get(services);

export const tooManyRequests = (retryAfter: number) => rateLimited(retryAfter, 'Слишком много запросов.');

/**
 * Express middleware in front of /graphql, /reports and /documents: finds the caller (kept in
 * res.locals.viewer for the GraphQL context), tells the budget in the RateLimit-* headers and
 * refuses a full bucket before the body is even read.
 */
export function rateLimitMiddleware(resolveViewer: (authorization: string | undefined) => Promise<Viewer>, limiter: RateLimiter) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    let viewer: Viewer | undefined;
    try {
      viewer = await resolveViewer(req.headers.authorization);
      res.locals.viewer = viewer;
    } catch {
      // E.g. the database is down while looking up an API token: the GraphQL context tries
      // again and answers in GraphQL's shape (SERVICE_UNAVAILABLE); meanwhile, the address's bucket.
    }
    try {
      const admitted = await limiter.admit(viewer ?? anonymous, req.ip ?? 'unknown');
      if (admitted) {
        res.set({ 'RateLimit-Limit': String(admitted.limit), 'RateLimit-Remaining': String(admitted.remaining), 'RateLimit-Reset': String(admitted.resetSeconds) });
      }
      if (admitted && admitted.wait > 0) {
        res.set('Retry-After', String(admitted.wait));
        sendGraphQLError(req, res, 429, tooManyRequests(admitted.wait));
        return;
      }
    } catch (e) {
      // The stores never throw (Redis falls back to memory); if one did, the request is served.
      log.warn('rate limit check failed; the request is served', { error: e });
    }
    next();
  };
}
