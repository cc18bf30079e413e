/**
 * Tickets for the live-reply WebSocket, so that a browser never hands its access token to page scripts:
 * the site's server (which holds the access token in an httpOnly cookie) asks for a ticket, and the page
 * connects with `connectionParams: { ticket }`. A ticket is an HS256 JWT for another audience
 * (kabinet-ws: never accepted as an access token), valid 60 seconds, bound to the sign-in (refused once it
 * ends), and good for one connection: its id is spent in the shared limit store (Redis across instances).
 */
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { config } from '../config';
import { MemoryLimitStore, type LimitStore } from '../protection/limit-store';
import type { Viewer } from './viewer';

export const TICKET_TTL_SECONDS = 60;
const AUDIENCE = 'kabinet-ws';

export class SubscriptionTickets {
  constructor(private readonly store: LimitStore = new MemoryLimitStore()) {}

  /** A ticket for a signed-in session (not an API token: a token connects with itself). */
  issue(viewer: Extract<Viewer, { kind: 'subscriber' | 'staff' }>): { ticket: string; expiresAt: Date } {
    const cfg = config();
    const sub = viewer.kind === 'subscriber' ? viewer.subscriberId : viewer.staffId;
    const claims: Record<string, unknown> = { typ: viewer.kind === 'subscriber' ? 'SUBSCRIBER' : 'STAFF', sid: viewer.sessionFamily ?? '' };
    if (viewer.kind === 'subscriber') claims.acc = viewer.accountId;
    const ticket = jwt.sign(claims, cfg.jwtSecret, {
      algorithm: 'HS256',
      subject: String(sub),
      issuer: cfg.jwtIssuer,
      audience: AUDIENCE,
      expiresIn: TICKET_TTL_SECONDS,
      jwtid: randomUUID(),
    });
    return { ticket, expiresAt: new Date(Date.now() + TICKET_TTL_SECONDS * 1000) };
  }

  /** The session a ticket stands for, once: null when forged, expired or already used. */
  async redeem(ticket: string): Promise<{ typ: 'SUBSCRIBER' | 'STAFF'; sub: number; sid: string; acc?: number } | null> {
    const cfg = config();
    let payload: jwt.JwtPayload;
    try {
      payload = jwt.verify(ticket, cfg.jwtSecret, { algorithms: ['HS256'], issuer: cfg.jwtIssuer, audience: AUDIENCE }) as jwt.JwtPayload;
    } catch {
      return null;
    }
    if ((payload.typ !== 'SUBSCRIBER' && payload.typ !== 'STAFF') || !/^\d+$/.test(String(payload.sub)) || typeof payload.jti !== 'string') return null;
    // Spent once: a second use finds the window full.
    const wait = await this.store.reserve([{ key: `ticket:${payload.jti}`, max: 1, windowSeconds: TICKET_TTL_SECONDS * 2 }], payload.jti);
    if (wait > 0) return null;
    const acc = typeof payload.acc === 'number' ? payload.acc : undefined;
    return { typ: payload.typ, sub: Number(payload.sub), sid: String(payload.sid ?? ''), acc };
  }
}
