import argon2 from 'argon2';
import { randomInt } from 'node:crypto';
import { config } from '../config';
import { AppError, passwordChecksBusy } from '../errors';
import { HashingProcess } from './hashing-process';

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

/** PASSWORD_HASH_LIGHT (NODE_ENV=test only, config.ts): what the tests that are not about the hashes hash with. */
const LIGHT_HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 } as const;
const hashOptions = () => (config().passwordHashLight ? LIGHT_HASH_OPTIONS : HASH_OPTIONS);

/**
 * At most `slots` password hashes computed at once (PASSWORD_HASH_CONCURRENCY); the others wait their
 * turn. A burst of sign-ins then queues instead of taking every core from the requests being served.
 *
 * Fair: the waiting checks are kept per client (its address) and a free slot goes to the clients in
 * turn, so a flood from one address waits behind itself, not in front of everyone. A client may have
 * at most `perClient` checks waiting (PASSWORD_HASH_QUEUE_PER_CLIENT) and all clients together
 * `maxWaiting` (PASSWORD_HASH_QUEUE); past either, that check is answered at once with
 * SERVICE_UNAVAILABLE and how long to wait — the flooding client is refused, the others are not.
 */
export class HashingGate {
  private running = 0;
  private waitingCount = 0;
  /** Waiting checks per client; the map's order is the turn. */
  private readonly waiting = new Map<string, (() => void)[]>();
  /** How long one job has taken lately (moving average), for the wait announced to those refused. */
  private averageMs = 500;

  constructor(
    private readonly slots: number,
    private readonly maxWaiting = Number.POSITIVE_INFINITY,
    private readonly perClient = Number.POSITIVE_INFINITY,
  ) {}

  async run<T>(work: () => Promise<T>, client = 'internal'): Promise<T> {
    if (this.running >= this.slots) {
      const mine = this.waiting.get(client);
      if ((mine?.length ?? 0) >= this.perClient || this.waitingCount >= this.maxWaiting) throw passwordChecksBusy(this.expectedWaitSeconds());
      await new Promise<void>((resolve) => {
        if (mine) mine.push(resolve);
        else this.waiting.set(client, [resolve]);
        this.waitingCount++;
      });
    } else this.running++;
    const started = Date.now();
    try {
      return await work();
    } finally {
      this.averageMs = 0.8 * this.averageMs + 0.2 * (Date.now() - started);
      this.next();
    }
  }

  /** Hands the slot to the next client in turn (its oldest check), or frees it. */
  private next(): void {
    const first = this.waiting.entries().next();
    if (first.done) {
      this.running--;
      return;
    }
    const [client, queue] = first.value;
    const resolve = queue.shift()!;
    this.waiting.delete(client);
    // The client goes to the back of the turn with what it still has waiting.
    if (queue.length) this.waiting.set(client, queue);
    this.waitingCount--;
    resolve();
  }

  /** Seconds until the queue as it is now has drained. */
  expectedWaitSeconds(): number {
    return Math.max(1, Math.ceil(((this.waitingCount + this.running) * this.averageMs) / this.slots / 1000));
  }
}

let gate: HashingGate | null = null;
function hashing(): HashingGate {
  gate ??= new HashingGate(config().passwordHashConcurrency, config().passwordHashQueue, config().passwordHashQueuePerClient);
  return gate;
}

type Hasher = Pick<HashingProcess, 'hash' | 'verify'>;
const IN_PROCESS: Hasher = { hash: (password, options) => argon2.hash(password, options), verify: (hash, password) => argon2.verify(hash, password) };

/** Where the hashes are computed: a process at a lower CPU priority (PASSWORD_HASH_NICE, PASSWORD_HASH_IDLE), or this one (0). */
let hasher: Hasher | undefined;
function argon(): Hasher {
  hasher ??= config().passwordHashNice > 0 ? new HashingProcess(config().passwordHashNice, config().passwordHashIdle) : IN_PROCESS;
  return hasher;
}

/** Hashes a new password; `client` (the caller's address) takes its turn in the fair queue. */
export function hashPassword(password: string, client?: string): Promise<string> {
  return hashing().run(() => argon().hash(password, hashOptions()), client);
}

export async function verifyPassword(hash: string, password: string, client?: string): Promise<boolean> {
  try {
    return await hashing().run(() => argon().verify(hash, password), client);
  } catch (error) {
    // Too many checks waiting is not a wrong password: the caller is told to come back.
    if (error instanceof AppError) throw error;
    return false;
  }
}

/** A stored hash made with other parameters (e.g. the four lanes of earlier versions): rehash it at the next sign-in. */
export function needsRehash(hash: string): boolean {
  try {
    return argon2.needsRehash(hash, hashOptions());
  } catch {
    return false;
  }
}

/** A precomputed hash to verify against when the user does not exist, so timing does not tell. */
let dummyHash: Promise<string> | null = null;
export function dummyVerify(password: string, client?: string): Promise<boolean> {
  dummyHash ??= hashPassword('kabinet-dummy-password', client).catch((error) => {
    dummyHash = null; // refused (a busy gate): made at the next call
    throw error;
  });
  return dummyHash.then((h) => verifyPassword(h, password, client)).then(() => false);
}

export { passwordProblem } from './password-policy';
