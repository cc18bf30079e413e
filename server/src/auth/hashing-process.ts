/**
 * argon2 in a process of its own at a lower CPU priority (PASSWORD_HASH_NICE, default 10): when bills go out
 * and everybody signs in at once, the hashes (64 MiB and ~0.3 s of a core each) take the CPU only when the
 * API and the database leave it idle, so the pages of those already signed in stay fast while sign-ins wait
 * their turn (docs/BENCHMARKS.md, «sign-in storm»). Linux gives a thread the nice value of the thread that
 * made it: the process lowers its own priority before argon2's first hash creates the libuv threads.
 *
 * One process for the API, started at the first hash and again if it dies (the checks in flight are then
 * answered SERVICE_UNAVAILABLE, never as a wrong password). It ends with the API (it exits when its channel
 * closes). PASSWORD_HASH_NICE=0 hashes in the API's own process, as before.
 *
 * A nice value alone does not keep a storm's hashes out of the way: the scheduler sees the CPU a hash runs on as
 * busy, so a request's thread that wakes up may wait behind the API's other work on the other core rather than
 * take the hash's. Under SCHED_IDLE (PASSWORD_HASH_IDLE, default on; Linux, through util-linux's `chrt --idle 0`,
 * which execs node with the policy set, so every thread of the child inherits it) a CPU running only the hash
 * counts as idle, and the waking thread goes there at once. In the bench's sign-in storm the dashboard's p50 and p99
 * were lower with it in each of three paired runs, sign-ins as fast as before (docs/BENCHMARKS.md, 02.12.2026).
 * Where chrt cannot set the policy (it exits before node runs), the process is started again at the nice value
 * alone, the checks already sent go to it, and that is logged: a sign-in never fails for the policy. And since a
 * machine kept busy for minutes (a month close beside the API, an overload) would give a SCHED_IDLE hash no CPU at
 * all, when that process has answered nothing for 3 s while a check waits, the checks move to a process at the nice
 * value alone (the starvation guard, watch()).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { log } from '../common/logger';
import { passwordChecksBusy } from '../errors';

/** The child's whole program: set its priority, then hash or verify what it is sent. */
const PROGRAM = `
const os = require('node:os');
try { os.setPriority(Number(process.env.KABINET_HASH_NICE)); } catch (e) { process.stderr.write('kabinet hashing: cannot lower the priority: ' + e.message + '\\n'); }
const argon2 = require(process.env.KABINET_ARGON2);
process.on('disconnect', () => process.exit(0));
process.on('message', (m) => {
  const work = m.op === 'hash' ? argon2.hash(m.password, m.options) : argon2.verify(m.hash, m.password);
  work.then(
    (result) => process.send({ id: m.id, result }),
    (error) => process.send({ id: m.id, error: String((error && error.message) || error) }),
  );
});
`;

type Request = { op: 'hash'; password: string; options: object } | { op: 'verify'; hash: string; password: string };
interface Pending {
  request: Request;
  /** When it was sent (Date.now()), for the starvation guard. */
  sentAt: number;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export interface IdleOptions {
  /** The launcher of the SCHED_IDLE policy; util-linux's chrt unless a test gives another. */
  launcher?: string;
  /** A check unanswered this long under SCHED_IDLE means the machine leaves it no CPU (ms; default 3,000). */
  starvedMs?: number;
  /** How long the nice value alone is used after that, before SCHED_IDLE is tried again (ms; default 60,000). */
  suspendMs?: number;
}

export class HashingProcess {
  private child: ChildProcess | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Set when the launcher could not start the child (a container forbidding the policy, say): the nice value alone from then on. */
  private idleRefused = false;
  /** Until then the nice value alone: the machine was too busy for a SCHED_IDLE hash (the starvation guard). */
  private idleSuspendedUntil = 0;
  /** Whether the current child runs under SCHED_IDLE. */
  private childIdle = false;
  private guard: NodeJS.Timeout | null = null;
  /** When the child last answered a check (Date.now()): a process that answers gets CPU, however long its queue. */
  private lastAnswerAt = 0;
  private readonly starvedMs: number;
  private readonly suspendMs: number;

  constructor(
    private readonly nice: number,
    /** Also under SCHED_IDLE (Linux, where `chrt` is found); otherwise the nice value alone. */
    private readonly idle = false,
    private readonly idleOptions: IdleOptions = {},
  ) {
    this.starvedMs = idleOptions.starvedMs ?? 3_000;
    this.suspendMs = idleOptions.suspendMs ?? 60_000;
  }

  hash(password: string, options: object): Promise<string> {
    return this.call({ op: 'hash', password, options }) as Promise<string>;
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.call({ op: 'verify', hash, password }) as Promise<boolean>;
  }

