/**
 * Counts failed attempts per key (an account, a client address) in a sliding
 * window. Past the limit the key is refused until the window frees up, so a
 * lockout always ends by itself: nobody can lock a subscriber out for ever.
 * In memory; one process. (Across several API instances, see the Redis limiter.)
 */
export interface LimitRule {
  max: number;
  windowSeconds: number;
}

export class AttemptLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly rule: LimitRule, private readonly now: () => number = Date.now) {}

  /** Seconds to wait before the next attempt, or 0 when it is allowed. */
  retryAfter(key: string): number {
    const times = this.recent(key);
    if (times.length < this.rule.max) return 0;
    const oldest = times[times.length - this.rule.max];
    return Math.max(1, Math.ceil((oldest + this.rule.windowSeconds * 1000 - this.now()) / 1000));
  }

  fail(key: string): void {
    const times = this.recent(key);
    times.push(this.now());
    this.failures.set(key, times.slice(-this.rule.max * 2));
    if (this.failures.size > 100_000) this.prune();
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.rule.windowSeconds * 1000;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  private prune(): void {
    for (const key of this.failures.keys()) if (this.recent(key).length === 0) this.failures.delete(key);
  }
}

/** The limits of the sign-in, registration and reset flows. */
export const limits = {
  loginPerAccount: { max: 5, windowSeconds: 15 * 60 },
  loginPerAddress: { max: 30, windowSeconds: 15 * 60 },
  registerPerAccount: { max: 5, windowSeconds: 15 * 60 },
  registerPerAddress: { max: 20, windowSeconds: 15 * 60 },
  resetPerAccount: { max: 3, windowSeconds: 60 * 60 },
  resetPerAddress: { max: 20, windowSeconds: 60 * 60 },
} satisfies Record<string, LimitRule>;
