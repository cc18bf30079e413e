/** Turns an Authorization header into a Viewer: an access JWT or an API token. */
import type { DataSource } from 'typeorm';
import { IsNull } from 'typeorm';
import { ApiToken } from '../api-tokens/api-token.entity';
import { verifyAccessToken } from './jwt';
import { sha256 } from './secrets';
import { anonymous, type Viewer } from './viewer';

export const API_TOKEN_PREFIX = 'kab_';

export class ViewerService {
  constructor(private readonly db: DataSource) {}

  /**
   * No header: anonymous. A header that is present but invalid (expired, forged,
   * revoked) makes an anonymous viewer marked rejectedToken: operations that need
   * a sign-in answer UNAUTHENTICATED, so a client knows to refresh.
   */
  async fromAuthorization(header: string | undefined | null): Promise<Viewer> {
    if (!header) return anonymous;
    const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!m) return rejected;
    const token = m[1];
    if (token.startsWith(API_TOKEN_PREFIX)) return this.fromApiToken(token);
    const claims = verifyAccessToken(token);
    if (!claims) return rejected;
    const id = Number(claims.sub);
    return claims.typ === 'SUBSCRIBER'
      ? { kind: 'subscriber', accountId: id, via: 'session', sessionFamily: claims.sid }
      : { kind: 'staff', staffId: id, via: 'session', sessionFamily: claims.sid };
  }

  private async fromApiToken(token: string): Promise<Viewer> {
    const row = await this.db.getRepository(ApiToken).findOne({ where: { tokenHash: sha256(token), revokedAt: IsNull() } });
    if (!row) return rejected;
    // lastUsedAt is kept to the minute, so a busy integration does not write on every call.
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
      await this.db.getRepository(ApiToken).update(row.id, { lastUsedAt: new Date() });
    }
    return row.ownerType === 'SUBSCRIBER'
      ? { kind: 'subscriber', accountId: row.ownerId, via: 'token', scopes: row.scopes, tokenId: row.id }
      : { kind: 'staff', staffId: row.ownerId, via: 'token', scopes: row.scopes, tokenId: row.id };
  }
}

const rejected: Viewer = { kind: 'anonymous', rejectedToken: true };
