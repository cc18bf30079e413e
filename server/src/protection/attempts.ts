/**
 * Attempts at a password or a secret (attempt-rules.ts for the rules), in the shared
 * LimitStore — so the limits hold across API instances. Every call counts: ten aliased `login`
 * mutations in one request are ten attempts, and parallel requests cannot all pass the check before
 * any is counted (the attempt is counted before the password is checked, atomically, and taken back
 * when it was right). Failures are held against the client that made them: the right password from
 * an address that has not been failing still signs in while another hammers the account; the
 * account-wide count only slows the answers down. Windows slide, so a refusal always ends by itself.
 */
import { randomUUID } from 'node:crypto';
import { ATTEMPT_RULES, type AttemptRules } from './attempt-rules';
import { rateLimited } from '../errors';
import { MemoryLimitStore, type LimitStore } from './limit-store';

export type AttemptKind = keyof typeof ATTEMPT_RULES;

export interface Attempt {
  /** The secret was right: this attempt is taken back and the client's failures on the key forgotten. */
  succeeded(): Promise<void>;
  /** It was not a guess after all (e.g. already registered): only this attempt is taken back. */
  discard(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long to hold an answer back when the key has had `failures` failures from every address. */
export function slowdownMs(rules: AttemptRules, failures: number): number {
  const over = failures - rules.perKey.slowAfter;
  return over > 0 ? Math.min(rules.perKey.slowMaxMs, over * rules.perKey.slowStepMs) : 0;
}

export class AttemptGuard {
  constructor(
    private readonly store: LimitStore = new MemoryLimitStore(),
    private readonly wait: (ms: number) => Promise<unknown> = sleep,
  ) {}

  /**
   * Counts an attempt at `key` from `clientIp`, or throws RATE_LIMITED (with retryAfter) when that client
   * is over its limit for the key or over its own limit. Past the key's slow-down threshold, resolves only
   * after the slow-down.
   */
  async begin(kind: AttemptKind, key: string, clientIp: string): Promise<Attempt> {
    const rules: AttemptRules = ATTEMPT_RULES[kind];
    const pairName = `attempts:${kind}:pair:${key}|${clientIp}`;
    const addressName = `attempts:${kind}:ip:${clientIp}`;
    const keyName = `attempts:${kind}:key:${key}`;
    const id = randomUUID();
    const failuresBefore = await this.store.count(keyName, rules.perKey.windowSeconds);
    const wait = await this.store.reserve(
      [
        { key: pairName, ...rules.perKeyAndAddress },
        { key: addressName, ...rules.perAddress },
        { key: keyName, max: rules.perKey.max, windowSeconds: rules.perKey.windowSeconds },
      ],
      id,
    );
    if (wait > 0) throw rateLimited(Math.max(1, Math.ceil(wait / 1000)));
    const slow = slowdownMs(rules, failuresBefore);
    if (slow > 0) await this.wait(slow);
    return {
      succeeded: async () => {
        await this.store.release([addressName, keyName], id);
        await this.store.clear(pairName);
      },
      discard: () => this.store.release([pairName, addressName, keyName], id),
    };
  }
}
