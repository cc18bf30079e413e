/**
 * Sign-ins that ended — logout, a refresh token used twice, a password reset or change — must stop
 * their access tokens at once, over HTTP as over WebSocket, not only at their expiry.
 *
 * Each API instance keeps in memory the sign-ins (refresh-session families) revoked within the access
 * tokens' lifetime (older tokens have expired anyway), refreshed from the database every
 * SESSION_REVOCATION_POLL_MS (1 s): one indexed query a second per instance, whatever the load, and a
 * Set lookup per request. The instance that revokes a sign-in knows it at once; the others within a
 * poll. If a poll fails (the database away), what is known stays and the next poll catches up.
 */
import type { DataSource } from 'typeorm';
import { config } from '../config';
import { log } from '../common/logger';

export class RevokedSessions {
  /** family id → when it was revoked (ms). */
  private readonly revoked = new Map<string, number>();
  /** The latest revoked_at seen (the database's clock), where the next poll starts. */
  private since: Date | null = null;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly pollMs = config().sessionRevocationPollMs,
  ) {}

  /** Loads the recent revocations and starts polling. */
  async start(): Promise<void> {
    await this.poll();
    if (this.timer || this.pollMs <= 0) return;
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  isRevoked(familyId: string): boolean {
    return this.revoked.has(familyId);
  }

  /** Revocations made by this instance: known at once. */
  note(familyIds: Iterable<string>): void {
    const now = Date.now();
    for (const id of familyIds) this.revoked.set(id, now);
  }

  /** Asks the database what was revoked since the last poll (never two polls at once). */
  poll(): Promise<void> {
    this.polling ??= this.load().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async load(): Promise<void> {
    const lifetimeMs = (config().accessTokenTtlSeconds + 60) * 1000;
    try {
      // A second of overlap: rows committed late with an earlier time are not missed (seen twice is harmless).
      const from = this.since ? new Date(this.since.getTime() - 1000) : new Date(Date.now() - lifetimeMs);
      const rows: { family_id: string; at: Date }[] = await this.db.query(
        'SELECT family_id, MAX(revoked_at) AS at FROM refresh_sessions WHERE revoked_at > ? GROUP BY family_id',
        [from],
      );
      for (const r of rows) {
        const at = new Date(r.at);
        this.revoked.set(String(r.family_id), at.getTime());
        if (!this.since || at > this.since) this.since = at;
      }
      this.since ??= new Date(Date.now() - 1000);
      const oldest = Date.now() - lifetimeMs;
      for (const [id, at] of this.revoked) if (at < oldest) this.revoked.delete(id);
    } catch (error) {
      log.warn('revoked sign-ins could not be refreshed; the next poll retries', { error: (error as Error).message });
    }
  }
}
