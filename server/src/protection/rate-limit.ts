/**
 * The per-caller request rate: a leaky bucket per signed-in user (or per API
 * token), else per client address — RATE_LIMIT_PER_SECOND sustained, bursts of
 * RATE_LIMIT_BURST. Every GraphQL request over HTTP, every operation started
 * on a WebSocket and every request for a report or a payment document drips one
 * request into the caller's bucket; a full bucket is
 * answered RATE_LIMITED with `extensions.retryAfter` (seconds), and over HTTP with
 * status 429 and a Retry-After header.
 */
import type { NextFunction, Request, Response } from 'express';
import { anonymous, type Viewer } from '../auth/viewer';
import { log } from '../common/logger';
import { rateLimited } from '../errors';
import type { BucketRule, LimitStore } from './limit-store';

/** Whose bucket a request drips into. */
export function callerKey(viewer: Viewer, clientIp: string): string {
  if (viewer.kind === 'anonymous') return `rate:ip:${clientIp}`;
  if (viewer.via === 'token' && viewer.tokenId !== undefined) return `rate:token:${viewer.tokenId}`;
  return viewer.kind === 'subscriber' ? `rate:subscriber:${viewer.accountId}` : `rate:staff:${viewer.staffId}`;
}

export class RateLimiter {
  constructor(private readonly store: LimitStore, private readonly rule: BucketRule) {}

  get enabled(): boolean {
    return this.rule.perSecond > 0 && this.rule.burst > 0;
  }

  /** Seconds the caller must wait (0: go ahead; the request is counted). */
  async take(viewer: Viewer, clientIp: string): Promise<number> {
    if (!this.enabled) return 0;
    const ms = await this.store.drip(callerKey(viewer, clientIp), this.rule);
    return ms > 0 ? Math.max(1, Math.ceil(ms / 1000)) : 0;
  }
}

export const tooManyRequests = (retryAfter: number) => rateLimited(retryAfter, 'Слишком много запросов.');

/**
 * Express middleware in front of /graphql, /reports and /documents: finds the caller (kept in
 * res.locals.viewer for the GraphQL context) and refuses a full bucket before the
 * body is even read.
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
      const wait = await limiter.take(viewer ?? anonymous, req.ip ?? 'unknown');
      if (wait > 0) {
        const error = tooManyRequests(wait);
        res.status(429).set('Retry-After', String(wait)).json({ errors: [{ message: error.message, extensions: { ...error.extensions } }] });
        return;
      }
    } catch (e) {
      // The stores never throw (Redis falls back to memory); if one did, the request is served.
      log.warn('rate limit check failed; the request is served', { error: e });
    }
    next();
  };
}