  /** The child's pid (tests check its priority), once started. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  private call(request: Request): Promise<unknown> {
    // The starvation guard's minute is over and nothing is on its way: SCHED_IDLE again, in a new process.
    if (this.child && !this.childIdle && this.idleSuspendedUntil > 0 && Date.now() >= this.idleSuspendedUntil && !this.pending.size) {
      const old = this.child;
      retired.add(old);
      old.disconnect(); // it exits when its channel closes
      this.child = null;
      this.idleSuspendedUntil = 0;
    }
    const child = this.child ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { request, sentAt: Date.now(), resolve, reject });
      this.send(child, id, request);
      this.watch();
    });
  }

  private send(child: ChildProcess, id: number, request: Request): void {
    // Keeps a command-line tool (the seed, staff:create) alive while a hash is on its way; idle, the child
    // does not hold the API's process open.
    channelOf(child)?.ref();
    child.send({ id, ...request }, (error) => {
      if (!error) return;
      // The channel broke under the send (EPIPE): the child is ending, and its 'exit' answers the check — sent again to
      // a new process, or SERVICE_UNAVAILABLE — never as a wrong password. Should it linger, it is ended, so that 'exit' comes.
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }, 5_000).unref();
    });
  }

  private start(): ChildProcess {
    const chrt = this.idle && !this.idleRefused && Date.now() >= this.idleSuspendedUntil ? (this.idleOptions.launcher ?? idlePolicyLauncher()) : null;
    const [command, args] = chrt ? [chrt, ['--idle', '0', process.execPath, '-e', PROGRAM]] : [process.execPath, ['-e', PROGRAM]];
    const child = spawn(command, args, {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { PATH: process.env.PATH ?? '', KABINET_HASH_NICE: String(this.nice), KABINET_ARGON2: require.resolve('argon2') },
    });
    let answered = false;
    child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      answered = true;
      this.lastAnswerAt = Date.now();
      this.settle(m.id, m);
    });
    child.on('exit', (code, signal) => {
      if (retired.has(child)) return; // replaced by the starvation guard: its checks went to the new process
      if (this.child === child) this.child = null;
      if (chrt && !answered && signal === null && code !== 0) {
        // The launcher failed before node ran (chrt refused the policy, say): hash at the nice value alone, and the
        // checks already sent go to the new process rather than failing.
        this.idleRefused = true;
        log.warn('PASSWORD_HASH_IDLE: the password hashing process could not start under SCHED_IDLE; it runs at its nice value only', { launcher: chrt, code });
        if (this.pending.size) {
          const next = this.start();
          for (const [id, waiting] of this.pending) this.send(next, id, waiting.request);
        }
        return;
      }
      if (this.pending.size) log.warn('the password hashing process ended with checks in flight', { code, signal, inFlight: this.pending.size });
      for (const [id] of this.pending) this.settle(id, { lost: true });
    });
    child.on('error', (error) => log.error('the password hashing process failed', { error }));
    child.unref();
    channelOf(child)?.unref();
    this.child = child;
    this.childIdle = chrt !== null;
    return child;
  }

  /**
   * The starvation guard. SCHED_IDLE gives a hash only the CPU nobody else wants: on a machine kept busy for minutes
   * (a month close beside the API, an overload) that is none, and nobody could sign in. When the process under
   * SCHED_IDLE has answered nothing for starvedMs while a check waits (counted from the last answer, or from the
   * oldest check's sending if later: a long queue it works through is not starvation, whatever
   * PASSWORD_HASH_CONCURRENCY lets in), every waiting check moves to a new process at the nice value alone, which
   * is used for suspendMs before SCHED_IDLE is tried again; the starved process is ended.
   */
  private watch(): void {
    if (this.guard || !this.childIdle) return;
    this.guard = setInterval(() => {
      if (!this.pending.size || !this.childIdle || !this.child) {
        if (this.guard) clearInterval(this.guard);
        this.guard = null;
        return;
      }
      const oldest = Math.min(...[...this.pending.values()].map((p) => p.sentAt));
      if (Date.now() - Math.max(oldest, this.lastAnswerAt) < this.starvedMs) return;
      const starved = this.child;
      retired.add(starved);
      this.idleSuspendedUntil = Date.now() + this.suspendMs;
      log.warn('password hashing starved under SCHED_IDLE (the machine leaves it no CPU): hashing at the nice value alone for a while', {
        waiting: this.pending.size,
        oldestMs: Date.now() - oldest,
        suspendMs: this.suspendMs,
      });
      this.child = null;
      const next = this.start();
      for (const [id, waiting] of this.pending) {
        waiting.sentAt = Date.now();
        this.send(next, id, waiting.request);
      }
      starved.kill('SIGKILL');
    }, Math.max(50, Math.min(500, this.starvedMs / 4)));
    this.guard.unref();
  }

  private settle(id: number, outcome: { result?: unknown; error?: string; lost?: boolean }): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    if (!this.pending.size && this.child) channelOf(this.child)?.unref();
    if (outcome.lost) waiting.reject(passwordChecksBusy(1));
    else if (outcome.error !== undefined) waiting.reject(new Error(outcome.error));
    else waiting.resolve(outcome.result);
  }

  /** Ends the child (tests; the API's own exit closes its channel, which ends it too). */
  stop(): void {
    if (this.guard) clearInterval(this.guard);
    this.guard = null;
    this.child?.disconnect();
    this.child = null;
  }
}

/** Children replaced by the starvation guard: their exit is not the loss of the checks they had. */
const retired = new WeakSet<ChildProcess>();

/** util-linux's chrt (Debian's util-linux is essential: always there), or null where there is none (logged once). */
let launcher: string | null | undefined;
function idlePolicyLauncher(): string | null {
  if (launcher !== undefined) return launcher;
  launcher = process.platform === 'linux' ? (['/usr/bin/chrt', '/bin/chrt'].find((p) => existsSync(p)) ?? null) : null;
  if (!launcher) log.warn('PASSWORD_HASH_IDLE: no chrt (util-linux) here; the password hashing process runs at its nice value only');
  return launcher;
}

function channelOf(child: ChildProcess): { ref(): void; unref(): void } | undefined {
  return (child as unknown as { channel?: { ref(): void; unref(): void } }).channel;
}
