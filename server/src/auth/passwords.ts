import argon2 from 'argon2';
import { randomInt } from 'node:crypto';
import { config } from '../config';
import { AppError, passwordChecksBusy } from '../errors';

/** Letters and digits that cannot be mistaken for each other (no 0/O, 1/l/I). */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

export function generatePassword(length = 12): string {
  for (;;) {
    let out = '';
    for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
    // Make sure it has an upper-case letter, a lower-case letter and a digit.
    if (/[A-Z]/.test(out) && /[a-z]/.test(out) && /\d/.test(out)) return out;
  }
}

/**
 * argon2id with 64 MiB and 3 passes, in one lane. The memory and passes are the library's defaults
 * (what makes a guess expensive); one lane instead of four means a hash keeps one core busy rather
 * than every core, so sign-ins cannot starve everything else (docs/BENCHMARKS.md, sign-in storm).
 */
export const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 65536, timeCost: 3, parallelism: 1 } as const;

/**
 * At most `slots` password hashes computed at once (PASSWORD_HASH_CONCURRENCY); the others wait their
 * turn, first come first served. A burst of sign-ins then queues instead of taking every core from
 * the requests being served meanwhile. At most `maxWaiting` wait (PASSWORD_HASH_QUEUE): past that a
 * sign-in is answered at once with SERVICE_UNAVAILABLE and how long to wait, instead of waiting
 * longer than the site waits for the API.
 */
export class HashingGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** How long one job has taken lately (moving average), for the wait announced to those refused. */
  private averageMs = 500;

  constructor(
    private readonly slots: number,
    private readonly maxWaiting = Number.POSITIVE_INFINITY,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.slots) {
      if (this.waiting.length >= this.maxWaiting) throw passwordChecksBusy(this.expectedWaitSeconds());
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    const started = Date.now();
    try {
      return await work();
    } finally {
      this.averageMs = 0.8 * this.averageMs + 0.2 * (Date.now() - started);
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Seconds until the queue as it is now has drained. */
  expectedWaitSeconds(): number {
    return Math.max(1, Math.ceil(((this.waiting.length + this.running) * this.averageMs) / this.slots / 1000));
  }
}

let gate: HashingGate | null = null;
function hashing(): HashingGate {
  gate ??= new HashingGate(config().passwordHashConcurrency, config().passwordHashQueue);
  return gate;
}

export function hashPassword(password: string): Promise<string> {
  return hashing().run(() => argon2.hash(password, HASH_OPTIONS));
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await hashing().run(() => argon2.verify(hash, password));
  } catch (error) {
    // Too many checks waiting is not a wrong password: the caller is told to come back.
    if (error instanceof AppError) throw error;
    return false;
  }
}

/** A stored hash made with other parameters (e.g. the four lanes of earlier versions): rehash it at the next sign-in. */
export function needsRehash(hash: string): boolean {
  try {
    return argon2.needsRehash(hash, HASH_OPTIONS);
  } catch {
    return false;
  }
}

/** A precomputed hash to verify against when the user does not exist, so timing does not tell. */
let dummyHash: Promise<string> | null = null;
export function dummyVerify(password: string): Promise<boolean> {
  dummyHash ??= hashPassword('kabinet-dummy-password').catch((error) => {
    dummyHash = null; // refused (a busy gate): made at the next call
    throw error;
  });
  return dummyHash.then((h) => verifyPassword(h, password)).then(() => false);
}

/** Null when acceptable, else a Russian message saying what is missing. */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return 'Пароль должен быть не короче 8 символов.';
  if (password.length > 128) return 'Пароль должен быть не длиннее 128 символов.';
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) return 'Пароль должен содержать буквы и цифры.';
  return null;
}
