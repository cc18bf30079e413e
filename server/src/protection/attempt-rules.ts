/**
 * The limits of everything that checks a password or a secret from the bill: sign-in, staff sign-in,
 * registration, password reset (requests and links), and the current password asked by settings and
 * by API-token creation. Counted in sliding windows in the shared limit store (Redis when configured),
 * see attempts.ts:
 * - per (key, client address): past `max`, that client is refused for that key until the window frees up;
 * - per client address: past `max`, that client is refused for every key;
 * - per key from every address: never refused (nobody can lock a subscriber out), but past `slowAfter`
 *   failures each answer is slowed, by `slowStepMs` per failure up to `slowMaxMs`.
 */
export interface LimitRule {
  max: number;
  windowSeconds: number;
}

export interface AttemptRules {
  perKeyAndAddress: LimitRule;
  perAddress: LimitRule;
  /** Failures on the key from every address: counted, never refused, slowed past `slowAfter`. */
  perKey: LimitRule & { slowAfter: number; slowStepMs: number; slowMaxMs: number };
}

const QUARTER = 15 * 60;
const HOUR = 60 * 60;
const slowly = (windowSeconds: number) => ({ max: 100_000, windowSeconds, slowAfter: 10, slowStepMs: 500, slowMaxMs: 5000 });

export const ATTEMPT_RULES = {
  login: { perKeyAndAddress: { max: 5, windowSeconds: QUARTER }, perAddress: { max: 30, windowSeconds: QUARTER }, perKey: slowly(QUARTER) },
  register: { perKeyAndAddress: { max: 5, windowSeconds: QUARTER }, perAddress: { max: 20, windowSeconds: QUARTER }, perKey: slowly(QUARTER) },
  /** Reset e-mails asked for an account: each sends a letter. */
  reset: { perKeyAndAddress: { max: 3, windowSeconds: HOUR }, perAddress: { max: 20, windowSeconds: HOUR }, perKey: { ...slowly(HOUR), max: 10 } },
  /** Reset links tried: a made-up link is a failure of its client. */
  resetLink: { perKeyAndAddress: { max: 10, windowSeconds: QUARTER }, perAddress: { max: 10, windowSeconds: QUARTER }, perKey: slowly(QUARTER) },
  /** The current password asked by settings and by API-token creation, per signed-in account. */
  password: { perKeyAndAddress: { max: 5, windowSeconds: QUARTER }, perAddress: { max: 30, windowSeconds: QUARTER }, perKey: slowly(QUARTER) },
} satisfies Record<string, AttemptRules>;
