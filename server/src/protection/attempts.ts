/**
 * Sign-in, registration and password-reset attempts, per account (or staff
 * username) and per client address, in the shared LimitStore — so the limits
 * hold across API instances. Every call counts: ten aliased `login` mutations in
 * one request are ten attempts, and parallel requests cannot all pass the check
 * before any is counted (the attempt is counted before the password is checked,
 * atomically, and taken back when it was right). Windows slide, so a lockout
 * always ends by itself: nobody can lock a subscriber out for ever.
 */
import { randomUUID } from 'node:crypto';
import { limits, type LimitRule } from '../auth/attempt-limiter';
import { rateLimited } from '../errors';
import { MemoryLimitStore, type LimitStore } from './limit-store';

export type AttemptKind = 'login' | 'register' | 'reset';

const RULES: Record<AttemptKind, { perKey: LimitRule; perAddress: LimitRule }> = {
  login: { perKey: limits.loginPerAccount, perAddress: limits.loginPerAddress },
  register: { perKey: limits.registerPerAccount, perAddress: limits.registerPerAddress },
  reset: { perKey: limits.resetPerAccount, perAddress: limits.resetPerAddress },
};

export interface Attempt {
  /** The secret was right: this attempt and the key's earlier failures are forgotten (the address's are kept). */
  succeeded(): Promise<void>;
  /** It was not a guess after all (e.g. already registered): only this attempt is taken back. */
  discard(): Promise<void>;
}

export class AttemptGuard {
  constructor(private readonly store: LimitStore = new MemoryLimitStore()) {}

  /** Counts an attempt for `key` from `clientIp`, or throws RATE_LIMITED (with retryAfter) when either is used up. */
  async begin(kind: AttemptKind, key: string, clientIp: string): Promise<Attempt> {
    const rule = RULES[kind];
    const keyName = `attempts:${kind}:key:${key}`;
    const addressName = `attempts:${kind}:ip:${clientIp}`;
    const id = randomUUID();
    const wait = await this.store.reserve(
      [
        { key: keyName, ...rule.perKey },
        { key: addressName, ...rule.perAddress },
      ],
      id,
    );
    if (wait > 0) throw rateLimited(Math.max(1, Math.ceil(wait / 1000)));
    return {
      succeeded: async () => {
        await this.store.release([addressName], id);
        await this.store.clear(keyName);
      },
      discard: () => this.store.release([keyName, addressName], id),
    };
  }
}
