/** Turns an Authorization header into a Viewer: an access JWT or an API token. */
import type { DataSource } from 'typeorm';
import { ApiToken } from '../api-tokens/api-token.entity';
import { checkAccessToken, type TokenRejection } from './jwt';
import type { RevokedSessions } from './revoked-sessions';
import type { SubscriptionTickets } from './subscription-tickets';
import { sha256 } from './secrets';
import { entityColumns, selectEntities } from '../db/hydrate';
import { anonymous, type Viewer } from './viewer';

export const API_TOKEN_PREFIX = 'kab_';

export class ViewerService {
  constructor(
    private readonly db: DataSource,
    /** The sign-ins that ended (logout, reuse, password reset or change): their access tokens are refused at once. */
    private readonly revokedSessions: RevokedSessions | null = null,
  ) {}

  /**
   * No header: anonymous. A header that is present but invalid makes an anonymous viewer marked
   * rejectedToken, with why (MALFORMED, EXPIRED, REVOKED): operations that need a sign-in answer
   * UNAUTHENTICATED with that reason, so a client knows whether to refresh or to sign in again.
   */
  async fromAuthorization(header: string | undefined | null): Promise<Viewer> {
    if (!header) return anonymous;
    const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!m) return rejected('MALFORMED');
    const token = m[1];
    if (token.startsWith(API_TOKEN_PREFIX)) return this.fromApiToken(token);
    const checked = checkAccessToken(token);
    if ('rejected' in checked) return rejected(checked.rejected);
    const claims = checked.claims;
    if (this.revokedSessions?.isRevoked(claims.sid)) return rejected('REVOKED');
    const id = Number(claims.sub);
    return claims.typ === 'SUBSCRIBER'
      ? { kind: 'subscriber', subscriberId: id, accountId: claims.acc ?? id, via: 'session', sessionFamily: claims.sid, authTime: claims.authTime }
      : { kind: 'staff', staffId: id, via: 'session', sessionFamily: claims.sid, authTime: claims.authTime };
  }

  /** A WebSocket ticket (auth/subscription-tickets.ts): the session it stands for, once, if that sign-in is still on. */
  async fromTicket(tickets: SubscriptionTickets, ticket: string): Promise<Viewer> {
    const redeemed = await tickets.redeem(ticket);
    if (!redeemed) return rejected('MALFORMED');
    if (this.revokedSessions?.isRevoked(redeemed.sid)) return rejected('REVOKED');
    return redeemed.typ === 'SUBSCRIBER'
      ? { kind: 'subscriber', subscriberId: redeemed.sub, accountId: redeemed.acc ?? redeemed.sub, via: 'session', sessionFamily: redeemed.sid }
      : { kind: 'staff', staffId: redeemed.sub, via: 'session', sessionFamily: redeemed.sid };
  }

  private async fromApiToken(token: string): Promise<Viewer> {
    // Every call of an integration comes this way: hand-written SQL, not the query builder (bench/orm-cpu.mjs).
    const [row] = await selectEntities(this.db, ApiToken, `SELECT ${entityColumns(this.db, ApiToken, 't')} FROM api_tokens t WHERE t.token_hash = ?`, [sha256(token)]);
    if (!row) return rejectedApiToken('MALFORMED');
    if (row.revokedAt) return rejectedApiToken('REVOKED');
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return rejectedApiToken('EXPIRED');
    // lastUsedAt is kept to the minute, so a busy integration does not write on every call.
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
      await this.db.getRepository(ApiToken).update(row.id, { lastUsedAt: new Date() });
    }
    return row.ownerType === 'SUBSCRIBER'
      ? { kind: 'subscriber', subscriberId: row.ownerId, accountId: row.accountId ?? row.ownerId, via: 'token', scopes: row.scopes, tokenId: row.id, tokenAccountIds: row.accountIds }
      : { kind: 'staff', staffId: row.ownerId, via: 'token', scopes: row.scopes, tokenId: row.id };
  }
}

const rejectedViewers = new Map<string, Viewer>();
function rejectedAs(rejection: TokenRejection, rejectedKind: 'session' | 'apiToken'): Viewer {
  const key = `${rejectedKind}:${rejection}`;
  let v = rejectedViewers.get(key);
  if (!v) rejectedViewers.set(key, (v = { kind: 'anonymous', rejectedToken: true, rejection, rejectedKind }));
  return v;
}
/** A session's access token (or a ticket) that is not accepted. */
const rejected = (rejection: TokenRejection): Viewer => rejectedAs(rejection, 'session');
/** An API token that is not accepted: its message does not speak of refreshing a session. */
const rejectedApiToken = (rejection: TokenRejection): Viewer => rejectedAs(rejection, 'apiToken');
